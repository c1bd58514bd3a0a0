use async_trait::async_trait;
use chrono::Utc;
use mongodb::{
    Collection, Database,
    bson::{Document, doc},
};

use super::to_bson_time;
use crate::{
    domain::Event,
    storage::{EventStore, StoreResult},
};

#[derive(Clone)]
pub struct MongoEvents {
    events: Collection<Document>,
}

impl MongoEvents {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            events: db.collection("events"),
        }
    }
}

#[async_trait]
impl EventStore for MongoEvents {
    async fn record(&self, event: Event) -> StoreResult<()> {
        let fields: Document = event
            .fields()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.into()))
            .collect();
        let doc = doc! {
            "name": event.name(),
            "severity": event.severity().as_str(),
            "user_id": event.user(),
            "fields": fields,
            "created_at": to_bson_time(Utc::now()),
        };
        self.events.insert_one(doc).await?;
        Ok(())
    }
}
