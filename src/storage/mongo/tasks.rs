//! `tasks`: users' long actions, one document each (`_id` the task id), claimed with a lease.
//! A queued or running task carries `active: true`, and a unique index over `user_id` among
//! those keeps a user to one at a time.
//!
//! Every write that depends on who holds a task is a single conditional update, so the
//! database, not the instances, decides who wins a race.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use futures::TryStreamExt;
use mongodb::{
    Collection, Database,
    bson::{self, Document, doc},
    options::ReturnDocument,
};
use serde::{Deserialize, Serialize};

use super::{from_bson_time, is_duplicate_key, to_bson_time};
use crate::{
    domain::{
        Id, Locale, Task, TaskKind, TaskState, UserId,
        task::{CancelRequest, Enqueued},
    },
    storage::{StoreError, StoreResult, TaskStore, lease_end},
};

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct TaskDoc {
    #[serde(rename = "_id")]
    id: Id,
    user_id: i64,
    chat_id: i64,
    message_id: i32,
    locale: Locale,
    kind: TaskKind,
    state: TaskState,
    /// Present (true) only while the task is queued or running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    active: Option<bool>,
    #[serde(default)]
    attempts: i64,
    #[serde(default)]
    lease_owner: Option<String>,
    #[serde(default)]
    lease_until: Option<bson::DateTime>,
    #[serde(default)]
    cancel_requested: bool,
    created_at: bson::DateTime,
    updated_at: bson::DateTime,
}

impl From<&Task> for TaskDoc {
    fn from(task: &Task) -> Self {
        Self {
            id: task.id.clone(),
            user_id: task.user,
            chat_id: task.chat,
            message_id: task.message,
            locale: task.locale,
            kind: task.kind.clone(),
            state: task.state,
            active: task.state.is_active().then_some(true),
            attempts: i64::from(task.attempts),
            lease_owner: task.lease_owner.clone(),
            lease_until: task.lease_until.map(to_bson_time),
            cancel_requested: task.cancel_requested,
            created_at: to_bson_time(task.created_at),
            updated_at: to_bson_time(task.updated_at),
        }
    }
}

impl From<TaskDoc> for Task {
    fn from(doc: TaskDoc) -> Self {
        Self {
            id: doc.id,
            user: doc.user_id,
            chat: doc.chat_id,
            message: doc.message_id,
            locale: doc.locale,
            kind: doc.kind,
            state: doc.state,
            attempts: u32::try_from(doc.attempts).unwrap_or_default(),
            lease_owner: doc.lease_owner,
            lease_until: doc.lease_until.map(from_bson_time),
            cancel_requested: doc.cancel_requested,
            created_at: from_bson_time(doc.created_at),
            updated_at: from_bson_time(doc.updated_at),
        }
    }
}

/// Tries to queue a task twice at most: when the active task that refused it ends before it
/// can be read, the next try goes in.
const ENQUEUE_TRIES: usize = 2;

#[derive(Clone)]
pub struct MongoTasks {
    tasks: Collection<TaskDoc>,
}

impl MongoTasks {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            tasks: db.collection("tasks"),
        }
    }

    fn raw(&self) -> Collection<Document> {
        self.tasks.clone_with_type()
    }

    /// Leases the first task `filter` matches in `sort` order to `owner`.
    async fn lease(
        &self,
        filter: Document,
        sort: Document,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>> {
        let until = lease_end(now, lease)?;
        let leased = self
            .tasks
            .find_one_and_update(
                filter,
                doc! {
                    "$set": {
                        "state": TaskState::Running.as_str(),
                        "lease_owner": owner,
                        "lease_until": to_bson_time(until),
                        "updated_at": to_bson_time(now),
                    },
                    "$inc": { "attempts": 1_i64 },
                },
            )
            .sort(sort)
            .return_document(ReturnDocument::After)
            .await?;
        Ok(leased.map(Task::from))
    }
}

#[async_trait]
impl TaskStore for MongoTasks {
    async fn enqueue(&self, task: &Task) -> StoreResult<Enqueued> {
        for _ in 0..ENQUEUE_TRIES {
            match self.tasks.insert_one(TaskDoc::from(task)).await {
                Ok(_) => return Ok(Enqueued::Queued),
                // The unique index refused it: the user has an active task.
                Err(error) if is_duplicate_key(&error) => {
                    if let Some(busy) = self.active(task.user).await? {
                        return Ok(Enqueued::Busy(busy));
                    }
                }
                Err(error) => return Err(error.into()),
            }
        }
        Err(StoreError::Conflict)
    }

    async fn active(&self, user: UserId) -> StoreResult<Option<Task>> {
        let found = self
            .tasks
            .find_one(doc! { "user_id": user, "active": true })
            .await?;
        Ok(found.map(Task::from))
    }

    async fn claim(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>> {
        let filter = doc! { "state": TaskState::Queued.as_str() };
        let sort = doc! { "created_at": 1, "_id": 1 };
        self.lease(filter, sort, owner, now, lease).await
    }

    async fn take_over(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>> {
        let filter = doc! {
            "state": TaskState::Running.as_str(),
            "lease_until": { "$lte": to_bson_time(now) },
        };
        let sort = doc! { "lease_until": 1, "_id": 1 };
        self.lease(filter, sort, owner, now, lease).await
    }

    async fn renew(&self, id: &Id, owner: &str, until: DateTime<Utc>) -> StoreResult<Option<bool>> {
        let renewed = self
            .tasks
            .find_one_and_update(
                doc! {
                    "_id": id.as_str(),
                    "lease_owner": owner,
                    "state": TaskState::Running.as_str(),
                },
                doc! { "$set": { "lease_until": to_bson_time(until) } },
            )
            .return_document(ReturnDocument::After)
            .await?;
        Ok(renewed.map(|task| task.cancel_requested))
    }

    async fn finish(
        &self,
        id: &Id,
        owner: &str,
        state: TaskState,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        if state.is_active() {
            return Err(StoreError::Unrepresentable("a task ends in a final state"));
        }
        let finished = self
            .raw()
            .update_one(
                doc! {
                    "_id": id.as_str(),
                    "lease_owner": owner,
                    "state": TaskState::Running.as_str(),
                },
                doc! {
                    "$set": { "state": state.as_str(), "updated_at": to_bson_time(at) },
                    "$unset": { "active": "", "lease_owner": "", "lease_until": "" },
                },
            )
            .await?;
        Ok(finished.matched_count > 0)
    }

    async fn request_cancel(
        &self,
        user: UserId,
        id: &Id,
        at: DateTime<Utc>,
    ) -> StoreResult<CancelRequest> {
        let at = to_bson_time(at);
        let mine = |state: TaskState| doc! { "_id": id.as_str(), "user_id": user, "state": state.as_str() };
        // Queued, nobody runs it: it ends here.
        let cancelled = self
            .tasks
            .find_one_and_update(
                mine(TaskState::Queued),
                doc! {
                    "$set": {
                        "state": TaskState::Cancelled.as_str(),
                        "cancel_requested": true,
                        "updated_at": at,
                    },
                    "$unset": { "active": "" },
                },
            )
            .return_document(ReturnDocument::After)
            .await?;
        if let Some(task) = cancelled {
            return Ok(CancelRequest::Cancelled(task.into()));
        }
        // Claimed meanwhile, or running all along: its instance stops it.
        let stopping = self
            .tasks
            .find_one_and_update(
                mine(TaskState::Running),
                doc! { "$set": { "cancel_requested": true, "updated_at": at } },
            )
            .return_document(ReturnDocument::After)
            .await?;
        Ok(stopping.map_or(CancelRequest::NotFound, |task| {
            CancelRequest::Stopping(task.into())
        }))
    }

    async fn created_since(
        &self,
        user: UserId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<DateTime<Utc>>> {
        let found: Vec<TaskDoc> = self
            .tasks
            .find(doc! { "user_id": user, "created_at": { "$gte": to_bson_time(since) } })
            .sort(doc! { "created_at": 1 })
            .await?
            .try_collect()
            .await?;
        Ok(found
            .into_iter()
            .map(|task| from_bson_time(task.created_at))
            .collect())
    }

    async fn release_all(&self, owner: &str, now: DateTime<Utc>) -> StoreResult<u64> {
        let released = self
            .raw()
            .update_many(
                doc! { "lease_owner": owner, "state": TaskState::Running.as_str() },
                doc! { "$set": { "lease_until": to_bson_time(now) } },
            )
            .await?;
        Ok(released.modified_count)
    }

    async fn purge_finished(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let purged = self
            .raw()
            .delete_many(doc! {
                "active": { "$exists": false },
                "created_at": { "$lt": to_bson_time(before) },
            })
            .await?;
        Ok(purged.deleted_count)
    }
}
