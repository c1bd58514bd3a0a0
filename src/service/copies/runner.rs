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

    /// What this run does: upload the backup a failed run left, if it still exists (what it
    /// holds is not known), or a new one, unless the library is as last uploaded.
    async fn work_for(&self, job: &Job) -> CopyResult<Work> {
        if let Some(pending) = &job.pending_backup
            && self.copies.backups.get(job.user_id, pending).await.is_ok()
        {
            let backup = pending.clone();
            return Ok(Work::Upload {
                backup,
                library: None,
            });
        }
        // Read before the backup is made: a change in between only makes the next run upload
        // again, never skip a change.
        let state = self
            .copies
            .state
            .state(job.user_id, &job.destination)
            .await?;
        let backups = &self.copies.backups;
        let library = backups
            .library_fingerprint(job.user_id, state.history)
            .await?;
        if state.uploaded_library.as_deref() == Some(library.as_str()) {
            return Ok(Work::Unchanged);
        }
        let created = self
            .copies
            .create(job.user_id, &job.destination, &Unwatched)
            .await?;
        if !created.pruned.is_empty() {
            let quota = self.copies.backups.settings().quota;
            let removed = created.pruned;
            self.notify(job, Notice::BackupsPruned { quota, removed })
                .await;
        }
        Ok(Work::Upload {
            backup: created.record.id,
            library: Some(library),
        })
    }
}

enum Work {
    Upload {
        backup: Id,
        /// The fingerprint of the library it holds, when known.
        library: Option<String>,
    },
    /// The library is as the newest copy there holds it: nothing to upload.
    Unchanged,
}

#[async_trait]
impl JobRunner for CopyJobs {
    async fn run(&self, job: &Job) -> JobOutcome {
        let (user, destination) = (job.user_id, &job.destination);
        let mut backup = None;
        let result = match self.work_for(job).await {
            Ok(Work::Unchanged) => {
                tracing::info!(job = %job.id, "library unchanged since the last upload: nothing uploaded");
                let now = self.copies.now();
                self.copies
                    .state
                    .record_unchanged(user, destination, now)
                    .await
                    .map_err(CopyError::from)
            }
            Ok(Work::Upload {
                backup: id,
                library,
            }) => {
                backup = Some(id.clone());
                let trigger = UploadTrigger::Scheduled;
                // Nobody watches a scheduled run: it is never cancelled.
                self.copies
                    .upload(
                        user,
                        destination,
                        &id,
                        trigger,
                        library.as_deref(),
                        &Unwatched,
                    )
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
            CopyError::Backup(BackupError::NoRoom(refusal)) => {
                // Only the user can make room: told at each scheduled run, not at its retries.
                if starts_round(job.attempt) {
                    self.notify(job, Notice::NoRoom(refusal)).await;
                }
                JobOutcome::Failed {
                    error: BackupError::NoRoom(refusal).to_string(),
                    pending_backup: None,
                }
            }
            // No quick retry helps a full destination: the next scheduled run tries again.
            error if error.is_full() => {
                let retry_at = job.schedule.next_run(self.copies.now());
                let reason = FailureReason::Full;
                self.notify(job, Notice::UploadFailed { reason, retry_at })
                    .await;
                JobOutcome::WaitsForNextRun {
                    error: error.to_string(),
                    pending_backup: backup,
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
