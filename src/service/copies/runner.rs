//! The scheduler's work, for every destination alike: upload the backup a failed run left
//! pending, or make a new one and upload it; tell the user when it fails.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{CopyError, CopyResult, CopyService, FailureReason};
use crate::{
    domain::{
        DestinationId, Id, Job, UploadTrigger, UserId,
        backup::BackupRecord,
        schedule::{retry_at, starts_round},
    },
    service::{
        BackupError,
        scheduler::{JobOutcome, JobRunner},
    },
};

/// What the bot tells a user on its own, outside any conversation, about a destination.
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
pub trait Notifier: Send + Sync {
    async fn notify(&self, user: UserId, destination: &DestinationId, notice: Notice);
}

/// The one runner of automatic-backup jobs: each job names its destination.
pub struct CopyJobs {
    copies: Arc<CopyService>,
    notifier: Arc<dyn Notifier>,
}

impl CopyJobs {
    pub fn new(copies: Arc<CopyService>, notifier: Arc<dyn Notifier>) -> Self {
        Self { copies, notifier }
    }

    async fn notify(&self, job: &Job, notice: Notice) {
        self.notifier
            .notify(job.user_id, &job.destination, notice)
            .await;
    }

    /// The backup this run uploads: the one a failed run left, if it still exists, or a new one.
    async fn backup_for(&self, job: &Job) -> CopyResult<Id> {
        if let Some(pending) = &job.pending_backup
            && self.copies.backups.get(job.user_id, pending).await.is_ok()
        {
            return Ok(pending.clone());
        }
        let created = self.copies.create(job.user_id, &job.destination).await?;
        if !created.pruned.is_empty() {
            let limit = self.copies.backups.settings().max_backups;
            let removed = created.pruned;
            self.notify(job, Notice::BackupsPruned { limit, removed })
                .await;
        }
        Ok(created.record.id)
    }
}

#[async_trait]
impl JobRunner for CopyJobs {
    async fn run(&self, job: &Job) -> JobOutcome {
        let (user, destination) = (job.user_id, &job.destination);
        let mut backup = None;
        let result = match self.backup_for(job).await {
            Ok(id) => {
                backup = Some(id.clone());
                let trigger = UploadTrigger::Scheduled;
                self.copies
                    .upload(user, destination, &id, trigger)
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
            CopyError::Reconnect => {
                self.notify(job, Notice::ReconnectNeeded).await;
                JobOutcome::Disconnected
            }
            CopyError::NotConnected => JobOutcome::Disconnected,
            CopyError::Unknown(_) => {
                tracing::warn!(job = %job.id, "no such destination on this bot; the job stops");
                JobOutcome::Disconnected
            }
            CopyError::Backup(BackupError::QuotaFull { stored, limit }) => {
                // Only the user can make room: told at each scheduled run, not at its retries.
                if starts_round(job.attempt) {
                    self.notify(job, Notice::NoRoom { stored, limit }).await;
                }
                JobOutcome::Failed {
                    error: format!("no room: {stored} backups stored, {limit} allowed"),
                    pending_backup: None,
                }
            }
            error => {
                let retry_at = retry_at(job.attempt, job.schedule, self.copies.now());
                let reason = FailureReason::of(&error);
                self.notify(job, Notice::UploadFailed { reason, retry_at })
                    .await;
                JobOutcome::Failed {
                    error: error.to_string(),
                    pending_backup: backup,
                }
            }
        }
    }
}
