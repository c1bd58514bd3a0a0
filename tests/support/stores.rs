//! Both storage backends behind one fixture, for the contract suite: a fresh MongoDB database
//! on the test server, or a fresh SQLite file in a temp dir. `contract!(name, …)` runs
//! `async fn name(store: TestStore)` once per backend, as `name::mongo` and `name::sqlite`.
//!
//! The raw views (`dump`, `events`, `set_raw_dialogue_state`) read the backend's own records,
//! for "nothing changed" checks and for what no trait reads back.

use std::{collections::BTreeMap, ops::Deref, path::PathBuf};

use chrono::{DateTime, Utc};
use codevault::{
    domain::{
        Id, UserId,
        backup::{BackupKind, BackupRecord},
    },
    storage::{Stores, mongo::Mongo, sqlite::Sqlite},
};
use futures::TryStreamExt;
use mongodb::bson::{Document, doc};
use rusqlite::{Connection, OpenFlags, types::Value};
use tempfile::TempDir;

use super::db;

/// Emits one `#[tokio::test]` per backend for each named `async fn(TestStore)`.
#[allow(unused_macros)]
macro_rules! contract {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            use crate::support::stores::Backend;

            #[tokio::test]
            async fn mongo() {
                super::$name(Backend::Mongo.open(stringify!($name)).await).await;
            }

            #[tokio::test]
            async fn sqlite() {
                super::$name(Backend::Sqlite.open(stringify!($name)).await).await;
            }
        }
    )+};
}
#[allow(unused_imports)]
pub(crate) use contract;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Mongo,
    Sqlite,
}

/// A fresh, empty store of one backend; derefs to its [`Stores`].
pub struct TestStore {
    pub stores: Stores,
    raw: Raw,
}

enum Raw {
    Mongo(Mongo),
    /// A temp dir the store made lives as long as the store.
    Sqlite {
        sqlite: Sqlite,
        _dir: Option<TempDir>,
    },
}

/// What a raw dump covers.
#[derive(Clone, Copy, Debug)]
pub enum Data {
    Files,
    Backups,
    Blobs,
    Jobs,
    Users,
}

impl Data {
    fn mongo(self) -> &'static [&'static str] {
        match self {
            Self::Files => &["code_files"],
            Self::Backups => &["backups"],
            Self::Blobs => &["backups.files", "backups.chunks"],
            Self::Jobs => &["jobs"],
            Self::Users => &["users"],
        }
    }

    fn sqlite(self) -> &'static [&'static str] {
        match self {
            Self::Files => &["code_files"],
            Self::Backups => &["backups", "backup_copies"],
            Self::Blobs => &["blobs", "blob_chunks"],
            Self::Jobs => &["jobs"],
            Self::Users => &["users", "github", "destinations", "drive"],
        }
    }
}

/// Every file version, backup record and stored blob: what an import or a restore could change.
pub const EVERYTHING: [Data; 3] = [Data::Files, Data::Backups, Data::Blobs];

/// An event as stored, whatever the backend.
#[derive(Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub name: String,
    pub severity: String,
    pub user_id: Option<i64>,
    pub fields: BTreeMap<String, String>,
}

impl Backend {
    /// A fresh, empty store; `prefix` names it in the test server's list of databases.
    pub async fn open(self, prefix: &str) -> TestStore {
        match self {
            Self::Mongo => {
                // MongoDB database names have at most 63 bytes.
                let prefix: String = prefix.chars().take(24).collect();
                self.open_at(&db::unique_name(&prefix)).await
            }
            Self::Sqlite => {
                let dir = tempfile::tempdir().expect("a temp dir");
                let mut store = self.open_at(&dir.path().display().to_string()).await;
                if let Raw::Sqlite { _dir, .. } = &mut store.raw {
                    *_dir = Some(dir);
                }
                store
            }
        }
    }

    /// The store at `place` (see [`TestStore::place`]), as another process opens it.
    pub async fn open_at(self, place: &str) -> TestStore {
        match self {
            Self::Mongo => {
                let mongo = db::connect(place).await;
                TestStore {
                    stores: mongo.stores(),
                    raw: Raw::Mongo(mongo),
                }
            }
            Self::Sqlite => {
                let sqlite = Sqlite::open(place.as_ref()).await.expect("open the store");
                TestStore {
                    stores: sqlite.stores(),
                    raw: Raw::Sqlite { sqlite, _dir: None },
                }
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Mongo => "mongo",
            Self::Sqlite => "sqlite",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Mongo, Self::Sqlite]
            .into_iter()
            .find(|backend| backend.name() == name)
    }
}

impl Deref for TestStore {
    type Target = Stores;

    fn deref(&self) -> &Stores {
        &self.stores
    }
}

impl TestStore {
    pub fn backend(&self) -> Backend {
        match self.raw {
            Raw::Mongo(_) => Backend::Mongo,
            Raw::Sqlite { .. } => Backend::Sqlite,
        }
    }

    /// Where the store lives: the SQLite data directory, or the MongoDB database's name.
    pub fn place(&self) -> String {
        match &self.raw {
            Raw::Mongo(mongo) => mongo.database().name().to_owned(),
            Raw::Sqlite { sqlite, .. } => {
                let dir = sqlite.path().parent().expect("the file is in a directory");
                dir.display().to_string()
            }
        }
    }

    /// How many chunks of archives are stored (complete or not).
    pub async fn blob_chunks(&self) -> u64 {
        match &self.raw {
            Raw::Mongo(mongo) => mongo
                .database()
                .collection::<Document>("backups.chunks")
                .count_documents(doc! {})
                .await
                .expect("count"),
            Raw::Sqlite { sqlite, .. } => {
                let sql = "SELECT COUNT(*) FROM blob_chunks".to_owned();
                match sqlite_rows(sqlite.path().to_owned(), sql).await[0][0] {
                    Value::Integer(count) => u64::try_from(count).unwrap(),
                    ref other => panic!("not a count: {other:?}"),
                }
            }
        }
    }

    /// The id of every blob with anything stored (complete or not), sorted.
    pub async fn blob_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = match &self.raw {
            Raw::Mongo(mongo) => {
                let mut ids = Vec::new();
                for (collection, field) in
                    [("backups.files", "_id"), ("backups.chunks", "files_id")]
                {
                    for doc in mongo_docs(mongo, collection, doc! {}).await {
                        ids.push(doc.get_object_id(field).unwrap().to_hex());
                    }
                }
                ids
            }
            Raw::Sqlite { sqlite, .. } => {
                let sql = "SELECT id FROM blobs UNION SELECT blob_id FROM blob_chunks";
                sqlite_rows(sqlite.path().to_owned(), sql.to_owned())
                    .await
                    .into_iter()
                    .map(|row| match &row[0] {
                        Value::Text(id) => id.clone(),
                        other => panic!("not an id: {other:?}"),
                    })
                    .collect()
            }
        };
        ids.sort();
        ids.dedup();
        ids
    }

    /// SQLite's own check of the file (`ok` when sound); MongoDB's is the server's business.
    pub async fn integrity(&self) -> String {
        match &self.raw {
            Raw::Mongo(_) => "ok".to_owned(),
            Raw::Sqlite { sqlite, .. } => {
                let sql = "PRAGMA integrity_check".to_owned();
                let rows = sqlite_rows(sqlite.path().to_owned(), sql).await;
                let lines: Vec<String> = rows.iter().map(|row| format!("{:?}", row[0])).collect();
                lines.join(", ").replace("Text(\"ok\")", "ok")
            }
        }
    }

    /// Every stored record of `data`, in a stable order, as text: equal dumps, equal data.
    pub async fn dump(&self, data: &[Data]) -> Vec<String> {
        let mut rows = Vec::new();
        for part in data {
            match &self.raw {
                Raw::Mongo(mongo) => {
                    for collection in part.mongo() {
                        for doc in mongo_docs(mongo, collection, doc! {}).await {
                            rows.push(format!("{collection}: {doc}"));
                        }
                    }
                }
                Raw::Sqlite { sqlite, .. } => {
                    for table in part.sqlite() {
                        let sql = format!("SELECT * FROM {table} ORDER BY rowid");
                        for row in sqlite_rows(sqlite.path().to_owned(), sql).await {
                            rows.push(format!("{table}: {row:?}"));
                        }
                    }
                }
            }
        }
        rows
    }

    /// Every recorded event, oldest first.
    pub async fn events(&self) -> Vec<StoredEvent> {
        match &self.raw {
            Raw::Mongo(mongo) => mongo_docs(mongo, "events", doc! {})
                .await
                .into_iter()
                .map(|doc| StoredEvent {
                    name: doc.get_str("name").unwrap().to_owned(),
                    severity: doc.get_str("severity").unwrap().to_owned(),
                    user_id: doc.get_i64("user_id").ok(),
                    fields: doc
                        .get_document("fields")
                        .unwrap()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                        .collect(),
                })
                .collect(),
            Raw::Sqlite { sqlite, .. } => {
                let sql = "SELECT name, severity, user_id, fields FROM events ORDER BY id";
                sqlite_rows(sqlite.path().to_owned(), sql.to_owned())
                    .await
                    .into_iter()
                    .map(|row| {
                        let text = |value: &Value| match value {
                            Value::Text(text) => text.clone(),
                            other => panic!("not text: {other:?}"),
                        };
                        StoredEvent {
                            name: text(&row[0]),
                            severity: text(&row[1]),
                            user_id: match row[2] {
                                Value::Integer(user) => Some(user),
                                _ => None,
                            },
                            fields: serde_json::from_str(&text(&row[3])).unwrap(),
                        }
                    })
                    .collect()
            }
        }
    }

    /// Replaces the chat's stored dialogue state by `state`, bypassing the store (a state an
    /// older or newer release wrote).
    pub async fn set_raw_dialogue_state(&self, chat: i64, state: serde_json::Value) {
        match &self.raw {
            Raw::Mongo(mongo) => {
                let state = mongodb::bson::to_bson(&state).unwrap();
                mongo
                    .database()
                    .collection::<Document>("dialogues")
                    .update_one(doc! { "_id": chat }, doc! { "$set": { "state": state } })
                    .await
                    .unwrap();
            }
            Raw::Sqlite { sqlite, .. } => {
                let path = sqlite.path().to_owned();
                let changed = tokio::task::spawn_blocking(move || {
                    Connection::open(path)
                        .unwrap()
                        .execute(
                            "UPDATE dialogues SET state = ?2 WHERE chat_id = ?1",
                            rusqlite::params![chat, state.to_string()],
                        )
                        .unwrap()
                })
                .await
                .unwrap();
                assert_eq!(changed, 1, "the chat has a dialogue");
            }
        }
    }
}

pub async fn mongo_docs(mongo: &Mongo, collection: &str, filter: Document) -> Vec<Document> {
    mongo
        .database()
        .collection::<Document>(collection)
        .find(filter)
        .sort(doc! { "_id": 1 })
        .await
        .expect("find")
        .try_collect()
        .await
        .expect("read")
}

/// Every row `sql` answers, read through a connection of its own (read-only).
pub async fn sqlite_rows(path: PathBuf, sql: String) -> Vec<Vec<Value>> {
    tokio::task::spawn_blocking(move || {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let mut statement = conn.prepare(&sql).unwrap();
        let columns = statement.column_count();
        statement
            .query_map([], |row| {
                (0..columns)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    })
    .await
    .unwrap()
}

/// The record of a full backup of `user`'s, made at `created_at`, neither checked nor damaged:
/// for tests of what is done with stored backups' records.
pub fn backup_record(user: UserId, created_at: DateTime<Utc>) -> BackupRecord {
    BackupRecord {
        id: Id::generate(),
        user_id: user,
        kind: BackupKind::FullBackup,
        created_at,
        file_count: 1,
        total_size: 10,
        archive_size: 300,
        sha256: "ab".repeat(32),
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
