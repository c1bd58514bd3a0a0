//! The scheduler's work for Drive: upload the backup a failed run left pending, or make a new
//! `google_drive_backup` and upload it; tell the user when it fails.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{DriveService, DriveServiceError};
use crate::{
    domain::{
        Id, Job, UploadTrigger, UserId,
        backup::BackupRecord,
        schedule::{retry_at, starts_round},
    },
    integrations::google::DriveError,
    service::{
        BackupError,
        scheduler::{JobOutcome, JobRunner},
    },
};

/// Why an upload failed, in the words a user needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureReason {
    RateLimited,
    Network,
    Checksum,
    GoogleError,
    Storage,
}

impl FailureReason {
    pub fn of(error: &DriveServiceError) -> Self {
        match error {
            DriveServiceError::Google(DriveError::RateLimited) => Self::RateLimited,
            DriveServiceError::Google(DriveError::Network(_)) => Self::Network,
            DriveServiceError::Google(DriveError::Checksum { .. }) => Self::Checksum,
            DriveServiceError::Google(_) => Self::GoogleError,
            _ => Self::Storage,
        }
    }
}

/// What the scheduler tells a user about their automatic backups.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The backup is stored in the bot; the upload is tried again at `retry_at`.
    UploadFailed {
        reason: FailureReason,
        retry_at: Option<DateTime<Utc>>,
    },
    /// The grant is gone: nothing runs until the user connects again.
    ReconnectNeeded,
    /// To keep the new backup, the quota (`limit` stored backups) removed these.
    BackupsPruned {
        limit: u64,
        removed: Vec<BackupRecord>,
    },
    /// No backup was made: `stored` backups fill the quota and too many are rated to make room.
    NoRoom { stored: u64, limit: u64 },
}

#[async_trait]
pub trait DriveNotifier: Send + Sync {
    async fn notify(&self, user: UserId, notice: Notice);
}

pub struct DriveJobs {
    drive: Arc<DriveService>,
    notifier: Arc<dyn DriveNotifier>,
}

impl DriveJobs {
    pub fn new(drive: Arc<DriveService>, notifier: Arc<dyn DriveNotifier>) -> Self {
        Self { drive, notifier }
    }

    /// The backup this run uploads: the one a failed run left, if it still exists, or a new one.
    async fn backup_for(&self, job: &Job) -> Result<Id, DriveServiceError> {
        if let Some(pending) = &job.pending_backup
            && self.drive.backups.get(job.user_id, pending).await.is_ok()
        {
            return Ok(pending.clone());
        }
        let created = self.drive.create(job.user_id).await?;
        if !created.pruned.is_empty() {
            let limit = self.drive.backups.settings().max_backups;
            let removed = created.pruned;
            let notice = Notice::BackupsPruned { limit, removed };
            self.notifier.notify(job.user_id, notice).await;
        }
        Ok(created.record.id)
    }
}

#[async_trait]
impl JobRunner for DriveJobs {
    async fn run(&self, job: &Job) -> JobOutcome {
        let user = job.user_id;
        let mut backup = None;
        let result = match self.backup_for(job).await {
            Ok(id) => {
                backup = Some(id.clone());
                self.drive
                    .upload(user, &id, UploadTrigger::Scheduled)
                    .await
                    .map(drop)
            }
            Err(error) => Err(error),
        };
        let error = match result {
            Ok(()) => return JobOutcome::Done,
            Err(error) => error,
        };
        match error {
            DriveServiceError::Reconnect => {
                self.notifier.notify(user, Notice::ReconnectNeeded).await;
                JobOutcome::Disconnected
            }
            DriveServiceError::NotConnected
            | DriveServiceError::NotConfigured
            | DriveServiceError::NoKey => JobOutcome::Disconnected,
            DriveServiceError::Backup(BackupError::QuotaFull { stored, limit }) => {
                // Only the user can make room: told at each scheduled run, not at its retries.
                if starts_round(job.attempt) {
                    let notice = Notice::NoRoom { stored, limit };
                    self.notifier.notify(user, notice).await;
                }
                JobOutcome::Failed {
                    error: format!("no room: {stored} backups stored, {limit} allowed"),
                    pending_backup: None,
                }
            }
            error => {
                let retry_at = retry_at(job.attempt, job.schedule, self.drive.now());
                let reason = FailureReason::of(&error);
                self.notifier
                    .notify(user, Notice::UploadFailed { reason, retry_at })
                    .await;
                JobOutcome::Failed {
                    error: error.to_string(),
                    pending_backup: backup,
                }
            }
        }
    }
}
