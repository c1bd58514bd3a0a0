//! Stored backups: list, read back (checked), split into parts, rate, annotate, delete; a
//! restore's safety snapshot and its undo log.

use chrono::{DateTime, TimeDelta, Utc};

use super::{BackupError, BackupResult, BackupService, BuildError};
use crate::{
    archive::{ArchiveError, Manifest, parts, verify},
    domain::{
        Event, Id, UserId,
        backup::{BackupRecord, Rating, RemoteCopy},
        note::check_note,
        paging::Page,
        restore::UndoLog,
    },
    service::read_page,
    spool::{Spool, Spooled},
    storage::StoreError,
};

/// A stored backup cut into parts that each fit in one Telegram message.
pub struct Split {
    pub record: BackupRecord,
    archive: Spooled,
    manifest: Manifest,
    plans: Vec<parts::PartPlan>,
    /// Parts up to this size are built in memory, larger ones in a temporary file.
    memory_bytes: u64,
}

impl Split {
    pub fn count(&self) -> usize {
        self.plans.len()
    }

    /// The file name of part `index` (zero-based).
    pub fn part_name(&self, index: usize) -> String {
        parts::part_name(&self.record.file_name(), index, self.count())
    }

    /// Builds part `index` (zero-based) on demand (on the blocking pool), so only one part is
    /// spooled at a time.
    pub async fn part(&self, index: usize) -> BackupResult<Spooled> {
        let count = self.plans.len();
        let plan = self
            .plans
            .get(index)
            .cloned()
            .ok_or(ArchiveError::NoSuchPart { index, count })?;
        let (source, manifest) = (self.archive.source(), self.manifest.clone());
        let out = Spool::new(self.memory_bytes);
        tokio::task::spawn_blocking(move || {
            let part = parts::build_part(source, &manifest, &plan, index, count, out)?;
            Ok::<_, ArchiveError>(part.finish()?)
        })
        .await
        .map_err(BuildError::from)?
        .map_err(BackupError::from)
    }
}

impl BackupService {
    pub async fn list(&self, user: UserId, page: u32) -> BackupResult<Page<BackupRecord>> {
        let read = |skip, limit| self.backups.list(user, skip, limit);
        Ok(read_page(page, self.settings.page_size, read).await?)
    }

    /// Removes the archives a backup cut short left without a record (a crash between storing
    /// and listing), once they are older than `grace`, which must outlast any backup in the
    /// making; answers how many went.
    pub async fn remove_orphans(&self, grace: std::time::Duration) -> BackupResult<u64> {
        let before = TimeDelta::from_std(grace)
            .ok()
            .and_then(|grace| self.clock.now().checked_sub_signed(grace))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        Ok(self.blobs.remove_orphans(before).await?)
    }

    pub async fn get(&self, user: UserId, id: &Id) -> BackupResult<BackupRecord> {
        self.backups
            .get(user, id)
            .await?
            .ok_or(BackupError::NotFound)
    }

    /// Those of `ids` that are the user's backups, in the order given; the others (another
    /// user's, deleted since, forged) are left out.
    pub async fn owned(&self, user: UserId, ids: &[Id]) -> BackupResult<Vec<BackupRecord>> {
        let mut owned = Vec::with_capacity(ids.len());
        for id in ids {
            match self.get(user, id).await {
                Ok(record) => owned.push(record),
                Err(BackupError::NotFound) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(owned)
    }

    /// The user's stored archive, checked against its record's SHA-256 as it was read back:
    /// a handle to read it from (its length is `len()`), in memory when small, in a temporary
    /// file otherwise. What sends a backup anywhere (Telegram, Drive) reads it from here.
    pub async fn open_archive(
        &self,
        user: UserId,
        id: &Id,
    ) -> BackupResult<(BackupRecord, Spooled)> {
        let record = self.get(user, id).await?;
        // Found damaged before (by the scrub): not read again, never handed out.
        if record.is_damaged() {
            return Err(BackupError::Damaged);
        }
        let archive = self.read_back(id, record.archive_size).await?;
        if archive.sha256_hex() != record.sha256 {
            let backup = id.clone();
            self.emit(Event::BackupDamaged { user, backup }).await;
            return Err(BackupError::Damaged);
        }
        let backup = id.clone();
        self.emit(Event::BackupDownloaded { user, backup }).await;
        Ok((record, archive))
    }

    /// The stored archive as one vector of bytes, checked as [`Self::open_archive`] checks it.
    /// It holds the whole archive in memory: new callers read from `open_archive` instead.
    pub async fn archive(&self, user: UserId, id: &Id) -> BackupResult<(BackupRecord, Vec<u8>)> {
        let (record, archive) = self.open_archive(user, id).await?;
        let bytes = archive
            .to_vec()
            .await
            .map_err(|source| StoreError::Archive {
                action: "read",
                source,
            })?;
        Ok((record, bytes))
    }

    /// The stored archive cut into self-contained parts under `part_bytes` each.
    pub async fn split(&self, user: UserId, id: &Id) -> BackupResult<Split> {
        let (record, archive) = self.open_archive(user, id).await?;
        if record.protected {
            return Err(BackupError::ProtectedParts);
        }
        let part_bytes = self.settings.part_bytes;
        let memory_bytes = self.settings.archive_memory_bytes;
        tokio::task::spawn_blocking(move || {
            let manifest = verify(archive.source())?;
            let plans = parts::plan_parts(archive.source(), &manifest, part_bytes)?;
            Ok(Split {
                record,
                archive,
                manifest,
                plans,
                memory_bytes,
            })
        })
        .await
        .map_err(BuildError::from)?
    }

    /// Records how the backup's upload to a destination went.
    pub async fn set_copy(&self, user: UserId, id: &Id, copy: &RemoteCopy) -> BackupResult<()> {
        Ok(self.backups.set_copy(user, id, copy).await?)
    }

    pub async fn rate(
        &self,
        user: UserId,
        id: &Id,
        rating: Option<Rating>,
    ) -> BackupResult<BackupRecord> {
        self.backups.set_rating(user, id, rating).await?;
        let backup = id.clone();
        self.emit(Event::BackupRated {
            user,
            backup,
            rating,
        })
        .await;
        self.get(user, id).await
    }

    pub async fn set_note(
        &self,
        user: UserId,
        id: &Id,
        note: Option<&str>,
    ) -> BackupResult<BackupRecord> {
        let note = note
            .map(check_note)
            .transpose()
            .map_err(|_| BackupError::NoteTooLong)?
            .filter(|note| !note.is_empty());
        let cleared = note.is_none();
        self.backups.set_note(user, id, note).await?;
        let backup = id.clone();
        self.emit(Event::BackupNoted {
            user,
            backup,
            cleared,
        })
        .await;
        self.get(user, id).await
    }

    pub async fn delete(&self, user: UserId, id: &Id) -> BackupResult<BackupRecord> {
        let record = self.get(user, id).await?;
        self.remove(user, id).await?;
        let backup = id.clone();
        self.emit(Event::BackupDeleted { user, backup }).await;
        Ok(record)
    }

    /// Deletes those of `ids` the user owns; returns how many were deleted.
    pub async fn delete_many(&self, user: UserId, ids: &[Id]) -> BackupResult<u64> {
        let mut deleted = 0;
        for id in ids {
            match self.remove(user, id).await {
                Ok(()) => deleted += 1,
                Err(BackupError::NotFound) => {}
                Err(error) => return Err(error),
            }
        }
        let count = deleted;
        self.emit(Event::BackupsDeleted { user, count }).await;
        Ok(deleted)
    }

    /// Removes a restore's safety snapshot that is not needed: the restore wrote nothing.
    pub async fn discard(&self, user: UserId, id: &Id) -> BackupResult<()> {
        self.remove(user, id).await?;
        let backup = id.clone();
        self.emit(Event::BackupDiscarded { user, backup }).await;
        Ok(())
    }

    /// Keeps what a restore wrote with its safety snapshot, so Undo can revert exactly that.
    pub async fn attach_undo(
        &self,
        user: UserId,
        snapshot: &Id,
        log: &UndoLog,
    ) -> BackupResult<()> {
        Ok(self.backups.set_undo(user, snapshot, log).await?)
    }

    pub async fn undo_log(&self, user: UserId, id: &Id) -> BackupResult<Option<UndoLog>> {
        Ok(self.backups.undo_log(user, id).await?)
    }

    /// Marks the undo log used; `false` when it already was (or there is none).
    pub async fn claim_undo(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> BackupResult<bool> {
        Ok(self.backups.claim_undo(user, id, at).await?)
    }

    pub async fn release_undo(&self, user: UserId, id: &Id) -> BackupResult<()> {
        Ok(self.backups.release_undo(user, id).await?)
    }
}
