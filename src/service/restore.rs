//! Restores: check the backup, plan, take a safety snapshot, apply all-or-nothing, undo.

use std::{collections::HashMap, sync::Arc};

use super::{BackupError, BackupService, Clock};
use crate::{
    archive::reader::{ReadArchive, ReadError, ReadLimits, read_archive},
    domain::{
        Id, UserId,
        backup::{BackupKind, BackupRecord},
        restore::{Choice, Incoming, Report, RestorePlan, undo_actions},
    },
    ops::events::{self, Event},
    storage::{EventStore, FileStore, StoreError},
};

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// The stored archive fails its integrity checks (entry CRC, manifest SHA-256, …).
    #[error("the backup cannot be read: {0}")]
    Unreadable(ReadError),
    /// The library changed between the plan the user saw and the apply.
    #[error("the library changed since the plan")]
    PlanChanged,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for RestoreError {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

pub type RestoreResult<T> = Result<T, RestoreError>;

/// A checked backup and what restoring it would do.
pub struct Prepared {
    pub backup: BackupRecord,
    pub plan: RestorePlan,
}

/// A finished restore: its report and the snapshot that undoes it.
pub struct Applied {
    pub report: Report,
    pub snapshot: Id,
}

pub struct RestoreService {
    files: Arc<dyn FileStore>,
    backups: Arc<BackupService>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    limits: ReadLimits,
}

/// The files of a read archive under the names they had in the library: a CodeVault
/// manifest maps entry paths back to file names; other archives use their paths.
pub fn incoming_files(read: ReadArchive) -> Vec<Incoming> {
    let names: HashMap<String, String> = read
        .manifest
        .iter()
        .flat_map(|manifest| &manifest.files)
        .map(|file| (file.entry_path().to_owned(), file.file_name.clone()))
        .collect();
    read.files
        .into_iter()
        .map(|file| Incoming {
            name: names.get(&file.path).cloned().unwrap_or(file.path),
            code: file.code,
            language: file.language,
            note: file.note,
            tags: file.tags,
        })
        .collect()
}

impl RestoreService {
    pub fn new(
        files: Arc<dyn FileStore>,
        backups: Arc<BackupService>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        limits: ReadLimits,
    ) -> Self {
        Self {
            files,
            backups,
            events,
            clock,
            limits,
        }
    }

    async fn emit(&self, event: Event) {
        events::emit(self.events.as_ref(), event).await;
    }

    /// Every file of a stored backup, after all its checks: the blob's SHA-256 against the
    /// record, every entry's CRC, every file's SHA-256 against the manifest.
    async fn read_backup(
        &self,
        user: UserId,
        backup: &Id,
    ) -> RestoreResult<(BackupRecord, Vec<Incoming>)> {
        let (record, archive) = self.backups.archive(user, backup).await?;
        let limits = self.limits.for_verified_backup();
        let read = tokio::task::spawn_blocking(move || read_archive(&archive, None, &limits))
            .await
            .map_err(|error| RestoreError::Store(StoreError::Other(error.to_string())))?
            .map_err(RestoreError::Unreadable)?;
        let mut files = incoming_files(read);
        // Imported repositories carry their origin as a tag, so they can be found together.
        if let (BackupKind::ImportedZip | BackupKind::GithubRepoZip, Some(repo)) =
            (record.kind, &record.repo)
        {
            let tag = format!("repo:{repo}");
            for file in &mut files {
                if !file.tags.contains(&tag) {
                    file.tags.push(tag.clone());
                }
            }
        }
        Ok((record, files))
    }

    pub async fn plan(&self, user: UserId, backup: &Id) -> RestoreResult<Prepared> {
        let (backup, incoming) = self.read_backup(user, backup).await?;
        let current: HashMap<String, String> = self
            .files
            .current_state(user)
            .await?
            .into_iter()
            .map(|file| (file.name, file.sha256))
            .collect();
        Ok(Prepared {
            backup,
            plan: RestorePlan::new(incoming, &current),
        })
    }

    /// Applies the restore with one choice per conflict, in the order the user was asked
    /// (`asked`); if the conflicts are no longer the same, nothing is written.
    pub async fn apply(
        &self,
        user: UserId,
        backup: &Id,
        asked: &[String],
        choices: &[Choice],
    ) -> RestoreResult<Applied> {
        let prepared = self.plan(user, backup).await?;
        if prepared.plan.conflict_names() != asked {
            return Err(RestoreError::PlanChanged);
        }
        // Snapshot first, so whatever the restore writes can be undone.
        let snapshot = self
            .backups
            .create_full(user, BackupKind::PreRestore)
            .await?
            .record
            .id;
        let taken: Vec<String> = self
            .files
            .current_state(user)
            .await?
            .into_iter()
            .map(|file| file.name)
            .collect();
        let (actions, report) = prepared
            .plan
            .resolve(choices, |name| taken.iter().any(|t| t == name))
            .ok_or(RestoreError::PlanChanged)?;
        if let Err(error) = self.files.apply(user, actions, self.clock.now()).await {
            let failed = Event::error("restore_failed", Some(user))
                .with("backup_id", backup)
                .with("reason", &error);
            self.emit(failed).await;
            return Err(error.into());
        }
        let applied = Event::info("restore_applied", user)
            .with("backup_id", backup)
            .with("snapshot_id", &snapshot)
            .with("restored", report.restored());
        self.emit(applied).await;
        Ok(Applied { report, snapshot })
    }

    /// Puts the library back as the snapshot holds it (the same checks, one transaction).
    pub async fn undo(&self, user: UserId, snapshot: &Id) -> RestoreResult<usize> {
        let (_, files) = self.read_backup(user, snapshot).await?;
        let current = self.files.current_state(user).await?;
        let actions = undo_actions(files, &current);
        let changed = actions.len();
        if let Err(error) = self.files.apply(user, actions, self.clock.now()).await {
            let failed = Event::error("restore_failed", Some(user))
                .with("snapshot_id", snapshot)
                .with("reason", &error);
            self.emit(failed).await;
            return Err(error.into());
        }
        self.emit(
            Event::info("restore_undone", user)
                .with("snapshot_id", snapshot)
                .with("changed", changed),
        )
        .await;
        Ok(changed)
    }
}
