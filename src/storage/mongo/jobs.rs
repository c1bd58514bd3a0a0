//! `jobs`: one document per user and destination (`_id` `<destination>:<user>`), claimed with
//! a lease.
//!
//! Every write that depends on who holds a job is a single conditional update, so the database,
//! not the instances, decides who wins a race.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use futures::TryStreamExt;
use mongodb::{
    Collection, Database,
    bson::{self, Document, doc, to_bson},
    options::ReturnDocument,
};
use serde::{Deserialize, Serialize};

use super::{from_bson_time, to_bson_time, whole_number};
use crate::{
    domain::{
        DestinationId, Id, Job, JobOverview, JobResult, ScheduledJobs, UserId,
        schedule::{Frequency, Schedule},
    },
    storage::{JobStore, StoreResult, lease_end},
};

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct JobDoc {
    #[serde(rename = "_id")]
    pub(super) id: String,
    /// Missing in jobs written before there were destinations: those were Drive's.
    #[serde(default)]
    pub(super) destination: Option<DestinationId>,
    pub(super) user_id: i64,
    pub(super) schedule: Schedule,
    #[serde(default)]
    pub(super) due_at: Option<bson::DateTime>,
    #[serde(default)]
    pub(super) attempt: i64,
    #[serde(default)]
    pub(super) pending_backup: Option<Id>,
    #[serde(default)]
    pub(super) lease_owner: Option<String>,
    #[serde(default)]
    pub(super) lease_until: Option<bson::DateTime>,
    #[serde(default)]
    pub(super) last_error: Option<String>,
    #[serde(default)]
    pub(super) last_success_at: Option<bson::DateTime>,
    pub(super) updated_at: bson::DateTime,
    #[serde(default)]
    pub(super) scheduled_since: Option<bson::DateTime>,
}

impl JobDoc {
    pub(super) fn into_job(self) -> Job {
        Job {
            id: self.id,
            destination: self.destination.unwrap_or(DestinationId::DRIVE),
            user_id: self.user_id,
            schedule: self.schedule,
            due_at: self.due_at.map(from_bson_time),
            attempt: u32::try_from(self.attempt).unwrap_or_default(),
            pending_backup: self.pending_backup,
            lease_owner: self.lease_owner,
            lease_until: self.lease_until.map(from_bson_time),
            last_error: self.last_error,
            last_success_at: self.last_success_at.map(from_bson_time),
            updated_at: from_bson_time(self.updated_at),
            scheduled_since: self.scheduled_since.map(from_bson_time),
        }
    }
}

fn optional_time(time: Option<DateTime<Utc>>) -> bson::Bson {
    time.map_or(bson::Bson::Null, |t| to_bson_time(t).into())
}

/// The jobs a claim at `now` may take: due, their lease free or ended. `null` also matches a
/// missing field; `$lte` never matches null, so unplanned jobs stay.
fn claimable(now: bson::DateTime) -> Document {
    doc! {
        "due_at": { "$lte": now },
        "$or": [ { "lease_until": null }, { "lease_until": { "$lt": now } } ],
    }
}

#[derive(Clone)]
pub struct MongoJobs {
    jobs: Collection<JobDoc>,
}

impl MongoJobs {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            jobs: db.collection("jobs"),
        }
    }

    fn raw(&self) -> Collection<Document> {
        self.jobs.clone_with_type()
    }

    /// Sets `scheduled_since` on the job `filter` matches, if any.
    async fn set_since(&self, filter: Document, value: bson::Bson) -> StoreResult<()> {
        self.raw()
            .update_one(filter, doc! { "$set": { "scheduled_since": value } })
            .await?;
        Ok(())
    }
}

#[async_trait]
impl JobStore for MongoJobs {
    async fn set_schedule(
        &self,
        user: UserId,
        destination: &DestinationId,
        schedule: Schedule,
        due_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let id = Job::id_of(destination, user);
        // See `Job::scheduled_since`: kept while runs stay planned, set when they start.
        let planned = due_at.is_some() && schedule.frequency() != Frequency::Off;
        if planned {
            // None was planned: they start now.
            self.set_since(doc! { "_id": &id, "due_at": null }, to_bson_time(at).into())
                .await?;
        }
        let schedule = to_bson(&schedule)?;
        // First the case "a retry is pending and planned": change only the schedule.
        let kept_retry = self
            .raw()
            .update_one(
                doc! {
                    "_id": &id,
                    "pending_backup": { "$ne": null },
                    "due_at": { "$ne": null },
                },
                doc! { "$set": { "schedule": schedule.clone(), "updated_at": to_bson_time(at) } },
            )
            .await?;
        if kept_retry.matched_count == 0 {
            self.raw()
                .update_one(
                    doc! { "_id": &id },
                    doc! {
                        "$set": {
                            "user_id": user,
                            "destination": destination.as_str(),
                            "schedule": schedule,
                            "due_at": optional_time(due_at),
                            "updated_at": to_bson_time(at),
                        },
                        "$setOnInsert": { "attempt": 0_i64 },
                    },
                )
                .upsert(true)
                .await?;
        }
        // Updates of their own: two changes of one user's schedule racing only move the time.
        if planned {
            self.set_since(
                doc! { "_id": &id, "scheduled_since": null },
                to_bson_time(at).into(),
            )
            .await?;
        } else {
            self.set_since(doc! { "_id": &id }, bson::Bson::Null)
                .await?;
        }
        Ok(())
    }

    async fn schedule_retry(
        &self,
        user: UserId,
        destination: &DestinationId,
        backup: &Id,
        due_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.raw()
            .update_one(
                doc! { "_id": Job::id_of(destination, user) },
                doc! {
                    "$set": {
                        "destination": destination.as_str(),
                        "pending_backup": backup.as_str(),
                        "due_at": to_bson_time(due_at),
                        "attempt": 1_i64,
                        "updated_at": to_bson_time(at),
                    },
                    "$setOnInsert": { "user_id": user, "schedule": to_bson(&Schedule::OFF)? },
                },
            )
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn claim_due(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Job>> {
        let until = lease_end(now, lease)?;
        let now = to_bson_time(now);
        let claimed = self
            .jobs
            .find_one_and_update(
                claimable(now),
                doc! { "$set": {
                    "lease_owner": owner,
                    "lease_until": to_bson_time(until),
                    "updated_at": now,
                } },
            )
            .sort(doc! { "due_at": 1, "_id": 1 })
            .return_document(ReturnDocument::After)
            .await?;
        Ok(claimed.map(JobDoc::into_job))
    }

    async fn finish(&self, job_id: &str, owner: &str, result: &JobResult) -> StoreResult<bool> {
        let mut set = doc! {
            "due_at": optional_time(result.next_due),
            "attempt": i64::from(result.attempt),
            "pending_backup": result.pending_backup.as_ref().map(Id::as_str),
            "last_error": result.last_error.as_deref(),
            "updated_at": to_bson_time(result.at),
        };
        if let Some(succeeded) = result.succeeded_at {
            set.insert("last_success_at", to_bson_time(succeeded));
        }
        let updated = self
            .raw()
            .update_one(
                doc! { "_id": job_id, "lease_owner": owner },
                doc! { "$set": set, "$unset": { "lease_owner": "", "lease_until": "" } },
            )
            .await?;
        Ok(updated.matched_count > 0)
    }

    async fn renew(&self, job_id: &str, owner: &str, until: DateTime<Utc>) -> StoreResult<bool> {
        let updated = self
            .raw()
            .update_one(
                doc! { "_id": job_id, "lease_owner": owner },
                doc! { "$set": { "lease_until": to_bson_time(until) } },
            )
            .await?;
        Ok(updated.matched_count > 0)
    }

    async fn release_all(&self, owner: &str) -> StoreResult<u64> {
        let updated = self
            .raw()
            .update_many(
                doc! { "lease_owner": owner },
                doc! { "$unset": { "lease_owner": "", "lease_until": "" } },
            )
            .await?;
        Ok(updated.modified_count)
    }

    async fn get(&self, user: UserId, destination: &DestinationId) -> StoreResult<Option<Job>> {
        let found = self
            .jobs
            .find_one(doc! { "_id": Job::id_of(destination, user), "user_id": user })
            .await?;
        Ok(found.map(JobDoc::into_job))
    }

    async fn delete(&self, user: UserId, destination: &DestinationId) -> StoreResult<()> {
        self.jobs
            .delete_one(doc! { "_id": Job::id_of(destination, user), "user_id": user })
            .await?;
        Ok(())
    }

    async fn overview(&self, now: DateTime<Utc>) -> StoreResult<JobOverview> {
        let by_frequency = [
            doc! { "$match": { "due_at": { "$ne": null }, "schedule.frequency": { "$ne": "off" } } },
            doc! { "$group": {
                "_id": "$schedule.frequency",
                "jobs": { "$sum": 1 },
                "last_success": { "$max": "$last_success_at" },
            } },
        ];
        let mut groups = self.raw().aggregate(by_frequency).await?;
        let mut scheduled = Vec::new();
        while let Some(group) = groups.try_next().await? {
            scheduled.push(ScheduledJobs {
                frequency: bson::from_bson(group.get("_id").cloned().unwrap_or_default())?,
                jobs: whole_number(group.get("jobs")).unwrap_or(0),
                last_success: group
                    .get_datetime("last_success")
                    .ok()
                    .map(|t| from_bson_time(*t)),
            });
        }
        let waiting = [
            doc! { "$match": claimable(to_bson_time(now)) },
            doc! { "$group": { "_id": null, "jobs": { "$sum": 1 }, "oldest": { "$min": "$due_at" } } },
        ];
        let mut totals = self.raw().aggregate(waiting).await?;
        let (waiting, oldest_due) = match totals.try_next().await? {
            Some(totals) => (
                whole_number(totals.get("jobs")).unwrap_or(0),
                totals
                    .get_datetime("oldest")
                    .ok()
                    .map(|t| from_bson_time(*t)),
            ),
            None => (0, None),
        };
        Ok(JobOverview::new(scheduled, waiting, oldest_due))
    }

    async fn scheduled(&self) -> StoreResult<Vec<Job>> {
        let off = to_bson(&Frequency::Off)?;
        let found: Vec<JobDoc> = self
            .jobs
            .find(doc! { "schedule.frequency": { "$ne": off } })
            .sort(doc! { "_id": 1 })
            .await?
            .try_collect()
            .await?;
        Ok(found.into_iter().map(JobDoc::into_job).collect())
    }
}
