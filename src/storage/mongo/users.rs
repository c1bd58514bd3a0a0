use async_trait::async_trait;
use mongodb::{
    Collection, Database,
    bson::{doc, to_bson},
    options::ReturnDocument,
};
use serde::{Deserialize, Serialize};

use crate::{
    domain::{Locale, UserId, UserProfile, schedule::Zone},
    storage::{StoreError, StoreResult, UserStore},
};

#[derive(Debug, Serialize, Deserialize)]
struct UserDoc {
    #[serde(rename = "_id")]
    user_id: i64,
    // A record made first by another feature (GitHub, Drive) has no locale yet.
    #[serde(default)]
    locale: Locale,
    // UTC until the user chooses a zone.
    #[serde(default)]
    time_zone: Zone,
}

#[derive(Clone)]
pub struct MongoUsers {
    users: Collection<UserDoc>,
}

impl MongoUsers {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            users: db.collection("users"),
        }
    }
}

#[async_trait]
impl UserStore for MongoUsers {
    async fn get_or_create(&self, user: UserId, locale: Locale) -> StoreResult<UserProfile> {
        let doc = self
            .users
            .find_one_and_update(
                doc! { "_id": user },
                doc! { "$setOnInsert": { "locale": to_bson(&locale)? } },
            )
            .upsert(true)
            .return_document(ReturnDocument::After)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(UserProfile {
            user_id: doc.user_id,
            locale: doc.locale,
            zone: doc.time_zone,
        })
    }

    async fn set_locale(&self, user: UserId, locale: Locale) -> StoreResult<()> {
        self.users
            .update_one(
                doc! { "_id": user },
                doc! { "$set": { "locale": to_bson(&locale)? } },
            )
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn set_zone(&self, user: UserId, zone: Zone) -> StoreResult<()> {
        self.users
            .update_one(
                doc! { "_id": user },
                doc! { "$set": { "time_zone": zone.to_string() } },
            )
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn exists(&self, user: UserId) -> StoreResult<bool> {
        Ok(self.users.count_documents(doc! { "_id": user }).await? > 0)
    }
}
