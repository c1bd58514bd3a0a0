//! `destinations`: each user's settings and last outcome per destination, whatever the
//! destination (Drive's connection itself is in `drive`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Params, params};

use super::{
    db::Db,
    values::{Json, ensure_user, json, millis, time},
};
use crate::{
    domain::{DestinationId, UserId, destination::DestinationState, schedule::Schedule},
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
            "SELECT schedule, retention, last_success, last_error, uploaded_library, \
             last_unchanged, history, password IS NOT NULL FROM destinations \
             WHERE user_id = ?1 AND destination = ?2",
        )?
        .query_row(params![user, destination], |row| {
            Ok(DestinationState {
                schedule: row
                    .get::<_, Option<Json<Schedule>>>(0)?
                    .map_or(Schedule::OFF, |schedule| schedule.0),
                retention: row
                    .get::<_, Option<i64>>(1)?
                    .and_then(|keep| u32::try_from(keep).ok()),
                last_success: row.get::<_, Option<i64>>(2)?.map(time),
                last_error: row.get(3)?,
                uploaded_library: row.get(4)?,
                last_unchanged: row.get::<_, Option<i64>>(5)?.map(time),
                history: row.get(6)?,
                protected: row.get(7)?,
            })
        })
        .optional()?;
    Ok(stored.unwrap_or(DestinationState {
        schedule: Schedule::OFF,
        retention: None,
        history: false,
        protected: false,
        last_success: None,
        last_error: None,
        uploaded_library: None,
        last_unchanged: None,
    }))
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
        keep: u32,
    ) -> StoreResult<()> {
        self.update(
            user,
            destination,
            "retention = ?3",
            (user, destination.clone(), keep),
        )
        .await
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
        let set =
            "last_success = ?3, last_error = NULL, last_error_at = NULL, uploaded_library = ?4";
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
        let set = "last_unchanged = ?3, last_error = NULL, last_error_at = NULL";
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
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let error = error.to_owned();
        let set = "last_error = ?3, last_error_at = ?4";
        self.update(
            user,
            destination,
            set,
            (user, destination.clone(), error, millis(at)),
        )
        .await
    }
}
