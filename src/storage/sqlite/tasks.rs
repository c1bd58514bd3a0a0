//! `tasks`: users' long actions, one row each, claimed with a lease; a unique index over the
//! queued and running ones keeps a user to one at a time.
//!
//! Every write that depends on who holds a task is one conditional statement in a write
//! transaction, so the database, not the instances, decides who wins a race.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{
    db::Db,
    values::{Json, Named, json, millis, time, to_u32},
};
use crate::{
    domain::{
        Id, Task, TaskState, UserId,
        task::{CancelRequest, Enqueued},
    },
    storage::{StoreError, StoreResult, TaskStore, lease_end},
};

pub(super) const TASK: &str = "id, user_id, chat_id, message_id, locale, kind, state, attempts, \
                                lease_owner, lease_until, cancel_requested, created_at, updated_at";

const ACTIVE: &str = "state IN ('queued', 'running')";

pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get("id")?,
        user: row.get("user_id")?,
        chat: row.get("chat_id")?,
        message: row.get("message_id")?,
        locale: row.get::<_, Named<_>>("locale")?.0,
        kind: row.get::<_, Json<_>>("kind")?.0,
        state: row.get::<_, Named<_>>("state")?.0,
        attempts: to_u32(row.get("attempts")?),
        lease_owner: row.get("lease_owner")?,
        lease_until: row.get::<_, Option<i64>>("lease_until")?.map(time),
        cancel_requested: row.get("cancel_requested")?,
        created_at: time(row.get("created_at")?),
        updated_at: time(row.get("updated_at")?),
    })
}

/// Writes `task` as it is (a new task, or one copied from another store).
pub(super) fn insert(conn: &Connection, task: &Task) -> StoreResult<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO tasks ({TASK}) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        task.id,
        task.user,
        task.chat,
        task.message,
        Named(task.locale),
        json(&task.kind)?,
        Named(task.state),
        i64::from(task.attempts),
        task.lease_owner,
        task.lease_until.map(millis),
        task.cancel_requested,
        millis(task.created_at),
        millis(task.updated_at),
    ])?;
    Ok(())
}

fn active(conn: &Connection, user: UserId) -> StoreResult<Option<Task>> {
    let sql = format!("SELECT {TASK} FROM tasks WHERE user_id = ?1 AND {ACTIVE}");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([user], read)
        .optional()?)
}

#[derive(Clone)]
pub struct SqliteTasks {
    db: Arc<Db>,
}

impl SqliteTasks {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }

    /// Whether a task matches `filter` (where `?1` is `now`, if it is used): a read, which
    /// waits for no writer, so that workers looking for work every few seconds write only
    /// when there is some.
    async fn any(&self, filter: &'static str, now: DateTime<Utc>) -> StoreResult<bool> {
        let now = millis(now);
        self.db
            .read(move |conn| {
                let sql = format!("SELECT EXISTS (SELECT 1 FROM tasks WHERE {filter})");
                let mut statement = conn.prepare_cached(&sql)?;
                let found = if statement.parameter_count() == 0 {
                    statement.query_row([], |row| row.get(0))?
                } else {
                    statement.query_row([now], |row| row.get(0))?
                };
                Ok(found)
            })
            .await
    }

    /// Leases the task `pick` (a subquery naming one id) chooses, in one statement: the task is
    /// chosen and leased under the same write lock.
    async fn lease(
        &self,
        pick: &'static str,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>> {
        let until = lease_end(now, lease)?;
        let (owner, now, until) = (owner.to_owned(), millis(now), millis(until));
        let sql = format!(
            "UPDATE tasks SET state = 'running', lease_owner = ?1, lease_until = ?3, \
             attempts = attempts + 1, updated_at = ?2 WHERE id = ({pick}) RETURNING {TASK}"
        );
        self.db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(&sql)?
                    .query_row(params![owner, now, until], read)
                    .optional()?)
            })
            .await
    }
}

#[async_trait]
impl TaskStore for SqliteTasks {
    async fn enqueue(&self, task: &Task) -> StoreResult<Enqueued> {
        let task = task.clone();
        self.db
            .write(move |conn| {
                // Read and written under one write lock: no other enqueue comes in between.
                if let Some(busy) = active(conn, task.user)? {
                    return Ok(Enqueued::Busy(busy));
                }
                insert(conn, &task)?;
                Ok(Enqueued::Queued)
            })
            .await
    }

    async fn active(&self, user: UserId) -> StoreResult<Option<Task>> {
        self.db.read(move |conn| active(conn, user)).await
    }

    async fn claim(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>> {
        if !self.any("state = 'queued'", now).await? {
            return Ok(None);
        }
        let pick = "SELECT id FROM tasks WHERE state = 'queued' ORDER BY created_at, id LIMIT 1";
        self.lease(pick, owner, now, lease).await
    }

    async fn take_over(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>> {
        if !self
            .any("state = 'running' AND lease_until <= ?1", now)
            .await?
        {
            return Ok(None);
        }
        // ?2 is `now`.
        let pick = "SELECT id FROM tasks WHERE state = 'running' AND lease_until <= ?2 \
                    ORDER BY lease_until, id LIMIT 1";
        self.lease(pick, owner, now, lease).await
    }

    async fn renew(&self, id: &Id, owner: &str, until: DateTime<Utc>) -> StoreResult<Option<bool>> {
        let params = (id.clone(), owner.to_owned(), millis(until));
        self.db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "UPDATE tasks SET lease_until = ?3 \
                         WHERE id = ?1 AND lease_owner = ?2 AND state = 'running' \
                         RETURNING cancel_requested",
                    )?
                    .query_row(params, |row| row.get(0))
                    .optional()?)
            })
            .await
    }

    async fn finish(
        &self,
        id: &Id,
        owner: &str,
        state: TaskState,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        if state.is_active() {
            return Err(StoreError::Unrepresentable("a task ends in a final state"));
        }
        let params = (id.clone(), owner.to_owned(), Named(state), millis(at));
        let finished = self
            .db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "UPDATE tasks SET state = ?3, updated_at = ?4, lease_owner = NULL, \
                         lease_until = NULL \
                         WHERE id = ?1 AND lease_owner = ?2 AND state = 'running'",
                    )?
                    .execute(params)?)
            })
            .await?;
        Ok(finished > 0)
    }

    async fn request_cancel(
        &self,
        user: UserId,
        id: &Id,
        at: DateTime<Utc>,
    ) -> StoreResult<CancelRequest> {
        let (id, at) = (id.clone(), millis(at));
        self.db
            .write(move |conn| {
                let sql = format!(
                    "UPDATE tasks SET cancel_requested = 1, updated_at = ?3, \
                     state = CASE state WHEN 'queued' THEN 'cancelled' ELSE state END \
                     WHERE id = ?1 AND user_id = ?2 AND {ACTIVE} RETURNING {TASK}"
                );
                let task = conn
                    .prepare_cached(&sql)?
                    .query_row(params![id, user, at], read)
                    .optional()?;
                Ok(match task {
                    None => CancelRequest::NotFound,
                    Some(task) if task.state == TaskState::Cancelled => {
                        CancelRequest::Cancelled(task)
                    }
                    Some(task) => CancelRequest::Stopping(task),
                })
            })
            .await
    }

    async fn created_since(
        &self,
        user: UserId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<DateTime<Utc>>> {
        let since = millis(since);
        self.db
            .read(move |conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT created_at FROM tasks WHERE user_id = ?1 AND created_at >= ?2 \
                     ORDER BY created_at",
                )?;
                let times = statement.query_map(params![user, since], |row| row.get(0))?;
                Ok(times
                    .map(|created| created.map(time))
                    .collect::<Result<_, _>>()?)
            })
            .await
    }

    async fn release_all(&self, owner: &str, now: DateTime<Utc>) -> StoreResult<u64> {
        let params = (owner.to_owned(), millis(now));
        let released = self
            .db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "UPDATE tasks SET lease_until = ?2 \
                         WHERE lease_owner = ?1 AND state = 'running'",
                    )?
                    .execute(params)?)
            })
            .await?;
        Ok(u64::try_from(released).unwrap_or(u64::MAX))
    }

    async fn purge_finished(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let before = millis(before);
        let purged = self
            .db
            .write(move |conn| {
                let sql = format!("DELETE FROM tasks WHERE NOT {ACTIVE} AND created_at < ?1");
                Ok(conn.prepare_cached(&sql)?.execute([before])?)
            })
            .await?;
        Ok(u64::try_from(purged).unwrap_or(u64::MAX))
    }
}
