//! Backup records that fail on cue, over the real store: a refused insert, or a process that
//! dies right after a Drive upload, before the upload is recorded.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use async_trait::async_trait;
use codevault::{
    domain::{
        Id,
        backup::{BackupRecord, DriveCopy, DriveUploadStatus, Rating},
    },
    storage::{BackupStore, StoreError, StoreResult},
};

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
            return Err(StoreError::Other("write concern failed".to_owned()));
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
    async fn set_rating(&self, user: i64, id: &Id, rating: Option<Rating>) -> StoreResult<()> {
        self.inner.set_rating(user, id, rating).await
    }
    async fn set_note(&self, user: i64, id: &Id, note: Option<String>) -> StoreResult<()> {
        self.inner.set_note(user, id, note).await
    }
    async fn set_drive(&self, user: i64, id: &Id, copy: &DriveCopy) -> StoreResult<()> {
        if copy.status == DriveUploadStatus::Uploaded
            && self.crash_after_upload.swap(false, Ordering::SeqCst)
        {
            return Err(StoreError::Other("the process died".to_owned()));
        }
        self.inner.set_drive(user, id, copy).await
    }
    async fn delete(&self, user: i64, id: &Id) -> StoreResult<()> {
        self.inner.delete(user, id).await
    }
    async fn oldest_unrated(
        &self,
        user: i64,
        limit: u64,
        except: &Id,
    ) -> StoreResult<Vec<BackupRecord>> {
        self.inner.oldest_unrated(user, limit, except).await
    }
}
