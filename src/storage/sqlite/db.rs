//! The connections: one writer behind a mutex, a few readers, every call on the blocking pool.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use rusqlite::{Connection, TransactionBehavior};

use super::{DB_FILE, OpenError, schema};
use crate::{
    storage::{StoreError, StoreResult},
    sync::lock,
};

/// How long a connection waits for a lock another process holds before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Idle read connections kept open; more are opened while many reads run at once.
const IDLE_READERS: usize = 4;
/// Prepared statements kept per connection (a restore of thousands of files reuses a few).
const STATEMENT_CACHE: usize = 64;

pub(super) struct Db {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Db {
    /// Creates the directory and the file when missing, turns WAL on and migrates the schema.
    pub(super) fn open(data_dir: &Path) -> Result<Self, OpenError> {
        let path = data_dir.join(DB_FILE);
        let shown = path.display().to_string();
        std::fs::create_dir_all(data_dir).map_err(|source| OpenError::CreateDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let open_error = |source| OpenError::Open {
            path: shown.clone(),
            source,
        };
        let mut writer = connect(&path).map_err(open_error)?;
        // WAL is a property of the file: set once, every later connection uses it.
        let mode = writer
            .query_row("PRAGMA journal_mode = WAL", [], |row| {
                row.get::<_, String>(0)
            })
            .map_err(open_error)?;
        // Without WAL, readers would wait on every write: refuse rather than run slow.
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(OpenError::NoWal { path: shown, mode });
        }
        schema::migrate(&mut writer, &shown)?;
        Ok(Self {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in one write transaction: committed when it succeeds, rolled back when it
    /// fails (or panics), so a call's writes land all together or not at all.
    pub(super) async fn write<T, F>(self: &Arc<Self>, work: F) -> StoreResult<T>
    where
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.blocking(move |db| {
            let mut writer = lock(&db.writer);
            let transaction = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = work(&transaction)?;
            transaction.commit()?;
            Ok(value)
        })
        .await
    }

    /// Runs `work` in one read transaction (one snapshot) on a read connection.
    pub(super) async fn read<T, F>(self: &Arc<Self>, work: F) -> StoreResult<T>
    where
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.blocking(move |db| {
            let mut reader = match lock(&db.readers).pop() {
                Some(reader) => reader,
                None => db.open_reader()?,
            };
            let result = reader
                .transaction()
                .map_err(StoreError::from)
                .and_then(|transaction| {
                    let value = work(&transaction)?;
                    transaction.commit()?;
                    Ok(value)
                });
            let mut idle = lock(&db.readers);
            if idle.len() < IDLE_READERS {
                idle.push(reader);
            }
            result
        })
        .await
    }

    fn open_reader(&self) -> StoreResult<Connection> {
        let reader = connect(&self.path)?;
        reader.pragma_update(None, "query_only", true)?;
        Ok(reader)
    }

    /// Runs `work` on the blocking pool with this database.
    async fn blocking<T, F>(self: &Arc<Self>, work: F) -> StoreResult<T>
    where
        F: FnOnce(&Self) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || work(&db))
            .await
            .map_err(StoreError::Task)?
    }
}

/// A connection with the settings every connection uses.
fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // FULL: a committed backup survives a power cut too, not only a crash of the process.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}
