//! The clean-up of archives a backup cut short left behind: only blobs no record names and
//! older than the grace period go.

mod support;

use chrono::{Duration, Utc};
use codevault::{
    domain::{
        Id,
        backup::{BackupKind, BackupRecord},
    },
    storage::{BackupStore, BlobStore, mongo::Mongo},
};
use mongodb::bson::{DateTime, Document, doc, oid::ObjectId};
use support::db;

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
async fn only_old_blobs_without_a_record_are_removed() {
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
        blobs.put(id, "b.zip", b"zip").await.unwrap();
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
    assert_eq!(blobs.get(&recorded_old).await.unwrap(), b"zip");
    assert_eq!(blobs.get(&orphan_young).await.unwrap(), b"zip");
    assert!(stored(&mongo, &unfinished_young).await);
    assert_eq!(blobs.remove_orphans(Utc::now() - HOUR).await.unwrap(), 0);
}
