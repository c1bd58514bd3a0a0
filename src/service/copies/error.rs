//! Why copying a backup failed, and the reason a user is told.

use crate::{
    domain::DestinationId,
    service::{BackupError, destination::DestinationError},
    storage::StoreError,
};

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// No adapter is registered under this id (a job of a destination this bot no longer has).
    #[error("no destination {0} on this bot")]
    Unknown(DestinationId),
    #[error("the destination is not connected")]
    NotConnected,
    /// The grant was revoked, expired or cannot be read: the destination is now disconnected.
    #[error("the destination must be connected again")]
    Reconnect,
    #[error("not a retention choice")]
    BadRetention,
    /// The user asked to stop the upload: nothing was copied.
    #[error("cancelled")]
    Cancelled,
    /// What the destination answered.
    #[error(transparent)]
    Remote(DestinationError),
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type CopyResult<T> = Result<T, CopyError>;

impl CopyError {
    /// Whether trying the same upload later may work without the user doing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Remote(_) | Self::Backup(BackupError::Store(_)) | Self::Store(_)
        )
    }
}

/// Why an upload failed, in the words a user needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureReason {
    RateLimited,
    Network,
    Checksum,
    /// The destination answered with another error.
    Remote,
    Storage,
}

impl FailureReason {
    pub fn of(error: &CopyError) -> Self {
        match error {
            CopyError::Remote(DestinationError::RateLimited(_)) => Self::RateLimited,
            CopyError::Remote(DestinationError::Network(_)) => Self::Network,
            CopyError::Remote(DestinationError::Checksum(_)) => Self::Checksum,
            CopyError::Remote(DestinationError::Storage(_)) => Self::Storage,
            CopyError::Remote(_) => Self::Remote,
            _ => Self::Storage,
        }
    }
}
