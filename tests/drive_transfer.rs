//! Drive transfers through the copy service and the Drive destination, on both stores, with
//! the real client against the fake Google: a manual upload reports rising progress and a
//! cancelled one leaves nothing there and nothing recorded; a copy downloads to a file that
//! exists only when the whole copy arrived and matched its MD5.

mod support;

use std::{path::Path, sync::Arc, time::Duration};

use chrono::Utc;
use codevault::{
    domain::{
        DestinationId, NewFile, UserId, backup::BackupKind, backup::CopyStatus, progress::Unwatched,
    },
    i18n::Locale,
    integrations::{
        crypto::TokenCipher,
        google::{GoogleClient, TokenVault},
    },
    service::{
        BackupService, Clock, Explain, SystemClock, UserMessage,
        copies::{CopyError, CopyService},
        destination::{Destination, DestinationError, download_to_file},
        drive::{DriveDestination, DriveSettings, SealedVault},
    },
};
use support::{
    google::{DownloadQuirks, FakeGoogle, client::md5_hex},
    progress::Watcher,
    services,
    stores::{Data, TestStore, contract},
};

const USER: UserId = 73_001;
const DRIVE: DestinationId = DestinationId::DRIVE;
const KEY: &str = "5f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100";
const CHUNK: u64 = 256 * 1024;

struct World {
    fake: FakeGoogle,
    store: TestStore,
    backups: Arc<BackupService>,
    copies: Arc<CopyService>,
    destination: Arc<DriveDestination>,
}

/// About 1.7 MB of code that compresses to under half: the backup takes a few chunks.
fn incompressible_code() -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..40_000)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            format!("k = 0x{:016x}{:016x}\n", state, state.rotate_left(17))
        })
        .collect()
}

/// A user connected to Drive (tokens sealed in the store) with one large file; uploads above
/// 1 KiB are resumable in 256 KiB chunks.
async fn world(store: TestStore) -> World {
    let fake = FakeGoogle::start().await;
    let mut google = fake.settings();
    google.multipart_limit_bytes = 1024;
    google.resumable_chunk_bytes = CHUNK;
    let vault = Arc::new(SealedVault::new(
        store.drive.clone(),
        TokenCipher::from_hex(KEY).ok(),
    ));
    vault.save(USER, &fake.grant()).await.unwrap();
    store
        .drive
        .set_connected(USER, Some("alice@example.com"), Utc::now())
        .await
        .unwrap();
    let client = GoogleClient::new(google, vault).unwrap();
    let settings = DriveSettings {
        configured: true,
        can_keep_tokens: true,
        folder_name: "CodeVault Backups".to_owned(),
        default_retention: 10,
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let destination = Arc::new(DriveDestination::new(
        client,
        store.drive.clone(),
        clock.clone(),
        &settings,
    ));
    let backups = services::backups(&store.stores, 50);
    let copies = CopyService::new(
        backups.clone(),
        store.destinations.clone(),
        store.jobs.clone(),
        store.events.clone(),
        clock,
    )
    .with(
        destination.clone(),
        DriveDestination::copy_settings(&settings),
    );
    let file = NewFile {
        user_id: USER,
        name: "keys.py".to_owned(),
        language: "python".to_owned(),
        code: incompressible_code(),
        note: None,
        tags: Vec::new(),
    };
    store.files.create(file, Utc::now()).await.unwrap();
    World {
        fake,
        store,
        backups,
        copies: Arc::new(copies),
        destination,
    }
}

impl World {
    /// A stored backup of a few chunks, and its archive.
    async fn backup(&self) -> (codevault::domain::Id, Vec<u8>) {
        let created = self
            .backups
            .create_full(USER, BackupKind::FullBackup, &Unwatched)
            .await
            .unwrap();
        let (_, archive) = self
            .backups
            .archive(USER, &created.record.id)
            .await
            .unwrap();
        assert!(archive.len() as u64 > 2 * CHUNK, "{} bytes", archive.len());
        (created.record.id, archive)
    }

    fn bot_backups(&self) -> usize {
        let files = self.fake.files();
        let bot = |file: &&support::google::FakeFile| {
            file.app_properties.get("codevault").map(String::as_str) == Some("backup")
        };
        files.iter().filter(bot).count()
    }
}

async fn a_cancelled_manual_upload_leaves_nothing_there_and_records_nothing(store: TestStore) {
    let w = world(store).await;
    let (backup, archive) = w.backup().await;
    let records = [Data::Backups, Data::Jobs];
    let before = w.store.dump(&records).await;
    let events = w.store.events().await.len();

    // ✖️ Cancel once Google holds the first chunk.
    let watcher = Watcher::cancelling_at(CHUNK);
    let failed = w
        .copies
        .upload_now(USER, &DRIVE, &backup, &watcher)
        .await
        .unwrap_err();
    assert!(
        matches!(failed.error, CopyError::Cancelled),
        "{:?}",
        failed.error
    );
    assert_eq!(failed.retry_at, None, "a cancel is not retried");
    assert_eq!(
        failed.error.message(),
        UserMessage::from("drive-upload-cancelled")
    );
    assert!(Locale::En.t("drive-upload-cancelled").contains("cancelled"));
    assert_eq!(w.fake.abandoned_sessions().len(), 1);
    assert_eq!(w.fake.open_sessions(), 0);
    assert_eq!(w.bot_backups(), 0);
    // Nothing recorded: no copy on the backup, no retry job, no outcome, no upload event.
    assert_eq!(w.store.dump(&records).await, before);
    let record = w.backups.get(USER, &backup).await.unwrap();
    assert!(record.copy(&DRIVE).is_none(), "{:?}", record.copies);
    let state = w.store.destinations.state(USER, &DRIVE).await.unwrap();
    assert_eq!((state.last_success, state.last_error), (None, None));
    // (Reading the stored archive is an event of its own; no upload is.)
    let after = w.store.events().await;
    let new: Vec<&str> = after[events..].iter().map(|e| e.name.as_str()).collect();
    assert_eq!(new, ["backup_downloaded"]);

    // Uploaded again, watched to the end: the progress rises to the archive's size.
    let watcher = Watcher::default();
    let uploaded = w.copies.upload_now(USER, &DRIVE, &backup, &watcher).await;
    assert_eq!(uploaded.unwrap().backup, backup);
    watcher.assert_rose_to(archive.len() as u64);
    assert!(watcher.seen().len() > 3, "{:?}", watcher.seen());
    let record = w.backups.get(USER, &backup).await.unwrap();
    let copy = record.copy(&DRIVE).expect("the copy is recorded");
    assert_eq!(copy.status, CopyStatus::Uploaded);
    let remote = copy.remote_id.as_deref().unwrap();
    assert!(w.fake.file_bytes(remote).unwrap() == archive);
}

fn exists(path: &Path) -> bool {
    std::fs::exists(path).unwrap()
}

async fn a_copy_downloads_to_a_file_only_whole_and_matching(store: TestStore) {
    let w = world(store).await;
    let (backup, archive) = w.backup().await;
    w.copies
        .upload_now(USER, &DRIVE, &backup, &Unwatched)
        .await
        .unwrap();
    let copies = w.destination.list(USER).await.unwrap();
    let remote = copies[0].id.clone();
    let destination: &dyn Destination = w.destination.as_ref();
    let dir = tempfile::tempdir().unwrap();
    let size = archive.len() as u64;

    let path = dir.path().join("whole.zip");
    let watcher = Watcher::default();
    let downloaded = download_to_file(destination, USER, &remote, &path, size, &watcher)
        .await
        .unwrap();
    assert!(std::fs::read(&path).unwrap() == archive);
    assert_eq!((downloaded.size, downloaded.md5), (size, md5_hex(&archive)));
    watcher.assert_rose_to(size);

    // One byte over the limit: refused from Drive's metadata, nothing asked, nothing kept.
    let path = dir.path().join("large.zip");
    let media = w.fake.media_ranges().len();
    let err = download_to_file(destination, USER, &remote, &path, size - 1, &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DestinationError::TooLarge { .. }), "{err:?}");
    assert!(!exists(&path));
    assert_eq!(w.fake.media_ranges().len(), media);

    // Drive claims less than it holds: stopped at the limit, before the end; nothing kept.
    w.fake.set_download_quirks(DownloadQuirks {
        claimed_size: Some(1_000),
        stall_after: Some(archive.len() - 1_000),
        ..DownloadQuirks::default()
    });
    let limit = CHUNK;
    let path = dir.path().join("understated.zip");
    let download = download_to_file(destination, USER, &remote, &path, limit, &Unwatched);
    let err = tokio::time::timeout(Duration::from_secs(60), download)
        .await
        .expect("refused before the end, which never comes")
        .unwrap_err();
    assert!(matches!(err, DestinationError::TooLarge { .. }), "{err:?}");
    assert!(!exists(&path));

    // Cancelled half-way (the answer stalls there): nothing kept.
    w.fake.set_download_quirks(DownloadQuirks {
        stall_after: Some(archive.len() / 2),
        ..DownloadQuirks::default()
    });
    let path = dir.path().join("cancelled.zip");
    let watcher = Watcher::cancelling_at(CHUNK / 2);
    let download = download_to_file(destination, USER, &remote, &path, size, &watcher);
    let err = tokio::time::timeout(Duration::from_secs(60), download)
        .await
        .expect("the cancel ends the download")
        .unwrap_err();
    assert!(matches!(err, DestinationError::Cancelled), "{err:?}");
    assert!(!exists(&path));

    // Damaged at Drive: the MD5 differs, nothing kept.
    w.fake.set_download_quirks(DownloadQuirks::default());
    w.fake.corrupt(&remote);
    let path = dir.path().join("damaged.zip");
    let err = download_to_file(destination, USER, &remote, &path, size, &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DestinationError::Checksum(_)), "{err:?}");
    assert!(!exists(&path));

    // A file already at the path is never overwritten, nor removed.
    let taken = dir.path().join("whole.zip");
    let err = download_to_file(destination, USER, &remote, &taken, size, &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DestinationError::Storage(_)), "{err:?}");
    assert!(std::fs::read(&taken).unwrap() == archive);
}

contract!(
    a_cancelled_manual_upload_leaves_nothing_there_and_records_nothing,
    a_copy_downloads_to_a_file_only_whole_and_matching,
);
