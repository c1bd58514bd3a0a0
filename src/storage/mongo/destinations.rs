//! Each destination's settings and last outcome live on the user's document under the
//! destination's name (`drive.schedule`, `drive.retention`, `drive.last_success`, …), beside
//! whatever the destination's own store keeps there (Drive's token and account).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mongodb::{
    Collection, Database,
    bson::{self, Binary, Document, doc, spec::BinarySubtype},
};

use super::{from_bson_time, to_bson_time};
use crate::{
    domain::{
        DestinationId, UserId,
        destination::{DestinationState, FailureKind},
        retention::{Generations, RetentionPolicy},
        schedule::Schedule,
    },
    storage::{DestinationStore, StoreResult},
};

#[derive(Clone)]
pub struct MongoDestinations {
    users: Collection<Document>,
}

impl MongoDestinations {
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
}

/// The user's subdocument of `destination` (empty when there is none yet).
pub(super) async fn section(
    users: &Collection<Document>,
    user: UserId,
    destination: &DestinationId,
) -> StoreResult<Document> {
    let key = destination.as_str();
    let found = users
        .find_one(doc! { "_id": user })
        .projection(doc! { key: 1 })
        .await?;
    Ok(found
        .and_then(|doc| doc.get_document(key).ok().cloned())
        .unwrap_or_default())
}

pub(super) fn time(section: &Document, key: &str) -> Option<DateTime<Utc>> {
    section.get_datetime(key).ok().copied().map(from_bson_time)
}

pub(super) fn text(section: &Document, key: &str) -> Option<String> {
    section.get_str(key).ok().map(str::to_owned)
}

/// The settings and last outcome kept in a destination's subdocument.
pub(super) fn read_state(section: &Document) -> StoreResult<DestinationState> {
    let schedule = match section.get("schedule") {
        Some(value) => bson::from_bson(value.clone())?,
        None => Schedule::OFF,
    };
    Ok(DestinationState {
        schedule,
        retention: retention(section)?,
        history: section.get_bool("history").unwrap_or(false),
        protected: section.contains_key("password"),
        last_success: time(section, "last_success"),
        last_error: text(section, "last_error"),
        full: section.get_bool("last_error_full").unwrap_or(false),
        uploaded_library: text(section, "uploaded_library"),
        last_unchanged: time(section, "last_unchanged"),
    })
}

/// The retention kept in a destination's subdocument: `generations` (`{daily, weekly,
/// monthly}`) when set, else the newest `retention`, else none (the operator's default).
pub(super) fn retention(section: &Document) -> StoreResult<Option<RetentionPolicy>> {
    if let Some(generations) = section.get("generations") {
        let generations: Generations = bson::from_bson(generations.clone())?;
        return Ok(Some(RetentionPolicy::Generations(generations)));
    }
    Ok(section
        .get_i64("retention")
        .ok()
        .and_then(|keep| u32::try_from(keep).ok())
        .map(RetentionPolicy::Newest))
}

/// `<destination>.<field>`.
fn path(destination: &DestinationId, field: &str) -> String {
    format!("{destination}.{field}")
}

#[async_trait]
impl DestinationStore for MongoDestinations {
    async fn state(
        &self,
        user: UserId,
        destination: &DestinationId,
    ) -> StoreResult<DestinationState> {
        read_state(&section(&self.users, user, destination).await?)
    }

    async fn set_schedule(
        &self,
        user: UserId,
        destination: &DestinationId,
        schedule: Schedule,
    ) -> StoreResult<()> {
        let schedule = bson::to_bson(&schedule)?;
        let field = path(destination, "schedule");
        self.update(user, doc! { "$set": { field: schedule } })
            .await
    }

    async fn set_retention(
        &self,
        user: UserId,
        destination: &DestinationId,
        policy: RetentionPolicy,
    ) -> StoreResult<()> {
        let (keep, generations) = (
            path(destination, "retention"),
            path(destination, "generations"),
        );
        let update = match policy {
            RetentionPolicy::Newest(n) => {
                doc! { "$set": { keep: i64::from(n) }, "$unset": { generations: "" } }
            }
            RetentionPolicy::Generations(chosen) => doc! {
                "$set": { generations: bson::to_bson(&chosen)? },
                "$unset": { keep: "" },
            },
        };
        self.update(user, update).await
    }

    async fn set_history(
        &self,
        user: UserId,
        destination: &DestinationId,
        history: bool,
    ) -> StoreResult<()> {
        let field = path(destination, "history");
        self.update(user, doc! { "$set": { field: history } }).await
    }

    async fn set_sealed_password(
        &self,
        user: UserId,
        destination: &DestinationId,
        sealed: Option<&[u8]>,
    ) -> StoreResult<()> {
        let field = path(destination, "password");
        let update = match sealed {
            Some(sealed) => {
                let sealed = Binary {
                    subtype: BinarySubtype::Generic,
                    bytes: sealed.to_vec(),
                };
                doc! { "$set": { field: sealed } }
            }
            None => doc! { "$unset": { field: "" } },
        };
        self.update(user, update).await
    }

    async fn sealed_password(
        &self,
        user: UserId,
        destination: &DestinationId,
    ) -> StoreResult<Option<Vec<u8>>> {
        let section = section(&self.users, user, destination).await?;
        Ok(section.get_binary_generic("password").ok().cloned())
    }

    async fn record_success(
        &self,
        user: UserId,
        destination: &DestinationId,
        at: DateTime<Utc>,
        library: Option<&str>,
    ) -> StoreResult<()> {
        let mut set = doc! { path(destination, "last_success"): to_bson_time(at) };
        let mut unset = doc! {
            path(destination, "last_error"): "",
            path(destination, "last_error_at"): "",
            path(destination, "last_error_full"): "",
        };
        match library {
            Some(library) => set.insert(path(destination, "uploaded_library"), library),
            None => unset.insert(path(destination, "uploaded_library"), ""),
        };
        self.update(user, doc! { "$set": set, "$unset": unset })
            .await
    }

    async fn forget_library(&self, user: UserId, destination: &DestinationId) -> StoreResult<()> {
        let field = path(destination, "uploaded_library");
        self.update(user, doc! { "$unset": { field: "" } }).await
    }

    async fn record_unchanged(
        &self,
        user: UserId,
        destination: &DestinationId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.update(
            user,
            doc! {
                "$set": { path(destination, "last_unchanged"): to_bson_time(at) },
                "$unset": {
                    path(destination, "last_error"): "",
                    path(destination, "last_error_at"): "",
                    path(destination, "last_error_full"): "",
                },
            },
        )
        .await
    }

    async fn record_failure(
        &self,
        user: UserId,
        destination: &DestinationId,
        error: &str,
        kind: FailureKind,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut set = doc! {
            path(destination, "last_error"): error,
            path(destination, "last_error_at"): to_bson_time(at),
        };
        let full = path(destination, "last_error_full");
        let update = match kind {
            FailureKind::Full => {
                set.insert(full, true);
                doc! { "$set": set }
            }
            FailureKind::Other => doc! { "$set": set, "$unset": { full: "" } },
        };
        self.update(user, update).await
    }
}
