//! Long actions off the chat: a handler checks the user may start one, queues it as a task and
//! returns; the [`Worker`] (on every instance) claims it, runs it through the services while
//! its progress message shows how far it got, and shows the result there. The rules: one
//! active task per user, a number of tasks per user per hour, cancel only your own.

pub(crate) mod explain;
mod running;
mod worker;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
    time::Duration,
};

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::Notify;

pub use running::{Advance, RunningTask};
pub use worker::{Ending, TaskEnd, TaskRunner, Worker, WorkerError};

use super::Clock;
use crate::{
    domain::{
        Id, Locale, Task, TaskKind, UserId,
        task::{CancelRequest, Enqueued},
    },
    storage::{StoreError, TaskStore},
    sync::lock,
};

/// The window the hourly limit counts in.
const HOUR: TimeDelta = TimeDelta::hours(1);
/// Tasks that ended are kept this long (the hourly limit reads the last hour of them).
const KEPT: TimeDelta = TimeDelta::days(1);

#[derive(Clone, Debug)]
pub struct TaskSettings {
    /// This process's name in leases; it must differ between instances sharing a store.
    pub instance: String,
    /// Tasks one user may start per hour.
    pub per_hour: u32,
    /// Tasks this instance runs at once.
    pub concurrency: usize,
    /// How long a claim holds without being renewed; another instance takes a task over
    /// this long after its instance died.
    pub lease: Duration,
    /// How often to look for tasks other instances queued (this instance's own start at once).
    pub poll_interval: Duration,
    /// A progress message is edited at most this often.
    pub progress_interval: Duration,
    /// A task asked to stop that has not stopped by itself within this is abandoned (a
    /// download stalled between two chunks).
    pub cancel_grace: Duration,
    /// On shutdown, how long running tasks get to finish before they are stopped and left
    /// for another instance.
    pub shutdown_grace: Duration,
    /// No other process can open the store (the embedded one, its directory locked): every
    /// lease found at start-up is a dead process's, taken over at once.
    pub exclusive: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// The user has an active task of this kind: nothing was queued.
    #[error("already working on another task")]
    Busy(TaskKind),
    /// The user started `max` tasks within the last hour; the next may start at `retry_at`.
    #[error("too many tasks this hour")]
    RateLimited { max: u32, retry_at: DateTime<Utc> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type TaskResult<T> = Result<T, TaskError>;

pub struct TaskService {
    store: Arc<dyn TaskStore>,
    clock: Arc<dyn Clock>,
    per_hour: u32,
    /// Rung when this instance queues a task, so its worker starts it at once.
    queued: Notify,
    /// Tasks running on this instance, so that a cancel pressed here stops one at once.
    running: Mutex<HashMap<Id, Weak<RunningTask>>>,
}

impl TaskService {
    pub fn new(store: Arc<dyn TaskStore>, clock: Arc<dyn Clock>, per_hour: u32) -> Self {
        Self {
            store,
            clock,
            per_hour,
            queued: Notify::new(),
            running: Mutex::new(HashMap::new()),
        }
    }

    /// A task of `kind` for `user`, queued as of now; it shows in `message` of `chat`, in
    /// `locale`.
    pub fn task(
        &self,
        user: UserId,
        chat: i64,
        message: i32,
        locale: Locale,
        kind: TaskKind,
    ) -> Task {
        Task::queued(user, chat, message, locale, kind, self.clock.now())
    }

    /// Whether `user` may start a task now: none active, and the hourly limit not reached.
    pub async fn admit(&self, user: UserId) -> TaskResult<()> {
        if let Some(active) = self.store.active(user).await? {
            return Err(TaskError::Busy(active.kind));
        }
        self.within_rate(user).await
    }

    /// Queues `task` for a worker, unless the user may not start it (see [`Self::admit`]);
    /// the refusal is atomic, so of two racing, one is queued.
    pub async fn start(&self, task: &Task) -> TaskResult<()> {
        self.within_rate(task.user).await?;
        match self.store.enqueue(task).await? {
            Enqueued::Queued => {
                tracing::info!(user = task.user, task = %task.id, "task queued");
                self.queued.notify_one();
                Ok(())
            }
            Enqueued::Busy(active) => Err(TaskError::Busy(active.kind)),
        }
    }

    async fn within_rate(&self, user: UserId) -> TaskResult<()> {
        let now = self.clock.now();
        let since = now.checked_sub_signed(HOUR).unwrap_or(DateTime::UNIX_EPOCH);
        let started = self.store.created_since(user, since).await?;
        let max = usize::try_from(self.per_hour).unwrap_or(usize::MAX);
        // The oldest of the last `max` leaves the window first; then one more may start.
        let Some(oldest) = started
            .len()
            .checked_sub(max)
            .and_then(|over| started.get(over))
        else {
            return Ok(());
        };
        Err(TaskError::RateLimited {
            max: self.per_hour,
            retry_at: oldest.checked_add_signed(HOUR).unwrap_or(now),
        })
    }

    /// The user pressed ✖️ Cancel on task `id`. Only their own active task of a kind that can
    /// stop is touched; anything else (finished, someone else's, forged) finds nothing.
    pub async fn cancel(&self, user: UserId, id: &Id) -> TaskResult<CancelRequest> {
        let active = self.store.active(user).await?;
        if !active.is_some_and(|task| task.id == *id && task.kind.cancellable()) {
            return Ok(CancelRequest::NotFound);
        }
        let request = self
            .store
            .request_cancel(user, id, self.clock.now())
            .await?;
        if let CancelRequest::Stopping(_) = &request {
            // Running here: it stops at once; elsewhere, its instance learns it when it renews.
            if let Some(running) = self.running_here(id) {
                running.cancel();
            }
        }
        tracing::info!(user, task = %id, "task cancel requested");
        Ok(request)
    }

    /// Deletes tasks that ended long enough ago to count for nothing; answers how many.
    pub async fn purge_finished(&self) -> TaskResult<u64> {
        let before = self
            .clock
            .now()
            .checked_sub_signed(KEPT)
            .unwrap_or(DateTime::UNIX_EPOCH);
        Ok(self.store.purge_finished(before).await?)
    }

    fn running_here(&self, id: &Id) -> Option<Arc<RunningTask>> {
        lock(&self.running).get(id).and_then(Weak::upgrade)
    }

    fn register(&self, running: &Arc<RunningTask>) {
        lock(&self.running).insert(running.task().id.clone(), Arc::downgrade(running));
    }

    fn unregister(&self, id: &Id) {
        lock(&self.running).remove(id);
    }
}
