//! RestoreService against the real database: a restore that fails or has nothing to write
//! leaves My backups exactly as they were, and one whose safety snapshot has no room under
//! the quota is refused before anything changes.

mod support;

use std::sync::Arc;

use codevault::{
    archive::reader::ReadLimits,
    domain::{
        Id,
        backup::{
            BackupKind, Rating,
            quota::{BackupClass, NoRoom},
        },
        progress::Unwatched,
        quota::Quota,
        restore::Choice,
    },
    service::{
        BackupError, BackupService, BackupSettings, Library, LibraryLimits, SystemClock,
        restore::{RestoreError, RestoreService},
    },
    storage::{FileStore, mongo::Mongo},
};
use mongodb::bson::{Document, doc};
use support::{
    db,
    faults::{ApplyFault, FaultyApply},
};

const ALICE: i64 = 5001;

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

fn backups(mongo: &Mongo, max_backups: u64) -> Arc<BackupService> {
    Arc::new(BackupService::new(
        Arc::new(mongo.files()),
        Arc::new(mongo.backups()),
        Arc::new(mongo.blobs()),
        Arc::new(mongo.events()),
        Arc::new(SystemClock),
        BackupSettings {
            quota: support::services::quota(max_backups),
            app: "codevault test".to_owned(),
            page_size: 10,
            part_bytes: 45 << 20,
            archive_memory_bytes: 1 << 20,
        },
    ))
}

fn restorer(
    mongo: &Mongo,
    files: Arc<dyn FileStore>,
    backups: Arc<BackupService>,
) -> RestoreService {
    RestoreService::new(
        files,
        backups,
        Arc::new(mongo.events()),
        Arc::new(SystemClock),
        ReadLimits::default(),
        Quota {
            max_files: 20_000,
            max_bytes: 1 << 28,
        },
    )
}

/// Everything a restore could change: the files, the backup records, and the archives.
async fn everything(mongo: &Mongo) -> (Vec<Document>, Vec<Document>, Vec<Document>, u64) {
    let chunks = mongo
        .database()
        .collection::<Document>("backups.chunks")
        .count_documents(doc! {})
        .await
        .unwrap();
    (
        db::dump(mongo, "code_files").await,
        db::dump(mongo, "backups").await,
        db::dump(mongo, "backups.files").await,
        chunks,
    )
}

/// A library with `a.py`, a full backup of it, then `a.py` changed: restoring the backup
/// has one conflict.
async fn backed_up_then_changed(mongo: &Mongo, backups: &BackupService) -> Id {
    let library = library(mongo);
    library
        .create(ALICE, "a.py", "a1".into(), None)
        .await
        .unwrap();
    let id = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap()
        .record
        .id;
    library
        .replace(ALICE, "a.py", "a2".into(), None)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_restore_whose_writes_fail_leaves_my_backups_as_they_were() {
    let mongo = db::connect(&db::unique_name("restore_fail")).await;
    // At the quota: the snapshot would have made the full backup go, had it been kept.
    let backups = backups(&mongo, 1);
    let full = backed_up_then_changed(&mongo, &backups).await;
    let failing = Arc::new(FaultyApply {
        inner: Arc::new(mongo.files()),
        fault: ApplyFault::Abort,
    });
    let restore = restorer(&mongo, failing, backups);
    let plan = restore.plan(ALICE, &full, None).await.unwrap();
    assert_eq!(plan.plan.conflict_names(), ["a.py"]);
    let before = everything(&mongo).await;

    let error = restore
        .apply(ALICE, &full, &["a.py".to_owned()], &[Choice::Replace], None)
        .await
        .err()
        .expect("the restore fails");
    assert!(matches!(error, RestoreError::Store(_)), "{error:?}");
    assert_eq!(
        everything(&mongo).await,
        before,
        "no pre_restore record, no blob, the full backup kept, the files unchanged"
    );
    let failed = mongo
        .database()
        .collection::<Document>("events")
        .count_documents(doc! { "name": "restore_failed", "user_id": ALICE })
        .await
        .unwrap();
    assert_eq!(failed, 1);
}

#[tokio::test]
async fn a_restore_with_nothing_to_write_keeps_no_snapshot() {
    let mongo = db::connect(&db::unique_name("restore_noop")).await;
    let backups = backups(&mongo, 50);
    library(&mongo)
        .create(ALICE, "a.py", "a1".into(), None)
        .await
        .unwrap();
    let full = backups
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap()
        .record
        .id;
    let restore = restorer(&mongo, Arc::new(mongo.files()), backups);
    let before = everything(&mongo).await;
    let applied = restore.apply(ALICE, &full, &[], &[], None).await.unwrap();
    assert_eq!(
        (applied.report.unchanged, applied.report.restored()),
        (1, 0)
    );
    assert!(applied.undo.is_none(), "nothing to undo");
    assert_eq!(everything(&mongo).await, before);
}

#[tokio::test]
async fn a_restore_whose_snapshot_has_no_room_is_refused_and_changes_nothing() {
    let mongo = db::connect(&db::unique_name("restore_no_room")).await;
    let backups = backups(&mongo, 2);
    let full = backed_up_then_changed(&mongo, &backups).await;
    // Two safety snapshots of earlier restores, both rated, fill the snapshots' share.
    for _ in 0..2 {
        let snapshot = backups.snapshot(ALICE).await.unwrap().id;
        backups
            .rate(ALICE, &snapshot, Some(Rating::Good))
            .await
            .unwrap();
    }
    let restore = restorer(&mongo, Arc::new(mongo.files()), backups);
    let before = everything(&mongo).await;
    let error = restore
        .apply(ALICE, &full, &["a.py".to_owned()], &[Choice::Replace], None)
        .await
        .err()
        .expect("refused");
    assert!(
        matches!(
            error,
            RestoreError::Backup(BackupError::NoRoom(NoRoom::Count {
                class: BackupClass::Snapshot,
                stored: 2,
                limit: 2
            }))
        ),
        "{error:?}"
    );
    assert_eq!(everything(&mongo).await, before);
}
