//! `backups`: one row per stored backup archive, its remote copies in `backup_copies`; a
//! restore's safety snapshot also holds the restore's undo log (`undo`, `undone_at`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};
use serde::{Deserialize, Serialize};

use super::{
    db::Db,
    values::{Json, Named, found, json, millis, time, to_i64, to_u64},
};
use crate::{
    domain::{
        DestinationId, Id, UserId,
        backup::{
            BackupKind, BackupRecord, CopyStatus, Integrity, Rating, RemoteCopy, quota::Holdings,
        },
        restore::{AddedHistory, UndoLog, WriteKind, Written},
    },
    storage::{BackupStore, StoreError, StoreResult},
};

/// A record's columns; the undo log is left out (it can be large and only Undo needs it).
pub(super) const RECORD: &str = "id, user_id, kind, created_at, file_count, total_size, archive_size, \
                      sha256, version, rating, note, repo, git_ref, git_commit, checked_at, damaged_at, \
                      protected";

mod integrity;

#[derive(Clone)]
pub struct SqliteBackups {
    db: Arc<Db>,
}

impl SqliteBackups {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }

    /// Runs `update` (over `?1` the id, `?2` the user, `?3` `value`) on the user's backup;
    /// `NotFound` unless they have it.
    async fn update<V>(&self, id: &Id, user: UserId, set: &'static str, value: V) -> StoreResult<()>
    where
        V: ToSql + Send + 'static,
    {
        let id = id.clone();
        let changed = self
            .db
            .write(move |conn| {
                let sql = format!("UPDATE backups SET {set} WHERE id = ?1 AND user_id = ?2");
                Ok(conn
                    .prepare_cached(&sql)?
                    .execute(params![id, user, value])?)
            })
            .await?;
        found(changed)
    }

    /// The user's records matching `filter` (over `?1` the user and `?2` `value`), in `order`,
    /// at most `limit` after skipping `skip`.
    async fn select(
        &self,
        filter: &str,
        order: &'static str,
        user: UserId,
        value: Option<String>,
        skip: u64,
        limit: i64,
    ) -> StoreResult<Vec<BackupRecord>> {
        let sql = format!(
            "SELECT {RECORD} FROM backups WHERE user_id = ?1 AND {filter} \
             ORDER BY {order} LIMIT ?3 OFFSET ?4"
        );
        self.db
            .read(move |conn| {
                let mut statement = conn.prepare_cached(&sql)?;
                let rows = statement.query_map(params![user, value, limit, to_i64(skip)], read)?;
                let mut records: Vec<BackupRecord> = rows.collect::<Result<_, _>>()?;
                for record in &mut records {
                    record.copies = copies(conn, &record.id)?;
                }
                Ok(records)
            })
            .await
    }

    async fn count_where(&self, user: UserId, filter: &'static str) -> StoreResult<u64> {
        self.db
            .read(move |conn| {
                let sql = format!("SELECT COUNT(*) FROM backups WHERE user_id = ?1 AND {filter}");
                let count: i64 = conn
                    .prepare_cached(&sql)?
                    .query_row([user], |row| row.get(0))?;
                Ok(to_u64(count))
            })
            .await
    }
}

pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<BackupRecord> {
    Ok(BackupRecord {
        id: row.get("id")?,
        user_id: row.get("user_id")?,
        kind: row.get::<_, Named<_>>("kind")?.0,
        created_at: time(row.get("created_at")?),
        file_count: to_u64(row.get("file_count")?),
        total_size: to_u64(row.get("total_size")?),
        archive_size: to_u64(row.get("archive_size")?),
        sha256: row.get("sha256")?,
        version: row.get("version")?,
        rating: row.get::<_, Option<Named<Rating>>>("rating")?.map(|r| r.0),
        note: row.get("note")?,
        repo: row.get("repo")?,
        git_ref: row.get("git_ref")?,
        commit: row.get("git_commit")?,
        copies: Vec::new(),
        checked_at: row.get::<_, Option<i64>>("checked_at")?.map(time),
        damaged_at: row.get::<_, Option<i64>>("damaged_at")?.map(time),
        protected: row.get("protected")?,
    })
}

/// The record's copies, in the order they were first made.
pub(super) fn copies(conn: &Connection, id: &Id) -> StoreResult<Vec<RemoteCopy>> {
    let mut statement = conn.prepare_cached(
        "SELECT destination, remote_id, status, at FROM backup_copies \
         WHERE backup_id = ?1 ORDER BY rowid",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok(RemoteCopy {
            destination: row.get::<_, DestinationId>(0)?,
            remote_id: row.get(1)?,
            status: row.get::<_, Named<CopyStatus>>(2)?.0,
            at: time(row.get(3)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The undo log as kept in `undo`; when it was used is the `undone_at` column.
#[derive(Serialize, Deserialize)]
pub(super) struct UndoJson {
    pub(super) restored: Id,
    pub(super) writes: Vec<WrittenJson>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct WrittenJson {
    pub(super) name: String,
    pub(super) kind: WriteKind,
    pub(super) state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) added: Option<AddedHistory>,
}

#[async_trait]
impl BackupStore for SqliteBackups {
    async fn insert(&self, record: &BackupRecord) -> StoreResult<()> {
        let record = record.clone();
        self.db
            .write(move |conn| {
                conn.prepare_cached(&format!(
                    "INSERT INTO backups ({RECORD}) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                     ?17)"
                ))?
                .execute(params![
                    record.id,
                    record.user_id,
                    Named(record.kind),
                    millis(record.created_at),
                    to_i64(record.file_count),
                    to_i64(record.total_size),
                    to_i64(record.archive_size),
                    record.sha256,
                    record.version,
                    record.rating.map(Named),
                    record.note,
                    record.repo,
                    record.git_ref,
                    record.commit,
                    record.checked_at.map(millis),
                    record.damaged_at.map(millis),
                    record.protected,
                ])?;
                for copy in &record.copies {
                    put_copy(conn, &record.id, copy)?;
                }
                Ok(())
            })
            .await
    }

    async fn get(&self, user: UserId, id: &Id) -> StoreResult<Option<BackupRecord>> {
        let records = self
            .select("id = ?2", "id", user, Some(id.to_string()), 0, 1)
            .await?;
        Ok(records.into_iter().next())
    }

    async fn list(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<BackupRecord>, u64)> {
        let total = self.count(user).await?;
        let limit = if limit == 0 { -1 } else { i64::from(limit) };
        let records = self
            .select("1", "created_at DESC, id DESC", user, None, skip, limit)
            .await?;
        Ok((records, total))
    }

    async fn count(&self, user: UserId) -> StoreResult<u64> {
        self.count_where(user, "1").await
    }

    async fn holdings(&self, user: UserId) -> StoreResult<Holdings> {
        self.db
            .read(move |conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT kind, rating IS NOT NULL, COUNT(*), TOTAL(archive_size) FROM backups \
                     WHERE user_id = ?1 GROUP BY kind, rating IS NOT NULL",
                )?;
                let mut held = Holdings::default();
                let mut rows = statement.query([user])?;
                while let Some(row) = rows.next()? {
                    let kind = row.get::<_, Named<BackupKind>>(0)?.0;
                    // TOTAL is a float: exact for sums of sizes up to 2^53 bytes.
                    let bytes = row.get::<_, f64>(3)? as u64;
                    held.add(kind, row.get(1)?, to_u64(row.get(2)?), bytes);
                }
                Ok(held)
            })
            .await
    }

    async fn set_rating(&self, user: UserId, id: &Id, rating: Option<Rating>) -> StoreResult<()> {
        self.update(id, user, "rating = ?3", rating.map(Named))
            .await
    }

    async fn set_note(&self, user: UserId, id: &Id, note: Option<String>) -> StoreResult<()> {
        self.update(id, user, "note = ?3", note).await
    }

    async fn set_copy(&self, user: UserId, id: &Id, copy: &RemoteCopy) -> StoreResult<()> {
        let (id, copy) = (id.clone(), copy.clone());
        self.db
            .write(move |conn| {
                let owned = conn
                    .prepare_cached("SELECT 1 FROM backups WHERE id = ?1 AND user_id = ?2")?
                    .query_row(params![id, user], |_| Ok(()))
                    .optional()?;
                if owned.is_none() {
                    return Err(StoreError::NotFound);
                }
                put_copy(conn, &id, &copy)
            })
            .await
    }

    async fn delete(&self, user: UserId, id: &Id) -> StoreResult<()> {
        let id = id.clone();
        let deleted = self
            .db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached("DELETE FROM backups WHERE id = ?1 AND user_id = ?2")?
                    .execute(params![id, user])?)
            })
            .await?;
        found(deleted)
    }

    async fn oldest_unrated(
        &self,
        user: UserId,
        kinds: &[BackupKind],
        limit: u64,
        except: &Id,
    ) -> StoreResult<Vec<BackupRecord>> {
        let limit = if limit == 0 { -1 } else { to_i64(limit) };
        // The kinds' names are the code's own constants, never input.
        let kinds: Vec<String> = kinds
            .iter()
            .map(|kind| format!("'{}'", kind.as_str()))
            .collect();
        let filter = format!(
            "rating IS NULL AND id != ?2 AND kind IN ({})",
            kinds.join(", ")
        );
        let order = "created_at ASC, id ASC";
        self.select(&filter, order, user, Some(except.to_string()), 0, limit)
            .await
    }

    async fn set_undo(&self, user: UserId, snapshot: &Id, log: &UndoLog) -> StoreResult<()> {
        let undo = json(&UndoJson {
            restored: log.restored.clone(),
            writes: log
                .writes
                .iter()
                .map(|write| WrittenJson {
                    name: write.name.clone(),
                    kind: write.kind,
                    state: write.state.clone(),
                    added: write.added,
                })
                .collect(),
        })?;
        let undone_at = log.undone_at.map(millis);
        let id = snapshot.clone();
        // One write: the log and whether it was used go together.
        self.db
            .write(move |conn| {
                let changed = conn
                    .prepare_cached(
                        "UPDATE backups SET undo = ?3, undone_at = ?4 \
                         WHERE id = ?1 AND user_id = ?2",
                    )?
                    .execute(params![id, user, undo, undone_at])?;
                Ok(changed)
            })
            .await
            .and_then(found)
    }

    async fn undo_log(&self, user: UserId, id: &Id) -> StoreResult<Option<UndoLog>> {
        let id = id.clone();
        let kept = self
            .db
            .read(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "SELECT undo, undone_at FROM backups \
                         WHERE id = ?1 AND user_id = ?2 AND undo IS NOT NULL",
                    )?
                    .query_row(params![id, user], |row| {
                        Ok((
                            row.get::<_, Json<UndoJson>>(0)?.0,
                            row.get::<_, Option<i64>>(1)?,
                        ))
                    })
                    .optional()?)
            })
            .await?;
        Ok(kept.map(|(undo, undone_at)| UndoLog {
            restored: undo.restored,
            writes: undo
                .writes
                .into_iter()
                .map(|write| Written {
                    name: write.name,
                    kind: write.kind,
                    state: write.state,
                    added: write.added,
                })
                .collect(),
            undone_at: undone_at.map(time),
        }))
    }

    async fn claim_undo(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<bool> {
        let id = id.clone();
        self.db
            .write(move |conn| {
                let claimed = conn
                    .prepare_cached(
                        "UPDATE backups SET undone_at = ?3 WHERE id = ?1 AND user_id = ?2 \
                         AND undo IS NOT NULL AND undone_at IS NULL",
                    )?
                    .execute(params![id, user, millis(at)])?;
                Ok(claimed > 0)
            })
            .await
    }

    async fn release_undo(&self, user: UserId, id: &Id) -> StoreResult<()> {
        self.update(id, user, "undone_at = ?3", None::<i64>).await
    }

    async fn set_checked(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<()> {
        self.update(id, user, "checked_at = ?3", millis(at)).await
    }

    async fn mark_damaged(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<bool> {
        let id = id.clone();
        self.db
            .write(move |conn| integrity::mark_damaged(conn, &id, user, millis(at)))
            .await
    }

    async fn next_to_check(
        &self,
        checked_before: DateTime<Utc>,
    ) -> StoreResult<Option<BackupRecord>> {
        self.db
            .read(move |conn| integrity::next_to_check(conn, millis(checked_before)))
            .await
    }

    async fn integrity(&self, checked_before: DateTime<Utc>) -> StoreResult<Integrity> {
        self.db
            .read(move |conn| integrity::counts(conn, millis(checked_before)))
            .await
    }

    async fn damaged(&self) -> StoreResult<Vec<BackupRecord>> {
        self.db.read(integrity::damaged).await
    }
}

/// Puts `copy` on the record, replacing the destination's copy where there is one (in its
/// place), else adding it.
pub(super) fn put_copy(conn: &Connection, id: &Id, copy: &RemoteCopy) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO backup_copies (backup_id, destination, remote_id, status, at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (backup_id, destination) \
         DO UPDATE SET remote_id = excluded.remote_id, status = excluded.status, at = excluded.at",
    )?
    .execute(params![
        id,
        copy.destination,
        copy.remote_id,
        Named(copy.status),
        millis(copy.at)
    ])?;
    Ok(())
}
