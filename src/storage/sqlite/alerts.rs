//! `alerts`: one row per open alert (`key`); `dump_log`: one row with what the scheduled dumps
//! did; the disk's fullness from the file system holding the database (`statvfs`).

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{
    db::Db,
    values::{millis, time, to_u32},
};
use crate::{
    domain::alert::{AlertKey, DumpLog, Fullness, OpenAlert},
    storage::{AlertStore, StoreError, StoreResult},
};

#[derive(Clone)]
pub struct SqliteAlerts {
    db: Arc<Db>,
}

impl SqliteAlerts {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AlertStore for SqliteAlerts {
    async fn open_alerts(&self) -> StoreResult<Vec<OpenAlert>> {
        let rows: Vec<(String, i64)> = self
            .db
            .read(|conn| {
                Ok(conn
                    .prepare_cached("SELECT key, since FROM alerts ORDER BY key")?
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?)
            })
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(key, since)| {
                let Ok(parsed) = key.parse::<AlertKey>() else {
                    tracing::warn!(key, "an open alert of a key this release does not know");
                    return None;
                };
                Some(OpenAlert {
                    key: parsed,
                    since: time(since),
                })
            })
            .collect())
    }

    async fn open(&self, alert: &OpenAlert) -> StoreResult<bool> {
        let (key, since) = (alert.key.to_string(), millis(alert.since));
        let inserted = self
            .db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "INSERT INTO alerts (key, since) VALUES (?1, ?2) \
                         ON CONFLICT (key) DO NOTHING",
                    )?
                    .execute(params![key, since])?)
            })
            .await?;
        Ok(inserted > 0)
    }

    async fn close(&self, key: &AlertKey) -> StoreResult<bool> {
        let key = key.to_string();
        let deleted = self
            .db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached("DELETE FROM alerts WHERE key = ?1")?
                    .execute([key])?)
            })
            .await?;
        Ok(deleted > 0)
    }

    async fn record_dump(
        &self,
        every: Duration,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let every = i64::try_from(every.as_millis()).unwrap_or(i64::MAX);
        let (at, error) = (millis(at), error.map(str::to_owned));
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "INSERT INTO dump_log (id, every_ms, since, last_success, failures, last_error) \
                     VALUES (1, ?1, ?2, CASE WHEN ?3 IS NULL THEN ?2 END, ?3 IS NOT NULL, ?3) \
                     ON CONFLICT (id) DO UPDATE SET every_ms = excluded.every_ms, \
                     last_success = CASE WHEN ?3 IS NULL \
                         THEN MAX(COALESCE(last_success, ?2), ?2) ELSE last_success END, \
                     failures = CASE WHEN ?3 IS NULL THEN 0 ELSE failures + 1 END, \
                     last_error = ?3",
                )?
                .execute(params![every, at, error])?;
                Ok(())
            })
            .await
    }

    async fn dump_log(&self) -> StoreResult<Option<DumpLog>> {
        self.db
            .read(|conn| {
                Ok(conn
                    .prepare_cached(
                        "SELECT every_ms, since, last_success, failures, last_error \
                         FROM dump_log WHERE id = 1",
                    )?
                    .query_row([], |row| {
                        Ok(DumpLog {
                            every: Duration::from_millis(
                                u64::try_from(row.get::<_, i64>(0)?).unwrap_or_default(),
                            ),
                            since: time(row.get(1)?),
                            last_success: row.get::<_, Option<i64>>(2)?.map(time),
                            failures: to_u32(row.get(3)?),
                            last_error: row.get(4)?,
                        })
                    })
                    .optional()?)
            })
            .await
    }

    async fn fullness(&self) -> StoreResult<Option<Fullness>> {
        let dir = self.db.path().parent().map(ToOwned::to_owned);
        let Some(dir) = dir else {
            return Ok(None);
        };
        let stats = tokio::task::spawn_blocking(move || rustix::fs::statvfs(&dir))
            .await
            .map_err(StoreError::Task)?
            .map_err(|source| StoreError::Archive {
                action: "measure the disk of",
                source: source.into(),
            })?;
        // As `df` counts it: used of what is used or free for an unprivileged process (the
        // blocks reserved for root are neither).
        let block = stats.f_frsize;
        let used_bytes = stats
            .f_blocks
            .saturating_sub(stats.f_bfree)
            .saturating_mul(block);
        let total_bytes = used_bytes.saturating_add(stats.f_bavail.saturating_mul(block));
        Ok((total_bytes > 0).then_some(Fullness {
            used_bytes,
            total_bytes,
        }))
    }
}
