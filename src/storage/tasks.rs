//! The store of users' long actions (see [`TaskStore`]).

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};

use super::StoreResult;
use crate::domain::{
    Id, Task, TaskState, UserId,
    task::{CancelRequest, Enqueued},
};

/// Long actions users started, queued and claimed with a lease, so that however many bot
/// instances share the store, a task runs on one of them at a time, and one whose instance
/// died is taken over. What a user's action reaches is scoped by the user. Times come from
/// the caller's clock.
#[async_trait]
pub trait TaskStore: Send + Sync {
    /// Queues `task` unless its user has an active (queued or running) task, atomically: of
    /// two racing, one is queued and the other is answered with it.
    async fn enqueue(&self, task: &Task) -> StoreResult<Enqueued>;
    /// The user's active task, if any.
    async fn active(&self, user: UserId) -> StoreResult<Option<Task>>;
    /// Atomically claims the oldest queued task, leasing it to `owner` until `now + lease`.
    /// Two callers never get the same task.
    async fn claim(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>>;
    /// Atomically takes over the running task whose lease ended longest ago (at or before
    /// `now`: its instance died or stopped), leasing it to `owner` until `now + lease`. Two
    /// callers never get the same task.
    async fn take_over(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Task>>;
    /// Extends `owner`'s lease to `until`, answering whether the user asked to cancel; `None`
    /// when `owner` lost the lease (another instance took the task over).
    async fn renew(&self, id: &Id, owner: &str, until: DateTime<Utc>) -> StoreResult<Option<bool>>;
    /// Ends the task in `state` (not an active one) if `owner` still holds it; `false` when
    /// the lease was lost.
    async fn finish(
        &self,
        id: &Id,
        owner: &str,
        state: TaskState,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// The user asks to stop their task `id`: a queued one is cancelled at once, a running
    /// one is marked for its instance to stop. Another user's task, or one that ended, is left
    /// as it is ([`CancelRequest::NotFound`]).
    async fn request_cancel(
        &self,
        user: UserId,
        id: &Id,
        at: DateTime<Utc>,
    ) -> StoreResult<CancelRequest>;
    /// When each of the user's tasks created at or after `since` was created, oldest first:
    /// how many they started lately, and when the oldest of those leaves the window.
    async fn created_since(
        &self,
        user: UserId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<DateTime<Utc>>>;
    /// Ends at `now` the lease of every task `owner` runs (on shutdown), so another instance,
    /// or this one after a restart, takes them over without waiting. Answers how many.
    async fn release_all(&self, owner: &str, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Deletes the tasks that ended and were created before `before`; answers how many.
    async fn purge_finished(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}
