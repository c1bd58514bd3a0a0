//! teloxide's dialogue `Storage` on SQLite, so a conversation survives a restart.

use std::{marker::PhantomData, sync::Arc};

use chrono::Utc;
use futures::future::BoxFuture;
use rusqlite::{OptionalExtension, params};
use serde::{Serialize, de::DeserializeOwned};
use teloxide::{dispatching::dialogue::Storage, types::ChatId};

use super::{
    db::Db,
    values::{json, millis},
};
use crate::storage::StoreError;

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
