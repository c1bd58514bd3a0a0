//! What only the embedded store has: its file's schema version (a newer file refused with a
//! clear message, an older or new one brought up to date), WAL mode, and events deleted once
//! older than `EVENTS_KEPT` as new ones are recorded.

mod support;

use chrono::{TimeDelta, Utc};
use codevault::{
    domain::Event,
    storage::{
        EVENTS_KEPT,
        sqlite::{DB_FILE, OpenError, SCHEMA_VERSION, Sqlite},
    },
};
use rusqlite::Connection;
use support::stores::{Backend, sqlite_rows};

fn user_version(dir: &std::path::Path) -> u32 {
    Connection::open(dir.join(DB_FILE))
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

#[tokio::test]
async fn a_new_file_is_made_at_the_current_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested").join("data");
    let sqlite = Sqlite::open(&data).await.expect("made with its directory");
    assert_eq!(sqlite.path(), data.join(DB_FILE));
    assert_eq!(user_version(&data), SCHEMA_VERSION);
    let mode = Connection::open(data.join(DB_FILE))
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get::<_, String>(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(sqlite);
    Sqlite::open(&data).await.expect("opened again");
    assert_eq!(user_version(&data), SCHEMA_VERSION);
}

#[tokio::test]
async fn an_older_file_is_brought_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    // A file from before any schema: version 0, an unrelated table of the operator's.
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute_batch("CREATE TABLE notes (a TEXT); INSERT INTO notes VALUES ('kept');")
        .unwrap();
    drop(conn);
    assert_eq!(user_version(dir.path()), 0);
    let sqlite = Sqlite::open(dir.path()).await.expect("upgraded");
    assert_eq!(user_version(dir.path()), SCHEMA_VERSION);
    assert!(sqlite.ping().await);
    let rows = sqlite_rows(sqlite.path().to_owned(), "SELECT a FROM notes".to_owned()).await;
    assert_eq!(rows.len(), 1, "what was there stays");
}

#[tokio::test]
async fn a_file_from_a_newer_release_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    drop(Sqlite::open(dir.path()).await.unwrap());
    let newer = SCHEMA_VERSION + 1;
    Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let refused = Sqlite::open(dir.path()).await.err().expect("refused");
    assert!(
        matches!(refused, OpenError::NewerSchema { found, supported, .. }
            if found == newer && supported == SCHEMA_VERSION),
        "{refused:?}"
    );
    let message = refused.to_string();
    let path = dir.path().join(DB_FILE).display().to_string();
    assert!(message.contains(&path), "{message}");
    assert!(
        message.contains(&format!("schema version {newer}")),
        "{message}"
    );
    assert!(
        message.contains(&format!("(version {SCHEMA_VERSION})")),
        "{message}"
    );
    assert!(message.contains("written by a newer release"), "{message}");
    assert_eq!(
        user_version(dir.path()),
        newer,
        "the file is left as it was"
    );
}

#[tokio::test]
async fn events_older_than_kept_go_as_new_ones_are_recorded() {
    let store = Backend::Sqlite.open("events_expire").await;
    let event = |user| Event::BackupsPruned { user, count: 1 };
    store.events.record(event(1)).await.unwrap();
    store.events.record(event(2)).await.unwrap();
    // Age them: one just past the retention, one just within it.
    let now = Utc::now();
    let path = std::path::PathBuf::from(store.place()).join(DB_FILE);
    let conn = Connection::open(path).unwrap();
    for (user, age) in [
        (1, EVENTS_KEPT + TimeDelta::minutes(1)),
        (2, EVENTS_KEPT - TimeDelta::minutes(1)),
    ] {
        let at = (now - age).timestamp_millis();
        conn.execute(
            "UPDATE events SET created_at = ?2 WHERE user_id = ?1",
            (user, at),
        )
        .unwrap();
    }
    store.events.record(event(3)).await.unwrap();
    let users: Vec<Option<i64>> = store.events().await.iter().map(|e| e.user_id).collect();
    assert_eq!(users, [Some(2), Some(3)]);
}
