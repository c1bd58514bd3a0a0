//! What the scrub keeps on a backup, on both backends: a check remembered, damage marked once
//! and scoped by user, the backup checked longest ago next whoever owns it (never a damaged
//! one), the counts alerts read; and whether the store knows a user (the operator's commands).

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::{
    domain::{
        Id, Locale,
        backup::{BackupRecord, Integrity},
    },
    storage::StoreError,
};
use support::stores::{TestStore, backup_record, contract};

const ALICE: i64 = 6101;
const BOB: i64 = 6102;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).unwrap()
}

contract!(
    damage_is_marked_once_and_only_by_its_owner,
    a_check_is_remembered_on_the_record,
    the_backup_checked_longest_ago_is_next_whoever_owns_it,
    the_counts_say_how_many_are_stored_damaged_and_due,
    a_user_is_known_once_seen,
    every_damaged_backup_of_every_user_is_listed_in_the_order_found,
);

async fn every_damaged_backup_of_every_user_is_listed_in_the_order_found(stores: TestStore) {
    let store = &stores.backups;
    let (intact, first, second) = (
        backup_record(ALICE, t0()),
        backup_record(BOB, t0()),
        backup_record(ALICE, t0()),
    );
    for backup in [&intact, &first, &second] {
        store.insert(backup).await.unwrap();
    }
    assert_eq!(store.damaged().await.unwrap(), Vec::new());
    let later = t0() + Duration::hours(2);
    assert!(store.mark_damaged(ALICE, &second.id, later).await.unwrap());
    assert!(
        store
            .mark_damaged(BOB, &first.id, t0() + Duration::hours(1))
            .await
            .unwrap()
    );
    let listed = store.damaged().await.unwrap();
    let found: Vec<_> = listed
        .iter()
        .map(|b| (b.user_id, b.id.clone(), b.damaged_at))
        .collect();
    assert_eq!(
        found,
        vec![
            (BOB, first.id.clone(), Some(t0() + Duration::hours(1))),
            (ALICE, second.id.clone(), Some(later)),
        ]
    );
    store.delete(BOB, &first.id).await.unwrap();
    assert_eq!(store.damaged().await.unwrap().len(), 1);
}

async fn damage_is_marked_once_and_only_by_its_owner(stores: TestStore) {
    let store = &stores.backups;
    let mine = backup_record(ALICE, t0());
    store.insert(&mine).await.unwrap();
    let at = t0() + Duration::hours(1);
    assert!(matches!(
        store.mark_damaged(BOB, &mine.id, at).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.mark_damaged(ALICE, &Id::generate(), at).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.get(ALICE, &mine.id).await.unwrap(),
        Some(mine.clone())
    );
    assert!(store.mark_damaged(ALICE, &mine.id, at).await.unwrap());
    let later = at + Duration::hours(1);
    assert!(
        !store.mark_damaged(ALICE, &mine.id, later).await.unwrap(),
        "marked once: its owner is told once"
    );
    let marked = BackupRecord {
        damaged_at: Some(at),
        ..mine.clone()
    };
    assert_eq!(
        store.get(ALICE, &mine.id).await.unwrap(),
        Some(marked.clone())
    );
    assert_eq!(store.list(ALICE, 0, 10).await.unwrap().0, [marked]);
}

async fn a_check_is_remembered_on_the_record(stores: TestStore) {
    let store = &stores.backups;
    let mine = backup_record(ALICE, t0());
    store.insert(&mine).await.unwrap();
    let at = t0() + Duration::days(7);
    assert!(matches!(
        store.set_checked(BOB, &mine.id, at).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .get(ALICE, &mine.id)
            .await
            .unwrap()
            .unwrap()
            .checked_at,
        None
    );
    store.set_checked(ALICE, &mine.id, at).await.unwrap();
    let read = store.get(ALICE, &mine.id).await.unwrap().unwrap();
    assert_eq!((read.checked_at, read.last_checked()), (Some(at), at));
    // A record inserted with both (a copied store) reads back with both.
    let copied = BackupRecord {
        checked_at: Some(at),
        damaged_at: Some(at + Duration::hours(1)),
        ..backup_record(BOB, t0())
    };
    store.insert(&copied).await.unwrap();
    assert_eq!(store.get(BOB, &copied.id).await.unwrap(), Some(copied));
}

async fn the_backup_checked_longest_ago_is_next_whoever_owns_it(stores: TestStore) {
    let store = &stores.backups;
    let hours = |n| t0() + Duration::hours(n);
    // Never re-checked: counts as checked when stored.
    let a = backup_record(ALICE, hours(0));
    let b = backup_record(ALICE, hours(-1));
    let c = backup_record(BOB, hours(1));
    let damaged = backup_record(BOB, hours(-5));
    for backup in [&a, &b, &c, &damaged] {
        store.insert(backup).await.unwrap();
    }
    store.set_checked(ALICE, &b.id, hours(2)).await.unwrap();
    store
        .mark_damaged(BOB, &damaged.id, hours(2))
        .await
        .unwrap();
    let next = |before| async move {
        store
            .next_to_check(before)
            .await
            .unwrap()
            .map(|record| record.id)
    };
    assert_eq!(next(hours(-1)).await, None, "none checked that long ago");
    assert_eq!(next(hours(0)).await, Some(a.id.clone()));
    assert_eq!(next(hours(3)).await, Some(a.id.clone()));
    store.set_checked(ALICE, &a.id, hours(4)).await.unwrap();
    assert_eq!(
        next(hours(3)).await,
        Some(c.id.clone()),
        "Bob's, stored at 1"
    );
    store.set_checked(BOB, &c.id, hours(5)).await.unwrap();
    assert_eq!(next(hours(3)).await, Some(b.id.clone()), "checked at 2");
    store.set_checked(ALICE, &b.id, hours(6)).await.unwrap();
    assert_eq!(next(hours(3)).await, None);
    assert_eq!(next(hours(5)).await, Some(a.id.clone()));
    // The next one comes whole: its copies too (the scrub's notice names a Drive copy).
    let whole = store.next_to_check(hours(5)).await.unwrap().unwrap();
    assert_eq!(Some(whole), store.get(ALICE, &a.id).await.unwrap());
}

async fn the_counts_say_how_many_are_stored_damaged_and_due(stores: TestStore) {
    let store = &stores.backups;
    assert_eq!(store.integrity(t0()).await.unwrap(), Integrity::default());
    let old = backup_record(ALICE, t0() - Duration::days(8));
    let rechecked = backup_record(ALICE, t0() - Duration::days(9));
    let new = backup_record(BOB, t0());
    let damaged = backup_record(BOB, t0() - Duration::days(10));
    for backup in [&old, &rechecked, &new, &damaged] {
        store.insert(backup).await.unwrap();
    }
    store
        .set_checked(ALICE, &rechecked.id, t0() - Duration::days(1))
        .await
        .unwrap();
    store.mark_damaged(BOB, &damaged.id, t0()).await.unwrap();
    let week_ago = t0() - Duration::days(7);
    let counted = store.integrity(week_ago).await.unwrap();
    assert_eq!(
        counted,
        Integrity {
            stored: 4,
            damaged: 1,
            due: 1,
        }
    );
    assert_eq!((counted.to_check(), counted.checked()), (3, 2));
}

async fn a_user_is_known_once_seen(stores: TestStore) {
    assert!(!stores.users.exists(ALICE).await.unwrap());
    stores.users.get_or_create(ALICE, Locale::En).await.unwrap();
    assert!(stores.users.exists(ALICE).await.unwrap());
    assert!(
        !stores.users.exists(BOB).await.unwrap(),
        "asking makes no one"
    );
}

/// What the scrub found travels with a copy of the store (`migrate`, and dumps, which carry
/// the same records), both ways.
#[tokio::test]
async fn the_scrubs_findings_travel_with_a_copy_of_the_store() {
    use codevault::storage::sqlite::Sqlite;
    use support::{
        db,
        migration::{dir, migrate, text},
    };

    let (first, last) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = Sqlite::open(first.path()).await.unwrap().stores();
    let bytes = b"PK an archive".to_vec();
    let stored = |user| BackupRecord {
        archive_size: bytes.len() as u64,
        sha256: codevault::archive::sha256_hex(&bytes),
        ..backup_record(user, t0())
    };
    let checked = BackupRecord {
        checked_at: Some(t0() + Duration::days(7)),
        ..stored(ALICE)
    };
    let damaged = BackupRecord {
        damaged_at: Some(t0() + Duration::days(8)),
        ..stored(BOB)
    };
    for backup in [&checked, &damaged] {
        source
            .users
            .get_or_create(backup.user_id, Locale::En)
            .await
            .unwrap();
        source
            .blobs
            .put(&backup.id, "a.zip", &mut &bytes[..])
            .await
            .unwrap();
        source.backups.insert(backup).await.unwrap();
    }
    let database = db::unique_name("scrub_marks");
    let uri = db::uri();
    let there = migrate(&[
        "--from",
        dir(first.path()),
        "--to",
        &uri,
        "--database",
        &database,
    ])
    .await;
    assert!(there.status.success(), "{}", text(&there.stderr));
    let back = migrate(&[
        "--from",
        &uri,
        "--database",
        &database,
        "--to",
        dir(last.path()),
    ])
    .await;
    assert!(back.status.success(), "{}", text(&back.stderr));
    let mongo = db::connect(&database).await.stores();
    let copy = Sqlite::open(last.path()).await.unwrap().stores();
    for stores in [&mongo, &copy] {
        assert_eq!(
            stores.backups.get(ALICE, &checked.id).await.unwrap(),
            Some(checked.clone())
        );
        assert_eq!(
            stores.backups.get(BOB, &damaged.id).await.unwrap(),
            Some(damaged.clone())
        );
    }
}
