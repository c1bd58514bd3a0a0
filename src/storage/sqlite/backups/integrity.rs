//! What the scrub keeps on a backup (`checked_at`, `damaged_at`) and its queries over all
//! users' backups. A backup never re-checked counts as checked when it was stored (it was read
//! back then), hence `COALESCE(checked_at, created_at)`, which `backups_to_check` indexes.

use rusqlite::{Connection, OptionalExtension, params};

use super::{RECORD, copies, read};
use crate::{
    domain::{Id, UserId, backup::BackupRecord, backup::Integrity},
    storage::{StoreError, StoreResult, sqlite::values::to_u64},
};

/// Marks the backup damaged unless it already is; whether this call did.
pub(super) fn mark_damaged(conn: &Connection, id: &Id, user: UserId, at: i64) -> StoreResult<bool> {
    let marked = conn
        .prepare_cached(
            "UPDATE backups SET damaged_at = ?3 \
             WHERE id = ?1 AND user_id = ?2 AND damaged_at IS NULL",
        )?
        .execute(params![id, user, at])?;
    if marked > 0 {
        return Ok(true);
    }
    let owned = conn
        .prepare_cached("SELECT 1 FROM backups WHERE id = ?1 AND user_id = ?2")?
        .query_row(params![id, user], |_| Ok(()))
        .optional()?;
    owned.map(|()| false).ok_or(StoreError::NotFound)
}

pub(super) fn next_to_check(
    conn: &Connection,
    checked_before: i64,
) -> StoreResult<Option<BackupRecord>> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {RECORD} FROM backups WHERE damaged_at IS NULL \
             AND COALESCE(checked_at, created_at) <= ?1 \
             ORDER BY COALESCE(checked_at, created_at), id LIMIT 1"
        ))?
        .query_row([checked_before], read)
        .optional()?;
    let Some(mut record) = found else {
        return Ok(None);
    };
    record.copies = copies(conn, &record.id)?;
    Ok(Some(record))
}

/// Every damaged backup (the copies left out: the alerts name the backup), in the order found.
pub(super) fn damaged(conn: &Connection) -> StoreResult<Vec<BackupRecord>> {
    let records = conn
        .prepare_cached(&format!(
            "SELECT {RECORD} FROM backups WHERE damaged_at IS NOT NULL ORDER BY damaged_at, id"
        ))?
        .query_map([], read)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(records)
}

pub(super) fn counts(conn: &Connection, checked_before: i64) -> StoreResult<Integrity> {
    let count = |sql: &str, value: Option<i64>| -> StoreResult<u64> {
        let count: i64 = conn
            .prepare_cached(sql)?
            .query_row(rusqlite::params_from_iter(value), |row| row.get(0))?;
        Ok(to_u64(count))
    };
    Ok(Integrity {
        stored: count("SELECT COUNT(*) FROM backups", None)?,
        damaged: count(
            "SELECT COUNT(*) FROM backups WHERE damaged_at IS NOT NULL",
            None,
        )?,
        due: count(
            "SELECT COUNT(*) FROM backups WHERE damaged_at IS NULL \
             AND COALESCE(checked_at, created_at) <= ?1",
            Some(checked_before),
        )?,
    })
}
