//! What the user reads when an action on a backup fails.

use super::BackupError;
use crate::{
    domain::MAX_NOTE_CHARS,
    service::explain::{Explain, Severity, UserMessage},
};

impl Explain for BackupError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotFound => "error-backup-not-found".into(),
            Self::NoteTooLong => {
                UserMessage::new("error-note-too-long").with("max", MAX_NOTE_CHARS)
            }
            Self::Damaged => "error-backup-damaged".into(),
            Self::QuotaFull { stored, limit } => no_room(*stored, *limit),
            Self::Cancelled => "error-backup-cancelled".into(),
            Self::ProtectedParts => "backup-protected-parts".into(),
            Self::PasswordLost => "backup-password-lost".into(),
            Self::Build(_) | Self::Verification(_) | Self::Repository(_) | Self::Store(_) => {
                "error-backup-failed".into()
            }
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::NotFound
            | Self::NoteTooLong
            | Self::QuotaFull { .. }
            | Self::Cancelled
            | Self::ProtectedParts
            | Self::PasswordLost => Severity::User,
            Self::Repository(_) => Severity::Outside,
            Self::Damaged | Self::Build(_) | Self::Verification(_) | Self::Store(_) => {
                Severity::Ours
            }
        }
    }
}

/// No backup was stored: `stored` backups fill the quota of `limit` and too many are rated.
pub fn no_room(stored: u64, limit: u64) -> UserMessage {
    UserMessage::new("backup-no-room")
        .with("stored", stored)
        .with("limit", limit)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{
        archive::repo_zip::RepackError,
        service::{
            backup::VerificationError,
            explain::{MessageArg, tests::assert_keys},
        },
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(BackupError {
        NotFound,
        NoteTooLong,
        Build,
        Verification,
        Damaged,
        Repository,
        QuotaFull,
        Cancelled,
        ProtectedParts,
        PasswordLost,
        Store,
    });

    pub fn examples() -> Vec<(BackupError, &'static str)> {
        let archive = crate::archive::ArchiveError::NoSuchPart { index: 3, count: 2 };
        vec![
            (BackupError::NotFound, "error-backup-not-found"),
            (BackupError::NoteTooLong, "error-note-too-long"),
            (BackupError::from(archive), "error-backup-failed"),
            (
                BackupError::from(VerificationError::BytesDiffer),
                "error-backup-failed",
            ),
            (BackupError::Damaged, "error-backup-damaged"),
            (
                BackupError::Repository(RepackError::NotAZip),
                "error-backup-failed",
            ),
            (
                BackupError::QuotaFull {
                    stored: 3,
                    limit: 3,
                },
                "backup-no-room",
            ),
            (BackupError::Cancelled, "error-backup-cancelled"),
            (BackupError::ProtectedParts, "backup-protected-parts"),
            (BackupError::PasswordLost, "backup-password-lost"),
            (
                BackupError::Store(StoreError::Conflict),
                "error-backup-failed",
            ),
        ]
    }

    #[test]
    fn every_backup_error_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
        let full = BackupError::QuotaFull {
            stored: 4,
            limit: 3,
        };
        assert_eq!(full.message().arg("stored"), Some(&MessageArg::Number(4)));
        assert_eq!(full.message().arg("limit"), Some(&MessageArg::Number(3)));
    }
}
