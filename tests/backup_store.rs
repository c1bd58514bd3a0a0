//! The backup store against a real MongoDB-protocol server: a restore's undo log kept with its
//! safety snapshot (out of records and lists, used once, scoped by user) and unrated counts.

mod support;

use chrono::{TimeZone, Utc};
use codevault::{
    domain::{
        Id,
        backup::{BackupKind, BackupRecord, Rating},
        restore::{UndoLog, WriteKind, Written},
    },
    storage::{BackupStore, StoreError},
};
use support::db;

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
        drive: None,
    }
}

#[tokio::test]
async fn an_undo_log_stays_with_its_snapshot_and_is_used_once() {
    let mongo = db::connect(&db::unique_name("undo_log")).await;
    let store = mongo.backups();
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
            },
            Written {
                name: "lib.py".to_owned(),
                kind: WriteKind::Replaced,
                state: "b".repeat(64),
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

#[tokio::test]
async fn unrated_backups_are_counted_per_user() {
    let mongo = db::connect(&db::unique_name("unrated")).await;
    let store = mongo.backups();
    let records: Vec<_> = (0..3).map(|_| record(BackupKind::FullBackup)).collect();
    for record in &records {
        store.insert(record).await.unwrap();
    }
    store
        .set_rating(ALICE, &records[1].id, Some(Rating::Ok))
        .await
        .unwrap();
    assert_eq!(store.count_unrated(ALICE).await.unwrap(), 2);
    assert_eq!(store.count_unrated(BOB).await.unwrap(), 0);
}
