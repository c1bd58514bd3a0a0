//! Backups: build a ZIP of the whole library (or keep an imported or repository archive),
//! store it, verify it, and only then list it; `manage` lists, reads, annotates and deletes.

mod build;
mod error;
pub(crate) mod explain;
mod export;
mod integrity;
mod manage;
mod quota;
mod stored;

pub use error::{BackupError, BuildError, VerificationError};
pub use explain::{class_key, no_room};
pub use export::Exported;
pub use integrity::{Checked, Damage};
pub use manage::Split;

use std::{sync::Arc, time::Instant};

use chrono::{DateTime, SubsecRound, Utc};

use super::{Clock, events, watch};
use crate::{
    archive::{
        ArchiveError, FORMAT_VERSION, ManifestHeader,
        repo_zip::{self, LeftOut, RepackError},
    },
    domain::fingerprint::library_fingerprint,
    domain::{
        Event, Id, UserId,
        backup::{BackupKind, BackupRecord, quota::BackupQuota},
        password::Password,
        progress::{Progress, Unwatched},
    },
    spool::{Spool, Spooled},
    storage::{BackupStore, BlobStore, EventStore, FileStore, StoreError},
};

#[derive(Clone, Debug)]
pub struct BackupSettings {
    /// How many backups of each class, and how many bytes in all, a user keeps: the oldest
    /// unrated ones of a new backup's class go to make room for it; when that is not enough,
    /// the new one is refused.
    pub quota: BackupQuota,
    /// Written into every manifest as `app`.
    pub app: String,
    pub page_size: u32,
    /// Largest part when a backup is sent in pieces.
    pub part_bytes: u64,
    /// Archives up to this size stay in memory while they are built, read back, checked and
    /// sent; larger ones go to a temporary file.
    pub archive_memory_bytes: u64,
}

/// What the reader found in an archive kept as an `imported_zip` backup.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub file_count: u64,
    pub total_size: u64,
    pub repo: Option<String>,
    /// Its entries were encrypted: it opens only with the password the user gave.
    pub protected: bool,
}

/// Where a repository archive came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoOrigin {
    /// `owner/name`.
    pub repo: String,
    /// The branch, tag or commit asked for (the default branch when none was).
    pub git_ref: String,
    pub commit: String,
}

pub type BackupResult<T> = Result<T, BackupError>;

/// How a full backup is made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupOptions {
    /// Every earlier version of every file goes in too (manifest format 1.1).
    pub history: bool,
    /// Every entry and the manifest are encrypted with it (WinZip AES-256): a protected
    /// backup. It is used while the backup is written and checked, and kept nowhere.
    pub password: Option<Password>,
}

impl BackupOptions {
    /// With every file's earlier versions.
    pub fn with_history(history: bool) -> Self {
        Self {
            history,
            password: None,
        }
    }

    /// Protected by `password`, when there is one.
    #[must_use]
    pub fn protected_by(self, password: Option<Password>) -> Self {
        Self { password, ..self }
    }
}

/// A new backup, its archive (already verified, as read back from the store), and the backups
/// the quota removed for it.
pub struct Created {
    pub record: BackupRecord,
    pub archive: Spooled,
    pub pruned: Vec<BackupRecord>,
    /// What a repository backup could not keep (nothing for other backups).
    pub left_out: LeftOut,
    /// How many earlier versions of its files a backup with history holds.
    pub versions: usize,
}

pub struct BackupService {
    files: Arc<dyn FileStore>,
    backups: Arc<dyn BackupStore>,
    blobs: Arc<dyn BlobStore>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    settings: BackupSettings,
}

impl BackupService {
    pub fn new(
        files: Arc<dyn FileStore>,
        backups: Arc<dyn BackupStore>,
        blobs: Arc<dyn BlobStore>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        settings: BackupSettings,
    ) -> Self {
        Self {
            files,
            backups,
            blobs,
            events,
            clock,
            settings,
        }
    }

    pub fn settings(&self) -> &BackupSettings {
        &self.settings
    }

    async fn emit(&self, event: Event) {
        events::emit(self.events.as_ref(), event).await;
    }

    /// What a backup of the user's library would hold now, in one hash (see
    /// [`library_fingerprint`]).
    pub async fn library_fingerprint(
        &self,
        user: UserId,
        with_history: bool,
    ) -> BackupResult<String> {
        let files = self.files.current_state(user).await?;
        Ok(library_fingerprint(&files, with_history))
    }

    /// Backs up every current file of the user, making room under the quota. Counts the files
    /// written to `progress`, and stops, leaving nothing stored, when it is cancelled.
    pub async fn create_full(
        &self,
        user: UserId,
        kind: BackupKind,
        options: &BackupOptions,
        progress: &dyn Progress,
    ) -> BackupResult<Created> {
        let (record, archive, versions) =
            self.create_unpruned(user, kind, options, progress).await?;
        let created = self.within_quota(user, record, archive).await?;
        Ok(Created {
            versions,
            ..created
        })
    }

    /// A restore's safety snapshot of the library's current files (a restore never takes a
    /// version out of a history, so the snapshot need not hold them), kept only when the quota
    /// can make room for it. It makes none yet: a restore that then writes nothing `discard`s
    /// it having removed nothing, one that writes calls `make_room`.
    pub async fn snapshot(&self, user: UserId) -> BackupResult<BackupRecord> {
        let kind = BackupKind::PreRestore;
        let plain = BackupOptions::default();
        let (record, _, _) = self.create_unpruned(user, kind, &plain, &Unwatched).await?;
        self.reserve_room(user, &record).await?;
        Ok(record)
    }

    async fn create_unpruned(
        &self,
        user: UserId,
        kind: BackupKind,
        options: &BackupOptions,
        progress: &dyn Progress,
    ) -> BackupResult<(BackupRecord, Spooled, usize)> {
        self.ensure_room(user, kind).await?;
        let started = Instant::now();
        let id = Id::generate();
        let created_at = self.clock.now().trunc_subsecs(0);
        let header = self.header(&id, kind, user, created_at);
        let mut versions = 0;
        let result = match self.build(user, header, options, progress).await {
            Ok((archive, manifest)) => {
                versions = manifest.version_count();
                let password = options.password.clone();
                self.store_with_manifest(&id, archive, manifest, password, progress)
                    .await
            }
            Err(error) => Err(error),
        };
        let (record, archive) = self
            .settle(user, &id, kind, started, cancelled_or(result, progress))
            .await?;
        Ok((record, archive, versions))
    }

    /// Keeps an archive that came from outside (an import), already validated by the reader:
    /// stored, read back and compared byte for byte, then listed as `imported_zip`.
    pub async fn store_imported(
        &self,
        user: UserId,
        archive: Spooled,
        imported: Imported,
    ) -> BackupResult<Created> {
        self.ensure_room(user, BackupKind::ImportedZip).await?;
        let started = Instant::now();
        let id = Id::generate();
        let record = BackupRecord {
            id: id.clone(),
            user_id: user,
            kind: BackupKind::ImportedZip,
            created_at: self.clock.now().trunc_subsecs(0),
            file_count: imported.file_count,
            total_size: imported.total_size,
            archive_size: archive.len(),
            sha256: archive.sha256_hex(),
            version: FORMAT_VERSION.to_owned(),
            rating: None,
            note: None,
            repo: imported.repo,
            git_ref: None,
            commit: None,
            copies: Vec::new(),
            checked_at: None,
            damaged_at: None,
            protected: imported.protected,
        };
        let result = self
            .store_verified(&record, archive, &Unwatched, |_| Ok(()))
            .await
            .map(|stored| (record, stored));
        let (record, archive) = self
            .settle(user, &id, BackupKind::ImportedZip, started, result)
            .await?;
        self.within_quota(user, record, archive).await
    }

    /// Keeps an archive brought back from a destination as `record` says (the id, kind and
    /// date of the backup it is a copy of, what the caller read in it): stored, read back and
    /// compared byte for byte, then listed under the quota. Nothing is reported here (it is
    /// no new backup; the caller says what it was), and a failure or a cancel keeps nothing.
    pub async fn store_copy(
        &self,
        record: BackupRecord,
        archive: Spooled,
        progress: &dyn Progress,
    ) -> BackupResult<Created> {
        let user = record.user_id;
        self.ensure_room(user, record.kind).await?;
        let stored = self
            .store_verified(&record, archive, progress, |_| Ok(()))
            .await;
        match cancelled_or(stored, progress) {
            Ok(stored) => self.within_quota(user, record, stored).await,
            Err(error) => {
                if let Err(cleanup) = self.blobs.delete(&record.id).await {
                    tracing::error!(%cleanup, backup = %record.id, "cannot remove the blob of a copy not kept");
                }
                Err(error)
            }
        }
    }

    /// Whether no archive is stored under `id`, whoever's it would be: an id from elsewhere
    /// names a new backup only then.
    pub async fn is_free(&self, id: &Id) -> BackupResult<bool> {
        match self.blobs.get(id).await {
            Ok(_) => Ok(false),
            Err(StoreError::NotFound) => Ok(true),
            Err(error) => Err(error.into()),
        }
    }

    /// Keeps a repository archive (GitHub's zipball) as `github_repo_zip`: its files copied
    /// as they are, with a manifest recording where they came from, stored and verified.
    /// Counts the files copied to `progress`, and stops, leaving nothing stored, when it is
    /// cancelled.
    pub async fn store_repo(
        &self,
        user: UserId,
        zipball: Spooled,
        origin: RepoOrigin,
        max_inflated_bytes: u64,
        progress: &dyn Progress,
    ) -> BackupResult<Created> {
        let kind = BackupKind::GithubRepoZip;
        self.ensure_room(user, kind).await?;
        let started = Instant::now();
        let id = Id::generate();
        let header = ManifestHeader {
            repo: Some(origin.repo),
            git_ref: Some(origin.git_ref),
            commit: Some(origin.commit),
            ..self.header(&id, kind, user, self.clock.now().trunc_subsecs(0))
        };
        let memory = self.settings.archive_memory_bytes;
        let repackaged = watch::blocking(progress, move |progress| {
            let out = Spool::new(memory);
            let repackaged =
                repo_zip::repackage(zipball.source(), header, max_inflated_bytes, out, progress)?;
            // The zipball's temporary file goes here, before the copy is stored.
            drop(zipball);
            let archive = (repackaged.archive.finish())
                .map_err(|error| RepackError::Write(ArchiveError::from(error)))?;
            Ok::<_, RepackError>((archive, repackaged.manifest, repackaged.left_out))
        })
        .await
        .map_err(BuildError::from)?;
        let (archive, manifest, left_out) = repackaged.map_err(|error| match error {
            RepackError::Cancelled => BackupError::Cancelled,
            // Writing the copy failed: ours, not the repository's.
            RepackError::Write(error) => error.into(),
            other => BackupError::Repository(other),
        })?;
        let result = self
            .store_with_manifest(&id, archive, manifest, None, progress)
            .await;
        let result = cancelled_or(result, progress);
        let (record, archive) = self.settle(user, &id, kind, started, result).await?;
        let created = self.within_quota(user, record, archive).await?;
        Ok(Created {
            left_out,
            ..created
        })
    }

    /// Reports how storing went (a success with the time since `started`, when the work on
    /// the archive began); a failure leaves nothing half-made behind (the blob goes; no record
    /// was written).
    async fn settle(
        &self,
        user: UserId,
        id: &Id,
        kind: BackupKind,
        started: Instant,
        result: BackupResult<(BackupRecord, Spooled)>,
    ) -> BackupResult<(BackupRecord, Spooled)> {
        let (record, archive) = match result {
            Ok(done) => done,
            Err(error) => {
                if let Err(cleanup) = self.blobs.delete(id).await {
                    tracing::error!(%cleanup, backup = %id, "cannot remove the blob of a failed backup");
                }
                // The user's own choice: not a failure to report.
                if matches!(error, BackupError::Cancelled) {
                    tracing::info!(user, backup = %id, "backup cancelled");
                    return Err(error);
                }
                tracing::error!(%error, user, "backup failed");
                let reason = error.to_string();
                self.emit(Event::BackupFailed { user, kind, reason }).await;
                return Err(error);
            }
        };
        let created = Event::BackupCreated {
            user,
            backup: record.id.clone(),
            kind,
            files: record.file_count,
            archive_size: record.archive_size,
            duration: started.elapsed(),
        };
        self.emit(created).await;
        Ok((record, archive))
    }

    /// The manifest header of a backup this service writes.
    fn header(
        &self,
        id: &Id,
        kind: BackupKind,
        user: UserId,
        created_at: DateTime<Utc>,
    ) -> ManifestHeader {
        ManifestHeader {
            backup_id: id.to_string(),
            backup_type: kind,
            created_at,
            user_id: user,
            app: self.settings.app.clone(),
            part: None,
            repo: None,
            git_ref: None,
            commit: None,
        }
    }

    // Record first, then blob: a crash in between leaves an unlisted blob, never a listed
    // backup without its archive.
    async fn remove(&self, user: UserId, id: &Id) -> BackupResult<()> {
        self.backups.delete(user, id).await?;
        self.blobs.delete(id).await?;
        Ok(())
    }
}

/// A failure of work its user cancelled is the cancellation: whatever broke was stopped on
/// purpose (a store's write, a builder's channel).
fn cancelled_or<T>(result: BackupResult<T>, progress: &dyn Progress) -> BackupResult<T> {
    match result {
        Err(_) if progress.cancelled() => Err(BackupError::Cancelled),
        other => other,
    }
}
