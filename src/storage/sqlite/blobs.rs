//! Backup archives in the database itself: a `blobs` row per archive and its bytes in
//! `blob_chunks`, streamed in and out a chunk at a time.
//!
//! Chunks in the database rather than files beside it: one file is still everything to back
//! up or move (`sqlite3 .backup` copies archives too), and no file can outlive its row or a
//! row its file; each chunk is its own short transaction, so the writer lock is held for one
//! chunk at a time and a large archive never blocks every other write.
//!
//! Why this is crash-safe: the row is written first, marked incomplete, and marked complete
//! in the transaction of the last chunk's length; readers only see complete blobs. The backup
//! service stores the blob, reads it back, and only then inserts the record (a later
//! transaction), so a crash at any point leaves at worst a blob (complete or not) that no
//! record names, which `remove_orphans` finds; a record is never committed before its bytes.
//! Deleting goes record first, then blob, for the same reason.

use std::{io, sync::Arc};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio_util::{bytes::Bytes, io::StreamReader};

use super::{
    db::Db,
    values::{millis, to_i64},
};
use crate::{
    domain::Id,
    storage::{BlobReader, BlobStore, StoreError, StoreResult},
};

/// Bytes per chunk, and per write transaction: no stored value comes near SQLite's limit on
/// one value (1 GB by default), whatever the archive's size, and a lock is held briefly.
const CHUNK: usize = 1024 * 1024;

#[derive(Clone)]
pub struct SqliteBlobs {
    db: Arc<Db>,
}

impl SqliteBlobs {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }

    /// Writes the chunks and completes the blob whose row `put` inserted.
    async fn fill(
        &self,
        id: &Id,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        let mut stored = 0u64;
        for n in 0u64.. {
            let chunk = read_chunk(archive)
                .await
                .map_err(|source| StoreError::Archive {
                    action: "store",
                    source,
                })?;
            if chunk.is_empty() {
                break;
            }
            stored += chunk.len() as u64;
            let id = id.clone();
            self.db
                .write(move |conn| {
                    conn.prepare_cached(
                        "INSERT INTO blob_chunks (blob_id, n, data) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![id, to_i64(n), chunk])?;
                    Ok(())
                })
                .await?;
        }
        let id = id.clone();
        self.db
            .write(move |conn| {
                conn.prepare_cached("UPDATE blobs SET size = ?2, complete = 1 WHERE id = ?1")?
                    .execute(params![id, to_i64(stored)])?;
                Ok(())
            })
            .await?;
        Ok(stored)
    }
}

/// Up to [`CHUNK`] bytes, fewer only at the end of the archive.
async fn read_chunk(archive: &mut (dyn AsyncRead + Send + Unpin)) -> io::Result<Vec<u8>> {
    let mut chunk = Vec::with_capacity(CHUNK);
    while chunk.len() < CHUNK {
        let room = (CHUNK - chunk.len()) as u64;
        if (&mut *archive).take(room).read_buf(&mut chunk).await? == 0 {
            break;
        }
    }
    Ok(chunk)
}

#[async_trait]
impl BlobStore for SqliteBlobs {
    async fn put(
        &self,
        id: &Id,
        file_name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        let (row, file_name) = (id.clone(), file_name.to_owned());
        let stored_at = millis(Utc::now());
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "INSERT INTO blobs (id, file_name, size, stored_at, complete) \
                     VALUES (?1, ?2, 0, ?3, 0)",
                )?
                .execute(params![row, file_name, stored_at])?;
                Ok(())
            })
            .await?;
        let filled = self.fill(id, archive).await;
        if filled.is_err() {
            // The row is ours (inserting it would have failed otherwise): it and its chunks go.
            if let Err(error) = self.delete(id).await {
                tracing::warn!(%error, backup = %id, "cannot remove an unfinished archive");
            }
        }
        filled
    }

    async fn get(&self, id: &Id) -> StoreResult<BlobReader> {
        let wanted = id.clone();
        let size: i64 = self
            .db
            .read(move |conn| {
                conn.prepare_cached("SELECT size FROM blobs WHERE id = ?1 AND complete = 1")?
                    .query_row([&wanted], |row| row.get(0))
                    .optional()?
                    .ok_or(StoreError::NotFound)
            })
            .await?;
        let size = u64::try_from(size).unwrap_or_default();
        let (db, id) = (self.db.clone(), id.clone());
        // Each chunk is read in a transaction of its own, so no read holds the database's
        // snapshot (and its log) for as long as a large archive takes to read.
        let chunks = futures::stream::try_unfold((0u64, 0u64), move |(n, read)| {
            let (db, id) = (db.clone(), id.clone());
            async move {
                if read >= size {
                    return Ok::<_, io::Error>(None);
                }
                let data = db
                    .read(move |conn| {
                        Ok(conn
                            .prepare_cached(
                                "SELECT data FROM blob_chunks WHERE blob_id = ?1 AND n = ?2",
                            )?
                            .query_row(params![id, to_i64(n)], |row| row.get::<_, Vec<u8>>(0))
                            .optional()?)
                    })
                    .await
                    .map_err(io::Error::other)?;
                let data = data.filter(|data| !data.is_empty()).ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the archive was removed while it was read",
                    )
                })?;
                let read = read + data.len() as u64;
                Ok(Some((Bytes::from(data), (n + 1, read))))
            }
        });
        Ok(Box::pin(StreamReader::new(chunks)))
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

    /// Unfinished blobs (a crash or a kill mid-way) have no record either, so they go too.
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
