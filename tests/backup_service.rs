//! BackupService against the real database: store → verify → list, failures, quota, ownership.

mod support;

use std::{
    io::{Cursor, Read},
    sync::Arc,
};

use async_trait::async_trait;
use codevault::{
    archive::verify,
    domain::{
        Id,
        backup::{
            BackupKind, BackupRecord, Rating,
            quota::{BackupClass, BackupQuota, NoRoom},
        },
        progress::Unwatched,
    },
    service::{
        BackupError, BackupOptions, BackupService, BackupSettings, Library, LibraryLimits,
        SystemClock,
    },
    storage::{BackupStore, BlobReader, BlobStore, StoreError, StoreResult, mongo::Mongo},
};
use mongodb::bson::{Document, doc};
use support::{blobs::read_all, db, faults::FaultyBackups};
use tokio::io::AsyncRead;

const ALICE: i64 = 3001;
const BOB: i64 = 3002;

fn library(mongo: &Mongo) -> Library {
    let limits = LibraryLimits {
        max_file_bytes: 1 << 20,
        max_files: 1000,
        max_bytes: 1 << 26,
        recycle_bin_days: 7,
        page_size: 10,
    };
    Library::new(
        Arc::new(mongo.files()),
        Arc::new(mongo.events()),
        Arc::new(SystemClock),
        limits,
    )
}

fn settings(max_backups: u64) -> BackupSettings {
    BackupSettings {
        quota: support::services::quota(max_backups),
        app: "codevault test".to_owned(),
        page_size: 10,
        part_bytes: 20_000,
        archive_memory_bytes: 1 << 20,
    }
}

fn service(
    mongo: &Mongo,
    blobs: Arc<dyn BlobStore>,
    backups: Arc<dyn BackupStore>,
    settings: BackupSettings,
) -> BackupService {
    BackupService::new(
        Arc::new(mongo.files()),
        backups,
        blobs,
        Arc::new(mongo.events()),
        Arc::new(SystemClock),
        settings,
    )
}

/// The backup service over the real stores with these settings.
fn real_with(mongo: &Mongo, settings: BackupSettings) -> BackupService {
    service(
        mongo,
        Arc::new(mongo.blobs()),
        Arc::new(mongo.backups()),
        settings,
    )
}

fn real(mongo: &Mongo, max_backups: u64) -> BackupService {
    real_with(mongo, settings(max_backups))
}

async fn count(mongo: &Mongo, collection: &str) -> u64 {
    mongo
        .database()
        .collection::<Document>(collection)
        .count_documents(doc! {})
        .await
        .unwrap()
}

async fn seed(mongo: &Mongo, user: i64, files: usize) {
    let library = library(mongo);
    for i in 0..files {
        // Hex of a hash chain: text that deflate cannot shrink much, so sizes are predictable.
        let code: String = (0..40)
            .map(|j| codevault::archive::sha256_hex(format!("{i}-{j}").as_bytes()))
            .collect();
        library
            .create(user, &format!("f{i:03}.txt"), code, None)
            .await
            .unwrap();
    }
}

/// Fails in the chosen place, to prove a failed backup leaves nothing behind.
struct FaultyBlobs {
    inner: Arc<dyn BlobStore>,
    corrupt_on_read: bool,
}

#[async_trait]
impl BlobStore for FaultyBlobs {
    async fn put(
        &self,
        id: &Id,
        name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        self.inner.put(id, name, archive).await
    }

    async fn get(&self, id: &Id) -> StoreResult<BlobReader> {
        if self.corrupt_on_read {
            let mut bytes = read_all(self.inner.get(id).await?).await;
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0xFF;
            Ok(Box::pin(Cursor::new(bytes)))
        } else {
            Err(StoreError::Mongo(mongodb::error::Error::custom(
                "the connection dropped",
            )))
        }
    }

    async fn delete(&self, id: &Id) -> StoreResult<()> {
        self.inner.delete(id).await
    }

    async fn remove_orphans(&self, before: chrono::DateTime<chrono::Utc>) -> StoreResult<u64> {
        self.inner.remove_orphans(before).await
    }
}

#[tokio::test]
async fn a_backup_is_stored_verified_and_listed() {
    let mongo = db::connect(&db::unique_name("backup")).await;
    seed(&mongo, ALICE, 5).await;
    let backups = real(&mongo, 50);
    let created = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    let record = &created.record;
    assert_eq!(
        (record.file_count, record.kind, record.version.as_str()),
        (5, BackupKind::FullBackup, "1.0")
    );
    let bytes = created.archive.to_vec().await.unwrap();
    assert_eq!(record.archive_size, bytes.len() as u64);
    assert_eq!(record.sha256, codevault::archive::sha256_hex(&bytes));
    assert_eq!(record.sha256, created.archive.sha256_hex());
    let manifest = verify(&bytes).unwrap();
    assert_eq!(manifest.backup_id, record.id.to_string());
    assert_eq!(manifest.total_size, record.total_size);
    let (stored, archive) = backups.archive(ALICE, &record.id).await.unwrap();
    assert_eq!((&stored, archive), (record, bytes.clone()));
    let (stored, opened) = backups.open_archive(ALICE, &record.id).await.unwrap();
    assert_eq!((&stored, opened.len()), (record, record.archive_size));
    assert_eq!(opened.to_vec().await.unwrap(), bytes);
    assert_eq!(
        backups.list(ALICE, 0).await.unwrap().items,
        vec![record.clone()]
    );
    assert_eq!(count(&mongo, "backups.files").await, 1);
    let events = db::dump(&mongo, "events").await;
    assert!(
        events
            .iter()
            .any(|e| e.get_str("name") == Ok("backup_created"))
    );
}

#[tokio::test]
async fn a_failure_at_any_step_leaves_no_record_and_no_blob() {
    let mongo = db::connect(&db::unique_name("backup_fail")).await;
    seed(&mongo, ALICE, 3).await;
    let gridfs: Arc<dyn BlobStore> = Arc::new(mongo.blobs());
    let records: Arc<dyn BackupStore> = Arc::new(mongo.backups());
    let failures: Vec<(&str, BackupService)> = vec![
        (
            "read back fails",
            service(
                &mongo,
                Arc::new(FaultyBlobs {
                    inner: gridfs.clone(),
                    corrupt_on_read: false,
                }),
                records.clone(),
                settings(50),
            ),
        ),
        (
            "read back is corrupt",
            service(
                &mongo,
                Arc::new(FaultyBlobs {
                    inner: gridfs.clone(),
                    corrupt_on_read: true,
                }),
                records.clone(),
                settings(50),
            ),
        ),
        (
            "record write fails",
            service(
                &mongo,
                gridfs.clone(),
                Arc::new(FaultyBackups::refusing_inserts(records.clone())),
                settings(50),
            ),
        ),
    ];
    for (case, backups) in failures {
        let error = backups
            .create_full(
                ALICE,
                BackupKind::FullBackup,
                &BackupOptions::default(),
                &Unwatched,
            )
            .await
            .err()
            .unwrap_or_else(|| panic!("{case}: succeeded"));
        assert!(
            matches!(error, BackupError::Verification(_) | BackupError::Store(_)),
            "{case}: {error:?}"
        );
        assert_eq!(
            count(&mongo, "backups").await,
            0,
            "{case}: a record was listed"
        );
        assert_eq!(
            count(&mongo, "backups.files").await,
            0,
            "{case}: an orphan blob"
        );
        assert_eq!(
            count(&mongo, "backups.chunks").await,
            0,
            "{case}: orphan chunks"
        );
    }
    let failed = mongo
        .database()
        .collection::<Document>("events")
        .count_documents(doc! { "name": "backup_failed", "severity": "error", "user_id": ALICE })
        .await
        .unwrap();
    assert_eq!(failed, 3);
}

#[tokio::test]
async fn the_quota_removes_the_oldest_unrated_backups_only() {
    let mongo = db::connect(&db::unique_name("backup_quota")).await;
    seed(&mongo, ALICE, 1).await;
    let backups = real(&mongo, 3);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            backups
                .create_full(
                    ALICE,
                    BackupKind::FullBackup,
                    &BackupOptions::default(),
                    &Unwatched,
                )
                .await
                .unwrap()
                .record
                .id,
        );
    }
    backups
        .rate(ALICE, &ids[0], Some(Rating::Excellent))
        .await
        .unwrap();
    let fourth = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    assert_eq!(
        fourth
            .pruned
            .iter()
            .map(|b| b.id.clone())
            .collect::<Vec<_>>(),
        vec![ids[1].clone()]
    );
    let left: Vec<Id> = backups
        .list(ALICE, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(left.len(), 3);
    assert!(
        left.contains(&ids[0])
            && !left.contains(&ids[1])
            && left.contains(&ids[2])
            && left.contains(&fourth.record.id)
    );
    assert_eq!(
        count(&mongo, "backups.files").await,
        3,
        "the pruned backup's blob went too"
    );
}

#[tokio::test]
async fn with_every_backup_rated_the_quota_refuses_a_new_one_and_stores_nothing() {
    let mongo = db::connect(&db::unique_name("backup_quota_rated")).await;
    seed(&mongo, ALICE, 1).await;
    let backups = real(&mongo, 2);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let id = backups
            .create_full(
                ALICE,
                BackupKind::FullBackup,
                &BackupOptions::default(),
                &Unwatched,
            )
            .await
            .unwrap()
            .record
            .id;
        backups.rate(ALICE, &id, Some(Rating::Good)).await.unwrap();
        ids.push(id);
    }
    let stored = || async {
        (
            db::dump(&mongo, "backups").await,
            db::dump(&mongo, "backups.files").await,
            count(&mongo, "backups.chunks").await,
        )
    };
    let before = stored().await;
    let refused = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .err();
    assert!(
        matches!(
            refused,
            Some(BackupError::NoRoom(NoRoom::Count {
                class: BackupClass::Manual,
                stored: 2,
                limit: 2
            }))
        ),
        "{refused:?}"
    );
    assert_eq!(stored().await, before, "nothing stored, nothing removed");
    // A safety snapshot has a share of its own: it is kept, and no manual backup goes for it.
    let snapshot = backups.snapshot(ALICE).await.unwrap();
    backups.discard(ALICE, &snapshot.id).await.unwrap();
    assert_eq!(stored().await, before);

    // A limit lowered below what is stored is not exceeded further, even with one unrated.
    backups.rate(ALICE, &ids[0], None).await.unwrap();
    let lowered = real(&mongo, 1);
    assert!(matches!(
        lowered
            .create_full(
                ALICE,
                BackupKind::FullBackup,
                &BackupOptions::default(),
                &Unwatched
            )
            .await,
        Err(BackupError::NoRoom(NoRoom::Count {
            class: BackupClass::Manual,
            stored: 2,
            limit: 1
        }))
    ));
    assert_eq!(count(&mongo, "backups").await, 2);

    // Clearing a rating makes room again: that backup is the one removed, and it is named.
    let made = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    assert_eq!(
        made.pruned.iter().map(|b| &b.id).collect::<Vec<_>>(),
        [&ids[0]]
    );
    assert_eq!(
        (
            count(&mongo, "backups").await,
            count(&mongo, "backups.files").await
        ),
        (2, 2)
    );
}

/// The backup service with 50 backups of every class and at most `max_bytes` of them.
fn with_bytes(mongo: &Mongo, max_bytes: u64) -> BackupService {
    let quota = BackupQuota {
        max_bytes,
        ..support::services::quota(50)
    };
    real_with(
        mongo,
        BackupSettings {
            quota,
            ..settings(50)
        },
    )
}

#[tokio::test]
async fn the_bytes_are_made_room_for_only_in_the_new_backup_s_class() {
    let mongo = db::connect(&db::unique_name("backup_bytes")).await;
    seed(&mongo, ALICE, 1).await;
    // The size of an archive of this library, from one made and removed again.
    let measure = real(&mongo, 50)
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap()
        .record;
    real(&mongo, 50).delete(ALICE, &measure.id).await.unwrap();
    let size = measure.archive_size;
    // Room for two and a half archives of this library.
    let backups = with_bytes(&mongo, size * 5 / 2);
    let plain = BackupOptions::default();
    let drive = || backups.create_full(ALICE, BackupKind::GoogleDriveBackup, &plain, &Unwatched);
    let first = drive().await.unwrap();
    assert_eq!(first.pruned, []);
    assert_eq!(drive().await.unwrap().pruned, []);
    let ids = |records: &[BackupRecord]| records.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
    let stored = || async { ids(&backups.list(ALICE, 0).await.unwrap().items) };
    let before = stored().await;
    let held: u64 = (backups.list(ALICE, 0).await.unwrap().items.iter())
        .map(|b| b.archive_size)
        .sum();

    // A manual backup would need a third archive's room; only the automatic backups could
    // give it, so it is refused and nothing goes.
    let refused = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .err();
    assert!(
        matches!(
            refused,
            Some(BackupError::NoRoom(NoRoom::Bytes { used, size: Some(_), .. })) if used == held
        ),
        "{refused:?}"
    );
    assert_eq!(stored().await, before);
    assert_eq!(count(&mongo, "backups.files").await, 2);

    // Another automatic backup takes the place of the oldest, which is named.
    let third = drive().await.unwrap();
    assert_eq!(ids(&third.pruned), [first.record.id]);
    assert_eq!(stored().await.len(), 2);

    // With the automatic ones rated and the quota lowered to what is stored, a new one is
    // refused before anything is built.
    for id in stored().await {
        backups.rate(ALICE, &id, Some(Rating::Good)).await.unwrap();
    }
    let full = with_bytes(&mongo, 2 * size);
    let before = (stored().await, count(&mongo, "backups.files").await);
    let refused = full
        .create_full(
            ALICE,
            BackupKind::GoogleDriveBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .err();
    assert!(
        matches!(
            refused,
            Some(BackupError::NoRoom(NoRoom::Bytes { size: None, .. }))
        ),
        "{refused:?}"
    );
    assert_eq!(
        (stored().await, count(&mongo, "backups.files").await),
        before
    );
}

#[tokio::test]
async fn a_selection_keeps_only_the_user_s_own_backups_in_its_order() {
    let mongo = db::connect(&db::unique_name("backup_owned")).await;
    seed(&mongo, ALICE, 1).await;
    seed(&mongo, BOB, 1).await;
    let backups = real(&mongo, 50);
    let plain = codevault::service::BackupOptions::default();
    let create = |user| backups.create_full(user, BackupKind::FullBackup, &plain, &Unwatched);
    let first = create(ALICE).await.unwrap().record.id;
    let second = create(ALICE).await.unwrap().record.id;
    let bobs = create(BOB).await.unwrap().record.id;
    let unknown = Id::generate();
    let selected = [second.clone(), bobs, unknown, first.clone()];
    let owned: Vec<Id> = backups
        .owned(ALICE, &selected)
        .await
        .unwrap()
        .into_iter()
        .map(|record| record.id)
        .collect();
    assert_eq!(owned, [second, first]);
    assert!(backups.owned(ALICE, &[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn another_user_reaches_none_of_it() {
    let mongo = db::connect(&db::unique_name("backup_owner")).await;
    seed(&mongo, ALICE, 2).await;
    let backups = real(&mongo, 50);
    let id = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap()
        .record
        .id;
    let before = (
        db::dump(&mongo, "backups").await,
        count(&mongo, "backups.files").await,
    );
    assert!(matches!(
        backups.get(BOB, &id).await,
        Err(BackupError::NotFound)
    ));
    assert!(matches!(
        backups.archive(BOB, &id).await,
        Err(BackupError::NotFound)
    ));
    assert!(matches!(
        backups.split(BOB, &id).await,
        Err(BackupError::NotFound)
    ));
    assert!(matches!(
        backups.rate(BOB, &id, Some(Rating::Good)).await,
        Err(BackupError::NotFound)
    ));
    assert!(matches!(
        backups.set_note(BOB, &id, Some("mine now")).await,
        Err(BackupError::NotFound)
    ));
    assert!(matches!(
        backups.delete(BOB, &id).await,
        Err(BackupError::NotFound)
    ));
    assert_eq!(
        backups
            .delete_many(BOB, std::slice::from_ref(&id))
            .await
            .unwrap(),
        0
    );
    assert!(backups.list(BOB, 0).await.unwrap().items.is_empty());
    assert!(
        backups
            .owned(BOB, std::slice::from_ref(&id))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        (
            db::dump(&mongo, "backups").await,
            count(&mongo, "backups.files").await
        ),
        before
    );
}

#[tokio::test]
async fn a_large_backup_splits_into_verified_parts() {
    let mongo = db::connect(&db::unique_name("backup_parts")).await;
    seed(&mongo, ALICE, 30).await;
    let backups = real(&mongo, 50);
    let created = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    assert!(
        created.archive.len() > 40_000,
        "the archive is {} bytes",
        created.archive.len()
    );
    let split = backups.split(ALICE, &created.record.id).await.unwrap();
    assert!(split.count() >= 3, "{} parts", split.count());
    let mut names = Vec::new();
    for index in 0..split.count() {
        let part = split.part(index).await.unwrap().to_vec().await.unwrap();
        assert!(part.len() < 20_000, "part {index} is {} bytes", part.len());
        let manifest = verify(&part).unwrap();
        assert_eq!(
            manifest.part,
            Some(format!("{}/{}", index + 1, split.count()))
        );
        assert_eq!(manifest.backup_id, created.record.id.to_string());
        let mut zip = zip::ZipArchive::new(Cursor::new(&part)).unwrap();
        for file in &manifest.files {
            let mut bytes = Vec::new();
            zip.by_name(&file.path)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            assert_eq!(codevault::archive::sha256_hex(&bytes), file.sha256);
            names.push(file.file_name.clone());
        }
    }
    let expected: Vec<String> = (0..30).map(|i| format!("f{i:03}.txt")).collect();
    assert_eq!(names, expected, "every file in exactly one part, in order");
}
