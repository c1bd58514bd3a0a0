//! Restores: check the backup, plan, take a safety snapshot, apply all-or-nothing, undo.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

pub(crate) mod explain;

use super::{BackupError, BackupService, Clock, backup::VerificationError, events};
use crate::{
    archive::reader::{ReadArchive, ReadError, ReadLimits, read_protected},
    domain::{
        Event, Id, UserId,
        backup::{BackupKind, BackupRecord},
        incoming::{Admission, Arriving, ArrivingVersion, admit},
        password::Password,
        quota::{Quota, QuotaError, least_usage_after, usage_after, usage_of},
        restore::{
            Choice, Current, Incoming, KnownFile, KnownFiles, Report, RestorePlan, UndoLog,
            UndoReport, plan_undo,
        },
    },
    storage::{EventStore, FileStore, StoreError},
};

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// The stored archive fails its integrity checks (entry CRC, manifest SHA-256, …).
    #[error("the backup cannot be read: {0}")]
    Unreadable(ReadError),
    /// The backup holds more than a restore takes in: at most `max_entries` entries and
    /// `max_bytes` unpacked. A repository backup may; it is not damaged.
    #[error("the backup cannot be read: {source}")]
    OverLimits {
        max_entries: usize,
        max_bytes: u64,
        #[source]
        source: ReadError,
    },
    /// The library changed between the plan the user saw and the apply.
    #[error("the library changed since the plan")]
    PlanChanged,
    /// The backup is protected by a password and none was given (or it is no longer held).
    #[error("the backup is protected by a password")]
    PasswordRequired,
    #[error("the password does not open the backup")]
    WrongPassword,
    /// The restore would take the library past a per-user limit; nothing was written.
    #[error(transparent)]
    Quota(#[from] QuotaError),
    /// Undo of something that is not a restore's safety snapshot with its undo log (another
    /// kind of backup, or a snapshot taken before undo logs were kept).
    #[error("not a restore that can be undone")]
    NotUndoable,
    #[error("the restore was already undone")]
    AlreadyUndone,
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
    /// What the library's rules changed in, or left out of, the backup's files.
    pub admission: Admission,
}

/// A finished restore.
pub struct Applied {
    pub report: Report,
    /// The safety snapshot whose Undo reverts this restore; `None` when there is nothing to
    /// undo (the restore wrote nothing) or its undo log could not be kept.
    pub undo: Option<Id>,
    /// The backups the quota removed to keep the safety snapshot.
    pub pruned: Vec<BackupRecord>,
}

pub struct RestoreService {
    files: Arc<dyn FileStore>,
    backups: Arc<BackupService>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    limits: ReadLimits,
    quota: Quota,
}

/// The files of a read archive as they arrive: a CodeVault manifest gives each entry path
/// its file name; other archives have only their paths.
pub fn arriving_files(read: ReadArchive) -> Vec<Arriving> {
    let mut names: HashMap<String, String> = read
        .manifest
        .into_iter()
        .flat_map(|manifest| manifest.files)
        .map(|file| (file.entry_path().to_owned(), file.file_name))
        .collect();
    read.files
        .into_iter()
        .map(|file| Arriving {
            listed_name: names.remove(&file.path),
            path: file.path,
            code: file.code,
            language: file.language,
            note: file.note,
            tags: file.tags,
            history: file
                .history
                .into_iter()
                .map(|version| ArrivingVersion {
                    name: version.file_name,
                    code: version.code,
                    created_at: version.created_at,
                })
                .collect(),
        })
        .collect()
}

/// The files of a read archive under the names they had in the library, exactly as they are:
/// what an undo puts back (their current content: an undo never rewrites history). Anything
/// else entering the library goes through [`admitted_files`].
pub fn incoming_files(read: ReadArchive) -> Vec<Incoming> {
    arriving_files(read)
        .into_iter()
        .map(|file| Incoming {
            name: file.listed_name.unwrap_or(file.path),
            code: file.code,
            language: file.language,
            note: file.note,
            tags: file.tags,
            history: Vec::new(),
        })
        .collect()
}

/// The files of an archive that may enter the library, every rule of typed input applied,
/// and what that changed. Imported repositories carry their origin as a tag, so they can be
/// found together.
pub fn admitted_files(
    read: ReadArchive,
    kind: BackupKind,
    repo: Option<&str>,
) -> (Vec<Incoming>, Admission) {
    let tag = match (kind, repo) {
        (BackupKind::ImportedZip | BackupKind::GithubRepoZip, Some(repo)) => {
            Some(format!("repo:{repo}"))
        }
        _ => None,
    };
    admit(arriving_files(read), tag.as_deref())
}

/// The plan of restoring `incoming` into the user's library and its current files; refused
/// when the new files alone, whatever the user decides about conflicts, would take the
/// library past its limits.
pub async fn plan_within(
    files: &dyn FileStore,
    quota: Quota,
    user: UserId,
    incoming: Vec<Incoming>,
) -> RestoreResult<(RestorePlan, Vec<Current>)> {
    let current = files.current_state(user).await?;
    let shas: HashMap<String, String> = current
        .iter()
        .map(|file| (file.name.clone(), file.sha256.clone()))
        .collect();
    let mut plan = RestorePlan::new(incoming, &shas);
    plan.known = known_files(files, user, &plan, &current).await?;
    quota.check(usage_of(&current), least_usage_after(&plan, &current))?;
    Ok((plan, current))
}

/// What the library holds of the files an incoming history would be merged into: their
/// versions' hashes (one read, only for a backup with history), current number and state.
async fn known_files(
    files: &dyn FileStore,
    user: UserId,
    plan: &RestorePlan,
    current: &[Current],
) -> RestoreResult<KnownFiles> {
    let merging: Vec<String> = plan.merging().into_iter().map(str::to_owned).collect();
    if merging.is_empty() {
        return Ok(KnownFiles::new());
    }
    let by_name: HashMap<&str, &Current> = current
        .iter()
        .map(|file| (file.name.as_str(), file))
        .collect();
    let hashes = files.version_hashes(user, &merging).await?;
    Ok(hashes
        .into_iter()
        .filter_map(|(name, hashes)| {
            let file = by_name.get(name.as_str())?;
            let known = KnownFile {
                version: file.version,
                state: file.state(),
                hashes: hashes.into_iter().collect(),
            };
            Some((name, known))
        })
        .collect())
}

impl RestoreService {
    pub fn new(
        files: Arc<dyn FileStore>,
        backups: Arc<BackupService>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        limits: ReadLimits,
        quota: Quota,
    ) -> Self {
        Self {
            files,
            backups,
            events,
            clock,
            limits,
            quota,
        }
    }

    async fn emit(&self, event: Event) {
        events::emit(self.events.as_ref(), event).await;
    }

    /// A stored backup read after all its checks: the blob's SHA-256 against the record, every
    /// entry's CRC, every file's SHA-256 against the manifest; a protected one opened with
    /// `password`.
    async fn read_backup(
        &self,
        user: UserId,
        backup: &Id,
        password: Option<&Password>,
    ) -> RestoreResult<(BackupRecord, ReadArchive)> {
        let (record, archive) = self.backups.open_archive(user, backup).await?;
        let limits = self.limits.for_verified_backup();
        let source = archive.source();
        let password = password.cloned();
        let read = tokio::task::spawn_blocking(move || {
            read_protected(source, None, &limits, password.as_ref())
        })
        .await
        .map_err(|error| BackupError::from(VerificationError::from(error)))?
        .map_err(|reason| self.unreadable(reason))?;
        Ok((record, read))
    }

    fn unreadable(&self, reason: ReadError) -> RestoreError {
        match reason {
            ReadError::TooManyEntries { .. } | ReadError::TooLarge { .. } => {
                RestoreError::OverLimits {
                    max_entries: self.limits.max_entries,
                    max_bytes: self.limits.max_total_bytes,
                    source: reason,
                }
            }
            ReadError::PasswordRequired => RestoreError::PasswordRequired,
            ReadError::WrongPassword => RestoreError::WrongPassword,
            reason => RestoreError::Unreadable(reason),
        }
    }

    /// The plan and the library's current files it was made against.
    async fn prepare(
        &self,
        user: UserId,
        backup: &Id,
        password: Option<&Password>,
    ) -> RestoreResult<(Prepared, Vec<Current>)> {
        let (backup, read) = self.read_backup(user, backup, password).await?;
        let (incoming, admission) = admitted_files(read, backup.kind, backup.repo.as_deref());
        let (plan, current) = plan_within(self.files.as_ref(), self.quota, user, incoming).await?;
        let prepared = Prepared {
            backup,
            plan,
            admission,
        };
        Ok((prepared, current))
    }

    /// What restoring the backup would do; a protected backup is opened with `password`.
    pub async fn plan(
        &self,
        user: UserId,
        backup: &Id,
        password: Option<&Password>,
    ) -> RestoreResult<Prepared> {
        Ok(self.prepare(user, backup, password).await?.0)
    }

    /// Applies the restore with one choice per conflict, in the order the user was asked
    /// (`asked`); if the conflicts are no longer the same, nothing is written. A protected
    /// backup is opened with `password` again.
    pub async fn apply(
        &self,
        user: UserId,
        backup: &Id,
        asked: &[String],
        choices: &[Choice],
        password: Option<&Password>,
    ) -> RestoreResult<Applied> {
        let (prepared, current) = self.prepare(user, backup, password).await?;
        if prepared.plan.conflict_names() != asked {
            return Err(RestoreError::PlanChanged);
        }
        let taken: HashSet<&str> = current.iter().map(|file| file.name.as_str()).collect();
        let resolved = prepared
            .plan
            .resolve(choices, |name| taken.contains(name))
            .ok_or(RestoreError::PlanChanged)?;
        // The limits before the snapshot: a refused restore leaves nothing behind.
        self.quota
            .check(usage_of(&current), usage_after(&current, &resolved.actions))?;
        let report = resolved.report;
        if resolved.actions.is_empty() {
            // Nothing to write is nothing to undo: no snapshot is taken.
            let backup = backup.clone();
            self.emit(Event::RestoreUnchanged { user, backup }).await;
            return Ok(Applied {
                report,
                undo: None,
                pruned: Vec::new(),
            });
        }
        // Snapshot first, so whatever the restore writes can be undone.
        let snapshot = self.backups.snapshot(user).await?.id;
        if let Err(error) = self
            .files
            .apply(user, resolved.actions, self.clock.now())
            .await
        {
            // Nothing was written, so the snapshot would only take a place in My backups.
            if let Err(cleanup) = self.backups.discard(user, &snapshot).await {
                tracing::error!(%cleanup, user, backup = %snapshot, "cannot remove an unused snapshot");
            }
            let failed = Event::RestoreFailed {
                user,
                backup: backup.clone(),
                reason: error.to_string(),
            };
            self.emit(failed).await;
            return Err(error.into());
        }
        // After the commit: a crash before this line leaves a snapshot that cannot be undone,
        // never an undo log of writes that were not made.
        let log = UndoLog {
            restored: backup.clone(),
            writes: resolved.writes,
            undone_at: None,
        };
        let undo = match self.backups.attach_undo(user, &snapshot, &log).await {
            Ok(()) => Some(snapshot.clone()),
            Err(error) => {
                tracing::error!(%error, user, backup = %snapshot, "cannot keep the undo log");
                None
            }
        };
        let pruned = self
            .backups
            .make_room(user, &snapshot)
            .await
            .unwrap_or_else(|error| {
                tracing::error!(%error, user, "cannot make room under the quota");
                Vec::new()
            });
        let applied = Event::RestoreApplied {
            user,
            backup: backup.clone(),
            snapshot,
            restored: report.restored(),
        };
        self.emit(applied).await;
        Ok(Applied {
            report,
            undo,
            pruned,
        })
    }

    /// Reverts what the restore whose safety snapshot is `snapshot` wrote, where a file is
    /// still as the restore left it; files changed since are left alone and named in the report.
    pub async fn undo(&self, user: UserId, snapshot: &Id) -> RestoreResult<UndoReport> {
        let record = self.backups.get(user, snapshot).await?;
        let log = match (record.kind, self.backups.undo_log(user, snapshot).await?) {
            (BackupKind::PreRestore, Some(log)) => log,
            _ => return Err(RestoreError::NotUndoable),
        };
        // Claim first, so two taps never both undo; a failed undo gives the claim back.
        if log.undone_at.is_some()
            || !self
                .backups
                .claim_undo(user, snapshot, self.clock.now())
                .await?
        {
            return Err(RestoreError::AlreadyUndone);
        }
        match self.revert(user, snapshot, &log).await {
            Ok(report) => {
                let undone = Event::RestoreUndone {
                    user,
                    snapshot: snapshot.clone(),
                    binned: report.binned,
                    reverted: report.reverted,
                    left: report.left.len(),
                };
                self.emit(undone).await;
                Ok(report)
            }
            Err(error) => {
                if let Err(release) = self.backups.release_undo(user, snapshot).await {
                    tracing::error!(%release, user, backup = %snapshot, "cannot release an undo");
                }
                let failed = Event::UndoFailed {
                    user,
                    snapshot: snapshot.clone(),
                    reason: error.to_string(),
                };
                self.emit(failed).await;
                Err(error)
            }
        }
    }

    async fn revert(
        &self,
        user: UserId,
        snapshot: &Id,
        log: &UndoLog,
    ) -> RestoreResult<UndoReport> {
        // A safety snapshot is never protected.
        let (_, read) = self.read_backup(user, snapshot, None).await?;
        // The snapshot holds the library as it was: its files go back exactly as they were.
        let before = incoming_files(read);
        let current = self.files.current_state(user).await?;
        let plan = plan_undo(&log.writes, before, &current);
        if !plan.actions.is_empty() {
            self.files
                .apply(user, plan.actions, self.clock.now())
                .await?;
        }
        Ok(plan.report)
    }
}

#[cfg(test)]
mod tests;
