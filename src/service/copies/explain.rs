//! What the user reads when copying a backup to a destination fails.

use super::{CopyError, FailureReason, FetchError};
use crate::service::{
    BackupError,
    destination::DestinationError,
    explain::{Explain, MessageArg, Severity, UserMessage},
    restore::explain::over_limits,
};

impl Explain for CopyError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotConnected => "drive-error-not-connected".into(),
            Self::Reconnect => "drive-error-reconnect".into(),
            Self::Cancelled => "drive-upload-cancelled".into(),
            // Only a forged or outdated button offers another choice.
            Self::BadRetention => "error-stale-button".into(),
            Self::Password => "drive-password-unreadable".into(),
            Self::Backup(
                error @ (BackupError::NotFound | BackupError::Damaged | BackupError::NoRoom(_)),
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
            Self::Unknown(_) | Self::Store(_) | Self::Password => Severity::Ours,
        }
    }
}

impl Explain for FetchError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotFound => "drive-restore-not-found".into(),
            Self::TooLarge { limit } => UserMessage::new("drive-restore-too-large")
                .with("max", MessageArg::Megabytes(*limit)),
            Self::Checksum(_) => "drive-restore-checksum".into(),
            Self::Damaged(_) => "drive-restore-damaged".into(),
            Self::OverLimits {
                max_entries,
                max_bytes,
                ..
            } => over_limits(*max_entries, *max_bytes),
            Self::Backup(error @ BackupError::NoRoom(_)) => error.message(),
            Self::Backup(BackupError::Cancelled) | Self::Copy(CopyError::Cancelled) => {
                "task-cancelled".into()
            }
            Self::Backup(_) => "drive-restore-failed".into(),
            Self::Copy(CopyError::Remote(
                DestinationError::Network(_) | DestinationError::RateLimited(_),
            )) => "drive-restore-unreachable".into(),
            Self::Copy(error) => error.message(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::NotFound | Self::TooLarge { .. } | Self::OverLimits { .. } => Severity::User,
            Self::Checksum(_) | Self::Damaged(_) => Severity::Outside,
            Self::Backup(error) => error.severity(),
            Self::Copy(error) => error.severity(),
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
        service::{
            backup::explain::tests::full, destination::DestinationError,
            explain::tests::assert_keys,
        },
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(CopyError {
        Unknown,
        NotConnected,
        Reconnect,
        BadRetention,
        Password,
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
            (CopyError::Password, "drive-password-unreadable"),
            (CopyError::Cancelled, "drive-upload-cancelled"),
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
                CopyError::Backup(BackupError::NoRoom(full(1, 1))),
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
        assert_eq!(CopyError::Cancelled.upload_reason(), None);
        assert!(!CopyError::Cancelled.is_retryable());
    }

    #[test]
    fn a_full_destination_is_told_as_full_and_not_retried_soon() {
        let full = CopyError::Remote(DestinationError::Full("no room".into()));
        assert_eq!(full.upload_reason(), Some(FailureReason::Full));
        assert!(full.is_full() && !full.is_retryable());
        assert!(rate_limited().is_retryable() && !rate_limited().is_full());
    }

    pub fn fetch_examples() -> Vec<(FetchError, &'static str)> {
        fetch::examples()
    }

    /// Bringing a copy back tells each failure in its own words.
    mod fetch {
        use super::*;
        use crate::{archive::ReadError, service::explain::MessageArg};

        variant_names!(FetchError {
            NotFound,
            TooLarge,
            Checksum,
            Damaged,
            OverLimits,
            Backup,
            Copy,
        });

        pub fn examples() -> Vec<(FetchError, &'static str)> {
            let remote = |error| FetchError::Copy(CopyError::Remote(error));
            vec![
                (FetchError::NotFound, "drive-restore-not-found"),
                (
                    FetchError::TooLarge { limit: 200 << 20 },
                    "drive-restore-too-large",
                ),
                (
                    FetchError::Checksum(DestinationError::Checksum("md5".into())),
                    "drive-restore-checksum",
                ),
                (
                    FetchError::Damaged(ReadError::NotAZip),
                    "drive-restore-damaged",
                ),
                (
                    FetchError::OverLimits {
                        max_entries: 20_000,
                        max_bytes: 200 << 20,
                        source: ReadError::TooManyEntries { max: 20_000 },
                    },
                    "restore-too-large",
                ),
                (
                    FetchError::Backup(BackupError::NoRoom(full(50, 50))),
                    "backup-no-room",
                ),
                (FetchError::Backup(BackupError::Cancelled), "task-cancelled"),
                (
                    FetchError::Backup(BackupError::Store(StoreError::Conflict)),
                    "drive-restore-failed",
                ),
                (
                    FetchError::Copy(CopyError::NotConnected),
                    "drive-error-not-connected",
                ),
                (
                    FetchError::Copy(CopyError::Reconnect),
                    "drive-error-reconnect",
                ),
                (FetchError::Copy(CopyError::Cancelled), "task-cancelled"),
                (
                    remote(DestinationError::Network("down".into())),
                    "drive-restore-unreachable",
                ),
                (remote(rate_limited_error()), "drive-restore-unreachable"),
                (
                    remote(DestinationError::Other("teapot".into())),
                    "error-internal",
                ),
            ]
        }

        fn rate_limited_error() -> DestinationError {
            DestinationError::RateLimited("slow down".into())
        }

        #[test]
        fn every_fetch_error_reads_as_its_key() {
            let examples = examples();
            assert_keys(&examples);
            let too_large = FetchError::TooLarge { limit: 7 << 20 }.message();
            assert_eq!(too_large.arg("max"), Some(&MessageArg::Megabytes(7 << 20)));
            let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
            assert_covered(&errors, variant_name, VARIANT_NAMES);
        }
    }
}
