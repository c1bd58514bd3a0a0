//! `events`, kept [`EVENTS_KEPT`]: recording one first deletes those older than that (an
//! indexed range, empty most of the time), as MongoDB's TTL index would.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::Utc;
use rusqlite::params;

use super::{
    db::Db,
    values::{json, millis},
};
use crate::{
    domain::Event,
    storage::{EVENTS_KEPT, EventStore, StoreResult},
};

#[derive(Clone)]
pub struct SqliteEvents {
    db: Arc<Db>,
}

impl SqliteEvents {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }
}

#[async_trait]
impl EventStore for SqliteEvents {
    async fn record(&self, event: Event) -> StoreResult<()> {
        let now = Utc::now();
        let expired = millis(now.checked_sub_signed(EVENTS_KEPT).unwrap_or_default());
        let fields = json(&event.fields())?;
        self.db
            .write(move |conn| {
                conn.prepare_cached("DELETE FROM events WHERE created_at < ?1")?
                    .execute([expired])?;
                conn.prepare_cached(
                    "INSERT INTO events (name, severity, user_id, fields, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    event.name(),
                    event.severity().as_str(),
                    event.user(),
                    fields,
                    millis(now)
                ])?;
                Ok(())
            })
            .await
    }
}
