//! The backup store on both backends: a restore's undo log kept with its safety snapshot (out of
//! records and lists, used once, scoped by user), what the quota counts (each kind, rated or
//! not, and their bytes), paging and the quota's oldest unrated of some kinds, remote copies
//! per destination; and on MongoDB, records from before destinations.

mod support;

use chrono::{Duration, TimeZone, Utc};
use codevault::{
    domain::{
        DestinationId, Id,
        backup::{
            BackupKind, BackupRecord, CopyStatus, Rating, RemoteCopy,
            quota::{BackupClass, Holdings, Tally},
        },
        restore::{AddedHistory, UndoLog, WriteKind, Written},
    },
    storage::{BackupStore, StoreError},
};
use mongodb::bson::{Document, doc, oid::ObjectId};
use support::{
    db,
    stores::{Data, TestStore, contract},
};

const ALICE: i64 = 6001;
const BOB: i64 = 6002;

fn record(kind: BackupKind) -> BackupRecord {
    BackupRecord {
        id: Id::generate(),
        user_id: ALICE,
        kind,
        created_at: Utc.with_ymd_and_hms(2026, 11, 30, 17, 3, 0).unwrap(),
        file_count: 2,
        total_size: 20,
        archive_size: 600,
        sha256: "00".repeat(32),
        version: "1.0".to_owned(),
        rating: None,
        note: None,
        repo: None,
        git_ref: None,
        commit: None,
        copies: Vec::new(),
        checked_at: None,
        damaged_at: None,
        protected: false,
    }
}

contract!(
    an_undo_log_stays_with_its_snapshot_and_is_used_once,
    holdings_count_each_kind_rated_or_not_per_user,
    each_destination_keeps_one_copy_on_the_record,
    backups_page_newest_first_and_stay_their_owners,
    the_oldest_unrated_of_the_kinds_come_first_never_the_one_kept,
);

async fn an_undo_log_stays_with_its_snapshot_and_is_used_once(stores: TestStore) {
    let store = &stores.backups;
    let snapshot = record(BackupKind::PreRestore);
    store.insert(&snapshot).await.unwrap();
    let id = &snapshot.id.clone();
    let log = UndoLog {
        restored: Id::generate(),
        writes: vec![
            Written {
                name: "new.py".to_owned(),
                kind: WriteKind::Created,
                state: "a".repeat(64),
                added: None,
            },
            Written {
                name: "lib.py".to_owned(),
                kind: WriteKind::Replaced,
                state: "b".repeat(64),
                added: Some(AddedHistory {
                    current: 9,
                    count: 3,
                }),
            },
            Written {
                name: "same.py".to_owned(),
                kind: WriteKind::HistoryAdded,
                state: "c".repeat(64),
                added: Some(AddedHistory {
                    current: 4,
                    count: 1,
                }),
            },
        ],
        undone_at: None,
    };
    assert_eq!(store.undo_log(ALICE, id).await.unwrap(), None);
    assert!(matches!(
        store.set_undo(BOB, id, &log).await,
        Err(StoreError::NotFound)
    ));
    store.set_undo(ALICE, id, &log).await.unwrap();
    assert_eq!(store.undo_log(ALICE, id).await.unwrap(), Some(log.clone()));
    assert_eq!(store.undo_log(BOB, id).await.unwrap(), None);
    assert_eq!(
        store.get(ALICE, id).await.unwrap(),
        Some(snapshot.clone()),
        "the record reads as before"
    );
    assert_eq!(store.list(ALICE, 0, 10).await.unwrap().0, [snapshot]);

    let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    assert!(!store.claim_undo(BOB, id, at).await.unwrap(), "not Bob's");
    assert!(store.claim_undo(ALICE, id, at).await.unwrap());
    assert!(!store.claim_undo(ALICE, id, at).await.unwrap(), "only once");
    assert_eq!(
        store.undo_log(ALICE, id).await.unwrap().unwrap().undone_at,
        Some(at)
    );
    store.release_undo(ALICE, id).await.unwrap();
    assert_eq!(store.undo_log(ALICE, id).await.unwrap(), Some(log));
    assert!(
        store.claim_undo(ALICE, id, at).await.unwrap(),
        "a released log can be claimed again"
    );

    let full = record(BackupKind::FullBackup);
    store.insert(&full).await.unwrap();
    assert!(
        !store.claim_undo(ALICE, &full.id, at).await.unwrap(),
        "a backup without a log cannot be claimed"
    );
}

async fn holdings_count_each_kind_rated_or_not_per_user(stores: TestStore) {
    let store = &stores.backups;
    let sized = |kind, archive_size| BackupRecord {
        archive_size,
        ..record(kind)
    };
    let records = [
        sized(BackupKind::FullBackup, 100),
        sized(BackupKind::FullBackup, 200),
        sized(BackupKind::FullBackup, 400),
        sized(BackupKind::GoogleDriveBackup, 3_000_000_000),
        sized(BackupKind::GithubRepoZip, 7),
    ];
    for record in &records {
        store.insert(record).await.unwrap();
    }
    store
        .insert(&BackupRecord {
            user_id: BOB,
            ..sized(BackupKind::FullBackup, 5)
        })
        .await
        .unwrap();
    store
        .set_rating(ALICE, &records[1].id, Some(Rating::Ok))
        .await
        .unwrap();
    store
        .set_rating(ALICE, &records[2].id, Some(Rating::Excellent))
        .await
        .unwrap();
    let held = store.holdings(ALICE).await.unwrap();
    let tally = |count, bytes, unrated, unrated_bytes| Tally {
        count,
        bytes,
        unrated,
        unrated_bytes,
    };
    assert_eq!(held.of_kind(BackupKind::FullBackup), tally(3, 700, 1, 100));
    assert_eq!(
        held.of_kind(BackupKind::GoogleDriveBackup),
        tally(1, 3_000_000_000, 1, 3_000_000_000),
        "sizes past 32 bits add up"
    );
    assert_eq!(held.of(BackupClass::Manual), tally(4, 707, 2, 107));
    assert_eq!(held.total(), tally(5, 3_000_000_707, 3, 3_000_000_107));
    assert_eq!(
        store.holdings(BOB).await.unwrap().total(),
        tally(1, 5, 1, 5)
    );
    assert_eq!(store.holdings(7).await.unwrap(), Holdings::default());
}

/// `n` records of Alice's, an hour apart, oldest first, inserted in a shuffled order.
async fn hourly(store: &TestStore, n: i64) -> Vec<BackupRecord> {
    let records: Vec<BackupRecord> = (0..n)
        .map(|hour| BackupRecord {
            created_at: record(BackupKind::FullBackup).created_at + Duration::hours(hour),
            ..record(BackupKind::FullBackup)
        })
        .collect();
    for i in (0..records.len())
        .rev()
        .step_by(2)
        .chain((0..records.len()).rev().skip(1).step_by(2))
    {
        store.backups.insert(&records[i]).await.unwrap();
    }
    records
}

fn ids(records: &[BackupRecord]) -> Vec<Id> {
    records.iter().map(|record| record.id.clone()).collect()
}

async fn backups_page_newest_first_and_stay_their_owners(stores: TestStore) {
    let store = &stores.backups;
    let records = hourly(&stores, 3).await;
    let bobs = BackupRecord {
        user_id: BOB,
        ..record(BackupKind::FullBackup)
    };
    store.insert(&bobs).await.unwrap();
    let (page, total) = store.list(ALICE, 0, 2).await.unwrap();
    assert_eq!(
        (ids(&page), total),
        (vec![records[2].id.clone(), records[1].id.clone()], 3)
    );
    let (rest, _) = store.list(ALICE, 2, 2).await.unwrap();
    assert_eq!(rest, [records[0].clone()]);
    assert_eq!(
        store.list(ALICE, 0, 0).await.unwrap().0.len(),
        3,
        "0 is no limit"
    );
    assert_eq!(store.count(ALICE).await.unwrap(), 3);
    assert_eq!(store.list(BOB, 0, 10).await.unwrap(), (vec![bobs], 1));

    let id = &records[1].id;
    let before = stores.dump(&[Data::Backups]).await;
    assert_eq!(store.get(BOB, id).await.unwrap(), None);
    for refused in [
        store.set_rating(BOB, id, Some(Rating::Good)).await,
        store.set_note(BOB, id, Some("mine".into())).await,
        store.delete(BOB, id).await,
        store.set_note(ALICE, &Id::generate(), None).await,
    ] {
        assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    }
    assert_eq!(
        stores.dump(&[Data::Backups]).await,
        before,
        "nothing changed"
    );

    store
        .set_rating(ALICE, id, Some(Rating::Good))
        .await
        .unwrap();
    store
        .set_note(ALICE, id, Some("before the move".into()))
        .await
        .unwrap();
    let read = store.get(ALICE, id).await.unwrap().unwrap();
    assert_eq!(
        (read.rating, read.note.as_deref()),
        (Some(Rating::Good), Some("before the move"))
    );
    store.set_rating(ALICE, id, None).await.unwrap();
    store.set_note(ALICE, id, None).await.unwrap();
    assert_eq!(
        store.get(ALICE, id).await.unwrap().as_ref(),
        Some(&records[1])
    );

    store.delete(ALICE, id).await.unwrap();
    assert!(matches!(
        store.delete(ALICE, id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.count(ALICE).await.unwrap(), 2);
    assert_eq!(store.get(ALICE, id).await.unwrap(), None);
}

async fn the_oldest_unrated_of_the_kinds_come_first_never_the_one_kept(stores: TestStore) {
    let store = &stores.backups;
    let records = hourly(&stores, 5).await;
    store
        .set_rating(ALICE, &records[1].id, Some(Rating::Ok))
        .await
        .unwrap();
    // An older backup of another kind, and one of Bob's: never among Alice's manual ones.
    let scheduled = BackupRecord {
        created_at: records[0].created_at - Duration::hours(1),
        ..record(BackupKind::GoogleDriveBackup)
    };
    store.insert(&scheduled).await.unwrap();
    let bobs = BackupRecord {
        user_id: BOB,
        created_at: scheduled.created_at,
        ..record(BackupKind::FullBackup)
    };
    store.insert(&bobs).await.unwrap();
    let manual = BackupClass::Manual.kinds();
    let kept = &records[0].id;
    let oldest = store.oldest_unrated(ALICE, &manual, 2, kept).await.unwrap();
    assert_eq!(ids(&oldest), [records[2].id.clone(), records[3].id.clone()]);
    let all = store.oldest_unrated(ALICE, &manual, 0, kept).await.unwrap();
    assert_eq!(ids(&all), ids(&records[2..]), "0 is no limit");
    let automatic = BackupClass::Scheduled.kinds();
    let theirs = store
        .oldest_unrated(ALICE, &automatic, 0, kept)
        .await
        .unwrap();
    assert_eq!(theirs, std::slice::from_ref(&scheduled));
    let both = [BackupKind::FullBackup, BackupKind::GoogleDriveBackup];
    let first = store.oldest_unrated(ALICE, &both, 1, kept).await.unwrap();
    assert_eq!(first, [scheduled]);
    assert_eq!(store.oldest_unrated(ALICE, &[], 0, kept).await.unwrap(), []);
    assert_eq!(
        ids(&store.oldest_unrated(BOB, &manual, 10, kept).await.unwrap()),
        [bobs.id]
    );
}

const OTHER: DestinationId = DestinationId::new("other");

fn copy(destination: &DestinationId, remote: Option<&str>, status: CopyStatus) -> RemoteCopy {
    RemoteCopy {
        destination: destination.clone(),
        remote_id: remote.map(str::to_owned),
        status,
        at: Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(),
    }
}

async fn each_destination_keeps_one_copy_on_the_record(stores: TestStore) {
    let store = &stores.backups;
    let backup = record(BackupKind::FullBackup);
    store.insert(&backup).await.unwrap();
    let drive = DestinationId::DRIVE;

    let failed = copy(&drive, None, CopyStatus::Failed);
    store.set_copy(ALICE, &backup.id, &failed).await.unwrap();
    let elsewhere = copy(&OTHER, Some("o-1"), CopyStatus::Uploaded);
    store.set_copy(ALICE, &backup.id, &elsewhere).await.unwrap();
    let uploaded = copy(&drive, Some("file-1"), CopyStatus::Uploaded);
    store.set_copy(ALICE, &backup.id, &uploaded).await.unwrap();

    let read = store.get(ALICE, &backup.id).await.unwrap().unwrap();
    assert_eq!(read.copies.len(), 2, "{:?}", read.copies);
    assert_eq!(read.copy(&drive), Some(&uploaded), "replaced, not added");
    assert_eq!(read.copy(&OTHER), Some(&elsewhere));
    assert_eq!(read.copies, [uploaded, elsewhere], "a copy keeps its place");
    assert!(matches!(
        store.set_copy(BOB, &backup.id, &failed).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.set_copy(ALICE, &Id::generate(), &failed).await,
        Err(StoreError::NotFound)
    ));
}

/// A record an earlier version wrote, with its Drive upload in `drive`, reads as a copy at
/// Drive; a new upload there replaces it.
#[tokio::test]
async fn mongo_a_record_with_the_old_drive_field_reads_as_a_copy_at_drive() {
    let mongo = db::connect(&db::unique_name("legacy_drive")).await;
    let store = mongo.backups();
    let id = ObjectId::new();
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 18, 0, 0).unwrap();
    let raw = doc! {
        "_id": id,
        "user_id": ALICE,
        "backup_type": "google_drive_backup",
        "created_at": mongodb::bson::DateTime::from_millis(at.timestamp_millis()),
        "file_count": 2_i64,
        "total_size": 20_i64,
        "archive_size": 600_i64,
        "sha256": "00".repeat(32),
        "version": "1.0",
        "drive": { "status": "uploaded", "file_id": "drive-file-9",
                   "at": mongodb::bson::DateTime::from_millis(at.timestamp_millis()) },
    };
    let backups = mongo.database().collection::<Document>("backups");
    backups.insert_one(raw).await.unwrap();
    let id = Id::parse(&id.to_hex()).unwrap();

    let read = store.get(ALICE, &id).await.unwrap().unwrap();
    let legacy = RemoteCopy {
        destination: DestinationId::DRIVE,
        remote_id: Some("drive-file-9".to_owned()),
        status: CopyStatus::Uploaded,
        at,
    };
    assert_eq!(read.copies, [legacy]);

    let newer = copy(
        &DestinationId::DRIVE,
        Some("drive-file-10"),
        CopyStatus::Uploaded,
    );
    store.set_copy(ALICE, &id, &newer).await.unwrap();
    let read = store.get(ALICE, &id).await.unwrap().unwrap();
    assert_eq!(read.copies, [newer]);
    let stored = backups.find_one(doc! {}).await.unwrap().unwrap();
    assert!(stored.get("drive").is_none(), "{stored:?}");
}
