//! The services over a test store, built one way for every test that needs them.

use std::sync::Arc;

use codevault::{
    archive::reader::ReadLimits,
    domain::{backup::quota::BackupQuota, quota::Quota},
    service::{BackupService, BackupSettings, SystemClock, restore::RestoreService},
    storage::{FileStore, Stores},
};

/// `count` backups of every class kept per user, and no limit on their bytes.
pub fn quota(count: u64) -> BackupQuota {
    BackupQuota {
        manual: count,
        scheduled: count,
        snapshots: count,
        imports: count,
        max_bytes: u64::MAX,
    }
}

/// The backup service over `stores` with `max_backups` of every class kept per user.
pub fn backups(stores: &Stores, max_backups: u64) -> Arc<BackupService> {
    let settings = BackupSettings {
        quota: quota(max_backups),
        app: "codevault tests".to_owned(),
        page_size: 10,
        part_bytes: 1 << 24,
        archive_memory_bytes: 1 << 20,
    };
    Arc::new(BackupService::new(
        stores.files.clone(),
        stores.backups.clone(),
        stores.blobs.clone(),
        stores.events.clone(),
        Arc::new(SystemClock),
        settings,
    ))
}

/// The restore service over `stores`, writing through `files` (the store's own, or one that
/// injects a fault), with `max_files` in the library.
pub fn restores(
    stores: &Stores,
    files: Arc<dyn FileStore>,
    backups: Arc<BackupService>,
    max_files: u64,
) -> RestoreService {
    let quota = Quota {
        max_files,
        max_bytes: 1 << 30,
    };
    RestoreService::new(
        files,
        backups,
        stores.events.clone(),
        Arc::new(SystemClock),
        ReadLimits::default(),
        quota,
    )
}
