//! What the user reads when something goes wrong: specific, localized, never a raw error.

use crate::{
    domain::{
        MAX_NOTE_CHARS,
        file_name::{MAX_NAME_CHARS, MAX_PATH_CHARS, NameError},
        tags::{MAX_TAG_CHARS, MAX_TAGS, TagError},
    },
    i18n::Locale,
    service::{LibraryError, LibraryLimits},
};

use super::ui::{escape, shown_name};

pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb.fract() == 0.0 {
        format!("{mb:.0}")
    } else {
        format!("{mb:.1}")
    }
}

pub fn library_error_text(locale: Locale, error: &LibraryError, limits: &LibraryLimits) -> String {
    match error {
        LibraryError::NotFound => locale.t("error-file-not-found"),
        LibraryError::NameTaken => locale.t("error-name-taken"),
        LibraryError::InvalidName(reason) => name_error_text(locale, *reason),
        LibraryError::FileTooLarge => locale.t_with(
            "error-file-too-large",
            &[("max", megabytes(limits.max_file_bytes).into())],
        ),
        LibraryError::TooManyFiles => {
            locale.t_with("error-too-many-files", &[("max", limits.max_files.into())])
        }
        LibraryError::LibraryFull => locale.t_with(
            "error-library-full",
            &[("max", megabytes(limits.max_bytes).into())],
        ),
        LibraryError::NoteTooLong => {
            locale.t_with("error-note-too-long", &[("max", MAX_NOTE_CHARS.into())])
        }
        LibraryError::InvalidTags(TagError::TooMany) => {
            locale.t_with("error-tags-too-many", &[("max", MAX_TAGS.into())])
        }
        LibraryError::InvalidTags(TagError::TooLong(tag)) => locale.t_with(
            "error-tag-too-long",
            &[
                (
                    "tag",
                    escape(&tag.chars().take(20).collect::<String>()).into(),
                ),
                ("max", MAX_TAG_CHARS.into()),
            ],
        ),
        LibraryError::InvalidTags(TagError::Invalid(tag)) => {
            locale.t_with("error-tag-invalid", &[("tag", escape(tag).into())])
        }
        LibraryError::Store(error) => {
            tracing::error!(%error, "library storage failed");
            locale.t("error-internal")
        }
    }
}

pub fn name_error_text(locale: Locale, error: NameError) -> String {
    match error {
        NameError::Empty => locale.t("error-name-empty"),
        NameError::TooLong => {
            locale.t_with("error-name-too-long", &[("max", MAX_NAME_CHARS.into())])
        }
        NameError::PathTooLong => locale.t_with(
            "error-name-path-too-long",
            &[("max", MAX_PATH_CHARS.into())],
        ),
        NameError::EmptyPart => locale.t("error-name-separator"),
        NameError::Backslash => locale.t("error-name-backslash"),
        NameError::Reserved => locale.t("error-name-reserved"),
        NameError::ControlCharacter => locale.t("error-name-control"),
        NameError::Bidi => locale.t("error-name-bidi"),
        NameError::Invisible => locale.t("error-name-invisible"),
    }
}

/// Why a typed name was refused, with the name as it really is when the reason is a
/// character the user cannot see.
pub fn typed_name_error_text(locale: Locale, error: NameError, typed: &str) -> String {
    let reason = name_error_text(locale, error);
    match error {
        NameError::ControlCharacter | NameError::Bidi | NameError::Invisible => {
            let shown = locale.t_with("error-name-as-sent", &[("name", shown_name(typed).into())]);
            format!("{reason}\n{shown}")
        }
        _ => reason,
    }
}
