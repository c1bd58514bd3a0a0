//! Storing an archive and reading it back: streamed to the store, then streamed back into a
//! spool (hashed as it comes) and checked from there, so an archive is never twice in memory
//! and a large one never once.

use super::{BackupError, BackupResult, BackupService, VerificationError};
use crate::{
    archive::{Manifest, Source, verify_protected},
    domain::{Id, backup::BackupRecord, password::Password, progress::Progress},
    service::watch::Watched,
    spool::{Spooled, spool_reader},
    storage::StoreError,
};

impl BackupService {
    /// Stores an archive this service wrote, listed once it reads back as `manifest` says
    /// (compared by digest: the manifest of a large library is not kept meanwhile). A
    /// protected one is read back with its `password`, while it is still in memory.
    pub(super) async fn store_with_manifest(
        &self,
        id: &Id,
        archive: Spooled,
        manifest: Manifest,
        password: Option<Password>,
        progress: &dyn Progress,
    ) -> BackupResult<(BackupRecord, Spooled)> {
        let record = BackupRecord {
            id: id.clone(),
            user_id: manifest.user_id,
            kind: manifest.backup_type,
            created_at: manifest.created_at,
            file_count: manifest.total_files,
            total_size: manifest.total_size,
            archive_size: archive.len(),
            sha256: archive.sha256_hex(),
            version: manifest.version.clone(),
            rating: None,
            note: None,
            repo: manifest.repo.clone(),
            git_ref: manifest.git_ref.clone(),
            commit: manifest.commit.clone(),
            copies: Vec::new(),
            checked_at: None,
            damaged_at: None,
            protected: password.is_some(),
        };
        let written = manifest.sha256();
        drop(manifest);
        let stored = self
            .store_verified(
                &record,
                archive,
                progress,
                move |stored| match verify_protected(stored, password.as_ref()) {
                    Ok(read_back) if read_back.sha256() == written => Ok(()),
                    Ok(_) => Err(VerificationError::ManifestDiffers),
                    Err(error) => Err(error.into()),
                },
            )
            .await?;
        Ok((record, stored))
    }

    // Store, verify, then list: a backup is listed only once its stored copy has been read
    // back, matches the bytes written, and passes `check`.
    pub(super) async fn store_verified<F>(
        &self,
        record: &BackupRecord,
        archive: Spooled,
        progress: &dyn Progress,
        check: F,
    ) -> BackupResult<Spooled>
    where
        F: FnOnce(Source) -> Result<(), VerificationError> + Send + 'static,
    {
        let mut reader = Watched::new(archive.async_reader(), progress);
        self.blobs
            .put(&record.id, &record.file_name(), &mut reader)
            .await?;
        // The copy written goes before the stored one is read back.
        drop((reader, archive));
        let stored = self.read_back(&record.id, record.archive_size).await?;
        if stored.len() != record.archive_size || stored.sha256_hex() != record.sha256 {
            return Err(VerificationError::BytesDiffer.into());
        }
        let source = stored.source();
        tokio::task::spawn_blocking(move || check(source))
            .await
            .map_err(VerificationError::from)??;
        // The last moment a cancellation can still leave nothing behind.
        if progress.cancelled() {
            return Err(BackupError::Cancelled);
        }
        self.backups.insert(record).await?;
        Ok(stored)
    }

    /// The stored archive of `id`, `len` bytes long, streamed into a spool and hashed on the
    /// way.
    pub(super) async fn read_back(&self, id: &Id, len: u64) -> BackupResult<Spooled> {
        let mut blob = self.blobs.get(id).await?;
        // Past the threshold, straight to a file rather than by way of memory.
        let memory = self.settings.archive_memory_bytes;
        let memory = if len > memory { 0 } else { memory };
        spool_reader(&mut blob, memory).await.map_err(|source| {
            StoreError::Archive {
                action: "read",
                source,
            }
            .into()
        })
    }
}
