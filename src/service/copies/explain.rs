//! What the user reads when copying a backup to a destination fails.

use super::{CopyError, FailureReason};
use crate::service::{
    BackupError,
    explain::{Explain, Severity, UserMessage},
};

impl Explain for CopyError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotConnected => "drive-error-not-connected".into(),
            Self::Reconnect => "drive-error-reconnect".into(),
            // Only a forged or outdated button offers another choice.
            Self::BadRetention => "error-stale-button".into(),
            Self::Cancelled => "task-cancelled".into(),
            Self::Backup(
                error @ (BackupError::NotFound
                | BackupError::Damaged
                | BackupError::QuotaFull { .. }),
            ) => error.message(),
            Self::Backup(_) => "drive-error-backup".into(),
            Self::Unknown(_) | Self::Remote(_) | Self::Store(_) => "error-internal".into(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::NotConnected | Self::Reconnect | Self::BadRetention | Self::Cancelled => {
                Severity::User
            }
            Self::Backup(error) => error.severity(),
            Self::Remote(_) => Severity::Outside,
            Self::Unknown(_) | Self::Store(_) => Severity::Ours,
        }
    }
}

impl CopyError {
    /// Why an upload failed, for the failures an upload's result tells with their reason (and
    /// when it is tried again); `None` for those told by their own message.
    pub fn upload_reason(&self) -> Option<FailureReason> {
        matches!(self, Self::Unknown(_) | Self::Remote(_) | Self::Store(_))
            .then(|| FailureReason::of(self))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{
        domain::DestinationId,
        service::{destination::DestinationError, explain::tests::assert_keys},
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(CopyError {
        Unknown,
        NotConnected,
        Reconnect,
        BadRetention,
        Cancelled,
        Remote,
        Backup,
        Store,
    });

    fn rate_limited() -> CopyError {
        CopyError::Remote(DestinationError::RateLimited("slow down".into()))
    }

    pub fn examples() -> Vec<(CopyError, &'static str)> {
        vec![
            (CopyError::Unknown(DestinationId::DRIVE), "error-internal"),
            (CopyError::NotConnected, "drive-error-not-connected"),
            (CopyError::Reconnect, "drive-error-reconnect"),
            (CopyError::BadRetention, "error-stale-button"),
            (CopyError::Cancelled, "task-cancelled"),
            (rate_limited(), "error-internal"),
            (
                CopyError::Backup(BackupError::NotFound),
                "error-backup-not-found",
            ),
            (
                CopyError::Backup(BackupError::Damaged),
                "error-backup-damaged",
            ),
            (
                CopyError::Backup(BackupError::QuotaFull {
                    stored: 1,
                    limit: 1,
                }),
                "backup-no-room",
            ),
            (
                CopyError::Backup(BackupError::NoteTooLong),
                "drive-error-backup",
            ),
            (CopyError::Store(StoreError::Conflict), "error-internal"),
        ]
    }

    #[test]
    fn every_copy_error_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn upload_failures_from_the_destination_or_storage_are_told_with_their_reason() {
        assert_eq!(
            rate_limited().upload_reason(),
            Some(FailureReason::RateLimited)
        );
        let store = CopyError::Store(StoreError::Conflict);
        assert_eq!(store.upload_reason(), Some(FailureReason::Storage));
        assert_eq!(CopyError::NotConnected.upload_reason(), None);
    }
}
