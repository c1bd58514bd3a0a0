//! Why copying a backup failed, and the reason a user is told.

use crate::{
    archive::ReadError,
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
    /// The password the destination's backups are protected with cannot be sealed or opened
    /// (no encryption key, or another key than it was sealed with): nothing was made.
    #[error("the password for the destination's backups cannot be sealed or opened")]
    Password,
    /// The user cancelled the upload: nothing was made there, and nothing is recorded.
    #[error("the upload was cancelled")]
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
    /// Whether trying the same upload later may work without the user doing anything. A full
    /// destination may not: it waits for the next scheduled run, with no quick retries.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Remote(DestinationError::Full(_)) => false,
            Self::Remote(_) | Self::Backup(BackupError::Store(_)) | Self::Store(_) => true,
            _ => false,
        }
    }

    /// Whether the destination had no room for the copy.
    pub fn is_full(&self) -> bool {
        matches!(self, Self::Remote(DestinationError::Full(_)))
    }
}

/// Why a copy could not be brought back; nothing of it was kept.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The user has no copy there with that id (gone, never the bot's, made for another user,
    /// or an id made up).
    #[error("no such copy")]
    NotFound,
    /// The copy is larger than an archive the bot takes in; the download stopped there.
    #[error("the copy is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    /// What arrived differs from the destination's own checksum of the copy.
    #[error(transparent)]
    Checksum(DestinationError),
    /// The copy arrived as the destination has it, but is not an archive the bot can restore
    /// (not a ZIP, an entry damaged, a file differing from its SHA-256 in the manifest).
    #[error("the copy cannot be read: {0}")]
    Damaged(#[source] ReadError),
    /// The copy holds more than a restore takes in: at most `max_entries` entries and
    /// `max_bytes` unpacked.
    #[error("the copy cannot be read: {source}")]
    OverLimits {
        max_entries: usize,
        max_bytes: u64,
        #[source]
        source: ReadError,
    },
    /// Keeping it as a backup failed (the quota, the store).
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// What reaching the destination answered: not connected, the grant lost, the network, a
    /// cancel.
    #[error(transparent)]
    Copy(#[from] CopyError),
}

/// Why an upload failed, in the words a user needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureReason {
    RateLimited,
    /// The destination is full.
    Full,
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
            CopyError::Remote(DestinationError::Full(_)) => Self::Full,
            CopyError::Remote(DestinationError::Network(_)) => Self::Network,
            CopyError::Remote(DestinationError::Checksum(_)) => Self::Checksum,
            CopyError::Remote(DestinationError::Storage(_)) => Self::Storage,
            CopyError::Remote(_) => Self::Remote,
            _ => Self::Storage,
        }
    }
}
