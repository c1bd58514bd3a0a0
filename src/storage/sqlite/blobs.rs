//! Backup archives in the database itself: a `blobs` row per archive and its bytes in
//! `blob_chunks`, written in one transaction.
//!
//! Why this is crash-safe: SQLite commits a transaction whole or not at all, so a blob is
//! either stored complete or not at all — never half. The backup service stores the blob,
//! reads it back, and only then inserts the record (a later transaction), so a crash at any
//! point leaves at worst a complete blob no record names, which `remove_orphans` finds; a
//! record is never committed before its bytes. Deleting goes record first, then blob, for the
//! same reason. One file also means one thing to back up or move.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{
    db::Db,
    values::{millis, to_i64},
};
use crate::{
    domain::Id,
    storage::{BlobStore, StoreError, StoreResult},
};

/// Bytes per chunk: no stored value comes near SQLite's limit on one value (1 GB by default),
/// whatever the archive's size.
const CHUNK: usize = 1024 * 1024;

#[derive(Clone)]
pub struct SqliteBlobs {
    db: Arc<Db>,
}

impl SqliteBlobs {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }
}

#[async_trait]
impl BlobStore for SqliteBlobs {
    async fn put(&self, id: &Id, file_name: &str, bytes: &[u8]) -> StoreResult<()> {
        let (id, file_name, bytes) = (id.clone(), file_name.to_owned(), bytes.to_vec());
        let stored_at = millis(Utc::now());
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "INSERT INTO blobs (id, file_name, size, stored_at) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    id,
                    file_name,
                    to_i64(bytes.len() as u64),
                    stored_at
                ])?;
                let mut insert = conn.prepare_cached(
                    "INSERT INTO blob_chunks (blob_id, n, data) VALUES (?1, ?2, ?3)",
                )?;
                for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
                    insert.execute(params![id, to_i64(n as u64), chunk])?;
                }
                Ok(())
            })
            .await
    }

    async fn get(&self, id: &Id) -> StoreResult<Vec<u8>> {
        let id = id.clone();
        self.db
            .read(move |conn| {
                let size: i64 = conn
                    .prepare_cached("SELECT size FROM blobs WHERE id = ?1")?
                    .query_row([&id], |row| row.get(0))
                    .optional()?
                    .ok_or(StoreError::NotFound)?;
                let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
                let mut statement = conn
                    .prepare_cached("SELECT data FROM blob_chunks WHERE blob_id = ?1 ORDER BY n")?;
                let mut rows = statement.query([&id])?;
                while let Some(row) = rows.next()? {
                    bytes.extend(row.get::<_, Vec<u8>>(0)?);
                }
                Ok(bytes)
            })
            .await
    }

    async fn delete(&self, id: &Id) -> StoreResult<()> {
        let id = id.clone();
        self.db
            .write(move |conn| {
                conn.prepare_cached("DELETE FROM blobs WHERE id = ?1")?
                    .execute([&id])?;
                Ok(())
            })
            .await
    }

    async fn remove_orphans(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        self.db
            .write(move |conn| {
                let removed = conn
                    .prepare_cached(
                        "DELETE FROM blobs WHERE stored_at < ?1 \
                         AND NOT EXISTS (SELECT 1 FROM backups WHERE backups.id = blobs.id)",
                    )?
                    .execute([millis(before)])?;
                Ok(u64::try_from(removed).unwrap_or(u64::MAX))
            })
            .await
    }
}
