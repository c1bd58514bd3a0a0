//! Backups of archives larger than the memory threshold, on both stores: built into a
//! temporary file while hashed, stored by stream, read back into another and verified from
//! it; handed out as a file-backed handle; counted file by file; and cancelled at every
//! stage (building, storing, repackaging a repository), which leaves nothing stored, no
//! `backup_failed` event and no temporary file open.
//!
//! One test for both stores, so that nothing else in this process holds a temporary file
//! while it counts them.

mod support;

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::Utc;
use codevault::{
    archive::{sha256_hex, verify},
    domain::{
        backup::{BackupKind, quota::BackupQuota},
        progress::{Progress, Unit},
        restore::{Action, Incoming},
    },
    service::{
        BackupError, BackupService, BackupSettings, SystemClock,
        backup::{Created, RepoOrigin},
    },
    spool::spool_reader,
    storage::Stores,
};
use sha2::{Digest, Sha256};
use support::{
    blobs::blob,
    github::zipball,
    stores::{Backend, EVERYTHING, TestStore},
};

const USER: i64 = 8101;
const FILES: u64 = 40;
/// Far below the archives made here (hundreds of KB), so they all go to temporary files.
const MEMORY: u64 = 64 * 1024;

/// What a watcher was told, and when it answers that the work is cancelled.
struct Watcher {
    seen: Mutex<Vec<(Unit, u64, Option<u64>)>>,
    cancel_after: Option<(Unit, u64)>,
}

impl Watcher {
    fn new(cancel_after: Option<(Unit, u64)>) -> Self {
        Self {
            seen: Mutex::default(),
            cancel_after,
        }
    }

    fn seen(&self) -> Vec<(Unit, u64, Option<u64>)> {
        self.seen.lock().unwrap().clone()
    }
}

impl Progress for Watcher {
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>) {
        self.seen.lock().unwrap().push((unit, done, total));
    }

    fn cancelled(&self) -> bool {
        let Some((unit, after)) = self.cancel_after else {
            return false;
        };
        self.seen
            .lock()
            .unwrap()
            .iter()
            .any(|(seen, done, _)| *seen == unit && *done >= after)
    }
}

/// `len` hex digits deflate cannot shrink much.
fn noise(seed: u64, len: usize) -> String {
    let mut text = String::new();
    let mut block = Sha256::digest(seed.to_le_bytes()).to_vec();
    while text.len() < len {
        text.push_str(&hex::encode(&block));
        block = Sha256::digest(&block).to_vec();
    }
    text.truncate(len);
    text
}

async fn seed(stores: &Stores) {
    let actions = (0..FILES)
        .map(|i| {
            Action::Create(Incoming {
                name: format!("src/file_{i:02}.txt"),
                code: noise(i, 20_000),
                language: Some("text".to_owned()),
                note: None,
                tags: Vec::new(),
                history: Vec::new(),
            })
        })
        .collect();
    stores.files.apply(USER, actions, Utc::now()).await.unwrap();
}

fn service(stores: &Stores) -> BackupService {
    BackupService::new(
        stores.files.clone(),
        stores.backups.clone(),
        stores.blobs.clone(),
        stores.events.clone(),
        Arc::new(SystemClock),
        BackupSettings {
            quota: BackupQuota::DEFAULT,
            app: "codevault test".to_owned(),
            page_size: 10,
            part_bytes: 45 << 20,
            archive_memory_bytes: MEMORY,
        },
    )
}

/// Temporary files this process holds open (they have no name: the system lists them as
/// deleted).
fn open_temp_files() -> Vec<String> {
    let temp = std::env::temp_dir().display().to_string();
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .map(|target| target.display().to_string())
        .filter(|target| target.starts_with(&temp) && target.ends_with("(deleted)"))
        .collect()
}

/// Every temporary file is closed (a reader's helper thread lets go of its file a moment
/// after the last byte is read, hence the wait).
async fn assert_no_temp_files(when: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let open = open_temp_files();
        if open.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "{when}: still open: {open:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The backup's archive is what the store holds, hashes as the record says and verifies.
async fn assert_stored(store: &TestStore, created: &Created) -> Vec<u8> {
    let record = &created.record;
    assert!(!created.archive.is_in_memory(), "{:?}", created.archive);
    let bytes = created.archive.to_vec().await.unwrap();
    assert_eq!(bytes.len() as u64, record.archive_size);
    assert_eq!(sha256_hex(&bytes), record.sha256);
    assert_eq!(created.archive.sha256_hex(), record.sha256);
    assert!(blob(store.blobs.as_ref(), &record.id).await.unwrap() == bytes);
    let manifest = verify(&bytes).unwrap();
    assert_eq!(manifest.total_files, record.file_count);
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_backups_go_through_temporary_files_and_a_cancel_leaves_nothing() {
    let held = spool_reader(&mut &[7u8; 10][..], 0).await.unwrap();
    assert_eq!(
        open_temp_files().len(),
        1,
        "the count sees a file held open"
    );
    drop(held);
    assert_no_temp_files("at the start").await;
    for backend in [Backend::Sqlite, Backend::Mongo] {
        let store = backend.open("backup_streams").await;
        seed(&store.stores).await;
        let backups = service(&store.stores);

        let watcher = Watcher::new(None);
        let created = backups
            .create_full(
                USER,
                BackupKind::FullBackup,
                &codevault::service::BackupOptions::default(),
                &watcher,
            )
            .await
            .unwrap();
        let bytes = assert_stored(&store, &created).await;
        assert!(
            bytes.len() as u64 > 4 * MEMORY,
            "{backend:?}: {}",
            bytes.len()
        );
        let counted: Vec<_> = (1..=FILES).map(|n| (Unit::Files, n, Some(FILES))).collect();
        assert_eq!(watcher.seen(), counted, "{backend:?}");
        let (record, opened) = backups
            .open_archive(USER, &created.record.id)
            .await
            .unwrap();
        assert_eq!(record, created.record);
        assert!(!opened.is_in_memory());
        assert_eq!(opened.len(), record.archive_size);
        assert!(opened.to_vec().await.unwrap() == bytes);
        drop((created, opened));

        let before = store.dump(&EVERYTHING).await;
        let cancels = [
            ("while building", Unit::Files, FILES / 4),
            ("while storing", Unit::Files, FILES),
        ];
        for (when, unit, after) in cancels {
            let watcher = Watcher::new(Some((unit, after)));
            let refused = backups
                .create_full(
                    USER,
                    BackupKind::FullBackup,
                    &codevault::service::BackupOptions::default(),
                    &watcher,
                )
                .await;
            assert!(
                matches!(refused, Err(BackupError::Cancelled)),
                "{backend:?} {when}: {:?}",
                refused.map(|created| created.record)
            );
            let last = watcher.seen().last().copied();
            assert_eq!(last, Some((unit, after, Some(FILES))), "{backend:?} {when}");
            assert_eq!(store.dump(&EVERYTHING).await, before, "{backend:?} {when}");
            assert_no_temp_files(when).await;
        }

        let files: Vec<(String, String)> = (0..30)
            .map(|i| (format!("lib/part_{i:02}.txt"), noise(100 + i, 20_000)))
            .collect();
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(name, code)| (name.as_str(), code.as_bytes()))
            .collect();
        let zip = zipball("octo/big", &"a".repeat(40), &files);
        let origin = RepoOrigin {
            repo: "octo/big".to_owned(),
            git_ref: "main".to_owned(),
            commit: "a".repeat(40),
        };
        let downloaded = spool_reader(&mut &zip[..], 0).await.unwrap();
        let watcher = Watcher::new(Some((Unit::Files, 3)));
        let refused = backups
            .store_repo(USER, downloaded, origin.clone(), 1 << 30, &watcher)
            .await;
        assert!(
            matches!(refused, Err(BackupError::Cancelled)),
            "{backend:?}: {:?}",
            refused.map(|created| created.record)
        );
        assert_eq!(
            store.dump(&EVERYTHING).await,
            before,
            "{backend:?} repository"
        );
        assert_no_temp_files("repackaging").await;

        let downloaded = spool_reader(&mut &zip[..], 0).await.unwrap();
        let watcher = Watcher::new(None);
        let kept = backups
            .store_repo(USER, downloaded, origin, 1 << 30, &watcher)
            .await
            .unwrap();
        assert_stored(&store, &kept).await;
        assert_eq!(kept.record.repo.as_deref(), Some("octo/big"));
        assert_eq!(
            watcher.seen().last().copied(),
            Some((Unit::Files, 30, Some(30)))
        );
        drop(kept);
        assert_no_temp_files("after everything").await;

        let failed: Vec<_> = store
            .events()
            .await
            .into_iter()
            .filter(|event| event.name == "backup_failed")
            .collect();
        assert!(
            failed.is_empty(),
            "{backend:?}: a cancel is no failure: {failed:?}"
        );
    }
}
