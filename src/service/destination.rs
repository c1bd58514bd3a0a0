//! The port every destination implements: a place outside the bot that keeps copies of stored
//! backups. Google Drive is the first adapter (`drive::DriveDestination`); what is the same
//! for every destination (recording copies, retries, schedules, retention, notices) is
//! `copies::CopyService`'s, so a new destination is a new adapter, not an edit.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{DestinationId, UserId, backup::BackupRecord, destination::RetentionPolicy};

/// Any error, kept whole as the source of a [`DestinationError`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One of the bot's copies at a destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteFile {
    /// Its id there (a Drive file id).
    pub id: String,
    pub name: String,
    /// The id of the backup it is a copy of, as the bot marked it.
    pub backup: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
}

/// Why a destination call failed, in the terms the copy service and the bot act on. The
/// adapter's own error is kept as the source, and its text is what the user's last error and
/// the events say.
#[derive(Debug, thiserror::Error)]
pub enum DestinationError {
    /// The user never connected this destination.
    #[error("the destination is not connected")]
    NotConnected,
    /// The grant or credentials stopped working; the adapter has already marked the
    /// destination disconnected, and nothing works until the user connects again.
    #[error(transparent)]
    Reconnect(BoxError),
    #[error(transparent)]
    RateLimited(BoxError),
    #[error(transparent)]
    Network(BoxError),
    /// What arrived there differs from what was sent; the adapter removed it.
    #[error(transparent)]
    Checksum(BoxError),
    /// The adapter's own records (its account, its folder) could not be read or written here.
    #[error(transparent)]
    Storage(BoxError),
    /// Anything else the destination answered.
    #[error(transparent)]
    Other(BoxError),
}

#[async_trait]
pub trait Destination: Send + Sync {
    fn id(&self) -> DestinationId;

    /// Whether uploads can work for `user` now (connected, and the grant not known to be lost).
    async fn is_connected(&self, user: UserId) -> Result<bool, DestinationError>;

    /// Puts `archive`, the bytes of `backup`, there, once: a copy of the same backup made
    /// earlier (by a try whose answer was lost) is found and answered instead of a second one.
    async fn upload(
        &self,
        user: UserId,
        backup: &BackupRecord,
        archive: &[u8],
    ) -> Result<RemoteFile, DestinationError>;

    /// The bot's own copies there, newest first; anything else there is never listed.
    async fn list(&self, user: UserId) -> Result<Vec<RemoteFile>, DestinationError>;

    /// Removes one of the bot's copies; a copy already gone counts as removed.
    async fn delete(&self, user: UserId, remote_id: &str) -> Result<(), DestinationError>;

    /// The bytes of one of the bot's copies, as the destination keeps them.
    async fn download(&self, user: UserId, remote_id: &str) -> Result<Vec<u8>, DestinationError>;

    /// Keeps the newest `policy.keep` of the bot's copies and answers how many went. A copy
    /// that cannot be removed is logged and left for the next time.
    async fn prune(
        &self,
        user: UserId,
        policy: RetentionPolicy,
    ) -> Result<usize, DestinationError> {
        let copies = self.list(user).await?;
        let mut pruned = 0;
        for old in policy.surplus(&copies) {
            match self.delete(user, &old.id).await {
                Ok(()) => pruned += 1,
                Err(error) => {
                    tracing::warn!(%error, user, destination = %self.id(), "cannot remove an old copy");
                }
            }
        }
        Ok(pruned)
    }
}
