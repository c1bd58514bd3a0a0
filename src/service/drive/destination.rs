//! Google Drive as a destination: copies go into a folder the bot made, marked with the bot's
//! appProperties (the backup, the user it is for, what it holds) so only its own files are
//! ever listed, downloaded or removed, each only for its user, and Drive alone can list them.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::SubsecRound;
use tokio::io::AsyncWrite;

use super::DriveSettings;
use crate::{
    domain::{
        DestinationId, UserId,
        backup::{BackupKind, BackupRecord},
        progress::Progress,
    },
    integrations::{
        google::{BackupMarks, DriveError, DriveFile, GoogleClient},
        transfer::{Downloaded, UploadSource},
    },
    service::{
        Clock,
        copies::CopySettings,
        destination::{AboutBackup, Destination, DestinationError, RemoteFile},
    },
    storage::{DriveStore, StoreError},
};

pub struct DriveDestination {
    client: GoogleClient,
    store: Arc<dyn DriveStore>,
    clock: Arc<dyn Clock>,
    folder_name: String,
}

impl DriveDestination {
    pub fn new(
        client: GoogleClient,
        store: Arc<dyn DriveStore>,
        clock: Arc<dyn Clock>,
        settings: &DriveSettings,
    ) -> Self {
        Self {
            client,
            store,
            clock,
            folder_name: settings.folder_name.clone(),
        }
    }

    /// How the copy service treats Drive: a backup made for it is a `google_drive_backup`, and
    /// the operator's retention is the default.
    pub fn copy_settings(settings: &DriveSettings) -> CopySettings {
        CopySettings {
            kind: BackupKind::GoogleDriveBackup,
            default_retention: settings.default_retention,
        }
    }

    /// The bot's folder as last recorded (`None` before the first upload).
    async fn known_folder(&self, user: UserId) -> Result<Option<String>, DestinationError> {
        Ok(self.store.profile(user).await.map_err(storage)?.folder_id)
    }

    /// The bot's folder as recorded, or found by its name and mark (a bot whose records are
    /// gone), without making one: `None` when there is none.
    async fn existing_folder(&self, user: UserId) -> Result<Option<String>, DestinationError> {
        if let Some(known) = self.known_folder(user).await? {
            return Ok(Some(known));
        }
        let name = &self.folder_name;
        let found = self
            .google(user, self.client.find_folder(user, name, None))
            .await?;
        if let Some(folder) = &found {
            self.store.set_folder(user, folder).await.map_err(storage)?;
        }
        Ok(found)
    }

    /// The bot's folder, found or made again, and recorded when it changed.
    async fn folder(&self, user: UserId) -> Result<String, DestinationError> {
        let known = self.known_folder(user).await?;
        let name = &self.folder_name;
        let folder = self
            .google(
                user,
                self.client.ensure_folder(user, name, known.as_deref()),
            )
            .await?;
        if known.as_deref() != Some(folder.as_str()) {
            self.store
                .set_folder(user, &folder)
                .await
                .map_err(storage)?;
        }
        Ok(folder)
    }

    /// What a Google call answered; a lost grant marks Drive disconnected before the error
    /// goes up.
    async fn google<T>(
        &self,
        user: UserId,
        call: impl Future<Output = Result<T, DriveError>>,
    ) -> Result<T, DestinationError> {
        let error = match call.await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        Err(match error {
            DriveError::NotConnected => DestinationError::NotConnected,
            DriveError::Revoked | DriveError::Vault(_) => {
                tracing::warn!(%error, user, "the Google grant is unusable; Drive disconnected");
                let now = self.clock.now().trunc_subsecs(0);
                self.store
                    .set_needs_reconnect(user, &error.to_string(), now)
                    .await
                    .map_err(storage)?;
                DestinationError::Reconnect(error.into())
            }
            DriveError::RateLimited => DestinationError::RateLimited(error.into()),
            DriveError::StorageFull => DestinationError::Full(error.into()),
            DriveError::Network(_) => DestinationError::Network(error.into()),
            DriveError::Checksum { .. } | DriveError::Corrupt { .. } => {
                DestinationError::Checksum(error.into())
            }
            DriveError::TooLarge { limit } => DestinationError::TooLarge { limit },
            DriveError::NotABackup => DestinationError::NotFound,
            DriveError::Cancelled => DestinationError::Cancelled,
            DriveError::Local(_) => DestinationError::Storage(error.into()),
            error => DestinationError::Other(error.into()),
        })
    }
}

fn storage(error: StoreError) -> DestinationError {
    DestinationError::Storage(error.into())
}

fn remote_file(file: DriveFile) -> RemoteFile {
    let marks = file.marks();
    let about = AboutBackup {
        kind: marks.kind.and_then(|kind| {
            BackupKind::ALL
                .into_iter()
                .find(|known| known.as_str() == kind)
        }),
        created_at: marks.created_at,
        files: marks.files,
    };
    RemoteFile {
        backup: file.backup_id().map(str::to_owned),
        size: file.size.and_then(|size| u64::try_from(size).ok()),
        owner: file.owner().and_then(|owner| owner.parse().ok()),
        about,
        id: file.id,
        name: file.name,
        created_at: file.created_time,
    }
}

/// What a copy of `backup` is marked with, for Drive alone to list it.
fn marks(backup: &BackupRecord) -> BackupMarks {
    BackupMarks {
        backup_id: backup.id.to_string(),
        kind: Some(backup.kind.as_str().to_owned()),
        created_at: Some(backup.created_at),
        files: Some(backup.file_count),
    }
}

#[async_trait]
impl Destination for DriveDestination {
    fn id(&self) -> DestinationId {
        DestinationId::DRIVE
    }

    async fn is_connected(&self, user: UserId) -> Result<bool, DestinationError> {
        Ok(self.store.profile(user).await.map_err(storage)?.connected)
    }

    async fn upload(
        &self,
        user: UserId,
        backup: &BackupRecord,
        archive: &dyn UploadSource,
        progress: &dyn Progress,
    ) -> Result<RemoteFile, DestinationError> {
        let folder = self.folder(user).await?;
        let (name, marks) = (backup.file_name(), marks(backup));
        let upload = self
            .client
            .upload_backup(user, &folder, &name, archive, &marks, progress);
        self.google(user, upload).await.map(remote_file)
    }

    async fn list(&self, user: UserId) -> Result<Vec<RemoteFile>, DestinationError> {
        let Some(folder) = self.existing_folder(user).await? else {
            return Ok(Vec::new());
        };
        let files = self
            .google(user, self.client.list_bot_backups(user, &folder))
            .await?;
        Ok(files.into_iter().map(remote_file).collect())
    }

    async fn delete(&self, user: UserId, remote_id: &str) -> Result<(), DestinationError> {
        self.google(user, self.client.delete(user, remote_id)).await
    }

    async fn download(
        &self,
        user: UserId,
        remote_id: &str,
        limit: u64,
        out: &mut (dyn AsyncWrite + Send + Unpin),
        progress: &dyn Progress,
    ) -> Result<Downloaded, DestinationError> {
        let download = self.client.download(user, remote_id, limit, out, progress);
        self.google(user, download).await
    }
}
