//! What the user reads when a Drive action fails. Kept apart from the service so the mapping
//! follows the Drive error types wherever they go.

use super::{DriveServiceError, FailureReason};
use crate::service::{
    BackupError,
    explain::{Explain, Severity, UserMessage},
};

impl Explain for DriveServiceError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotConfigured => "drive-not-configured".into(),
            Self::NoKey => "drive-error-no-key".into(),
            Self::NotConnected => "drive-error-not-connected".into(),
            Self::Reconnect => "drive-error-reconnect".into(),
            // Only a forged or outdated button offers another choice.
            Self::BadRetention => "error-stale-button".into(),
            Self::Backup(
                error @ (BackupError::NotFound
                | BackupError::Damaged
                | BackupError::QuotaFull { .. }),
            ) => error.message(),
            Self::Backup(_) => "drive-error-backup".into(),
            Self::Google(_) | Self::Store(_) => "error-internal".into(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::NotConfigured
            | Self::NoKey
            | Self::NotConnected
            | Self::Reconnect
            | Self::BadRetention => Severity::User,
            Self::Backup(error) => error.severity(),
            Self::Google(_) => Severity::Outside,
            Self::Store(_) => Severity::Ours,
        }
    }
}

impl DriveServiceError {
    /// Why an upload failed, for the failures an upload's result tells with their reason (and
    /// when it is tried again); `None` for those told by their own message.
    pub fn upload_reason(&self) -> Option<FailureReason> {
        matches!(self, Self::Google(_) | Self::Store(_)).then(|| FailureReason::of(self))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{
        integrations::google::DriveError,
        service::explain::tests::assert_keys,
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(DriveServiceError {
        NotConfigured,
        NoKey,
        NotConnected,
        Reconnect,
        BadRetention,
        Google,
        Backup,
        Store,
    });

    pub fn examples() -> Vec<(DriveServiceError, &'static str)> {
        vec![
            (DriveServiceError::NotConfigured, "drive-not-configured"),
            (DriveServiceError::NoKey, "drive-error-no-key"),
            (DriveServiceError::NotConnected, "drive-error-not-connected"),
            (DriveServiceError::Reconnect, "drive-error-reconnect"),
            (DriveServiceError::BadRetention, "error-stale-button"),
            (
                DriveServiceError::Google(DriveError::RateLimited),
                "error-internal",
            ),
            (
                DriveServiceError::Backup(BackupError::NotFound),
                "error-backup-not-found",
            ),
            (
                DriveServiceError::Backup(BackupError::Damaged),
                "error-backup-damaged",
            ),
            (
                DriveServiceError::Backup(BackupError::QuotaFull {
                    stored: 1,
                    limit: 1,
                }),
                "backup-no-room",
            ),
            (
                DriveServiceError::Backup(BackupError::NoteTooLong),
                "drive-error-backup",
            ),
            (
                DriveServiceError::Store(StoreError::Conflict),
                "error-internal",
            ),
        ]
    }

    #[test]
    fn every_drive_error_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn upload_failures_from_google_or_storage_are_told_with_their_reason() {
        let google = DriveServiceError::Google(DriveError::RateLimited);
        assert_eq!(google.upload_reason(), Some(FailureReason::RateLimited));
        let store = DriveServiceError::Store(StoreError::Conflict);
        assert_eq!(store.upload_reason(), Some(FailureReason::Storage));
        assert_eq!(DriveServiceError::NotConnected.upload_reason(), None);
    }
}
