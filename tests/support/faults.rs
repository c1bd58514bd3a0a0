//! Stores that fail on cue, over the real ones: a refused backup record insert, a process that
//! dies right after a Drive upload (before the upload is recorded), a restore's transaction
//! that fails.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use codevault::{
    domain::{
        CodeFile, FileSummary, Id, NewFile, Usage, VersionInfo,
        backup::{
            BackupKind, BackupRecord, CopyStatus, Integrity, Rating, RemoteCopy, quota::Holdings,
        },
        restore::{Action, Current, UndoLog},
    },
    storage::{BackupStore, FileStore, StoreError, StoreResult},
};
use futures::stream::BoxStream;

pub struct FaultyBackups {
    inner: Arc<dyn BackupStore>,
    refuse_inserts: bool,
    /// The next "uploaded" record update fails (then this disarms itself).
    pub crash_after_upload: AtomicBool,
}

impl FaultyBackups {
    pub fn new(inner: Arc<dyn BackupStore>) -> Self {
        Self {
            inner,
            refuse_inserts: false,
            crash_after_upload: AtomicBool::new(false),
        }
    }

    /// Every insert fails, as when the write concern is not met.
    pub fn refusing_inserts(inner: Arc<dyn BackupStore>) -> Self {
        Self {
            refuse_inserts: true,
            ..Self::new(inner)
        }
    }
}

#[async_trait]
impl BackupStore for FaultyBackups {
    async fn insert(&self, record: &BackupRecord) -> StoreResult<()> {
        if self.refuse_inserts {
            return Err(StoreError::Mongo(mongodb::error::Error::custom(
                "write concern failed",
            )));
        }
        self.inner.insert(record).await
    }
    async fn get(&self, user: i64, id: &Id) -> StoreResult<Option<BackupRecord>> {
        self.inner.get(user, id).await
    }
    async fn list(
        &self,
        user: i64,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<BackupRecord>, u64)> {
        self.inner.list(user, skip, limit).await
    }
    async fn count(&self, user: i64) -> StoreResult<u64> {
        self.inner.count(user).await
    }
    async fn holdings(&self, user: i64) -> StoreResult<Holdings> {
        self.inner.holdings(user).await
    }
    async fn set_rating(&self, user: i64, id: &Id, rating: Option<Rating>) -> StoreResult<()> {
        self.inner.set_rating(user, id, rating).await
    }
    async fn set_note(&self, user: i64, id: &Id, note: Option<String>) -> StoreResult<()> {
        self.inner.set_note(user, id, note).await
    }
    async fn set_copy(&self, user: i64, id: &Id, copy: &RemoteCopy) -> StoreResult<()> {
        if copy.status == CopyStatus::Uploaded
            && self.crash_after_upload.swap(false, Ordering::SeqCst)
        {
            return Err(StoreError::Mongo(mongodb::error::Error::custom(
                "the process died",
            )));
        }
        self.inner.set_copy(user, id, copy).await
    }
    async fn delete(&self, user: i64, id: &Id) -> StoreResult<()> {
        self.inner.delete(user, id).await
    }
    async fn oldest_unrated(
        &self,
        user: i64,
        kinds: &[BackupKind],
        limit: u64,
        except: &Id,
    ) -> StoreResult<Vec<BackupRecord>> {
        self.inner.oldest_unrated(user, kinds, limit, except).await
    }
    async fn set_undo(&self, user: i64, snapshot: &Id, log: &UndoLog) -> StoreResult<()> {
        self.inner.set_undo(user, snapshot, log).await
    }
    async fn undo_log(&self, user: i64, id: &Id) -> StoreResult<Option<UndoLog>> {
        self.inner.undo_log(user, id).await
    }
    async fn claim_undo(&self, user: i64, id: &Id, at: DateTime<Utc>) -> StoreResult<bool> {
        self.inner.claim_undo(user, id, at).await
    }
    async fn release_undo(&self, user: i64, id: &Id) -> StoreResult<()> {
        self.inner.release_undo(user, id).await
    }
    async fn set_checked(&self, user: i64, id: &Id, at: DateTime<Utc>) -> StoreResult<()> {
        self.inner.set_checked(user, id, at).await
    }
    async fn mark_damaged(&self, user: i64, id: &Id, at: DateTime<Utc>) -> StoreResult<bool> {
        self.inner.mark_damaged(user, id, at).await
    }
    async fn next_to_check(&self, before: DateTime<Utc>) -> StoreResult<Option<BackupRecord>> {
        self.inner.next_to_check(before).await
    }
    async fn integrity(&self, before: DateTime<Utc>) -> StoreResult<Integrity> {
        self.inner.integrity(before).await
    }
    async fn damaged(&self) -> StoreResult<Vec<BackupRecord>> {
        self.inner.damaged().await
    }
}

/// Code files whose restore transactions (`apply`) meet `fault`; everything else goes to the
/// real store.
pub struct FaultyApply {
    pub inner: Arc<dyn FileStore>,
    pub fault: ApplyFault,
}

pub enum ApplyFault {
    /// Every `apply` fails, as when the database loses its primary mid-transaction.
    Abort,
    /// Every `apply` prints this line as it begins (for a process that waits for it), then
    /// runs.
    Announce(String),
}

#[async_trait]
impl FileStore for FaultyApply {
    async fn older_versions(
        &self,
        user: i64,
        key: &Id,
        below: u32,
        limit: u32,
    ) -> StoreResult<Vec<CodeFile>> {
        self.inner.older_versions(user, key, below, limit).await
    }
    async fn version_hashes(
        &self,
        user: i64,
        names: &[String],
    ) -> StoreResult<std::collections::HashMap<String, Vec<String>>> {
        self.inner.version_hashes(user, names).await
    }
    async fn set_favourite(&self, user: i64, key: &Id, favourite: bool) -> StoreResult<()> {
        self.inner.set_favourite(user, key, favourite).await
    }
    async fn favourites(&self, user: i64) -> StoreResult<Vec<Id>> {
        self.inner.favourites(user).await
    }
    async fn list_favourites(
        &self,
        user: i64,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        self.inner.list_favourites(user, skip, limit).await
    }
    async fn search(
        &self,
        user: i64,
        query: &codevault::domain::search::SearchQuery,
    ) -> StoreResult<Vec<codevault::domain::search::Found>> {
        self.inner.search(user, query).await
    }
    async fn create(&self, file: NewFile, at: DateTime<Utc>) -> StoreResult<CodeFile> {
        self.inner.create(file, at).await
    }
    async fn add_version(
        &self,
        user: i64,
        key: &Id,
        code: String,
        language: String,
        note: Option<String>,
        at: DateTime<Utc>,
    ) -> StoreResult<CodeFile> {
        self.inner
            .add_version(user, key, code, language, note, at)
            .await
    }
    async fn rename(
        &self,
        user: i64,
        key: &Id,
        name: &str,
        language: &str,
        replacing: Option<&Id>,
        at: DateTime<Utc>,
    ) -> StoreResult<CodeFile> {
        self.inner
            .rename(user, key, name, language, replacing, at)
            .await
    }
    async fn current(&self, user: i64, key: &Id) -> StoreResult<Option<CodeFile>> {
        self.inner.current(user, key).await
    }
    async fn current_by_name(&self, user: i64, name: &str) -> StoreResult<Option<CodeFile>> {
        self.inner.current_by_name(user, name).await
    }
    async fn list(
        &self,
        user: i64,
        tag: Option<&str>,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        self.inner.list(user, tag, skip, limit).await
    }
    async fn tags(&self, user: i64) -> StoreResult<Vec<String>> {
        self.inner.tags(user).await
    }
    async fn versions(&self, user: i64, key: &Id) -> StoreResult<Vec<VersionInfo>> {
        self.inner.versions(user, key).await
    }
    async fn version(&self, user: i64, version_id: &Id) -> StoreResult<Option<CodeFile>> {
        self.inner.version(user, version_id).await
    }
    async fn set_note(&self, user: i64, key: &Id, note: Option<String>) -> StoreResult<()> {
        self.inner.set_note(user, key, note).await
    }
    async fn set_tags(&self, user: i64, key: &Id, tags: Vec<String>) -> StoreResult<()> {
        self.inner.set_tags(user, key, tags).await
    }
    async fn move_to_bin(&self, user: i64, key: &Id, at: DateTime<Utc>) -> StoreResult<()> {
        self.inner.move_to_bin(user, key, at).await
    }
    async fn list_bin(
        &self,
        user: i64,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        self.inner.list_bin(user, skip, limit).await
    }
    async fn restore_from_bin(&self, user: i64, key: &Id, name: &str) -> StoreResult<CodeFile> {
        self.inner.restore_from_bin(user, key, name).await
    }
    async fn binned(&self, user: i64, key: &Id) -> StoreResult<Option<CodeFile>> {
        self.inner.binned(user, key).await
    }
    async fn purge_binned_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        self.inner.purge_binned_before(cutoff).await
    }
    async fn usage(&self, user: i64) -> StoreResult<Usage> {
        self.inner.usage(user).await
    }
    async fn current_state(&self, user: i64) -> StoreResult<Vec<Current>> {
        self.inner.current_state(user).await
    }
    async fn apply(&self, user: i64, actions: Vec<Action>, at: DateTime<Utc>) -> StoreResult<()> {
        match &self.fault {
            ApplyFault::Announce(line) => {
                println!("{line}");
                self.inner.apply(user, actions, at).await
            }
            ApplyFault::Abort => Err(StoreError::Mongo(mongodb::error::Error::custom(
                "the transaction was aborted",
            ))),
        }
    }
    async fn stream_current(
        &self,
        user: i64,
    ) -> StoreResult<BoxStream<'static, StoreResult<CodeFile>>> {
        self.inner.stream_current(user).await
    }
}
