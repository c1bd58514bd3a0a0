//! `alerts`: one document per open alert (`_id` its key); `dump_log`: one document (`_id`
//! `scheduled`) with what the scheduled dumps of every instance did; the disk's fullness from
//! the server's `dbStats`.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use mongodb::{
    Collection, Database,
    bson::{Bson, Document, doc},
};

use super::{from_bson_time, is_duplicate_key, to_bson_time};
use crate::{
    domain::alert::{AlertKey, DumpLog, Fullness, OpenAlert},
    storage::{AlertStore, StoreResult},
};

const DUMP_LOG: &str = "scheduled";

#[derive(Clone)]
pub struct MongoAlerts {
    db: Database,
    alerts: Collection<Document>,
    dumps: Collection<Document>,
}

impl MongoAlerts {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            db: db.clone(),
            alerts: db.collection("alerts"),
            dumps: db.collection("dump_log"),
        }
    }
}

#[async_trait]
impl AlertStore for MongoAlerts {
    async fn open_alerts(&self) -> StoreResult<Vec<OpenAlert>> {
        let docs: Vec<Document> = self
            .alerts
            .find(doc! {})
            .sort(doc! { "_id": 1 })
            .await?
            .try_collect()
            .await?;
        Ok(docs
            .iter()
            .filter_map(|doc| {
                let key = doc.get_str("_id").ok()?;
                let Ok(key) = key.parse::<AlertKey>() else {
                    tracing::warn!(key, "an open alert of a key this release does not know");
                    return None;
                };
                let since = from_bson_time(*doc.get_datetime("since").ok()?);
                Some(OpenAlert { key, since })
            })
            .collect())
    }

    async fn open(&self, alert: &OpenAlert) -> StoreResult<bool> {
        let inserted = self
            .alerts
            .insert_one(doc! { "_id": alert.key.to_string(), "since": to_bson_time(alert.since) })
            .await;
        match inserted {
            Ok(_) => Ok(true),
            Err(error) if is_duplicate_key(&error) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    async fn close(&self, key: &AlertKey) -> StoreResult<bool> {
        let deleted = self
            .alerts
            .delete_one(doc! { "_id": key.to_string() })
            .await?;
        Ok(deleted.deleted_count > 0)
    }

    async fn record_dump(
        &self,
        every: Duration,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let every = i64::try_from(every.as_millis()).unwrap_or(i64::MAX);
        let at = to_bson_time(at);
        let update = match error {
            None => doc! {
                "$set": { "every_ms": every, "failures": 0_i64, "last_error": Bson::Null },
                "$max": { "last_success": at },
                "$setOnInsert": { "since": at },
            },
            Some(error) => doc! {
                "$set": { "every_ms": every, "last_error": error },
                "$inc": { "failures": 1_i64 },
                "$setOnInsert": { "since": at },
            },
        };
        self.dumps
            .update_one(doc! { "_id": DUMP_LOG }, update)
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn dump_log(&self) -> StoreResult<Option<DumpLog>> {
        let Some(doc) = self.dumps.find_one(doc! { "_id": DUMP_LOG }).await? else {
            return Ok(None);
        };
        let whole = |name| super::whole_number(doc.get(name)).unwrap_or_default();
        Ok(Some(DumpLog {
            every: Duration::from_millis(whole("every_ms")),
            since: doc
                .get_datetime("since")
                .map_or(DateTime::UNIX_EPOCH, |at| from_bson_time(*at)),
            last_success: doc
                .get_datetime("last_success")
                .ok()
                .map(|at| from_bson_time(*at)),
            failures: u32::try_from(whole("failures")).unwrap_or(u32::MAX),
            last_error: doc.get_str("last_error").ok().map(str::to_owned),
        }))
    }

    async fn fullness(&self) -> StoreResult<Option<Fullness>> {
        // The server tells the file system holding its data when it can (MongoDB 4.4+);
        // a server that does not, or says nothing sensible, is not measured.
        let stats = self.db.run_command(doc! { "dbStats": 1 }).await?;
        let bytes = |name| super::whole_number(stats.get(name));
        Ok(match (bytes("fsUsedSize"), bytes("fsTotalSize")) {
            (Some(used_bytes), Some(total_bytes)) if total_bytes > 0 => Some(Fullness {
                used_bytes,
                total_bytes,
            }),
            _ => None,
        })
    }
}
