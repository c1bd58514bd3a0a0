//! Google Drive's connection lives on the user's document under `drive`: the sealed token, the
//! account and the folder, beside Drive's settings and last outcome (see `destinations`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mongodb::{
    Collection, Database,
    bson::{Binary, Bson, Document, doc, spec::BinarySubtype},
};

use super::{
    destinations::{read_state, section, text},
    to_bson_time,
};
use crate::{
    domain::{DestinationId, DriveProfile, UserId},
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
        section(&self.users, user, &DestinationId::DRIVE).await
    }
}

#[async_trait]
impl DriveStore for MongoDrive {
    async fn profile(&self, user: UserId) -> StoreResult<DriveProfile> {
        let drive = self.drive(user).await?;
        let state = read_state(&drive)?;
        let needs_reconnect = drive.get_bool("needs_reconnect").unwrap_or(false);
        Ok(DriveProfile {
            connected: drive.contains_key("token") && !needs_reconnect,
            email: text(&drive, "email"),
            folder_id: text(&drive, "folder_id"),
            retention: state.retention,
            schedule: state.schedule,
            last_success: state.last_success,
            last_error: state.last_error,
            last_unchanged: state.last_unchanged,
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
                "$unset": {
                    "drive.needs_reconnect": "",
                    "drive.last_error": "",
                    "drive.last_error_full": "",
                },
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
                "$unset": { "drive.token": "", "drive.last_error_full": "" },
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
}
