//! Google Drive settings live on the user's document under `drive`: the sealed token, the
//! account, folder, schedule, retention and the last outcome.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mongodb::{
    Collection, Database,
    bson::{self, Binary, Bson, Document, doc, spec::BinarySubtype},
};

use super::{from_bson_time, to_bson_time};
use crate::{
    domain::{DriveProfile, UserId, schedule::Schedule},
    storage::{DriveStore, StoreResult},
};

#[derive(Clone)]
pub struct MongoDrive {
    users: Collection<Document>,
}

impl MongoDrive {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            users: db.collection("users"),
        }
    }

    async fn update(&self, user: UserId, update: Document) -> StoreResult<()> {
        self.users
            .update_one(doc! { "_id": user }, update)
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn drive(&self, user: UserId) -> StoreResult<Document> {
        let found = self
            .users
            .find_one(doc! { "_id": user })
            .projection(doc! { "drive": 1 })
            .await?;
        Ok(found
            .and_then(|doc| doc.get_document("drive").ok().cloned())
            .unwrap_or_default())
    }
}

fn time(drive: &Document, key: &str) -> Option<DateTime<Utc>> {
    drive.get_datetime(key).ok().copied().map(from_bson_time)
}

fn text(drive: &Document, key: &str) -> Option<String> {
    drive.get_str(key).ok().map(str::to_owned)
}

#[async_trait]
impl DriveStore for MongoDrive {
    async fn profile(&self, user: UserId) -> StoreResult<DriveProfile> {
        let drive = self.drive(user).await?;
        let schedule = match drive.get("schedule") {
            Some(value) => bson::from_bson(value.clone())?,
            None => Schedule::OFF,
        };
        let needs_reconnect = drive.get_bool("needs_reconnect").unwrap_or(false);
        Ok(DriveProfile {
            connected: drive.contains_key("token") && !needs_reconnect,
            email: text(&drive, "email"),
            folder_id: text(&drive, "folder_id"),
            retention: drive
                .get_i64("retention")
                .ok()
                .and_then(|keep| u32::try_from(keep).ok()),
            schedule,
            last_success: time(&drive, "last_success"),
            last_error: text(&drive, "last_error"),
            needs_reconnect,
        })
    }

    async fn sealed_token(&self, user: UserId) -> StoreResult<Option<Vec<u8>>> {
        let drive = self.drive(user).await?;
        Ok(drive.get_binary_generic("token").ok().cloned())
    }

    async fn set_sealed_token(&self, user: UserId, sealed: &[u8]) -> StoreResult<()> {
        let token = Binary {
            subtype: BinarySubtype::Generic,
            bytes: sealed.to_vec(),
        };
        self.update(user, doc! { "$set": { "drive.token": token } })
            .await
    }

    async fn clear_token(&self, user: UserId) -> StoreResult<()> {
        self.update(user, doc! { "$unset": { "drive.token": "" } })
            .await
    }

    async fn set_connected(
        &self,
        user: UserId,
        email: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let email = email.map_or(Bson::Null, |email| Bson::String(email.to_owned()));
        self.update(
            user,
            doc! {
                "$set": { "drive.email": email, "drive.connected_at": to_bson_time(at) },
                "$unset": { "drive.needs_reconnect": "", "drive.last_error": "" },
            },
        )
        .await
    }

    async fn set_needs_reconnect(
        &self,
        user: UserId,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.update(
            user,
            doc! {
                "$set": {
                    "drive.needs_reconnect": true,
                    "drive.last_error": reason,
                    "drive.last_error_at": to_bson_time(at),
                },
                "$unset": { "drive.token": "" },
            },
        )
        .await
    }

    async fn set_disconnected(&self, user: UserId) -> StoreResult<()> {
        self.update(
            user,
            doc! { "$unset": {
                "drive.token": "",
                "drive.email": "",
                "drive.connected_at": "",
                "drive.needs_reconnect": "",
            } },
        )
        .await
    }

    async fn set_folder(&self, user: UserId, folder_id: &str) -> StoreResult<()> {
        self.update(user, doc! { "$set": { "drive.folder_id": folder_id } })
            .await
    }

    async fn set_schedule(&self, user: UserId, schedule: Schedule) -> StoreResult<()> {
        let schedule = bson::to_bson(&schedule)?;
        self.update(user, doc! { "$set": { "drive.schedule": schedule } })
            .await
    }

    async fn set_retention(&self, user: UserId, keep: u32) -> StoreResult<()> {
        self.update(
            user,
            doc! { "$set": { "drive.retention": i64::from(keep) } },
        )
        .await
    }

    async fn record_success(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        self.update(
            user,
            doc! {
                "$set": { "drive.last_success": to_bson_time(at) },
                "$unset": { "drive.last_error": "", "drive.last_error_at": "" },
            },
        )
        .await
    }

    async fn record_failure(
        &self,
        user: UserId,
        error: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.update(
            user,
            doc! { "$set": {
                "drive.last_error": error,
                "drive.last_error_at": to_bson_time(at),
            } },
        )
        .await
    }
}
