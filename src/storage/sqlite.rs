//! The embedded implementation of the storage traits: one SQLite file, `codevault.db`, in a
//! data directory.
//!
//! Concurrency: SQLite allows one writer at a time, so every write goes through one writer
//! connection behind a mutex, in a transaction begun `IMMEDIATE` (it takes the write lock at
//! once, so a transaction never fails half-way on a lock another process holds; the busy
//! timeout makes a second process wait its turn). Reads use a small pool of other connections,
//! each read in one transaction, so in WAL mode they run beside the writer and see one
//! snapshot. rusqlite is synchronous: every call runs on tokio's blocking pool, never on the
//! runtime's threads.

mod alerts;
mod backups;
mod blobs;
mod db;
mod dialogues;
mod drive;
mod events;
mod files;
mod github;
mod instance;
mod jobs;
mod schema;
mod settings;
mod tasks;
mod transfer;
mod users;
mod values;

use std::{path::Path, sync::Arc};

pub use alerts::SqliteAlerts;
pub use backups::SqliteBackups;
pub use blobs::SqliteBlobs;
pub use dialogues::SqliteDialogues;
pub use drive::SqliteDrive;
pub use events::SqliteEvents;
pub use files::SqliteFiles;
pub use github::SqliteGithub;
pub use instance::{DataDirLock, LOCK_FILE, LockError, SqliteLeases};
pub use jobs::SqliteJobs;
pub use schema::SCHEMA_VERSION;
pub use settings::SqliteDestinations;
pub use tasks::SqliteTasks;
pub use users::SqliteUsers;

use db::Db;

use super::StoreError;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "codevault.db";

/// An open embedded database with its schema up to date.
#[derive(Clone)]
pub struct Sqlite {
    db: Arc<Db>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} has schema version {found}, newer than this CodeVault knows \
         (version {supported}): it was written by a newer release; run that release or newer"
    )]
    NewerSchema {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("cannot bring the database {path} to schema version {version}: {source}")]
    Migrate {
        path: String,
        version: u32,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the file system of {path} does not support SQLite's write-ahead log (journal mode \
         stays {mode}): put storage.data_dir on a local disk"
    )]
    NoWal { path: String, mode: String },
    #[error("the task opening the database failed: {0}")]
    Task(#[source] tokio::task::JoinError),
}

/// Why the store of a data directory could not be opened for this process alone.
#[derive(Debug, thiserror::Error)]
pub enum LockedOpenError {
    #[error(transparent)]
    InUse(#[from] LockError),
    #[error(transparent)]
    Open(#[from] OpenError),
}

impl Sqlite {
    /// Opens (creating it and the directory when missing) `data_dir/codevault.db`, and brings
    /// its schema up to date; a file from a newer release is refused.
    pub async fn open(data_dir: &Path) -> Result<Self, OpenError> {
        let data_dir = data_dir.to_owned();
        let db = tokio::task::spawn_blocking(move || Db::open(&data_dir))
            .await
            .map_err(OpenError::Task)??;
        Ok(Self { db: Arc::new(db) })
    }

    /// Opens `data_dir` for this process alone: its lock is taken first, so no other bot or
    /// migration writes the file while the returned lock lives.
    pub async fn open_locked(data_dir: &Path) -> Result<(Self, DataDirLock), LockedOpenError> {
        let lock = DataDirLock::acquire(data_dir)?;
        Ok((Self::open(data_dir).await?, lock))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.db.path()
    }

    pub fn files(&self) -> SqliteFiles {
        SqliteFiles::new(self.db.clone())
    }

    pub fn backups(&self) -> SqliteBackups {
        SqliteBackups::new(self.db.clone())
    }

    pub fn blobs(&self) -> SqliteBlobs {
        SqliteBlobs::new(self.db.clone())
    }

    pub fn users(&self) -> SqliteUsers {
        SqliteUsers::new(self.db.clone())
    }

    pub fn drive(&self) -> SqliteDrive {
        SqliteDrive::new(self.db.clone())
    }

    pub fn destinations(&self) -> SqliteDestinations {
        SqliteDestinations::new(self.db.clone())
    }

    pub fn github(&self) -> SqliteGithub {
        SqliteGithub::new(self.db.clone())
    }

    pub fn events(&self) -> SqliteEvents {
        SqliteEvents::new(self.db.clone())
    }

    pub fn dialogues(&self) -> SqliteDialogues {
        SqliteDialogues::new(self.db.clone())
    }

    pub fn jobs(&self) -> SqliteJobs {
        SqliteJobs::new(self.db.clone())
    }

    pub fn tasks(&self) -> SqliteTasks {
        SqliteTasks::new(self.db.clone())
    }

    pub fn leases(&self) -> SqliteLeases {
        SqliteLeases::new(self.db.clone())
    }

    pub fn alerts(&self) -> SqliteAlerts {
        SqliteAlerts::new(self.db.clone())
    }

    /// Answers whether the database answers a query right now (for readiness checks).
    pub async fn ping(&self) -> bool {
        self.db
            .read(|conn| Ok(conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?))
            .await
            .is_ok()
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        if is_constraint(&error) {
            Self::Conflict
        } else {
            Self::Sqlite(error)
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        Self::Json(error)
    }
}

/// A uniqueness rule refused the write (a unique index or a primary key). Other constraints
/// (NOT NULL, foreign keys) are a store's bug, not a taken name: they stay database errors.
fn is_constraint(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    fn refused(sql: &str) -> StoreError {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; \
             CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE); \
             CREATE TABLE c (p INTEGER REFERENCES p (id)); \
             INSERT INTO p VALUES (1, 'a');",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap_err().into()
    }

    #[test]
    fn only_a_broken_uniqueness_rule_is_a_conflict() {
        for unique in [
            "INSERT INTO p VALUES (2, 'a')",
            "INSERT INTO p VALUES (1, 'b')",
        ] {
            assert!(matches!(refused(unique), StoreError::Conflict), "{unique}");
        }
        for other in ["INSERT INTO p VALUES (3, NULL)", "INSERT INTO c VALUES (9)"] {
            assert!(matches!(refused(other), StoreError::Sqlite(_)), "{other}");
        }
    }
}
