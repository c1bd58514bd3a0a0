//! teloxide's dialogue `Storage` on MongoDB, so a conversation survives a restart.

use std::{marker::PhantomData, sync::Arc};

use futures::future::BoxFuture;
use mongodb::{
    Collection, Database,
    bson::{self, Document, doc},
};
use serde::{Serialize, de::DeserializeOwned};
use teloxide::{dispatching::dialogue::Storage, types::ChatId};

use super::to_bson_time;
use crate::storage::StoreError;

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
            // Chats of earlier releases may have a document without a state.
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
