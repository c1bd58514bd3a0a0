//! The port every destination implements: a place outside the bot that keeps copies of stored
//! backups. Google Drive is the first adapter (`drive::DriveDestination`); what is the same
//! for every destination (recording copies, retries, schedules, retention, notices) is
//! `copies::CopyService`'s, so a new destination is a new adapter, not an edit.

use std::path::Path;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio::io::AsyncWrite;

use crate::{
    domain::{
        DestinationId, UserId,
        backup::{BackupKind, BackupRecord},
        progress::Progress,
        retention::RetentionPolicy,
        schedule::Zone,
    },
    integrations::transfer::{Downloaded, UploadSource},
    spool::{Spooled, spool_reader},
};

/// Any error, kept whole as the source of a [`DestinationError`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One of the bot's copies at a destination.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteFile {
    /// Its id there (a Drive file id).
    pub id: String,
    pub name: String,
    /// The id of the backup it is a copy of, as the bot marked it.
    pub backup: Option<String>,
    /// When the copy was made there.
    pub created_at: Option<DateTime<Utc>>,
    /// Its size there, in bytes.
    pub size: Option<u64>,
    /// The user the bot made it for, as the copy is marked; `None` on copies made before the
    /// bot marked them so (an adapter never lists a copy marked for another user).
    pub owner: Option<UserId>,
    /// What the bot marked it with about its backup; older copies have less.
    pub about: AboutBackup,
}

impl RemoteFile {
    /// When its backup was made, or else when the copy was.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        self.about.created_at.or(self.created_at)
    }
}

/// What a copy says of the backup it holds, so that the destination alone can list it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AboutBackup {
    pub kind: Option<BackupKind>,
    pub created_at: Option<DateTime<Utc>>,
    pub files: Option<u64>,
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
    /// The destination has no room left for the copy (a full Google Drive): no retry helps
    /// until the user frees some.
    #[error(transparent)]
    Full(BoxError),
    #[error(transparent)]
    Network(BoxError),
    /// What arrived differs from what was sent: an upload's copy there was removed, a
    /// download's bytes must not be kept.
    #[error(transparent)]
    Checksum(BoxError),
    /// No copy of the bot's for this user has that id there (gone, never the bot's, made for
    /// another user, or an id made up): nothing was read.
    #[error("no such copy")]
    NotFound,
    /// The copy is larger than the caller takes; the download stopped there.
    #[error("the copy is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    /// The user cancelled: nothing was made there, and a download's bytes must not be kept.
    #[error("the transfer was cancelled")]
    Cancelled,
    /// The adapter's own records (its account, its folder), or the local file a download
    /// goes to, could not be read or written here.
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
    /// The archive is read as it goes (not held whole); `progress` hears the bytes sent, and a
    /// cancel stops the upload with `Cancelled`, leaving no copy there.
    async fn upload(
        &self,
        user: UserId,
        backup: &BackupRecord,
        archive: &dyn UploadSource,
        progress: &dyn Progress,
    ) -> Result<RemoteFile, DestinationError>;

    /// The bot's own copies there for `user` (and those made before copies were marked with
    /// their user, `owner` `None`), newest first; anything else there is never listed.
    async fn list(&self, user: UserId) -> Result<Vec<RemoteFile>, DestinationError>;

    /// The copy `remote_id` as [`Self::list`] has it; `None` for any id it does not list.
    async fn find(
        &self,
        user: UserId,
        remote_id: &str,
    ) -> Result<Option<RemoteFile>, DestinationError> {
        let copies = self.list(user).await?;
        Ok(copies.into_iter().find(|copy| copy.id == remote_id))
    }

    /// Removes one of the bot's copies; a copy already gone counts as removed.
    async fn delete(&self, user: UserId, remote_id: &str) -> Result<(), DestinationError>;

    /// Streams one of the bot's copies for `user` into `out` (anything else there is
    /// `NotFound`, whatever id the caller was handed), checked against the destination's own
    /// checksum (`Checksum` when it differs), stopping at the first byte past `limit`
    /// (`TooLarge`). `progress` hears the bytes received; a cancel stops it (`Cancelled`). On
    /// any error `out` holds part of the copy, which the caller discards ([`download_to_file`]
    /// does).
    async fn download(
        &self,
        user: UserId,
        remote_id: &str,
        limit: u64,
        out: &mut (dyn AsyncWrite + Send + Unpin),
        progress: &dyn Progress,
    ) -> Result<Downloaded, DestinationError>;

    /// Keeps the bot's copies `policy` keeps (its days read on the clocks of `zone`) and
    /// answers those that went. A copy that cannot be removed is logged and left for the next
    /// time.
    async fn prune(
        &self,
        user: UserId,
        policy: RetentionPolicy,
        zone: Zone,
    ) -> Result<Vec<RemoteFile>, DestinationError> {
        let copies = self.list(user).await?;
        let mut pruned = Vec::new();
        for old in policy.surplus(&copies, RemoteFile::date, zone) {
            match self.delete(user, &old.id).await {
                Ok(()) => pruned.push(old.clone()),
                Err(error) => {
                    tracing::warn!(%error, user, destination = %self.id(), "cannot remove an old copy");
                }
            }
        }
        Ok(pruned)
    }
}

/// Downloads one of the bot's copies into a new file at `path` (a temporary file the caller
/// then reads, e.g. to restore from it). The file is there only when the whole copy arrived
/// and matched its checksum: on any error, a cancel included, it is removed.
pub async fn download_to_file(
    destination: &dyn Destination,
    user: UserId,
    remote_id: &str,
    path: &Path,
    limit: u64,
    progress: &dyn Progress,
) -> Result<Downloaded, DestinationError> {
    let local = |error: std::io::Error| DestinationError::Storage(error.into());
    let mut file = tokio::fs::File::create_new(path).await.map_err(local)?;
    let downloaded = destination
        .download(user, remote_id, limit, &mut file, progress)
        .await;
    let synced = match &downloaded {
        Ok(_) => file.sync_all().await.map_err(local),
        Err(_) => Ok(()),
    };
    drop(file);
    match downloaded.and_then(|downloaded| synced.map(|()| downloaded)) {
        Ok(downloaded) => Ok(downloaded),
        Err(error) => {
            if let Err(removal) = tokio::fs::remove_file(path).await {
                tracing::error!(%removal, user, "cannot remove a failed download");
            }
            Err(error)
        }
    }
}

/// How much of a download may be on its way between the destination and the spool.
const PIPE_BYTES: usize = 256 * 1024;

/// Downloads one of the bot's copies into a spool as it arrives (memory up to `memory`
/// bytes, beyond in an unnamed temporary file the system removes when it is dropped, also
/// after a crash), answering it with its size and checksum; on any error, a cancel included,
/// nothing of it is kept.
pub async fn download_to_spool(
    destination: &dyn Destination,
    user: UserId,
    remote_id: &str,
    limit: u64,
    memory: u64,
    progress: &dyn Progress,
) -> Result<(Downloaded, Spooled), DestinationError> {
    let (mut writer, mut reader) = tokio::io::duplex(PIPE_BYTES);
    let download = async move {
        let downloaded = destination
            .download(user, remote_id, limit, &mut writer, progress)
            .await;
        // However it ended, the spool reads to the end of what came.
        drop(writer);
        downloaded
    };
    let spool = async move {
        let spooled = spool_reader(&mut reader, memory).await;
        // A spool that failed lets go of the pipe, so the download stops writing into it.
        drop(reader);
        spooled
    };
    let (downloaded, spooled) = tokio::join!(download, spool);
    let downloaded = downloaded?;
    let spooled = spooled.map_err(|error| DestinationError::Storage(error.into()))?;
    if spooled.len() != downloaded.size {
        let short = format!("{} bytes kept of {}", spooled.len(), downloaded.size);
        return Err(DestinationError::Storage(short.into()));
    }
    Ok((downloaded, spooled))
}
