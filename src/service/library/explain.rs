//! What the user reads when a library action fails.

use super::LibraryError;
use crate::{
    domain::{
        MAX_NOTE_CHARS,
        file_name::{MAX_NAME_CHARS, MAX_PATH_CHARS, NameError},
        search::{MAX_QUERY_CHARS, MAX_WORDS, QueryError},
        tags::{MAX_TAG_CHARS, MAX_TAGS, TagError},
    },
    service::explain::{Explain, MessageArg, Severity, UserMessage},
};

/// A refused tag is quoted up to this many characters.
const QUOTED_TAG_CHARS: usize = 20;

impl Explain for LibraryError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotFound => "error-file-not-found".into(),
            Self::NameTaken => "error-name-taken".into(),
            Self::InvalidName(reason) => name_message(*reason),
            Self::FileTooLarge { max_bytes } => UserMessage::new("error-file-too-large")
                .with("max", MessageArg::Megabytes(*max_bytes)),
            Self::TooManyFiles { max } => {
                UserMessage::new("error-too-many-files").with("max", *max)
            }
            Self::LibraryFull { max_bytes } => UserMessage::new("error-library-full")
                .with("max", MessageArg::Megabytes(*max_bytes)),
            Self::NoteTooLong => {
                UserMessage::new("error-note-too-long").with("max", MAX_NOTE_CHARS)
            }
            Self::InvalidTags(TagError::TooMany) => {
                UserMessage::new("error-tags-too-many").with("max", MAX_TAGS)
            }
            Self::InvalidTags(TagError::TooLong(tag)) => {
                let quoted = tag.chars().take(QUOTED_TAG_CHARS).collect();
                UserMessage::new("error-tag-too-long")
                    .with("tag", MessageArg::Text(quoted))
                    .with("max", MAX_TAG_CHARS)
            }
            Self::InvalidTags(TagError::Invalid(tag)) => {
                UserMessage::new("error-tag-invalid").with("tag", MessageArg::Text(tag.clone()))
            }
            Self::BadQuery(reason) => query_message(reason),
            Self::Store(_) | Self::Worker(_) => "error-internal".into(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::Store(_) | Self::Worker(_) => Severity::Ours,
            _ => Severity::User,
        }
    }
}

fn query_message(reason: &QueryError) -> UserMessage {
    let quoted = |text: &str| MessageArg::Text(text.chars().take(QUOTED_TAG_CHARS).collect());
    match reason {
        QueryError::Empty => "error-search-empty".into(),
        QueryError::TooLong => {
            UserMessage::new("error-search-too-long").with("max", MAX_QUERY_CHARS)
        }
        QueryError::TooManyWords => {
            UserMessage::new("error-search-too-many-words").with("max", MAX_WORDS)
        }
        QueryError::UnknownLanguage(name) => {
            UserMessage::new("error-search-language").with("language", quoted(name))
        }
        QueryError::BadTag(tag) => UserMessage::new("error-search-tag").with("tag", quoted(tag)),
    }
}

fn name_message(reason: NameError) -> UserMessage {
    match reason {
        NameError::Empty => "error-name-empty".into(),
        NameError::TooLong => UserMessage::new("error-name-too-long").with("max", MAX_NAME_CHARS),
        NameError::PathTooLong => {
            UserMessage::new("error-name-path-too-long").with("max", MAX_PATH_CHARS)
        }
        NameError::EmptyPart => "error-name-separator".into(),
        NameError::Backslash => "error-name-backslash".into(),
        NameError::Reserved => "error-name-reserved".into(),
        NameError::ControlCharacter => "error-name-control".into(),
        NameError::Bidi => "error-name-bidi".into(),
        NameError::Invisible => "error-name-invisible".into(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{
        service::explain::tests::assert_keys,
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(LibraryError {
        NotFound,
        NameTaken,
        InvalidName,
        FileTooLarge,
        TooManyFiles,
        LibraryFull,
        NoteTooLong,
        InvalidTags,
        BadQuery,
        Store,
        Worker,
    });

    /// Every kind of library error, with the key it reads as.
    pub fn examples() -> Vec<(LibraryError, &'static str)> {
        let name = LibraryError::InvalidName;
        vec![
            (LibraryError::NotFound, "error-file-not-found"),
            (LibraryError::NameTaken, "error-name-taken"),
            (name(NameError::Empty), "error-name-empty"),
            (name(NameError::TooLong), "error-name-too-long"),
            (name(NameError::PathTooLong), "error-name-path-too-long"),
            (name(NameError::EmptyPart), "error-name-separator"),
            (name(NameError::Backslash), "error-name-backslash"),
            (name(NameError::Reserved), "error-name-reserved"),
            (name(NameError::ControlCharacter), "error-name-control"),
            (name(NameError::Bidi), "error-name-bidi"),
            (name(NameError::Invisible), "error-name-invisible"),
            (
                LibraryError::FileTooLarge { max_bytes: 1 << 20 },
                "error-file-too-large",
            ),
            (
                LibraryError::TooManyFiles { max: 5 },
                "error-too-many-files",
            ),
            (
                LibraryError::LibraryFull { max_bytes: 3 << 20 },
                "error-library-full",
            ),
            (LibraryError::NoteTooLong, "error-note-too-long"),
            (
                LibraryError::InvalidTags(TagError::TooMany),
                "error-tags-too-many",
            ),
            (
                LibraryError::InvalidTags(TagError::TooLong("t".repeat(200))),
                "error-tag-too-long",
            ),
            (
                LibraryError::InvalidTags(TagError::Invalid("a<b".to_owned())),
                "error-tag-invalid",
            ),
            (
                LibraryError::BadQuery(QueryError::Empty),
                "error-search-empty",
            ),
            (
                LibraryError::BadQuery(QueryError::TooLong),
                "error-search-too-long",
            ),
            (
                LibraryError::BadQuery(QueryError::TooManyWords),
                "error-search-too-many-words",
            ),
            (
                LibraryError::BadQuery(QueryError::UnknownLanguage("klingon".to_owned())),
                "error-search-language",
            ),
            (
                LibraryError::BadQuery(QueryError::BadTag("<b>".to_owned())),
                "error-search-tag",
            ),
            (LibraryError::Store(StoreError::Conflict), "error-internal"),
            (
                LibraryError::Worker("panicked".to_owned()),
                "error-internal",
            ),
        ]
    }

    #[test]
    fn every_library_error_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn limits_and_quoted_values_go_with_the_message() {
        let too_large = LibraryError::FileTooLarge { max_bytes: 1 << 20 }.message();
        assert_eq!(too_large.arg("max"), Some(&MessageArg::Megabytes(1 << 20)));
        let long = LibraryError::InvalidTags(TagError::TooLong("é".repeat(30))).message();
        assert_eq!(long.arg("tag"), Some(&MessageArg::Text("é".repeat(20))));
        assert_eq!(long.arg("max"), Some(&MessageArg::Number(150)));
        assert_eq!(LibraryError::NoteTooLong.severity(), Severity::User);
        assert_eq!(
            LibraryError::Store(StoreError::Conflict).severity(),
            Severity::Ours
        );
    }
}
