//! What the user reads when an archive is refused or cannot be kept.

use super::ImportError;
use crate::{
    archive::ReadError,
    service::{
        BackupError,
        explain::{Explain, MessageArg, Severity, UserMessage},
    },
};

impl Explain for ImportError {
    fn message(&self) -> UserMessage {
        match self {
            Self::Refused(reason) => refusal(reason),
            Self::NoFiles => "import-no-files".into(),
            Self::Backup(error @ BackupError::NoRoom(_)) => error.message(),
            Self::Backup(_) => "error-backup-failed".into(),
            Self::Library(error) => error.message(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::Refused(_) | Self::NoFiles => Severity::User,
            Self::Backup(error) => error.severity(),
            Self::Library(error) => error.severity(),
        }
    }
}

/// Why the archive was refused, naming the entry at fault where there is one.
fn refusal(reason: &ReadError) -> UserMessage {
    let named =
        |key, path: &String| UserMessage::new(key).with("name", MessageArg::Name(path.clone()));
    match reason {
        ReadError::NotAZip => "import-error-not-a-zip".into(),
        ReadError::Empty => "import-error-empty".into(),
        ReadError::UnsafePath(path) => named("import-error-unsafe-path", path),
        ReadError::NonUtf8Name => "import-error-non-utf8".into(),
        ReadError::Symlink(path) => named("import-error-symlink", path),
        ReadError::Encrypted(path) => named("import-error-encrypted", path),
        ReadError::TooManyEntries { max } => {
            UserMessage::new("import-error-too-many-entries").with("max", *max)
        }
        ReadError::TooLarge { max_bytes } => UserMessage::new("import-error-too-large")
            .with("max", MessageArg::Megabytes(*max_bytes)),
        ReadError::RatioTooHigh(path) => named("import-error-ratio", path),
        ReadError::Overlapping => "import-error-overlapping".into(),
        ReadError::InconsistentHeaders => "import-error-inconsistent".into(),
        ReadError::InflatesPastDeclared(path) => named("import-error-inflates", path),
        ReadError::Corrupt(path) => named("import-error-corrupt", path),
        ReadError::DuplicateName(path) => named("import-error-duplicate", path),
        ReadError::ManifestTooLarge => "import-error-manifest-too-large".into(),
        ReadError::BadManifest(_) => "import-error-bad-manifest".into(),
        ReadError::ChecksumMismatch(path) => named("import-error-checksum", path),
        ReadError::PasswordRequired => "archive-password-required".into(),
        ReadError::WrongPassword => "archive-wrong-password".into(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::service::backup::explain::tests::full;
    use crate::{
        archive::manifest::BadManifest,
        service::{explain::tests::assert_keys, restore::RestoreError},
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(ImportError {
        Refused,
        NoFiles,
        Backup,
        Library,
    });

    mod reasons {
        use super::ReadError;
        use crate::variants::variant_names;

        variant_names!(ReadError {
            NotAZip,
            UnsafePath,
            NonUtf8Name,
            Symlink,
            Encrypted,
            TooManyEntries,
            TooLarge,
            RatioTooHigh,
            Overlapping,
            InconsistentHeaders,
            InflatesPastDeclared,
            Corrupt,
            DuplicateName,
            ManifestTooLarge,
            BadManifest,
            ChecksumMismatch,
            Empty,
            PasswordRequired,
            WrongPassword,
        });

        pub fn name(error: &ReadError) -> &'static str {
            variant_name(error)
        }

        pub const NAMES: &[&str] = VARIANT_NAMES;
    }

    pub fn examples() -> Vec<(ImportError, &'static str)> {
        let path = || "../evil.py".to_owned();
        let bad_json = serde_json::from_slice::<u8>(b"x").unwrap_err();
        let refused = [
            (ReadError::NotAZip, "import-error-not-a-zip"),
            (ReadError::UnsafePath(path()), "import-error-unsafe-path"),
            (ReadError::NonUtf8Name, "import-error-non-utf8"),
            (ReadError::Symlink(path()), "import-error-symlink"),
            (ReadError::Encrypted(path()), "import-error-encrypted"),
            (
                ReadError::TooManyEntries { max: 20 },
                "import-error-too-many-entries",
            ),
            (
                ReadError::TooLarge { max_bytes: 1 << 20 },
                "import-error-too-large",
            ),
            (ReadError::RatioTooHigh(path()), "import-error-ratio"),
            (ReadError::Overlapping, "import-error-overlapping"),
            (ReadError::InconsistentHeaders, "import-error-inconsistent"),
            (
                ReadError::InflatesPastDeclared(path()),
                "import-error-inflates",
            ),
            (ReadError::Corrupt(path()), "import-error-corrupt"),
            (ReadError::DuplicateName(path()), "import-error-duplicate"),
            (
                ReadError::ManifestTooLarge,
                "import-error-manifest-too-large",
            ),
            (
                ReadError::BadManifest(BadManifest::from(bad_json)),
                "import-error-bad-manifest",
            ),
            (ReadError::ChecksumMismatch(path()), "import-error-checksum"),
            (ReadError::Empty, "import-error-empty"),
            (ReadError::PasswordRequired, "archive-password-required"),
            (ReadError::WrongPassword, "archive-wrong-password"),
        ];
        let mut examples: Vec<_> = refused
            .into_iter()
            .map(|(reason, key)| (ImportError::Refused(reason), key))
            .collect();
        examples.extend([
            (ImportError::NoFiles, "import-no-files"),
            (
                ImportError::Backup(BackupError::NoRoom(full(1, 1))),
                "backup-no-room",
            ),
            (
                ImportError::Backup(BackupError::NotFound),
                "error-backup-failed",
            ),
            (
                ImportError::Library(RestoreError::Store(StoreError::Conflict)),
                "error-restore-failed",
            ),
        ]);
        examples
    }

    #[test]
    fn every_import_error_and_every_refusal_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let reasons: Vec<&ReadError> = examples
            .iter()
            .filter_map(|(error, _)| match error {
                ImportError::Refused(reason) => Some(reason),
                _ => None,
            })
            .collect();
        assert_covered(&reasons, |reason| reasons::name(reason), reasons::NAMES);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn the_entry_at_fault_and_the_limit_go_with_the_refusal() {
        let symlink = ImportError::Refused(ReadError::Symlink("a\u{202E}b".to_owned())).message();
        assert_eq!(
            symlink.arg("name"),
            Some(&MessageArg::Name("a\u{202E}b".to_owned()))
        );
        let large = ImportError::Refused(ReadError::TooLarge { max_bytes: 5 << 20 }).message();
        assert_eq!(large.arg("max"), Some(&MessageArg::Megabytes(5 << 20)));
    }
}
