//! Changes behind the bot's back that no storage trait makes (a damaged archive, a forged
//! checksum, a record as an older release left it), written into whichever store it runs on.

use mongodb::bson::{Binary, Bson, Document, doc, oid::ObjectId, spec::BinarySubtype};
use rusqlite::params;

use super::{
    bot::{Database, Harness},
    stored::on_file,
};

fn oid(id: &str) -> ObjectId {
    ObjectId::parse_str(id).expect("a backup id")
}

/// Flips the byte at `at` in the first chunk of backup `id`'s stored archive; returns that
/// chunk as it now is (the whole archive when it fits in one chunk).
pub async fn flip_archive_byte(h: &Harness, id: &str, at: usize) -> Vec<u8> {
    match &*h.database {
        Database::Mongo { mongo, .. } => {
            let chunks = mongo.database().collection::<Document>("backups.chunks");
            let chunk = chunks
                .find_one(doc! { "files_id": oid(id), "n": 0 })
                .await
                .unwrap()
                .expect("the archive's first chunk");
            let mut bytes = chunk.get_binary_generic("data").unwrap().clone();
            bytes[at] ^= 0xFF;
            let tampered = Bson::Binary(Binary {
                subtype: BinarySubtype::Generic,
                bytes: bytes.clone(),
            });
            chunks
                .update_one(
                    doc! { "_id": chunk.get_object_id("_id").unwrap() },
                    doc! { "$set": { "data": tampered } },
                )
                .await
                .unwrap();
            bytes
        }
        Database::Sqlite { sqlite, .. } => {
            let id = id.to_owned();
            on_file(sqlite.path(), true, move |conn| {
                let mut bytes: Vec<u8> = conn
                    .query_row(
                        "SELECT data FROM blob_chunks WHERE blob_id = ?1 AND n = 0",
                        [&id],
                        |row| row.get(0),
                    )
                    .expect("the archive's first chunk");
                bytes[at] ^= 0xFF;
                conn.execute(
                    "UPDATE blob_chunks SET data = ?2 WHERE blob_id = ?1 AND n = 0",
                    params![id, bytes],
                )
                .unwrap();
                bytes
            })
            .await
        }
    }
}

/// Sets backup `id`'s recorded archive checksum.
pub async fn set_backup_sha256(h: &Harness, id: &str, sha256: &str) {
    match &*h.database {
        Database::Mongo { mongo, .. } => {
            mongo
                .database()
                .collection::<Document>("backups")
                .update_one(
                    doc! { "_id": oid(id) },
                    doc! { "$set": { "sha256": sha256 } },
                )
                .await
                .unwrap();
        }
        Database::Sqlite { sqlite, .. } => {
            let (id, sha256) = (id.to_owned(), sha256.to_owned());
            on_file(sqlite.path(), true, move |conn| {
                conn.execute(
                    "UPDATE backups SET sha256 = ?2 WHERE id = ?1",
                    params![id, sha256],
                )
                .unwrap()
            })
            .await;
        }
    }
}

/// Removes the undo log of safety snapshot `id`, as an older release stored snapshots.
pub async fn drop_undo_log(h: &Harness, id: &str) {
    match &*h.database {
        Database::Mongo { mongo, .. } => {
            mongo
                .database()
                .collection::<Document>("backups")
                .update_one(doc! { "_id": oid(id) }, doc! { "$unset": { "undo": "" } })
                .await
                .unwrap();
        }
        Database::Sqlite { sqlite, .. } => {
            let id = id.to_owned();
            on_file(sqlite.path(), true, move |conn| {
                conn.execute("UPDATE backups SET undo = NULL WHERE id = ?1", [id])
                    .unwrap()
            })
            .await;
        }
    }
}

/// Sets the language of every version of `user`'s file `name`, as an import before the
/// language was checked could have stored it.
pub async fn set_language(h: &Harness, user: i64, name: &str, language: &str) {
    match &*h.database {
        Database::Mongo { mongo, .. } => {
            mongo
                .database()
                .collection::<Document>("code_files")
                .update_many(
                    doc! { "user_id": user, "name": name },
                    doc! { "$set": { "language": language } },
                )
                .await
                .unwrap();
        }
        Database::Sqlite { sqlite, .. } => {
            let (name, language) = (name.to_owned(), language.to_owned());
            on_file(sqlite.path(), true, move |conn| {
                conn.execute(
                    "UPDATE code_files SET language = ?3 WHERE user_id = ?1 AND name = ?2",
                    params![user, name, language],
                )
                .unwrap()
            })
            .await;
        }
    }
}
