//! Bringing a copy back, for every destination alike: the user's copies as the destination
//! itself lists them (so a bot that lost its records, or a new one, still finds them), and one
//! of them downloaded, checked and kept as a stored backup, which the restore then plans and
//! applies as it does any backup.

use std::cmp::Reverse;

use super::{CopyError, CopyService, FetchError};
use crate::{
    archive::{FORMAT_VERSION, ReadArchive, ReadError, read_archive},
    domain::{
        DestinationId, Event, Id, UserId,
        backup::{BackupKind, BackupRecord, CopyStatus, RemoteCopy},
        paging::Page,
        progress::Progress,
    },
    service::{
        BackupError,
        backup::VerificationError,
        destination::{DestinationError, RemoteFile, download_to_spool},
        read_page,
    },
    spool::Spooled,
    storage::StoreError,
};

/// A copy brought back, kept in My backups.
#[derive(Debug)]
pub struct Fetched {
    pub record: BackupRecord,
    /// The copy's name there.
    pub name: String,
    /// The bot still had the same backup, intact: that one is kept, nothing was downloaded.
    pub reused: bool,
    /// Stored backups the quota removed to keep it.
    pub pruned: Vec<BackupRecord>,
}

pub type FetchResult<T> = Result<T, FetchError>;

impl CopyService {
    /// Page `page` of the user's copies at `id`, newest first (by the date of their backup).
    pub async fn remote_copies(
        &self,
        user: UserId,
        id: &DestinationId,
        page: u32,
    ) -> FetchResult<Page<RemoteFile>> {
        let copies = self.users_copies(user, id).await?;
        let total = copies.len() as u64;
        let read = |skip: u64, limit: u32| {
            let skip = usize::try_from(skip).unwrap_or(usize::MAX);
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            let items = copies.iter().skip(skip).take(limit).cloned().collect();
            async move { Ok::<_, StoreError>((items, total)) }
        };
        let size = self.backups.settings().page_size;
        Ok(read_page(page, size, read).await.map_err(CopyError::from)?)
    }

    /// Brings the copy `remote_id` at `id` back as a stored backup (store → verify → list),
    /// downloaded as it arrives (up to the archive limits), checked against the destination's
    /// checksum and then read as a restore reads a backup. It keeps the id, kind and date of
    /// the backup it is a copy of; when the bot still has that backup intact, that one is
    /// answered and nothing is downloaded. `progress` hears the bytes received; a cancel, like
    /// any failure, keeps nothing.
    pub async fn fetch(
        &self,
        user: UserId,
        id: &DestinationId,
        remote_id: &str,
        progress: &dyn Progress,
    ) -> FetchResult<Fetched> {
        let adapter = self.connected(user, id).await?;
        // The id comes from a listing of the user's own, but is looked up again: what was
        // listed may be gone, and nothing else is ever fetched.
        let found = match adapter.find(user, remote_id).await {
            Ok(found) => found,
            Err(error) => return Err(self.fetch_error(user, id, error).await),
        };
        let Some(copy) = found else {
            return Err(FetchError::NotFound);
        };
        if !self.is_users(user, &copy).await? {
            return Err(FetchError::NotFound);
        }
        let stored = self.stored_backup(user, &copy).await?;
        if let Some(record) = stored.clone()
            && self.is_intact(user, &record).await?
        {
            self.fetched(user, id, &record.id, true).await;
            let (name, reused, pruned) = (copy.name, true, Vec::new());
            return Ok(Fetched {
                record,
                name,
                reused,
                pruned,
            });
        }
        let kind = copy.about.kind.unwrap_or(BackupKind::ImportedZip);
        self.backups.ensure_room(user, kind).await?;
        let (limit, memory) = (
            self.reading.max_total_bytes,
            self.backups.settings().archive_memory_bytes,
        );
        let archive = download_to_spool(adapter.as_ref(), user, remote_id, limit, memory, progress);
        let archive = match archive.await {
            Ok((_, archive)) => archive,
            Err(error) => return Err(self.fetch_error(user, id, error).await),
        };
        let read = self.read_copy(&archive).await?;
        // A damaged stored backup stays as it is (the user decides about it): the copy is kept
        // beside it, under an id of its own.
        let backup_id = match copy.backup.as_deref().and_then(Id::parse) {
            Some(backup) if stored.is_none() => self.free_or_new(backup).await?,
            _ => Id::generate(),
        };
        let record = describe(
            user,
            backup_id,
            &copy,
            stored.as_ref(),
            read.as_ref(),
            &archive,
        );
        drop(read);
        let created = self.backups.store_copy(record, archive, progress).await?;
        let kept = RemoteCopy {
            destination: id.clone(),
            remote_id: Some(copy.id.clone()),
            status: CopyStatus::Uploaded,
            at: copy.created_at.unwrap_or_else(|| self.now()),
        };
        if let Err(error) = self.backups.set_copy(user, &created.record.id, &kept).await {
            tracing::warn!(%error, user, backup = %created.record.id, "cannot record the copy it came from");
        }
        self.fetched(user, id, &created.record.id, false).await;
        Ok(Fetched {
            record: created.record,
            name: copy.name,
            reused: false,
            pruned: created.pruned,
        })
    }

    /// The user's copies at `id`, newest first.
    async fn users_copies(&self, user: UserId, id: &DestinationId) -> FetchResult<Vec<RemoteFile>> {
        let adapter = self.connected(user, id).await?;
        let listed = match adapter.list(user).await {
            Ok(listed) => listed,
            Err(error) => return Err(self.fetch_error(user, id, error).await),
        };
        let mut copies = Vec::with_capacity(listed.len());
        for copy in listed {
            if self.is_users(user, &copy).await? {
                copies.push(copy);
            }
        }
        copies.sort_by_key(|copy| Reverse(copy.date()));
        Ok(copies)
    }

    /// Whether a listed copy is the user's: marked for them, or, made before copies were
    /// marked with their user, a copy of a backup the bot still knows as theirs.
    async fn is_users(&self, user: UserId, copy: &RemoteFile) -> FetchResult<bool> {
        if let Some(owner) = copy.owner {
            return Ok(owner == user);
        }
        Ok(self.stored_backup(user, copy).await?.is_some())
    }

    /// The user's stored backup `copy` is a copy of, if the bot still has it.
    async fn stored_backup(
        &self,
        user: UserId,
        copy: &RemoteFile,
    ) -> FetchResult<Option<BackupRecord>> {
        let Some(backup) = copy.backup.as_deref().and_then(Id::parse) else {
            return Ok(None);
        };
        match self.backups.get(user, &backup).await {
            Ok(record) => Ok(Some(record)),
            Err(BackupError::NotFound) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// `backup` when no archive is stored under it, whoever's it would be; a new id otherwise.
    async fn free_or_new(&self, backup: Id) -> FetchResult<Id> {
        Ok(if self.backups.is_free(&backup).await? {
            backup
        } else {
            Id::generate()
        })
    }

    /// Whether a stored backup's archive is all there and matches its record.
    async fn is_intact(&self, user: UserId, record: &BackupRecord) -> FetchResult<bool> {
        match self.backups.open_archive(user, &record.id).await {
            Ok(_) => Ok(true),
            Err(BackupError::Damaged | BackupError::NotFound) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// The copy read as a restore reads a backup (on a blocking thread: inflating is CPU
    /// work): every entry's CRC, every file's SHA-256 against the manifest, the limits. A
    /// protected copy (`None`) cannot be read without its password, which the restore asks
    /// for: its bytes are checked by the destination's checksum only, until then.
    async fn read_copy(&self, archive: &Spooled) -> FetchResult<Option<ReadArchive>> {
        // Its bytes are the user's own (only they can change them there), and the limits on
        // entries and bytes bound what reading them takes, so no compression ratio is held
        // against a backup of very repetitive files.
        let limits = self.reading.for_verified_backup();
        let source = archive.source();
        let read = tokio::task::spawn_blocking(move || read_archive(source, None, &limits))
            .await
            .map_err(|error| BackupError::from(VerificationError::from(error)))?;
        match read {
            Ok(read) => Ok(Some(read)),
            Err(ReadError::PasswordRequired) => Ok(None),
            Err(reason) => Err(self.unreadable(reason)),
        }
    }

    fn unreadable(&self, reason: ReadError) -> FetchError {
        match reason {
            ReadError::TooManyEntries { .. } | ReadError::TooLarge { .. } => {
                FetchError::OverLimits {
                    max_entries: self.reading.max_entries,
                    max_bytes: self.reading.max_total_bytes,
                    source: reason,
                }
            }
            reason => FetchError::Damaged(reason),
        }
    }

    /// What a destination's error means for a fetch.
    async fn fetch_error(
        &self,
        user: UserId,
        id: &DestinationId,
        error: DestinationError,
    ) -> FetchError {
        match error {
            DestinationError::NotFound => FetchError::NotFound,
            DestinationError::TooLarge { limit } => FetchError::TooLarge { limit },
            DestinationError::Checksum(_) => FetchError::Checksum(error),
            other => self.remote(user, id, other).await.into(),
        }
    }

    async fn fetched(&self, user: UserId, id: &DestinationId, backup: &Id, reused: bool) {
        let (destination, backup) = (id.clone(), backup.clone());
        let event = Event::CopyFetched {
            user,
            destination,
            backup,
            reused,
        };
        self.emit(event).await;
    }
}

/// The record of a copy kept as `id`: the backup's kind and date as the copy was marked (or
/// as the stored backup it is a copy of, or its manifest, says), what the archive holds as
/// it was read (`None`: a protected copy, as its marks say), and its bytes.
fn describe(
    user: UserId,
    id: Id,
    copy: &RemoteFile,
    stored: Option<&BackupRecord>,
    read: Option<&ReadArchive>,
    archive: &Spooled,
) -> BackupRecord {
    let manifest = read.and_then(|read| read.manifest.as_ref());
    let kind = (copy.about.kind)
        .or(stored.map(|record| record.kind))
        .or(manifest.map(|manifest| manifest.backup_type))
        .unwrap_or(BackupKind::ImportedZip);
    let created_at = (copy.about.created_at)
        .or(stored.map(|record| record.created_at))
        .or(manifest.map(|manifest| manifest.created_at))
        .or(copy.created_at)
        .unwrap_or_default();
    BackupRecord {
        id,
        user_id: user,
        kind,
        created_at,
        file_count: read.map_or_else(
            || copy.about.files.unwrap_or_default(),
            |read| read.files.len() as u64,
        ),
        total_size: read.map_or_else(
            || stored.map_or(0, |record| record.total_size),
            |read| read.files.iter().map(|file| file.code.len() as u64).sum(),
        ),
        archive_size: archive.len(),
        sha256: archive.sha256_hex(),
        version: manifest.map_or_else(
            || FORMAT_VERSION.to_owned(),
            |manifest| manifest.version.clone(),
        ),
        rating: None,
        note: None,
        repo: (stored.and_then(|record| record.repo.clone()))
            .or_else(|| read.and_then(|read| read.repo.clone())),
        git_ref: manifest.and_then(|manifest| manifest.git_ref.clone()),
        commit: manifest.and_then(|manifest| manifest.commit.clone()),
        copies: Vec::new(),
        checked_at: None,
        damaged_at: None,
        protected: read.is_none_or(|read| read.protected),
    }
}
