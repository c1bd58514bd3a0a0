//! teloxide's dialogue `Storage` on MongoDB, so a conversation survives a restart; beside a
//! chat's state, the long action it waits on (`working`), so a crash can be settled.

use std::{marker::PhantomData, sync::Arc};

use async_trait::async_trait;
use futures::{TryStreamExt, future::BoxFuture};
use mongodb::{
    Collection, Database,
    bson::{self, Document, doc},
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use teloxide::{dispatching::dialogue::Storage, types::ChatId};

use super::{from_bson_time, to_bson_time};
use crate::{
    domain::{Locale, Unfinished},
    storage::{StoreError, StoreResult, WorkStore},
};

/// Dialogue states keyed by chat id in the `dialogues` collection.
pub struct MongoDialogues<D = ()> {
    dialogues: Collection<Document>,
    state: PhantomData<fn() -> D>,
}

impl MongoDialogues {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            dialogues: db.collection("dialogues"),
            state: PhantomData,
        }
    }

    /// Fixes the state type this storage holds.
    pub fn of<D>(self) -> Arc<MongoDialogues<D>> {
        Arc::new(MongoDialogues {
            dialogues: self.dialogues,
            state: PhantomData,
        })
    }
}

impl<D> Storage<D> for MongoDialogues<D>
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
            let deleted = self
                .dialogues
                .delete_one(doc! { "_id": chat_id.0 })
                .await?
                .deleted_count;
            if deleted == 0 {
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
            let state = bson::to_bson(&dialogue)?;
            let update =
                doc! { "$set": { "state": state, "updated_at": to_bson_time(chrono::Utc::now()) } };
            self.dialogues
                .update_one(doc! { "_id": chat_id.0 }, update)
                .upsert(true)
                .await?;
            Ok(())
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            let Some(mut doc) = self.dialogues.find_one(doc! { "_id": chat_id.0 }).await? else {
                return Ok(None);
            };
            // A chat whose only record is its unfinished work has no state yet.
            let Some(state) = doc.remove("state") else {
                return Ok(None);
            };
            match bson::from_bson(state) {
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

/// What `working` holds.
#[derive(Debug, Serialize, Deserialize)]
struct WorkDoc {
    message: i32,
    locale: Locale,
    since: bson::DateTime,
}

#[derive(Debug, Deserialize)]
struct ChatWork {
    #[serde(rename = "_id")]
    chat: i64,
    working: WorkDoc,
}

#[async_trait]
impl<D> WorkStore for MongoDialogues<D>
where
    D: Send + Sync,
{
    async fn begin(&self, work: &Unfinished) -> StoreResult<()> {
        let working = bson::to_bson(&WorkDoc {
            message: work.message,
            locale: work.locale,
            since: to_bson_time(work.since),
        })?;
        self.dialogues
            .update_one(
                doc! { "_id": work.chat },
                doc! { "$set": { "working": working } },
            )
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn end(&self, chat: i64) -> StoreResult<()> {
        self.dialogues
            .update_one(doc! { "_id": chat }, doc! { "$unset": { "working": "" } })
            .await?;
        Ok(())
    }

    async fn unfinished(&self) -> StoreResult<Vec<Unfinished>> {
        let docs: Vec<Document> = self
            .dialogues
            .find(doc! { "working": { "$exists": true } })
            .await?
            .try_collect()
            .await?;
        let unfinished = docs
            .into_iter()
            .filter_map(|doc| match bson::from_document::<ChatWork>(doc) {
                Ok(ChatWork { chat, working }) => Some(Unfinished {
                    chat,
                    message: working.message,
                    locale: working.locale,
                    since: from_bson_time(working.since),
                }),
                Err(error) => {
                    tracing::warn!(%error, "skipping an unreadable unfinished action");
                    None
                }
            })
            .collect();
        Ok(unfinished)
    }
}
