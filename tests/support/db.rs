//! The test database: a real MongoDB-protocol server (SecantusDB) started by `scripts/test`.

use std::{
    sync::atomic::{AtomicU32, Ordering},
    time::Duration,
};

use codevault::storage::mongo::Mongo;
use futures::TryStreamExt;
use mongodb::bson::{Document, doc};

pub fn uri() -> String {
    std::env::var("TEST_MONGODB_URI").expect(
        "TEST_MONGODB_URI is not set: run the tests with scripts/test, which starts the database",
    )
}

/// A database name no other test uses.
pub fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    format!(
        "t_{prefix}_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn connect(name: &str) -> Mongo {
    Mongo::connect(&uri(), name, Duration::from_secs(10))
        .await
        .expect("the test database is reachable")
}

/// Every document of a collection, in `_id` order: for "nothing changed" assertions.
pub async fn dump(mongo: &Mongo, collection: &str) -> Vec<Document> {
    mongo
        .database()
        .collection::<Document>(collection)
        .find(doc! {})
        .sort(doc! { "_id": 1 })
        .await
        .expect("find")
        .try_collect()
        .await
        .expect("read")
}

/// The current, active version of a user's file called `name`.
pub async fn current_file(mongo: &Mongo, user: i64, name: &str) -> Option<Document> {
    mongo
        .database()
        .collection::<Document>("code_files")
        .find_one(doc! { "user_id": user, "name": name, "current": true, "active": true })
        .await
        .expect("find")
}

/// The raw `users` document of `user` (settings, sealed tokens), as stored.
pub async fn user_doc(mongo: &Mongo, user: i64) -> Option<Document> {
    mongo
        .database()
        .collection::<Document>("users")
        .find_one(doc! { "_id": user })
        .await
        .expect("read the user")
}

/// Every file version, backup record and stored blob: what an import or a restore could change.
pub type Everything = (Vec<Document>, Vec<Document>, Vec<Document>);

pub async fn everything(mongo: &Mongo) -> Everything {
    (
        dump(mongo, "code_files").await,
        dump(mongo, "backups").await,
        dump(mongo, "backups.files").await,
    )
}
