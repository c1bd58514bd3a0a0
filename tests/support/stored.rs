//! What the bot stored, read the same way whichever store it runs on: through the storage
//! traits where they say it, and as a raw dump of the store's own records for "nothing
//! changed" checks (so those stay exact: every field of every record).

use std::{collections::BTreeMap, path::Path};

use codevault::domain::{
    CodeFile, Id,
    backup::{BackupKind, BackupRecord},
};
use mongodb::bson::{Bson, Document, doc};
use rusqlite::{Connection, OpenFlags, types::ValueRef};
use serde_json::Value;
use teloxide::types::ChatId;

use super::{
    bot::{Database, Harness},
    db,
};

/// A kind of record, named the same for both stores.
#[derive(Clone, Copy, Debug)]
pub enum Table {
    /// Every version of every file, the recycle bin's too.
    Files,
    /// Backup records (with their copies elsewhere).
    Backups,
    /// Stored archives: their descriptions and their bytes.
    Blobs,
    /// Users with their settings and sealed tokens.
    Users,
    Dialogues,
    Jobs,
}

impl Table {
    fn collections(self) -> &'static [&'static str] {
        match self {
            Self::Files => &["code_files"],
            Self::Backups => &["backups"],
            Self::Blobs => &["backups.files", "backups.chunks"],
            Self::Users => &["users"],
            Self::Dialogues => &["dialogues"],
            Self::Jobs => &["jobs"],
        }
    }

    fn tables(self) -> &'static [&'static str] {
        match self {
            Self::Files => &["code_files"],
            Self::Backups => &["backups", "backup_copies"],
            Self::Blobs => &["blobs", "blob_chunks"],
            Self::Users => &["users", "github", "drive", "destinations"],
            Self::Dialogues => &["dialogues"],
            Self::Jobs => &["jobs"],
        }
    }
}

/// Every record of `table` as text, in storage order: equal dumps mean nothing changed.
pub async fn dump(h: &Harness, table: Table) -> Vec<String> {
    match &*h.database {
        Database::Mongo { mongo, .. } => {
            let mut rows = Vec::new();
            for collection in table.collections() {
                rows.extend(
                    db::dump(mongo, collection)
                        .await
                        .into_iter()
                        .map(|document| format!("{collection} {document:?}")),
                );
            }
            rows
        }
        Database::Sqlite { sqlite, .. } => {
            let tables = table.tables();
            on_file(sqlite.path(), false, move |conn| {
                tables
                    .iter()
                    .flat_map(|table| sqlite_rows(conn, table))
                    .collect()
            })
            .await
        }
    }
}

/// Every file version, backup record and stored archive: what an import or a restore could
/// change.
pub type Everything = (Vec<String>, Vec<String>, Vec<String>);

pub async fn everything(h: &Harness) -> Everything {
    (
        dump(h, Table::Files).await,
        dump(h, Table::Backups).await,
        dump(h, Table::Blobs).await,
    )
}

/// The current, active version of a user's file called `name`.
pub async fn current_file(h: &Harness, user: i64, name: &str) -> Option<CodeFile> {
    h.stores
        .files
        .current_by_name(user, name)
        .await
        .expect("read the file")
}

/// One stored version of a file, as the store keeps it (whatever the traits show).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub name: String,
    pub version: i64,
    pub current: bool,
    /// False once in the recycle bin.
    pub active: bool,
}

/// Every stored version of every file of `user`, in storage order.
pub async fn versions(h: &Harness, user: i64) -> Vec<Version> {
    match &*h.database {
        Database::Mongo { mongo, .. } => db::dump(mongo, "code_files")
            .await
            .into_iter()
            .filter(|d| d.get_i64("user_id") == Ok(user))
            .map(|d| Version {
                name: d.get_str("name").expect("a name").to_owned(),
                version: d.get_i64("version").expect("a version"),
                current: d.get_bool("current").expect("current"),
                active: d.get_bool("active").expect("active"),
            })
            .collect(),
        Database::Sqlite { sqlite, .. } => {
            on_file(sqlite.path(), false, move |conn| {
                let mut statement = conn
                    .prepare(
                        "SELECT name, version, current, active FROM code_files \
                         WHERE user_id = ?1 ORDER BY rowid",
                    )
                    .expect("prepare");
                statement
                    .query_map([user], |row| {
                        Ok(Version {
                            name: row.get(0)?,
                            version: row.get(1)?,
                            current: row.get(2)?,
                            active: row.get(3)?,
                        })
                    })
                    .expect("query")
                    .collect::<Result<_, _>>()
                    .expect("read")
            })
            .await
        }
    }
}

/// The user's backups, newest first.
pub async fn backups(h: &Harness, user: i64) -> Vec<BackupRecord> {
    let (records, total) = h
        .stores
        .backups
        .list(user, 0, 1000)
        .await
        .expect("list the backups");
    assert_eq!(u64::try_from(records.len()).unwrap(), total, "one page");
    records
}

/// The user's newest backup of `kind`.
pub async fn newest_backup(h: &Harness, user: i64, kind: BackupKind) -> Option<BackupRecord> {
    backups(h, user)
        .await
        .into_iter()
        .find(|record| record.kind == kind)
}

/// The user's backup `id`.
pub async fn backup(h: &Harness, user: i64, id: &str) -> Option<BackupRecord> {
    h.stores
        .backups
        .get(user, &Id::parse(id).expect("an id"))
        .await
        .expect("read the backup")
}

/// A recorded event, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub severity: String,
    pub user: Option<i64>,
    pub fields: BTreeMap<String, String>,
}

/// Every recorded event called `name`, oldest first.
pub async fn events(h: &Harness, name: &str) -> Vec<StoredEvent> {
    match &*h.database {
        Database::Mongo { mongo, .. } => db::dump(mongo, "events")
            .await
            .into_iter()
            .filter(|d| d.get_str("name") == Ok(name))
            .map(|d| StoredEvent {
                severity: d.get_str("severity").expect("a severity").to_owned(),
                user: d.get_i64("user_id").ok(),
                fields: d
                    .get_document("fields")
                    .expect("fields")
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().expect("text").to_owned()))
                    .collect(),
            })
            .collect(),
        Database::Sqlite { sqlite, .. } => {
            let name = name.to_owned();
            on_file(sqlite.path(), false, move |conn| {
                let mut statement = conn
                    .prepare(
                        "SELECT severity, user_id, fields FROM events WHERE name = ?1 \
                         ORDER BY rowid",
                    )
                    .expect("prepare");
                statement
                    .query_map([name], |row| {
                        let fields: String = row.get(2)?;
                        Ok(StoredEvent {
                            severity: row.get(0)?,
                            user: row.get(1)?,
                            fields: serde_json::from_str(&fields).expect("fields as JSON"),
                        })
                    })
                    .expect("query")
                    .collect::<Result<_, _>>()
                    .expect("read")
            })
            .await
        }
    }
}

/// The stored dialogue state of a chat, whatever its shape.
pub async fn dialogue(h: &Harness, chat: i64) -> Option<Value> {
    h.stores
        .dialogues::<Value>()
        .get_dialogue(ChatId(chat))
        .await
        .expect("read the dialogue")
}

/// Stores `state` as the chat's dialogue state, as an earlier release may have left it.
pub async fn set_dialogue(h: &Harness, chat: i64, state: Value) {
    h.stores
        .dialogues::<Value>()
        .update_dialogue(ChatId(chat), state)
        .await
        .expect("store the dialogue");
}

/// Whether `needle` is anywhere in what the store keeps: every document of MongoDB, every
/// byte of the embedded store's files (the database and its write-ahead log).
pub async fn holds(h: &Harness, needle: &str) -> bool {
    match &*h.database {
        Database::Mongo { mongo, .. } => {
            let names = mongo
                .database()
                .list_collection_names()
                .await
                .expect("list the collections");
            for name in names {
                let documents = db::dump(mongo, &name).await;
                if documents.iter().any(|d| contains(d, needle)) {
                    return true;
                }
            }
            false
        }
        Database::Sqlite { dir, .. } => std::fs::read_dir(dir.path())
            .expect("read the data directory")
            .map(|entry| std::fs::read(entry.expect("an entry").path()).unwrap_or_default())
            .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes())),
    }
}

/// Whether any value of `document` (binary ones too, byte for byte) holds `needle`.
fn contains(document: &Document, needle: &str) -> bool {
    document.values().any(|value| match value {
        Bson::String(text) => text.contains(needle),
        Bson::Binary(binary) => binary
            .bytes
            .windows(needle.len())
            .any(|w| w == needle.as_bytes()),
        Bson::Document(inner) => contains(inner, needle),
        Bson::Array(items) => items
            .iter()
            .any(|item| contains(&doc! { "item": item.clone() }, needle)),
        _ => false,
    })
}

/// Runs `work` on a connection of its own to the embedded store's file, beside the bot's.
pub async fn on_file<T, F>(path: &Path, writable: bool, work: F) -> T
where
    F: FnOnce(&Connection) -> T + Send + 'static,
    T: Send + 'static,
{
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let flags = if writable {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        };
        let conn = Connection::open_with_flags(&path, flags).expect("open the database file");
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .expect("a busy timeout");
        work(&conn)
    })
    .await
    .expect("the database task")
}

/// Every row of `table` in rowid order, each as `table col=value …`.
fn sqlite_rows(conn: &Connection, table: &str) -> Vec<String> {
    let mut statement = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
        .expect("prepare");
    let columns: Vec<String> = statement
        .column_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut rows = statement.query([]).expect("query");
    let mut rendered = Vec::new();
    while let Some(row) = rows.next().expect("a row") {
        let mut line = table.to_owned();
        for (i, column) in columns.iter().enumerate() {
            let value = match row.get_ref(i).expect("a value") {
                ValueRef::Null => "NULL".to_owned(),
                ValueRef::Integer(n) => n.to_string(),
                ValueRef::Real(x) => format!("{x:?}"),
                ValueRef::Text(text) => format!("{:?}", String::from_utf8_lossy(text)),
                ValueRef::Blob(bytes) => format!("x'{}'", hex(bytes)),
            };
            line.push_str(&format!(" {column}={value}"));
        }
        rendered.push(line);
    }
    rendered
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
