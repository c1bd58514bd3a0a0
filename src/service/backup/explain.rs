//! What the user reads when an action on a backup fails.

use super::BackupError;
use crate::{
    domain::{
        MAX_NOTE_CHARS,
        backup::quota::{BackupClass, NoRoom},
    },
    service::explain::{Explain, MessageArg, Severity, UserMessage},
};

impl Explain for BackupError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotFound => "error-backup-not-found".into(),
            Self::NoteTooLong => {
                UserMessage::new("error-note-too-long").with("max", MAX_NOTE_CHARS)
            }
            Self::Damaged => "error-backup-damaged".into(),
            Self::NoRoom(refusal) => no_room(refusal),
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
            | Self::NoRoom(_)
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

/// No backup was stored: its class is full of rated backups, or the bytes would go past
/// the quota even with the unrated backups of its class gone.
pub fn no_room(refusal: &NoRoom) -> UserMessage {
    match *refusal {
        NoRoom::Count {
            class,
            stored,
            limit,
        } => UserMessage::new("backup-no-room")
            .with("class", MessageArg::Phrase(class_key(class)))
            .with("stored", stored)
            .with("limit", limit),
        NoRoom::Bytes {
            used,
            limit,
            size: None,
        } => UserMessage::new("backup-no-room-bytes")
            .with("used", MessageArg::Size(used))
            .with("limit", MessageArg::Size(limit)),
        NoRoom::Bytes {
            used,
            limit,
            size: Some(size),
        } => UserMessage::new("backup-no-room-bytes-sized")
            .with("size", MessageArg::Size(size))
            .with("used", MessageArg::Size(used))
            .with("limit", MessageArg::Size(limit)),
    }
}

/// How a class of backups is named to the user.
pub fn class_key(class: BackupClass) -> &'static str {
    match class {
        BackupClass::Manual => "backup-class-manual",
        BackupClass::Scheduled => "backup-class-scheduled",
        BackupClass::Snapshot => "backup-class-snapshot",
        BackupClass::Imported => "backup-class-imported",
    }
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
        NoRoom,
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
            (BackupError::NoRoom(full(3, 3)), "backup-no-room"),
            (
                BackupError::NoRoom(NoRoom::Bytes {
                    used: 10,
                    limit: 10,
                    size: None,
                }),
                "backup-no-room-bytes",
            ),
            (
                BackupError::NoRoom(NoRoom::Bytes {
                    used: 8,
                    limit: 10,
                    size: Some(3),
                }),
                "backup-no-room-bytes-sized",
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
        let full = BackupError::NoRoom(full(4, 3));
        assert_eq!(full.message().arg("stored"), Some(&MessageArg::Number(4)));
        assert_eq!(full.message().arg("limit"), Some(&MessageArg::Number(3)));
        assert_eq!(
            full.message().arg("class"),
            Some(&MessageArg::Phrase("backup-class-manual"))
        );
    }

    /// A manual backup refused: `stored` fill the `limit`, rated.
    pub fn full(stored: u64, limit: u64) -> NoRoom {
        NoRoom::Count {
            class: BackupClass::Manual,
            stored,
            limit,
        }
    }
}
