//! The scheduler's work, for every destination alike: upload the backup a failed run left
//! pending, or make a new one and upload it; tell the user when it fails.

use std::sync::Arc;

use async_trait::async_trait;

use super::{CopyError, CopyResult, CopyService, FailureReason, Notice, Notifier};
use crate::{
    domain::{
        Id, Job, UploadTrigger,
        progress::Unwatched,
        schedule::{retry_at, starts_round},
    },
    service::{
        BackupError,
        scheduler::{JobOutcome, JobRunner},
    },
};

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
        let created = self
            .copies
            .create(job.user_id, &job.destination, &Unwatched)
            .await?;
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
                // Nobody watches a scheduled run: it is never cancelled.
                self.copies
                    .upload(user, destination, &id, trigger, &Unwatched)
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
