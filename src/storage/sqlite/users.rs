//! `users`: one row per user, with their language (none yet when another feature stored
//! something about them first, as with MongoDB's upserted documents) and time zone (none: UTC).

use std::sync::Arc;

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{
    db::Db,
    values::{Named, ensure_user},
};
use crate::{
    domain::{Locale, UserId, UserProfile, schedule::Zone},
    storage::{StoreResult, UserStore},
};

#[derive(Clone)]
pub struct SqliteUsers {
    db: Arc<Db>,
}

impl SqliteUsers {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }
}

impl SqliteUsers {
    /// Sets one of the user's settings with `update` (`?1` the user, `?2` the value), making
    /// their row first when another feature has not.
    async fn set<T>(&self, user: UserId, update: &'static str, value: Named<T>) -> StoreResult<()>
    where
        T: Serialize + Send + 'static,
    {
        self.db
            .write(move |conn| {
                ensure_user(conn, user)?;
                conn.prepare_cached(update)?.execute(params![user, value])?;
                Ok(())
            })
            .await
    }
}

#[async_trait]
impl UserStore for SqliteUsers {
    async fn get_or_create(&self, user: UserId, locale: Locale) -> StoreResult<UserProfile> {
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "INSERT INTO users (user_id, locale) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                )?
                .execute(params![user, Named(locale)])?;
                let (locale, zone): (Option<Named<Locale>>, Option<Named<Zone>>) = conn
                    .prepare_cached("SELECT locale, time_zone FROM users WHERE user_id = ?1")?
                    .query_row([user], |row| Ok((row.get(0)?, row.get(1)?)))?;
                Ok(UserProfile {
                    user_id: user,
                    locale: locale.map(|locale| locale.0).unwrap_or_default(),
                    zone: zone.map(|zone| zone.0).unwrap_or_default(),
                })
            })
            .await
    }

    async fn set_locale(&self, user: UserId, locale: Locale) -> StoreResult<()> {
        self.set(
            user,
            "UPDATE users SET locale = ?2 WHERE user_id = ?1",
            Named(locale),
        )
        .await
    }

    async fn set_zone(&self, user: UserId, zone: Zone) -> StoreResult<()> {
        self.set(
            user,
            "UPDATE users SET time_zone = ?2 WHERE user_id = ?1",
            Named(zone),
        )
        .await
    }

    async fn exists(&self, user: UserId) -> StoreResult<bool> {
        self.db
            .read(move |conn| {
                let found = conn
                    .prepare_cached("SELECT 1 FROM users WHERE user_id = ?1")?
                    .query_row([user], |_| Ok(()))
                    .optional()?;
                Ok(found.is_some())
            })
            .await
    }
}
