//! Google Drive's connection in `drive` (the sealed token, the account, the folder); Drive's
//! settings and last outcome are its row in `destinations`, as for any destination.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Params, params};

use super::{
    db::Db,
    settings,
    values::{ensure_user, millis},
};
use crate::{
    domain::{DestinationId, DriveProfile, UserId},
    storage::{DriveStore, StoreResult},
};

#[derive(Clone)]
pub struct SqliteDrive {
    db: Arc<Db>,
}

impl SqliteDrive {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }
}

fn update(conn: &Connection, set: &str, params: impl Params) -> StoreResult<()> {
    let sql = format!("UPDATE drive SET {set} WHERE user_id = ?1");
    conn.prepare_cached(&sql)?.execute(params)?;
    Ok(())
}

/// Makes the user's Drive row (and user row) when missing.
fn ensure_drive(conn: &Connection, user: UserId) -> StoreResult<()> {
    ensure_user(conn, user)?;
    conn.prepare_cached("INSERT INTO drive (user_id) VALUES (?1) ON CONFLICT DO NOTHING")?
        .execute([user])?;
    Ok(())
}

/// Drive's last error, shown with its settings.
fn set_last_error(conn: &Connection, user: UserId, error: Option<(&str, i64)>) -> StoreResult<()> {
    let drive = DestinationId::DRIVE;
    match error {
        Some((reason, at)) => settings::update(
            conn,
            user,
            &drive,
            "last_error = ?3, last_error_at = ?4, last_error_full = 0",
            params![user, drive, reason, at],
        ),
        None => settings::update(
            conn,
            user,
            &drive,
            "last_error = NULL, last_error_full = 0",
            params![user, drive],
        ),
    }
}

#[async_trait]
impl DriveStore for SqliteDrive {
    async fn profile(&self, user: UserId) -> StoreResult<DriveProfile> {
        self.db
            .read(move |conn| {
                let state = settings::state(conn, user, &DestinationId::DRIVE)?;
                let connection = conn
                    .prepare_cached(
                        "SELECT token IS NOT NULL, email, folder_id, needs_reconnect FROM drive \
                         WHERE user_id = ?1",
                    )?
                    .query_row([user], |row| {
                        Ok((
                            row.get::<_, bool>(0)?,
                            row.get::<_, Option<String>>(1)?,
                            row.get::<_, Option<String>>(2)?,
                            row.get::<_, bool>(3)?,
                        ))
                    })
                    .optional()?;
                let (has_token, email, folder_id, needs_reconnect) =
                    connection.unwrap_or((false, None, None, false));
                Ok(DriveProfile {
                    connected: has_token && !needs_reconnect,
                    email,
                    folder_id,
                    retention: state.retention,
                    schedule: state.schedule,
                    last_success: state.last_success,
                    last_error: state.last_error,
                    last_unchanged: state.last_unchanged,
                    needs_reconnect,
                })
            })
            .await
    }

    async fn sealed_token(&self, user: UserId) -> StoreResult<Option<Vec<u8>>> {
        self.db
            .read(move |conn| {
                let token: Option<Option<Vec<u8>>> = conn
                    .prepare_cached("SELECT token FROM drive WHERE user_id = ?1")?
                    .query_row([user], |row| row.get(0))
                    .optional()?;
                Ok(token.flatten())
            })
            .await
    }

    async fn set_sealed_token(&self, user: UserId, sealed: &[u8]) -> StoreResult<()> {
        let sealed = sealed.to_vec();
        self.db
            .write(move |conn| {
                ensure_drive(conn, user)?;
                update(conn, "token = ?2", params![user, sealed])
            })
            .await
    }

    async fn clear_token(&self, user: UserId) -> StoreResult<()> {
        self.db
            .write(move |conn| {
                ensure_drive(conn, user)?;
                update(conn, "token = NULL", [user])
            })
            .await
    }

    async fn set_connected(
        &self,
        user: UserId,
        email: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let email = email.map(str::to_owned);
        self.db
            .write(move |conn| {
                ensure_drive(conn, user)?;
                update(
                    conn,
                    "email = ?2, connected_at = ?3, needs_reconnect = 0",
                    params![user, email, millis(at)],
                )?;
                set_last_error(conn, user, None)
            })
            .await
    }

    async fn set_needs_reconnect(
        &self,
        user: UserId,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let reason = reason.to_owned();
        self.db
            .write(move |conn| {
                ensure_drive(conn, user)?;
                update(conn, "needs_reconnect = 1, token = NULL", [user])?;
                set_last_error(conn, user, Some((&reason, millis(at))))
            })
            .await
    }

    async fn set_disconnected(&self, user: UserId) -> StoreResult<()> {
        self.db
            .write(move |conn| {
                ensure_drive(conn, user)?;
                update(
                    conn,
                    "token = NULL, email = NULL, connected_at = NULL, needs_reconnect = 0",
                    [user],
                )
            })
            .await
    }

    async fn set_folder(&self, user: UserId, folder_id: &str) -> StoreResult<()> {
        let folder_id = folder_id.to_owned();
        self.db
            .write(move |conn| {
                ensure_drive(conn, user)?;
                update(conn, "folder_id = ?2", params![user, folder_id])
            })
            .await
    }
}
