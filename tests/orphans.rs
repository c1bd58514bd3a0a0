//! Backup archives on both backends (stored, read back, deleted) and the clean-up of those a
//! backup cut short left behind: only blobs no record names and older than the grace period
//! go; on MongoDB, also GridFS uploads that never completed.

mod support;

use chrono::{Duration, Utc};
use codevault::{
    domain::{
        Id,
        backup::{BackupKind, BackupRecord},
    },
    storage::{BackupStore, BlobStore, StoreError, mongo::Mongo},
};
use mongodb::bson::{DateTime, Document, doc, oid::ObjectId};
use support::{
    blobs::blob,
    db,
    stores::{Data, TestStore, contract},
};

contract!(
    blobs_read_back_byte_for_byte_and_delete_quietly,
    only_blobs_without_a_record_stored_before_the_cutoff_are_removed,
);

/// Bytes of every value, several chunks' worth on either backend.
fn archive(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

async fn blobs_read_back_byte_for_byte_and_delete_quietly(store: TestStore) {
    let (big, empty, missing) = (Id::generate(), Id::generate(), Id::generate());
    let bytes = archive(3 * 1024 * 1024 + 17);
    store
        .blobs
        .put(&big, "big.zip", &mut &bytes[..])
        .await
        .unwrap();
    store
        .blobs
        .put(&empty, "empty.zip", &mut &b""[..])
        .await
        .unwrap();
    assert_eq!(blob(store.blobs.as_ref(), &big).await.unwrap(), bytes);
    assert_eq!(blob(store.blobs.as_ref(), &empty).await.unwrap(), b"");
    assert!(matches!(
        store.blobs.get(&missing).await,
        Err(StoreError::NotFound)
    ));

    store.blobs.delete(&big).await.unwrap();
    assert!(matches!(
        store.blobs.get(&big).await,
        Err(StoreError::NotFound)
    ));
    store
        .blobs
        .delete(&big)
        .await
        .expect("deleting again is fine");
    store
        .blobs
        .delete(&missing)
        .await
        .expect("deleting none is fine");
    store.blobs.delete(&empty).await.unwrap();
    assert_eq!(
        store.dump(&[Data::Blobs]).await,
        Vec::<String>::new(),
        "no chunk left"
    );
}

async fn only_blobs_without_a_record_stored_before_the_cutoff_are_removed(store: TestStore) {
    let (recorded, orphan) = (Id::generate(), Id::generate());
    for id in [&recorded, &orphan] {
        store
            .blobs
            .put(id, "b.zip", &mut &b"zip"[..])
            .await
            .unwrap();
    }
    store.backups.insert(&record(&recorded, 1)).await.unwrap();
    assert_eq!(
        store.blobs.remove_orphans(Utc::now() - HOUR).await.unwrap(),
        0,
        "a blob stored since the cutoff may be a backup still being made"
    );
    assert_eq!(blob(store.blobs.as_ref(), &orphan).await.unwrap(), b"zip");

    let later = Utc::now() + HOUR;
    assert_eq!(store.blobs.remove_orphans(later).await.unwrap(), 1);
    assert!(matches!(
        store.blobs.get(&orphan).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(blob(store.blobs.as_ref(), &recorded).await.unwrap(), b"zip");
    assert_eq!(store.blobs.remove_orphans(later).await.unwrap(), 0);

    // Once its record goes, a recorded blob is an orphan too (if its delete never came).
    store.backups.delete(1, &recorded).await.unwrap();
    assert_eq!(store.blobs.remove_orphans(later).await.unwrap(), 1);
    assert_eq!(store.dump(&[Data::Blobs]).await, Vec::<String>::new());
}

const HOUR: Duration = Duration::hours(1);

/// An id made `age` ago, as a backup started then would have (unique: the rest of a fresh
/// ObjectId).
fn id_made(age: Duration) -> Id {
    let seconds = u32::try_from((Utc::now() - age).timestamp()).unwrap();
    let mut bytes = ObjectId::new().bytes();
    bytes[..4].copy_from_slice(&seconds.to_be_bytes());
    Id::parse(&ObjectId::from_bytes(bytes).to_hex()).unwrap()
}

fn record(id: &Id, user: i64) -> BackupRecord {
    BackupRecord {
        id: id.clone(),
        user_id: user,
        kind: BackupKind::FullBackup,
        created_at: Utc::now(),
        file_count: 0,
        total_size: 0,
        archive_size: 3,
        sha256: String::new(),
        version: "1.0".into(),
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

async fn count(mongo: &Mongo, collection: &str, filter: Document) -> u64 {
    mongo
        .database()
        .collection::<Document>(collection)
        .count_documents(filter)
        .await
        .unwrap()
}

/// Whether any part of blob `id` is still stored.
async fn stored(mongo: &Mongo, id: &Id) -> bool {
    let oid = ObjectId::parse_str(id.as_str()).unwrap();
    count(mongo, "backups.files", doc! { "_id": oid }).await
        + count(mongo, "backups.chunks", doc! { "files_id": oid }).await
        > 0
}

#[tokio::test]
async fn mongo_only_old_blobs_without_a_record_are_removed_unfinished_uploads_too() {
    let mongo = db::connect(&db::unique_name("orphans")).await;
    let (blobs, backups) = (mongo.blobs(), mongo.backups());
    let files = mongo.database().collection::<Document>("backups.files");
    let two_hours_ago = DateTime::from_millis((Utc::now() - HOUR * 2).timestamp_millis());

    let recorded_old = id_made(HOUR * 2);
    let orphan_old = id_made(HOUR * 2);
    let orphan_young = id_made(Duration::zero());
    let unfinished_old = id_made(HOUR * 2);
    let unfinished_young = id_made(Duration::zero());
    for id in [
        &recorded_old,
        &orphan_old,
        &orphan_young,
        &unfinished_old,
        &unfinished_young,
    ] {
        blobs.put(id, "b.zip", &mut &b"zip"[..]).await.unwrap();
    }
    backups.insert(&record(&recorded_old, 1)).await.unwrap();
    for id in [&recorded_old, &orphan_old] {
        let oid = ObjectId::parse_str(id.as_str()).unwrap();
        files
            .update_one(
                doc! { "_id": oid },
                doc! { "$set": { "uploadDate": two_hours_ago } },
            )
            .await
            .unwrap();
    }
    // An upload killed half-way leaves its chunks and no files document.
    for id in [&unfinished_old, &unfinished_young] {
        let oid = ObjectId::parse_str(id.as_str()).unwrap();
        files.delete_one(doc! { "_id": oid }).await.unwrap();
    }

    let removed = blobs.remove_orphans(Utc::now() - HOUR).await.unwrap();
    assert_eq!(removed, 2);
    assert!(!stored(&mongo, &orphan_old).await);
    assert!(!stored(&mongo, &unfinished_old).await);
    assert_eq!(blob(&blobs, &recorded_old).await.unwrap(), b"zip");
    assert_eq!(blob(&blobs, &orphan_young).await.unwrap(), b"zip");
    assert!(stored(&mongo, &unfinished_young).await);
    assert_eq!(blobs.remove_orphans(Utc::now() - HOUR).await.unwrap(), 0);
}
