//! Google Drive: connect with the device flow, upload stored backups into a folder the bot
//! made, keep the newest N there, plan scheduled runs; the scheduler's runner is in `runner`.

mod connect;
pub(crate) mod explain;
mod runner;
mod vault;

use std::{collections::HashMap, sync::Arc, sync::Mutex};

use chrono::{DateTime, SubsecRound, Utc};
use tokio::task::AbortHandle;

pub use runner::{DriveJobs, DriveNotifier, FailureReason, Notice};
pub use vault::SealedVault;

use super::{BackupError, BackupService, Clock, backup::Created, events};
use crate::{
    domain::{
        DriveProfile, Event, Id, UploadTrigger, UserId,
        backup::{BackupKind, BackupRecord, DriveCopy, DriveUploadStatus},
        schedule::{RETRY_DELAYS, Schedule},
    },
    integrations::google::{DriveError, GoogleClient},
    storage::{DriveStore, EventStore, JobStore, StoreError},
};

/// The retention choices a user can pick from.
pub const RETENTION_CHOICES: [u32; 5] = [3, 5, 10, 20, 30];

#[derive(Clone, Debug)]
pub struct DriveSettings {
    /// The operator configured a Google OAuth client.
    pub configured: bool,
    /// Tokens can be sealed (an encryption key is configured).
    pub can_keep_tokens: bool,
    pub folder_name: String,
    pub default_retention: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum DriveServiceError {
    #[error("Google Drive is not configured on this bot")]
    NotConfigured,
    #[error("token storage is not configured")]
    NoKey,
    #[error("Google Drive is not connected")]
    NotConnected,
    /// The grant was revoked, expired or cannot be read: Drive is now marked disconnected.
    #[error("Google Drive must be connected again")]
    Reconnect,
    #[error("not a retention choice")]
    BadRetention,
    #[error(transparent)]
    Google(DriveError),
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type DriveResult<T> = Result<T, DriveServiceError>;

/// What the Drive screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct DriveStatus {
    pub profile: DriveProfile,
    pub folder_name: String,
    pub retention: u32,
    pub next_run: Option<DateTime<Utc>>,
}

/// A finished upload.
#[derive(Clone, Debug, PartialEq)]
pub struct Uploaded {
    pub backup: Id,
    pub file_name: String,
    /// Older bot-made backups removed from the folder to keep the newest N.
    pub pruned: usize,
    /// How many bot-made backups the folder keeps (what `pruned` made room under).
    pub keep: u32,
    /// Stored backups the quota removed to keep the one made for this upload.
    pub quota_pruned: Vec<BackupRecord>,
}

/// A failed manual upload: why, and when it is tried again (none when reconnecting is needed).
#[derive(Debug)]
pub struct UploadFailed {
    pub error: DriveServiceError,
    pub retry_at: Option<DateTime<Utc>>,
    /// Stored backups the quota removed to keep the one made for this upload.
    pub quota_pruned: Vec<BackupRecord>,
}

pub struct DriveService {
    client: GoogleClient,
    store: Arc<dyn DriveStore>,
    jobs: Arc<dyn JobStore>,
    backups: Arc<BackupService>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    settings: DriveSettings,
    /// Device flows being polled in the background, so Cancel (or a new Connect) stops them.
    connecting: Mutex<HashMap<UserId, AbortHandle>>,
}

impl DriveService {
    pub fn new(
        client: GoogleClient,
        store: Arc<dyn DriveStore>,
        jobs: Arc<dyn JobStore>,
        backups: Arc<BackupService>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        settings: DriveSettings,
    ) -> Self {
        Self {
            client,
            store,
            jobs,
            backups,
            events,
            clock,
            settings,
            connecting: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &DriveSettings {
        &self.settings
    }

    async fn emit(&self, event: Event) {
        events::emit(self.events.as_ref(), event).await;
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(0)
    }

    /// How many bot-made backups the user's folder keeps.
    fn kept(&self, profile: &DriveProfile) -> u32 {
        profile.retention.unwrap_or(self.settings.default_retention)
    }

    pub async fn status(&self, user: UserId) -> DriveResult<DriveStatus> {
        let profile = self.store.profile(user).await?;
        let next_run = self.jobs.get(user).await?.and_then(|job| job.due_at);
        Ok(DriveStatus {
            retention: self.kept(&profile),
            folder_name: self.settings.folder_name.clone(),
            next_run: next_run.filter(|_| profile.connected),
            profile,
        })
    }

    pub async fn set_schedule(&self, user: UserId, schedule: Schedule) -> DriveResult<()> {
        let profile = self.store.profile(user).await?;
        self.store.set_schedule(user, schedule).await?;
        let now = self.now();
        let due = schedule.next_run(now).filter(|_| profile.connected);
        self.jobs.set_schedule(user, schedule, due, now).await?;
        self.emit(Event::DriveScheduleSet { user, schedule }).await;
        Ok(())
    }

    pub async fn set_retention(&self, user: UserId, keep: u32) -> DriveResult<()> {
        if !RETENTION_CHOICES.contains(&keep) {
            return Err(DriveServiceError::BadRetention);
        }
        Ok(self.store.set_retention(user, keep).await?)
    }

    /// ☁️ Back up now: a new `google_drive_backup`, stored here, then uploaded.
    pub async fn back_up_now(&self, user: UserId) -> Result<Uploaded, UploadFailed> {
        let created = self.create(user).await.map_err(|error| UploadFailed {
            error,
            retry_at: None,
            quota_pruned: Vec::new(),
        })?;
        let quota_pruned = created.pruned;
        match self.upload_now(user, &created.record.id).await {
            Ok(uploaded) => Ok(Uploaded {
                quota_pruned,
                ..uploaded
            }),
            Err(failed) => Err(UploadFailed {
                quota_pruned,
                ..failed
            }),
        }
    }

    /// ☁️ Upload to Drive of a stored backup; a failure is retried later in the background.
    pub async fn upload_now(&self, user: UserId, backup: &Id) -> Result<Uploaded, UploadFailed> {
        match self.upload(user, backup, UploadTrigger::Manual).await {
            Ok(uploaded) => Ok(uploaded),
            Err(error) => {
                let retry_at = self.plan_retry(user, backup, &error).await;
                Err(UploadFailed {
                    error,
                    retry_at,
                    quota_pruned: Vec::new(),
                })
            }
        }
    }

    async fn create(&self, user: UserId) -> DriveResult<Created> {
        if !self.store.profile(user).await?.connected {
            return Err(DriveServiceError::NotConnected);
        }
        Ok(self
            .backups
            .create_full(user, BackupKind::GoogleDriveBackup)
            .await?)
    }

    /// A failed manual upload is retried in 5 minutes (then by the scheduler's rules), unless
    /// nothing can work until the user acts.
    async fn plan_retry(
        &self,
        user: UserId,
        backup: &Id,
        error: &DriveServiceError,
    ) -> Option<DateTime<Utc>> {
        if !is_retryable(error) {
            return None;
        }
        let now = self.now();
        let retry_at = now + RETRY_DELAYS[0];
        match self.jobs.schedule_retry(user, backup, retry_at, now).await {
            Ok(()) => Some(retry_at),
            Err(store) => {
                tracing::error!(%store, user, "cannot plan the upload retry");
                None
            }
        }
    }

    // Upload, then mark done: a crash in between leaves the file in Drive unrecorded, and the
    // retry finds it by its backup id instead of uploading it twice.
    async fn upload(
        &self,
        user: UserId,
        backup: &Id,
        trigger: UploadTrigger,
    ) -> DriveResult<Uploaded> {
        let result = self.upload_unreported(user, backup).await;
        let now = self.now();
        match &result {
            Ok(uploaded) => {
                self.store.record_success(user, now).await?;
                let event = Event::DriveUploadSucceeded {
                    user,
                    backup: backup.clone(),
                    trigger,
                    pruned: uploaded.pruned,
                };
                self.emit(event).await;
            }
            Err(error) => {
                tracing::warn!(%error, user, backup = %backup, "Drive upload failed");
                self.store
                    .record_failure(user, &error.to_string(), now)
                    .await?;
                let failed = DriveCopy {
                    status: DriveUploadStatus::Failed,
                    file_id: None,
                    at: now,
                };
                // The backup may be gone (deleted meanwhile); its record then needs no update.
                let _ = self.backups.set_drive(user, backup, &failed).await;
                let event = Event::DriveUploadFailed {
                    user,
                    backup: backup.clone(),
                    trigger,
                    reason: error.to_string(),
                };
                self.emit(event).await;
            }
        }
        result
    }

    async fn upload_unreported(&self, user: UserId, backup: &Id) -> DriveResult<Uploaded> {
        let profile = self.store.profile(user).await?;
        if !profile.connected {
            return Err(DriveServiceError::NotConnected);
        }
        let (record, archive) = self.backups.archive(user, backup).await?;
        let folder = self
            .google(user, || {
                self.client.ensure_folder(
                    user,
                    &self.settings.folder_name,
                    profile.folder_id.as_deref(),
                )
            })
            .await?;
        if profile.folder_id.as_deref() != Some(folder.as_str()) {
            self.store.set_folder(user, &folder).await?;
        }
        let file_name = record.file_name();
        let file = self
            .google(user, || {
                self.client
                    .upload(user, &folder, &file_name, &archive, backup.as_str())
            })
            .await?;
        let copy = DriveCopy {
            status: DriveUploadStatus::Uploaded,
            file_id: Some(file.id),
            at: self.now(),
        };
        self.backups.set_drive(user, backup, &copy).await?;
        let keep = self.kept(&profile);
        let pruned = self.apply_retention(user, &folder, keep).await;
        Ok(Uploaded {
            backup: backup.clone(),
            file_name,
            pruned,
            keep,
            quota_pruned: Vec::new(),
        })
    }

    /// Keeps the newest `keep` bot-made backups in the folder. Only files carrying the bot's
    /// own marker are listed, so a file the user put there is never touched. A failure here
    /// does not undo the upload; it is logged and tried again after the next one.
    async fn apply_retention(&self, user: UserId, folder: &str, keep: u32) -> usize {
        let files = match self.client.list_bot_backups(user, folder).await {
            Ok(files) => files,
            Err(error) => {
                tracing::warn!(%error, user, "cannot list Drive backups for retention");
                return 0;
            }
        };
        let mut pruned = 0;
        for old in files.iter().skip(keep as usize) {
            match self.client.delete(user, &old.id).await {
                Ok(()) => pruned += 1,
                Err(error) => tracing::warn!(%error, user, "cannot delete an old Drive backup"),
            }
        }
        pruned
    }

    /// Runs a Google call; a lost grant marks Drive disconnected before the error goes up.
    async fn google<T, F, Fut>(&self, user: UserId, call: F) -> DriveResult<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, DriveError>>,
    {
        match call().await {
            Ok(value) => Ok(value),
            Err(DriveError::NotConnected) => Err(DriveServiceError::NotConnected),
            Err(error @ (DriveError::Revoked | DriveError::Vault(_))) => {
                tracing::warn!(%error, user, "the Google grant is unusable; Drive disconnected");
                self.store
                    .set_needs_reconnect(user, &error.to_string(), self.now())
                    .await?;
                let reason = error.to_string();
                self.emit(Event::DriveReconnectNeeded { user, reason })
                    .await;
                Err(DriveServiceError::Reconnect)
            }
            Err(error) => Err(DriveServiceError::Google(error)),
        }
    }
}

/// Whether trying the same upload later may work without the user doing anything.
fn is_retryable(error: &DriveServiceError) -> bool {
    matches!(
        error,
        DriveServiceError::Google(_)
            | DriveServiceError::Backup(BackupError::Store(_))
            | DriveServiceError::Store(_)
    )
}
