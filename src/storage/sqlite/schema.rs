//! The schema, versioned in the code: migration `n` brings a file from version `n - 1` to `n`,
//! and the file's version is `PRAGMA user_version`. A newer binary upgrades an older file; an
//! older binary refuses a newer file rather than misread it.

use rusqlite::{Connection, TransactionBehavior};

use super::OpenError;

/// Every migration, oldest first. Never edit a released one: add the next.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Version 1: every store.
///
/// Times are milliseconds since the epoch (as MongoDB keeps them); lists of text (tags,
/// recent repositories) and structured values (a schedule, an undo log, a dialogue state) are
/// JSON. A user's row exists once anything about them is stored, as their MongoDB document
/// does: their settings' tables refer to it.
const V1: &str = r#"
CREATE TABLE users (
    user_id      INTEGER PRIMARY KEY,
    locale       TEXT,
    recent_repos TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE github (
    user_id      INTEGER PRIMARY KEY REFERENCES users (user_id),
    login        TEXT NOT NULL,
    token        BLOB NOT NULL,
    connected_at INTEGER NOT NULL
);
CREATE TABLE destinations (
    user_id       INTEGER NOT NULL REFERENCES users (user_id),
    destination   TEXT NOT NULL,
    schedule      TEXT,
    retention     INTEGER,
    last_success  INTEGER,
    last_error    TEXT,
    last_error_at INTEGER,
    PRIMARY KEY (user_id, destination)
);
CREATE TABLE drive (
    user_id         INTEGER PRIMARY KEY REFERENCES users (user_id),
    token           BLOB,
    email           TEXT,
    connected_at    INTEGER,
    needs_reconnect INTEGER NOT NULL DEFAULT 0,
    folder_id       TEXT
);

CREATE TABLE code_files (
    id         TEXT PRIMARY KEY,
    file_key   TEXT NOT NULL,
    user_id    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    language   TEXT NOT NULL,
    code       TEXT NOT NULL,
    note       TEXT,
    tags       TEXT NOT NULL DEFAULT '[]',
    version    INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    current    INTEGER NOT NULL,
    active     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
-- A user's current, active file names are unique.
CREATE UNIQUE INDEX code_files_current_name ON code_files (user_id, name)
    WHERE current = 1 AND active = 1;
CREATE UNIQUE INDEX code_files_key_version ON code_files (file_key, version);
CREATE INDEX code_files_listing ON code_files (user_id, current, active, updated_at DESC);
CREATE INDEX code_files_binned ON code_files (active, deleted_at);

CREATE TABLE backups (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    file_count   INTEGER NOT NULL,
    total_size   INTEGER NOT NULL,
    archive_size INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    version      TEXT NOT NULL,
    rating       TEXT,
    note         TEXT,
    repo         TEXT,
    git_ref      TEXT,
    git_commit   TEXT,
    undo         TEXT,
    undone_at    INTEGER
);
CREATE INDEX backups_by_user ON backups (user_id, created_at DESC);
-- One copy per destination; a copy keeps its place (rowid) when replaced.
CREATE TABLE backup_copies (
    backup_id   TEXT NOT NULL REFERENCES backups (id) ON DELETE CASCADE,
    destination TEXT NOT NULL,
    remote_id   TEXT,
    status      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    UNIQUE (backup_id, destination)
);

CREATE TABLE blobs (
    id        TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    size      INTEGER NOT NULL,
    stored_at INTEGER NOT NULL
);
CREATE INDEX blobs_by_age ON blobs (stored_at);
CREATE TABLE blob_chunks (
    blob_id TEXT NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    n       INTEGER NOT NULL,
    data    BLOB NOT NULL,
    PRIMARY KEY (blob_id, n)
);

CREATE TABLE dialogues (
    chat_id      INTEGER PRIMARY KEY,
    state        TEXT,
    updated_at   INTEGER,
    work_message INTEGER,
    work_locale  TEXT,
    work_since   INTEGER
);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    user_id    INTEGER,
    fields     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_by_age ON events (created_at);
CREATE INDEX events_by_user ON events (user_id, name);

CREATE TABLE jobs (
    id              TEXT PRIMARY KEY,
    destination     TEXT NOT NULL,
    user_id         INTEGER NOT NULL,
    schedule        TEXT NOT NULL,
    due_at          INTEGER,
    attempt         INTEGER NOT NULL DEFAULT 0,
    pending_backup  TEXT,
    lease_owner     TEXT,
    lease_until     INTEGER,
    last_error      TEXT,
    last_success_at INTEGER,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX jobs_by_due ON jobs (due_at);
"#;

/// Version 2: the instance leases (who polls Telegram), one row per lease; a released lease
/// keeps its row with `until` 0.
const V2: &str = r#"
CREATE TABLE instance_leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
);
"#;

/// Version 3: archives are stored a chunk per transaction, so a blob is complete only once
/// its last chunk is in; a blob of an earlier version was written in one transaction, whole.
const V3: &str = r#"
ALTER TABLE blobs ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
"#;

/// Version 4: users' long actions as tasks, claimed with a lease (`kind` is JSON with its
/// parameters); a user has at most one queued or running task. They replace the "⏳" record
/// a chat's dialogue kept (`work_*`), which goes.
const V4: &str = r#"
CREATE TABLE tasks (
    id               TEXT PRIMARY KEY,
    user_id          INTEGER NOT NULL,
    chat_id          INTEGER NOT NULL,
    message_id       INTEGER NOT NULL,
    locale           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_until      INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX tasks_one_active ON tasks (user_id) WHERE state IN ('queued', 'running');
CREATE INDEX tasks_by_state ON tasks (state, created_at);
CREATE INDEX tasks_by_user ON tasks (user_id, created_at);
ALTER TABLE dialogues DROP COLUMN work_message;
ALTER TABLE dialogues DROP COLUMN work_locale;
ALTER TABLE dialogues DROP COLUMN work_since;
"#;

/// Version 5: what the scrub found when it last read a backup's archive back (`checked_at`,
/// null until it first does; `damaged_at` once the archive is found damaged or missing). The
/// scrub takes the backup checked longest ago, and counts the damaged ones.
const V5: &str = r#"
ALTER TABLE backups ADD COLUMN checked_at INTEGER;
ALTER TABLE backups ADD COLUMN damaged_at INTEGER;
CREATE INDEX backups_to_check ON backups (COALESCE(checked_at, created_at))
    WHERE damaged_at IS NULL;
CREATE INDEX backups_damaged ON backups (damaged_at) WHERE damaged_at IS NOT NULL;
"#;

/// Version 6: the alerts. When a job's schedule was turned on (`scheduled_since`; unknown,
/// null, for jobs scheduled before), the open alerts (`key`, told once when opened), and what
/// the scheduled dumps did (one row, whichever instance dumped).
const V6: &str = r#"
ALTER TABLE jobs ADD COLUMN scheduled_since INTEGER;
CREATE TABLE alerts (
    key   TEXT PRIMARY KEY,
    since INTEGER NOT NULL
);
CREATE TABLE dump_log (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    every_ms     INTEGER NOT NULL,
    since        INTEGER NOT NULL,
    last_success INTEGER,
    failures     INTEGER NOT NULL,
    last_error   TEXT
);
"#;

/// Version 7: what a destination last received from a scheduled run (the fingerprint of the
/// library uploaded), and when a run last found nothing changed.
const V7: &str = r#"
ALTER TABLE destinations ADD COLUMN uploaded_library TEXT;
ALTER TABLE destinations ADD COLUMN last_unchanged INTEGER;
"#;

/// Version 8: whether a destination's backups (scheduled ones, ☁️ Back up now) hold every
/// file's earlier versions (off, as before, for every destination already set up) and the
/// password they are protected with, sealed; whether a backup is protected by a password.
const V8: &str = r#"
ALTER TABLE destinations ADD COLUMN history INTEGER NOT NULL DEFAULT 0;
ALTER TABLE destinations ADD COLUMN password BLOB;
ALTER TABLE backups ADD COLUMN protected INTEGER NOT NULL DEFAULT 0;
"#;

/// Version 9: whether a destination's last upload found it full (a full Google Drive), which
/// its status says until the next outcome.
const V9: &str = r#"
ALTER TABLE destinations ADD COLUMN last_error_full INTEGER NOT NULL DEFAULT 0;
"#;

/// Version 10: generational retention of a destination's copies: the newest copy of each of
/// the last `retention_daily` days, `retention_weekly` weeks and `retention_monthly` months,
/// set instead of keeping the newest `retention` (all three null otherwise).
const V10: &str = r#"
ALTER TABLE destinations ADD COLUMN retention_daily INTEGER;
ALTER TABLE destinations ADD COLUMN retention_weekly INTEGER;
ALTER TABLE destinations ADD COLUMN retention_monthly INTEGER;
"#;

/// Version 11: the user's favourite files (their keys, JSON, on the user's row).
const V11: &str = r#"
ALTER TABLE users ADD COLUMN favourites TEXT NOT NULL DEFAULT '[]';
"#;

/// Version 12: the time zone the user reads times in (none: UTC).
const V12: &str = r#"
ALTER TABLE users ADD COLUMN time_zone TEXT;
"#;

/// Brings the file to [`SCHEMA_VERSION`].
pub(super) fn migrate(conn: &mut Connection, path: &str) -> Result<(), OpenError> {
    run(conn, MIGRATIONS, path)
}

/// Applies the migrations the file lacks, each in its own transaction with the version it
/// reaches, so a crash between two leaves a file at a version it really has.
fn run(conn: &mut Connection, migrations: &[&str], path: &str) -> Result<(), OpenError> {
    let supported = u32::try_from(migrations.len()).unwrap_or(u32::MAX);
    loop {
        let step_error = |version, source| OpenError::Migrate {
            path: path.to_owned(),
            version,
            source,
        };
        // The version is read under the write lock: two processes opening one file at once
        // never both apply the same step.
        let transaction = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| step_error(0, source))?;
        let found: u32 = transaction
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|source| step_error(0, source))?;
        if found > supported {
            return Err(OpenError::NewerSchema {
                path: path.to_owned(),
                found,
                supported,
            });
        }
        let Some(next) = usize::try_from(found)
            .ok()
            .and_then(|index| migrations.get(index))
        else {
            return Ok(());
        };
        let version = found + 1;
        transaction
            .execute_batch(next)
            .and_then(|()| transaction.pragma_update(None, "user_version", version))
            .and_then(|()| transaction.commit())
            .map_err(|source| step_error(version, source))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> u32 {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap()
    }

    fn tables(conn: &Connection) -> Vec<String> {
        let mut statement = conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_file_of_any_older_version_is_brought_to_the_current_schema() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, "fresh").unwrap();
        assert_eq!(version(&fresh), SCHEMA_VERSION);
        for older in 0..MIGRATIONS.len() {
            let mut conn = Connection::open_in_memory().unwrap();
            run(&mut conn, &MIGRATIONS[..older], "older").unwrap();
            assert_eq!(version(&conn), u32::try_from(older).unwrap());
            migrate(&mut conn, "older").unwrap();
            assert_eq!(version(&conn), SCHEMA_VERSION);
            assert_eq!(tables(&conn), tables(&fresh), "from version {older}");
        }
    }

    #[test]
    fn an_upgrade_keeps_the_data_and_runs_only_the_missing_steps() {
        let steps = [
            "CREATE TABLE t (a INTEGER NOT NULL);",
            "ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'x';",
        ];
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn, &steps[..1], "db").unwrap();
        conn.execute("INSERT INTO t (a) VALUES (7)", []).unwrap();
        // Running a step twice would fail ("table t already exists").
        run(&mut conn, &steps, "db").unwrap();
        run(&mut conn, &steps, "db").unwrap();
        let row: (i64, String) = conn
            .query_row("SELECT a, b FROM t", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!(row, (7, "x".to_owned()));
        assert_eq!(version(&conn), 2);
    }

    #[test]
    fn an_older_binary_refuses_a_newer_file_naming_both_versions() {
        let steps = ["CREATE TABLE t (a INTEGER);", "CREATE TABLE u (b INTEGER);"];
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn, &steps, "data/codevault.db").unwrap();
        let refused = run(&mut conn, &steps[..1], "data/codevault.db").unwrap_err();
        assert!(
            matches!(
                refused,
                OpenError::NewerSchema {
                    found: 2,
                    supported: 1,
                    ..
                }
            ),
            "{refused:?}"
        );
        let message = refused.to_string();
        assert!(
            message.contains("data/codevault.db")
                && message.contains("version 2")
                && message.contains("version 1"),
            "{message}"
        );
        assert_eq!(version(&conn), 2, "the file is left as it was");
    }
}
