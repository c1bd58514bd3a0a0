//! One instance at a time: the `instance_leases` table (one row per lease), and the lock on the
//! data directory that keeps a second process off the embedded store.

use std::{
    fs::{File, OpenOptions, TryLockError},
    io::{Read, Seek, SeekFrom, Write},
    path::{Path, PathBuf},
    sync::Arc,
};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::params;

use super::{db::Db, values::millis};
use crate::storage::{Hold, InstanceLeases, StoreResult, lease_end};

#[derive(Clone)]
pub struct SqliteLeases {
    db: Arc<Db>,
}

impl SqliteLeases {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }
}

#[async_trait]
impl InstanceLeases for SqliteLeases {
    async fn try_hold(
        &self,
        name: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<Hold> {
        let until = lease_end(now, ttl)?;
        let (name, holder) = (name.to_owned(), holder.to_owned());
        let (now, until) = (millis(now), millis(until));
        // Taken and read back in one write transaction: no other writer runs in between.
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "INSERT INTO instance_leases (name, holder, until) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
                     until = excluded.until \
                     WHERE instance_leases.holder = excluded.holder \
                     OR instance_leases.until < ?4",
                )?
                .execute(params![name, holder, until, now])?;
                let current: String = conn
                    .prepare_cached("SELECT holder FROM instance_leases WHERE name = ?1")?
                    .query_row(params![name], |row| row.get(0))?;
                Ok(if current == holder {
                    Hold::Held
                } else {
                    Hold::HeldBy(current)
                })
            })
            .await
    }

    async fn release(&self, name: &str, holder: &str) -> StoreResult<bool> {
        let (name, holder) = (name.to_owned(), holder.to_owned());
        // The row stays with a lease long over, so whoever asks next takes it.
        let released = self
            .db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "UPDATE instance_leases SET until = 0 WHERE name = ?1 AND holder = ?2",
                    )?
                    .execute(params![name, holder])?)
            })
            .await?;
        Ok(released > 0)
    }
}

/// The lock file's name inside the data directory.
pub const LOCK_FILE: &str = "codevault.lock";

/// An exclusive lock on the data directory, held while this value lives; the operating system
/// drops it when the process ends, however it ends, so a restart after a crash finds it free.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("the data directory {dir} is in use by another CodeVault process{}", pid_note(*.pid))]
    InUse { dir: String, pid: Option<u32> },
    #[error("cannot lock the data directory {dir}: {source}")]
    Io {
        dir: String,
        #[source]
        source: std::io::Error,
    },
}

fn pid_note(pid: Option<u32>) -> String {
    pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
}

impl DataDirLock {
    /// Locks `data_dir` (creating it when missing) for this process, writing its pid in the
    /// lock file for the message another process shows; `InUse` when another process holds it.
    pub fn acquire(data_dir: &Path) -> Result<Self, LockError> {
        let dir = data_dir.display().to_string();
        let io = |source| LockError::Io {
            dir: dir.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(io)?;
        let path: PathBuf = data_dir.join(LOCK_FILE);
        // Not truncated on open: the pid in it is the holder's until the lock is ours.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::InUse {
                    dir,
                    pid: holder_pid(&mut file),
                });
            }
            Err(TryLockError::Error(source)) => return Err(io(source)),
        }
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .and_then(|()| file.sync_all())
            .map_err(io)?;
        Ok(Self { _file: file })
    }
}

/// The pid the holder wrote, when it has written it yet.
fn holder_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_directory_is_refused_naming_the_holder_pid_until_the_first_goes() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let first = DataDirLock::acquire(&data_dir).unwrap();

        let refused = DataDirLock::acquire(&data_dir).unwrap_err();
        let pid = std::process::id();
        assert!(
            matches!(refused, LockError::InUse { pid: Some(p), .. } if p == pid),
            "{refused:?}"
        );
        assert_eq!(
            refused.to_string(),
            format!(
                "the data directory {} is in use by another CodeVault process (pid {pid})",
                data_dir.display()
            )
        );

        drop(first);
        DataDirLock::acquire(&data_dir).expect("free once the holder is gone");
    }
}
