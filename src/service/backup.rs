//! Backups: build a ZIP of the whole library (or keep an imported or repository archive),
//! store it, verify it, and only then list it; `manage` lists, reads, annotates and deletes.

mod error;
pub(crate) mod explain;
mod manage;
mod quota;

pub use error::{BackupError, BuildError, VerificationError};
pub use explain::no_room;
pub use manage::Split;

use std::{io::Cursor, sync::Arc};

use chrono::{DateTime, SubsecRound, Utc};
use futures::TryStreamExt;

use super::{Clock, events};
use crate::{
    archive::{
        BackupWriter, EntrySource, FORMAT_VERSION, Manifest, ManifestHeader,
        repo_zip::{self, LeftOut},
        sha256_hex, verify,
    },
    domain::{
        CodeFile, Event, Id, UserId,
        backup::{BackupKind, BackupRecord},
        progress::{Progress, Unit, Unwatched},
    },
    storage::{BackupStore, BlobStore, EventStore, FileStore},
};

#[derive(Clone, Debug)]
pub struct BackupSettings {
    /// Stored backups per user: the oldest unrated ones go to make room for a new one; when
    /// only rated ones could, the new one is refused.
    pub max_backups: u64,
    /// Written into every manifest as `app`.
    pub app: String,
    pub page_size: u32,
    /// Largest part when a backup is sent in pieces.
    pub part_bytes: u64,
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

/// A new backup, its archive (already verified), and the backups the quota removed for it.
pub struct Created {
    pub record: BackupRecord,
    pub archive: Vec<u8>,
    pub pruned: Vec<BackupRecord>,
    /// What a repository backup could not keep (nothing for other backups).
    pub left_out: LeftOut,
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

    /// Backs up every current file of the user, making room under the quota; `progress`
    /// counts the files written and can stop it (nothing is kept then).
    pub async fn create_full(
        &self,
        user: UserId,
        kind: BackupKind,
        progress: &dyn Progress,
    ) -> BackupResult<Created> {
        let (record, archive) = self.create_unpruned(user, kind, progress).await?;
        self.within_quota(user, record, archive).await
    }

    /// A restore's safety snapshot. The quota makes no room for it yet: a restore that then
    /// writes nothing `discard`s it having removed nothing, one that writes calls `make_room`.
    pub async fn snapshot(&self, user: UserId) -> BackupResult<BackupRecord> {
        let (record, _) = self
            .create_unpruned(user, BackupKind::PreRestore, &Unwatched)
            .await?;
        Ok(record)
    }

    async fn create_unpruned(
        &self,
        user: UserId,
        kind: BackupKind,
        progress: &dyn Progress,
    ) -> BackupResult<(BackupRecord, Vec<u8>)> {
        self.ensure_room(user, kind).await?;
        let id = Id::generate();
        let created_at = self.clock.now().trunc_subsecs(0);
        let result = self
            .build_store_verify(user, &id, kind, created_at, progress)
            .await;
        self.settle(user, &id, kind, result).await
    }

    /// Keeps an archive that came from outside (an import), already validated by the reader:
    /// stored, read back and compared byte for byte, then listed as `imported_zip`.
    pub async fn store_imported(
        &self,
        user: UserId,
        archive: Vec<u8>,
        file_count: u64,
        total_size: u64,
        repo: Option<String>,
    ) -> BackupResult<Created> {
        self.ensure_room(user, BackupKind::ImportedZip).await?;
        let id = Id::generate();
        let record = BackupRecord {
            id: id.clone(),
            user_id: user,
            kind: BackupKind::ImportedZip,
            created_at: self.clock.now().trunc_subsecs(0),
            file_count,
            total_size,
            archive_size: archive.len() as u64,
            sha256: sha256_hex(&archive),
            version: FORMAT_VERSION.to_owned(),
            rating: None,
            note: None,
            repo,
            git_ref: None,
            commit: None,
            copies: Vec::new(),
        };
        let result = self
            .store_verified(&record, archive, |_| Ok(()))
            .await
            .map(|stored| (record, stored));
        let (record, archive) = self
            .settle(user, &id, BackupKind::ImportedZip, result)
            .await?;
        self.within_quota(user, record, archive).await
    }

    /// Keeps a repository archive (GitHub's zipball) as `github_repo_zip`: its files copied
    /// as they are, with a manifest recording where they came from, stored and verified;
    /// cancelled through `progress` before anything is stored, it keeps nothing.
    pub async fn store_repo(
        &self,
        user: UserId,
        zipball: Vec<u8>,
        origin: RepoOrigin,
        max_inflated_bytes: u64,
        progress: &dyn Progress,
    ) -> BackupResult<Created> {
        let kind = BackupKind::GithubRepoZip;
        self.ensure_room(user, kind).await?;
        let id = Id::generate();
        let header = ManifestHeader {
            repo: Some(origin.repo),
            git_ref: Some(origin.git_ref),
            commit: Some(origin.commit),
            ..self.header(&id, kind, user, self.clock.now().trunc_subsecs(0))
        };
        let repackaged = tokio::task::spawn_blocking(move || {
            repo_zip::repackage(&zipball, header, max_inflated_bytes)
        })
        .await
        .map_err(BuildError::from)?;
        let repackaged = repackaged.map_err(BackupError::Repository)?;
        if progress.cancelled() {
            return Err(BackupError::Cancelled);
        }
        let result = self
            .store_with_manifest(&id, repackaged.archive, repackaged.manifest)
            .await;
        let (record, archive) = self.settle(user, &id, kind, result).await?;
        let created = self.within_quota(user, record, archive).await?;
        Ok(Created {
            left_out: repackaged.left_out,
            ..created
        })
    }

    /// Reports how storing went; a failure leaves nothing half-made behind (the blob goes; no
    /// record was written).
    async fn settle(
        &self,
        user: UserId,
        id: &Id,
        kind: BackupKind,
        result: BackupResult<(BackupRecord, Vec<u8>)>,
    ) -> BackupResult<(BackupRecord, Vec<u8>)> {
        let (record, archive) = match result {
            Ok(done) => done,
            Err(error) => {
                if let Err(cleanup) = self.blobs.delete(id).await {
                    tracing::error!(%cleanup, backup = %id, "cannot remove the blob of a failed backup");
                }
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
        };
        self.emit(created).await;
        Ok((record, archive))
    }

    async fn build_store_verify(
        &self,
        user: UserId,
        id: &Id,
        kind: BackupKind,
        created_at: DateTime<Utc>,
        progress: &dyn Progress,
    ) -> BackupResult<(BackupRecord, Vec<u8>)> {
        let header = self.header(id, kind, user, created_at);
        let (archive, manifest) = self.build(user, header, progress).await?;
        self.store_with_manifest(id, archive, manifest).await
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

    /// Stores an archive this service wrote, listed once it reads back as `manifest` says.
    async fn store_with_manifest(
        &self,
        id: &Id,
        archive: Vec<u8>,
        manifest: Manifest,
    ) -> BackupResult<(BackupRecord, Vec<u8>)> {
        let record = BackupRecord {
            id: id.clone(),
            user_id: manifest.user_id,
            kind: manifest.backup_type,
            created_at: manifest.created_at,
            file_count: manifest.total_files,
            total_size: manifest.total_size,
            archive_size: archive.len() as u64,
            sha256: sha256_hex(&archive),
            version: manifest.version.clone(),
            rating: None,
            note: None,
            repo: manifest.repo.clone(),
            git_ref: manifest.git_ref.clone(),
            commit: manifest.commit.clone(),
            copies: Vec::new(),
        };
        let stored = self
            .store_verified(&record, archive, move |stored| match verify(stored) {
                Ok(read_back) if read_back == manifest => Ok(()),
                Ok(_) => Err(VerificationError::ManifestDiffers),
                Err(error) => Err(error.into()),
            })
            .await?;
        Ok((record, stored))
    }

    // Store, verify, then list: a backup is listed only once its stored copy has been read
    // back, matches the bytes written, and passes `check`.
    async fn store_verified<F>(
        &self,
        record: &BackupRecord,
        archive: Vec<u8>,
        check: F,
    ) -> BackupResult<Vec<u8>>
    where
        F: FnOnce(&[u8]) -> Result<(), VerificationError> + Send + 'static,
    {
        self.blobs
            .put(&record.id, &record.file_name(), &archive)
            .await?;
        drop(archive);
        let stored = self.blobs.get(&record.id).await?;
        if sha256_hex(&stored) != record.sha256 {
            return Err(VerificationError::BytesDiffer.into());
        }
        let stored = tokio::task::spawn_blocking(move || check(&stored).map(|()| stored))
            .await
            .map_err(VerificationError::from)??;
        self.backups.insert(record).await?;
        Ok(stored)
    }

    /// Streams the files from storage into a ZIP built on a blocking thread, so neither the
    /// runtime nor memory carries the whole library at once; `progress` counts them, and
    /// stops the build when cancelled.
    async fn build(
        &self,
        user: UserId,
        header: ManifestHeader,
        progress: &dyn Progress,
    ) -> BackupResult<(Vec<u8>, Manifest)> {
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<CodeFile>(64);
        let builder = tokio::task::spawn_blocking(move || {
            let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
            while let Some(file) = receiver.blocking_recv() {
                writer.add(EntrySource {
                    file_name: &file.name,
                    language: &file.language,
                    note: file.note.as_deref(),
                    tags: &file.tags,
                    version: file.version,
                    code: file.code.as_bytes(),
                    created_at: file.created_at,
                    updated_at: file.updated_at,
                })?;
            }
            let (cursor, manifest) = writer.finish(header)?;
            Ok::<_, crate::archive::ArchiveError>((cursor.into_inner(), manifest))
        });
        let mut files = self.files.stream_current(user).await?;
        let mut sent = 0;
        while let Some(file) = files.try_next().await? {
            if progress.cancelled() {
                return Err(BackupError::Cancelled);
            }
            if sender.send(file).await.is_err() {
                break; // the builder failed; its error is reported below
            }
            sent += 1;
            progress.advance(Unit::Files, sent, None);
        }
        drop(sender);
        Ok(builder.await.map_err(BuildError::from)??)
    }

    // Record first, then blob: a crash in between leaves an unlisted blob, never a listed
    // backup without its archive.
    async fn remove(&self, user: UserId, id: &Id) -> BackupResult<()> {
        self.backups.delete(user, id).await?;
        self.blobs.delete(id).await?;
        Ok(())
    }
}
