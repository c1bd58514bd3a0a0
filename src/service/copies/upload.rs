//! Copying one stored backup to a destination: upload, record the copy, keep the newest N
//! there, and report how it went (the user's last outcome, the record, an event).

use chrono::{DateTime, Utc};

use super::{CopyError, CopyResult, CopyService};
use crate::{
    domain::{
        DestinationId, Event, Id, UploadTrigger, UserId,
        backup::{BackupRecord, CopyStatus, RemoteCopy},
        destination::FailureKind,
        progress::Progress,
        retention::RetentionPolicy,
        schedule::{RETRY_DELAYS, Zone},
    },
    integrations::transfer::UploadSource,
    service::destination::{Destination, DestinationError},
};

/// A finished upload.
#[derive(Clone, Debug, PartialEq)]
pub struct Uploaded {
    pub backup: Id,
    pub file_name: String,
    /// Older copies the bot made there, removed as `policy` says.
    pub pruned: usize,
    /// Which of the bot's copies the destination keeps.
    pub policy: RetentionPolicy,
    /// Stored backups the quota removed to keep the one made for this upload.
    pub quota_pruned: Vec<BackupRecord>,
}

/// A failed manual upload: why, and when it is tried again (none when reconnecting is needed).
#[derive(Debug)]
pub struct UploadFailed {
    pub error: CopyError,
    pub retry_at: Option<DateTime<Utc>>,
    /// Stored backups the quota removed to keep the one made for this upload.
    pub quota_pruned: Vec<BackupRecord>,
}

impl CopyService {
    /// Back up now: a new backup of the destination's kind, stored here, then uploaded.
    /// `progress` hears the upload's bytes; a cancel stops it (the new backup stays stored).
    pub async fn back_up_now(
        &self,
        user: UserId,
        id: &DestinationId,
        progress: &dyn Progress,
    ) -> Result<Uploaded, UploadFailed> {
        let created = self.create(user, id, progress).await;
        let created = created.map_err(|error| UploadFailed {
            error,
            retry_at: None,
            quota_pruned: Vec::new(),
        })?;
        let quota_pruned = created.pruned;
        match self
            .upload_now(user, id, &created.record.id, progress)
            .await
        {
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

    /// Upload of a stored backup; a failure is retried later in the background. `progress`
    /// hears the bytes sent; a cancel stops the upload (`CopyError::Cancelled`): nothing is
    /// made there, recorded, or retried.
    pub async fn upload_now(
        &self,
        user: UserId,
        id: &DestinationId,
        backup: &Id,
        progress: &dyn Progress,
    ) -> Result<Uploaded, UploadFailed> {
        let trigger = UploadTrigger::Manual;
        match self.upload(user, id, backup, trigger, None, progress).await {
            Ok(uploaded) => Ok(uploaded),
            Err(error) => {
                let retry_at = self.plan_retry(user, id, backup, &error).await;
                Err(UploadFailed {
                    error,
                    retry_at,
                    quota_pruned: Vec::new(),
                })
            }
        }
    }

    /// A failed manual upload is retried in 5 minutes (then by the scheduler's rules), unless
    /// nothing can work until the user acts.
    async fn plan_retry(
        &self,
        user: UserId,
        id: &DestinationId,
        backup: &Id,
        error: &CopyError,
    ) -> Option<DateTime<Utc>> {
        if !error.is_retryable() {
            return None;
        }
        let now = self.now();
        let retry_at = now + RETRY_DELAYS[0];
        match self
            .jobs
            .schedule_retry(user, id, backup, retry_at, now)
            .await
        {
            Ok(()) => Some(retry_at),
            Err(store) => {
                tracing::error!(%store, user, destination = %id, "cannot plan the upload retry");
                None
            }
        }
    }

    // Upload, then mark done: a crash in between leaves the copy there unrecorded, and the
    // retry finds it by its backup id instead of uploading it twice. `library` is the
    // fingerprint of what the backup holds, when the caller knows it.
    pub(super) async fn upload(
        &self,
        user: UserId,
        id: &DestinationId,
        backup: &Id,
        trigger: UploadTrigger,
        library: Option<&str>,
        progress: &dyn Progress,
    ) -> CopyResult<Uploaded> {
        let result = self.upload_unreported(user, id, backup, progress).await;
        let now = self.now();
        let (destination, backup) = (id.clone(), backup.clone());
        match &result {
            // The user stopped it: not a failure to record, report or retry.
            Err(CopyError::Cancelled) => {
                tracing::info!(user, %destination, %backup, "upload cancelled");
            }
            Ok(uploaded) => {
                self.state.record_success(user, id, now, library).await?;
                let pruned = uploaded.pruned;
                let event = Event::UploadSucceeded {
                    user,
                    destination,
                    backup,
                    trigger,
                    pruned,
                };
                self.emit(event).await;
            }
            Err(error) => {
                tracing::warn!(%error, user, %destination, %backup, "upload failed");
                let reason = error.to_string();
                let kind = if error.is_full() {
                    FailureKind::Full
                } else {
                    FailureKind::Other
                };
                (self.state)
                    .record_failure(user, id, &reason, kind, now)
                    .await?;
                let failed = RemoteCopy {
                    destination: id.clone(),
                    remote_id: None,
                    status: CopyStatus::Failed,
                    at: now,
                };
                // The backup may be gone (deleted meanwhile); its record then needs no update.
                let _ = self.backups.set_copy(user, &backup, &failed).await;
                let event = Event::UploadFailed {
                    user,
                    destination,
                    backup,
                    trigger,
                    reason,
                };
                self.emit(event).await;
            }
        }
        result
    }

    async fn upload_unreported(
        &self,
        user: UserId,
        id: &DestinationId,
        backup: &Id,
        progress: &dyn Progress,
    ) -> CopyResult<Uploaded> {
        let adapter = self.connected(user, id).await?;
        let (policy, zone) = self.policy(user, id).await?;
        let (record, archive) = self.stored_archive(user, backup).await?;
        let file = match adapter
            .upload(user, &record, archive.as_ref(), progress)
            .await
        {
            Ok(file) => file,
            Err(error) => return Err(self.remote(user, id, error).await),
        };
        let copy = RemoteCopy {
            destination: id.clone(),
            remote_id: Some(file.id),
            status: CopyStatus::Uploaded,
            at: self.now(),
        };
        self.backups.set_copy(user, backup, &copy).await?;
        let pruned = prune(adapter.as_ref(), user, policy, zone).await;
        Ok(Uploaded {
            backup: backup.clone(),
            file_name: record.file_name(),
            pruned,
            policy,
            quota_pruned: Vec::new(),
        })
    }

    /// A stored backup's record and archive, as an upload reads it.
    /// The one seam between the stores and uploads: the checked archive as the backups hand
    /// it out (in memory when small, its temporary file otherwise), read a chunk at a time.
    async fn stored_archive(
        &self,
        user: UserId,
        backup: &Id,
    ) -> CopyResult<(BackupRecord, Box<dyn UploadSource>)> {
        let (record, archive) = self.backups.open_archive(user, backup).await?;
        Ok((record, Box::new(archive)))
    }

    /// What a destination's error means here; a lost grant is reported as it is found.
    pub(super) async fn remote(
        &self,
        user: UserId,
        id: &DestinationId,
        error: DestinationError,
    ) -> CopyError {
        match error {
            DestinationError::NotConnected => CopyError::NotConnected,
            DestinationError::Cancelled => CopyError::Cancelled,
            DestinationError::Reconnect(reason) => {
                let reason = reason.to_string();
                let destination = id.clone();
                self.emit(Event::ReconnectNeeded {
                    user,
                    destination,
                    reason,
                })
                .await;
                CopyError::Reconnect
            }
            other => CopyError::Remote(other),
        }
    }
}

/// Keeps the copies the policy keeps there. Only the bot's own copies are listed, so nothing else there
/// is ever touched. A failure does not undo the upload; it is logged and tried again after the
/// next one.
async fn prune(
    adapter: &dyn Destination,
    user: UserId,
    policy: RetentionPolicy,
    zone: Zone,
) -> usize {
    match adapter.prune(user, policy, zone).await {
        Ok(pruned) => pruned.len(),
        Err(error) => {
            tracing::warn!(%error, user, destination = %adapter.id(), "cannot remove old copies");
            0
        }
    }
}
