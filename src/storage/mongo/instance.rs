//! `instance_leases`: one document per lease (`_id` its name), taken with one conditional
//! upsert, so the database, not the instances, decides who wins a race.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use mongodb::{
    Collection, Database,
    bson::{Document, doc},
};

use super::{is_duplicate_key, to_bson_time};
use crate::storage::{Hold, InstanceLeases, StoreResult, lease_end};

#[derive(Clone)]
pub struct MongoLeases {
    leases: Collection<Document>,
}

impl MongoLeases {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            leases: db.collection("instance_leases"),
        }
    }
}

#[async_trait]
impl InstanceLeases for MongoLeases {
    async fn try_hold(
        &self,
        name: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<Hold> {
        let until = lease_end(now, ttl)?;
        // Matches a lease this holder has or one that has ended; with no match, the upsert
        // inserts `_id: name`, which fails as a duplicate when another holder has it.
        let taken = self
            .leases
            .update_one(
                doc! {
                    "_id": name,
                    "$or": [ { "holder": holder }, { "until": { "$lt": to_bson_time(now) } } ],
                },
                doc! { "$set": { "holder": holder, "until": to_bson_time(until) } },
            )
            .upsert(true)
            .await;
        match taken {
            Ok(_) => Ok(Hold::Held),
            Err(error) if is_duplicate_key(&error) => {
                let current = self.leases.find_one(doc! { "_id": name }).await?;
                let other = current
                    .as_ref()
                    .and_then(|lease| lease.get_str("holder").ok())
                    .unwrap_or_default();
                Ok(Hold::HeldBy(other.to_owned()))
            }
            Err(error) => Err(error.into()),
        }
    }

    async fn release(&self, name: &str, holder: &str) -> StoreResult<bool> {
        // The document stays with a lease long over, so whoever asks next takes it.
        let released = self
            .leases
            .update_one(
                doc! { "_id": name, "holder": holder },
                doc! { "$set": { "until": to_bson_time(DateTime::UNIX_EPOCH) } },
            )
            .await?;
        Ok(released.modified_count > 0)
    }
}
