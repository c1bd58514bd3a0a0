//! What the user reads when a restore or its undo fails.

use super::RestoreError;
use crate::service::{
    BackupError, LibraryError,
    backup::no_room,
    explain::{Explain, MessageArg, Severity, UserMessage},
};

impl Explain for RestoreError {
    fn message(&self) -> UserMessage {
        match self {
            Self::Quota(over) => LibraryError::from(*over).message(),
            Self::Backup(BackupError::NotFound) => BackupError::NotFound.message(),
            Self::Backup(BackupError::Damaged) | Self::Unreadable(_) => {
                "error-backup-corrupt".into()
            }
            Self::OverLimits {
                max_entries,
                max_bytes,
                ..
            } => over_limits(*max_entries, *max_bytes),
            Self::PlanChanged => "restore-plan-changed".into(),
            Self::PasswordRequired => "archive-password-required".into(),
            Self::WrongPassword => "archive-wrong-password".into(),
            Self::NotUndoable => "restore-undo-unavailable".into(),
            Self::AlreadyUndone => "restore-undo-already".into(),
            Self::Backup(BackupError::NoRoom(refusal)) => {
                UserMessage::new("restore-snapshot-needs-room").then(no_room(refusal))
            }
            Self::Backup(_) | Self::Store(_) => "error-restore-failed".into(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::Backup(error) => error.severity(),
            Self::Unreadable(_) | Self::Store(_) => Severity::Ours,
            Self::Quota(_)
            | Self::OverLimits { .. }
            | Self::PlanChanged
            | Self::PasswordRequired
            | Self::WrongPassword
            | Self::NotUndoable
            | Self::AlreadyUndone => Severity::User,
        }
    }
}

/// The archive holds more than a restore takes in: at most `max_entries` entries and
/// `max_bytes` unpacked.
pub(crate) fn over_limits(max_entries: usize, max_bytes: u64) -> UserMessage {
    UserMessage::new("restore-too-large")
        .with("entries", max_entries)
        .with("max", MessageArg::Megabytes(max_bytes))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::service::backup::explain::tests::full;
    use crate::{
        archive::ReadError,
        domain::quota::QuotaError,
        service::explain::tests::assert_keys,
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(RestoreError {
        Backup,
        Unreadable,
        OverLimits,
        PlanChanged,
        PasswordRequired,
        WrongPassword,
        Quota,
        NotUndoable,
        AlreadyUndone,
        Store,
    });

    pub fn examples() -> Vec<(RestoreError, &'static str)> {
        let full = BackupError::NoRoom(full(2, 2));
        vec![
            (
                RestoreError::Backup(BackupError::NotFound),
                "error-backup-not-found",
            ),
            (
                RestoreError::Backup(BackupError::Damaged),
                "error-backup-corrupt",
            ),
            (RestoreError::Backup(full), "restore-snapshot-needs-room"),
            (
                RestoreError::Backup(BackupError::Store(StoreError::Conflict)),
                "error-restore-failed",
            ),
            (
                RestoreError::Unreadable(ReadError::Corrupt("a.py".to_owned())),
                "error-backup-corrupt",
            ),
            (
                RestoreError::OverLimits {
                    max_entries: 10,
                    max_bytes: 1 << 20,
                    source: ReadError::TooManyEntries { max: 10 },
                },
                "restore-too-large",
            ),
            (RestoreError::PlanChanged, "restore-plan-changed"),
            (RestoreError::PasswordRequired, "archive-password-required"),
            (RestoreError::WrongPassword, "archive-wrong-password"),
            (
                RestoreError::Quota(QuotaError::TooManyFiles { max: 3 }),
                "error-too-many-files",
            ),
            (
                RestoreError::Quota(QuotaError::LibraryFull { max_bytes: 30 }),
                "error-library-full",
            ),
            (RestoreError::NotUndoable, "restore-undo-unavailable"),
            (RestoreError::AlreadyUndone, "restore-undo-already"),
            (
                RestoreError::Store(StoreError::Conflict),
                "error-restore-failed",
            ),
        ]
    }

    #[test]
    fn every_restore_error_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn a_snapshot_without_room_says_why_then_what_fills_the_quota() {
        let error = RestoreError::Backup(BackupError::NoRoom(full(5, 5)));
        let keys: Vec<_> = error
            .message()
            .lines()
            .iter()
            .map(|line| line.key)
            .collect();
        assert_eq!(keys, ["restore-snapshot-needs-room", "backup-no-room"]);
    }
}
