//! teloxide's dialogue `Storage` on SQLite, so a conversation survives a restart; beside a
//! chat's state (JSON), the long action it waits on (`work_*`), so a crash can be settled.

use std::{marker::PhantomData, sync::Arc};

use async_trait::async_trait;
use chrono::Utc;
use futures::future::BoxFuture;
use rusqlite::{OptionalExtension, params};
use serde::{Serialize, de::DeserializeOwned};
use teloxide::{dispatching::dialogue::Storage, types::ChatId};

use super::{
    db::Db,
    values::{json, millis, time},
};
use crate::{
    domain::{Locale, Unfinished},
    storage::{StoreError, StoreResult, WorkStore},
};

/// Dialogue states keyed by chat id in `dialogues`.
pub struct SqliteDialogues<D = ()> {
    db: Arc<Db>,
    state: PhantomData<fn() -> D>,
}

impl SqliteDialogues {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self {
            db,
            state: PhantomData,
        }
    }

    /// Fixes the state type this storage holds.
    pub fn of<D>(self) -> Arc<SqliteDialogues<D>> {
        Arc::new(SqliteDialogues {
            db: self.db,
            state: PhantomData,
        })
    }
}

impl<D> Storage<D> for SqliteDialogues<D>
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = StoreError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<(), Self::Error>>
    where
        D: Send + 'static,
    {
        Box::pin(async move {
            let removed = self
                .db
                .write(move |conn| {
                    Ok(conn
                        .prepare_cached("DELETE FROM dialogues WHERE chat_id = ?1")?
                        .execute([chat_id.0])?)
                })
                .await?;
            if removed == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<'static, Result<(), Self::Error>>
    where
        D: Send + 'static,
    {
        Box::pin(async move {
            let state = json(&dialogue)?;
            let at = millis(Utc::now());
            self.db
                .write(move |conn| {
                    conn.prepare_cached(
                        "INSERT INTO dialogues (chat_id, state, updated_at) VALUES (?1, ?2, ?3) \
                         ON CONFLICT (chat_id) DO UPDATE \
                         SET state = excluded.state, updated_at = excluded.updated_at",
                    )?
                    .execute(params![chat_id.0, state, at])?;
                    Ok(())
                })
                .await
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            let state: Option<Option<String>> = self
                .db
                .read(move |conn| {
                    Ok(conn
                        .prepare_cached("SELECT state FROM dialogues WHERE chat_id = ?1")?
                        .query_row([chat_id.0], |row| row.get(0))
                        .optional()?)
                })
                .await?;
            // A chat whose only record is its unfinished work has no state yet.
            let Some(state) = state.flatten() else {
                return Ok(None);
            };
            match serde_json::from_str(&state) {
                Ok(state) => Ok(Some(state)),
                Err(error) => {
                    // A state written by an older release that no longer parses: start afresh
                    // rather than leave the chat stuck.
                    tracing::warn!(chat = chat_id.0, %error, "dropping an unreadable dialogue state");
                    Ok(None)
                }
            }
        })
    }
}

#[async_trait]
impl<D> WorkStore for SqliteDialogues<D>
where
    D: Send + Sync,
{
    async fn begin(&self, work: &Unfinished) -> StoreResult<()> {
        let work = work.clone();
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "INSERT INTO dialogues (chat_id, work_message, work_locale, work_since) \
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (chat_id) DO UPDATE \
                     SET work_message = excluded.work_message, \
                         work_locale = excluded.work_locale, work_since = excluded.work_since",
                )?
                .execute(params![
                    work.chat,
                    work.message,
                    work.locale.code(),
                    millis(work.since)
                ])?;
                Ok(())
            })
            .await
    }

    async fn end(&self, chat: i64) -> StoreResult<()> {
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "UPDATE dialogues SET work_message = NULL, work_locale = NULL, \
                     work_since = NULL WHERE chat_id = ?1",
                )?
                .execute([chat])?;
                Ok(())
            })
            .await
    }

    async fn unfinished(&self) -> StoreResult<Vec<Unfinished>> {
        let rows: Vec<(i64, i32, String, i64)> = self
            .db
            .read(|conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT chat_id, work_message, work_locale, work_since FROM dialogues \
                     WHERE work_message IS NOT NULL ORDER BY chat_id",
                )?;
                let rows = statement.query_map([], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .await?;
        let unfinished = rows
            .into_iter()
            .filter_map(
                |(chat, message, locale, since)| match Locale::from_code(&locale) {
                    Some(locale) => Some(Unfinished {
                        chat,
                        message,
                        locale,
                        since: time(since),
                    }),
                    None => {
                        tracing::warn!(chat, "skipping an unreadable unfinished action");
                        None
                    }
                },
            )
            .collect();
        Ok(unfinished)
    }
}
