//! `destinations`: each user's settings and last outcome per destination, whatever the
//! destination (Drive's connection itself is in `drive`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Params, Row, params};

use super::{
    db::Db,
    values::{Json, ensure_user, json, millis, time, to_u32},
};
use crate::{
    domain::{
        DestinationId, UserId,
        destination::{DestinationState, FailureKind},
        retention::{Generations, RetentionPolicy},
        schedule::Schedule,
    },
    storage::{DestinationStore, StoreResult},
};

#[derive(Clone)]
pub struct SqliteDestinations {
    db: Arc<Db>,
}

impl SqliteDestinations {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }

    /// Sets `set` (over `params`: `?1` the user, `?2` the destination, then values) on the
    /// user's row of `destination`, made when missing.
    async fn update<P>(
        &self,
        user: UserId,
        destination: &DestinationId,
        set: &'static str,
        params: P,
    ) -> StoreResult<()>
    where
        P: Params + Send + 'static,
    {
        let destination = destination.clone();
        self.db
            .write(move |conn| update(conn, user, &destination, set, params))
            .await
    }
}

/// Sets `set` on the user's row of `destination`, made (with the user's row) when missing.
pub(super) fn update(
    conn: &Connection,
    user: UserId,
    destination: &DestinationId,
    set: &str,
    params: impl Params,
) -> StoreResult<()> {
    ensure_user(conn, user)?;
    conn.prepare_cached(
        "INSERT INTO destinations (user_id, destination) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?
    .execute(params![user, destination])?;
    let sql = format!("UPDATE destinations SET {set} WHERE user_id = ?1 AND destination = ?2");
    conn.prepare_cached(&sql)?.execute(params)?;
    Ok(())
}

/// The user's settings and last outcome at `destination` (the defaults when none are stored).
pub(super) fn state(
    conn: &Connection,
    user: UserId,
    destination: &DestinationId,
) -> StoreResult<DestinationState> {
    let stored = conn
        .prepare_cached(
            "SELECT schedule, last_success, last_error, last_error_full, \
             retention, retention_daily, retention_weekly, retention_monthly, \
             uploaded_library, last_unchanged, history, password IS NOT NULL \
             FROM destinations WHERE user_id = ?1 AND destination = ?2",
        )?
        .query_row(params![user, destination], |row| {
            Ok(DestinationState {
                schedule: row
                    .get::<_, Option<Json<Schedule>>>(0)?
                    .map_or(Schedule::OFF, |schedule| schedule.0),
                retention: retention(row, 4)?,
                last_success: row.get::<_, Option<i64>>(1)?.map(time),
                last_error: row.get(2)?,
                full: row.get(3)?,
                uploaded_library: row.get(8)?,
                last_unchanged: row.get::<_, Option<i64>>(9)?.map(time),
                history: row.get(10)?,
                protected: row.get(11)?,
            })
        })
        .optional()?;
    Ok(stored.unwrap_or(DestinationState::NEW))
}

/// The retention kept in a row's `retention, retention_daily, retention_weekly,
/// retention_monthly`, from column `first` on: generations when they are set, else the
/// newest `retention`, else none (the operator's default).
pub(super) fn retention(row: &Row<'_>, first: usize) -> rusqlite::Result<Option<RetentionPolicy>> {
    if let Some(generations) = generations(row, first + 1)? {
        return Ok(Some(RetentionPolicy::Generations(generations)));
    }
    let keep = row.get::<_, Option<i64>>(first)?;
    Ok(keep.map(to_u32).map(RetentionPolicy::Newest))
}

/// The generations in a row's `retention_daily, retention_weekly, retention_monthly`, from
/// column `first` on, when they are set.
pub(super) fn generations(row: &Row<'_>, first: usize) -> rusqlite::Result<Option<Generations>> {
    let count = |at: usize| -> rusqlite::Result<Option<u32>> {
        Ok(row.get::<_, Option<i64>>(first + at)?.map(to_u32))
    };
    Ok(match (count(0)?, count(1)?, count(2)?) {
        (Some(daily), Some(weekly), Some(monthly)) => Some(Generations {
            daily,
            weekly,
            monthly,
        }),
        _ => None,
    })
}

#[async_trait]
impl DestinationStore for SqliteDestinations {
    async fn state(
        &self,
        user: UserId,
        destination: &DestinationId,
    ) -> StoreResult<DestinationState> {
        let destination = destination.clone();
        self.db
            .read(move |conn| state(conn, user, &destination))
            .await
    }

    async fn set_schedule(
        &self,
        user: UserId,
        destination: &DestinationId,
        schedule: Schedule,
    ) -> StoreResult<()> {
        let schedule = json(&schedule)?;
        self.update(
            user,
            destination,
            "schedule = ?3",
            (user, destination.clone(), schedule),
        )
        .await
    }

    async fn set_retention(
        &self,
        user: UserId,
        destination: &DestinationId,
        policy: RetentionPolicy,
    ) -> StoreResult<()> {
        let (keep, generations) = match policy {
            RetentionPolicy::Newest(keep) => (Some(keep), None),
            RetentionPolicy::Generations(generations) => (None, Some(generations)),
        };
        let set = "retention = ?3, retention_daily = ?4, retention_weekly = ?5, \
                   retention_monthly = ?6";
        let params = (
            user,
            destination.clone(),
            keep,
            generations.map(|g| g.daily),
            generations.map(|g| g.weekly),
            generations.map(|g| g.monthly),
        );
        self.update(user, destination, set, params).await
    }

    async fn set_history(
        &self,
        user: UserId,
        destination: &DestinationId,
        history: bool,
    ) -> StoreResult<()> {
        self.update(
            user,
            destination,
            "history = ?3",
            (user, destination.clone(), history),
        )
        .await
    }

    async fn set_sealed_password(
        &self,
        user: UserId,
        destination: &DestinationId,
        sealed: Option<&[u8]>,
    ) -> StoreResult<()> {
        let sealed = sealed.map(<[u8]>::to_vec);
        self.update(
            user,
            destination,
            "password = ?3",
            (user, destination.clone(), sealed),
        )
        .await
    }

    async fn sealed_password(
        &self,
        user: UserId,
        destination: &DestinationId,
    ) -> StoreResult<Option<Vec<u8>>> {
        let destination = destination.clone();
        self.db
            .read(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "SELECT password FROM destinations WHERE user_id = ?1 AND destination = ?2",
                    )?
                    .query_row(params![user, destination], |row| row.get(0))
                    .optional()?
                    .flatten())
            })
            .await
    }

    async fn record_success(
        &self,
        user: UserId,
        destination: &DestinationId,
        at: DateTime<Utc>,
        library: Option<&str>,
    ) -> StoreResult<()> {
        let set = "last_success = ?3, last_error = NULL, last_error_at = NULL, last_error_full = 0, \
             uploaded_library = ?4";
        let library = library.map(str::to_owned);
        self.update(
            user,
            destination,
            set,
            (user, destination.clone(), millis(at), library),
        )
        .await
    }

    async fn forget_library(&self, user: UserId, destination: &DestinationId) -> StoreResult<()> {
        let set = "uploaded_library = NULL";
        self.update(user, destination, set, (user, destination.clone()))
            .await
    }

    async fn record_unchanged(
        &self,
        user: UserId,
        destination: &DestinationId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let set =
            "last_unchanged = ?3, last_error = NULL, last_error_at = NULL, last_error_full = 0";
        self.update(
            user,
            destination,
            set,
            (user, destination.clone(), millis(at)),
        )
        .await
    }

    async fn record_failure(
        &self,
        user: UserId,
        destination: &DestinationId,
        error: &str,
        kind: FailureKind,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let error = error.to_owned();
        let full = kind == FailureKind::Full;
        let set = "last_error = ?3, last_error_at = ?4, last_error_full = ?5";
        self.update(
            user,
            destination,
            set,
            (user, destination.clone(), error, millis(at), full),
        )
        .await
    }
}
