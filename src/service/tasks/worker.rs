//! Runs users' tasks on every instance: claims them (at once when this instance queued one,
//! otherwise by polling), a bounded number at a time, renews their leases while they run,
//! shows their progress, stops them when their user asks, and takes over the tasks of
//! instances that died — running them again when that is safe, telling their user otherwise.
//!
//! What a task does, and how its progress and result look, is the [`TaskRunner`]'s business.

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::TimeDelta;
use tokio::{
    sync::{OwnedSemaphorePermit, Semaphore, watch},
    task::{JoinHandle, JoinSet},
    time::Instant,
};

use super::{Advance, RunningTask, TaskService, TaskSettings};
use crate::service::background;
use crate::{
    domain::{Task, TaskState, progress::Progress},
    service::Clock,
    storage::TaskStore,
};

/// A task cut short this many times is not run again: something in it kills its instance.
const MAX_ATTEMPTS: u32 = 3;
/// Past the end of any lease a process could have taken.
const EVERY_LEASE: TimeDelta = TimeDelta::days(100 * 365);

/// How a run ended, as the runner saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskEnd {
    Done,
    /// It failed and its user was told why.
    Failed,
    /// It stopped on its user's request, showing nothing yet.
    Cancelled,
}

/// An end the worker, not the run, tells the user about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Stopped on the user's request: nothing was kept.
    Cancelled,
    /// Cut short by a dead instance and not run again: nothing half-done was kept.
    Interrupted,
    /// The run broke down without telling the user (a bug).
    Failed,
}

#[async_trait]
pub trait TaskRunner: Send + Sync {
    /// Does the task through the services and shows its result in its message (settling the
    /// task first, see [`RunningTask::settle`]); `task` is the progress the services report
    /// to, and says when to stop.
    async fn run(&self, task: Arc<RunningTask>) -> TaskEnd;
    /// Shows how far a running task got, in its message.
    async fn show_progress(&self, task: &Task, advance: Advance);
    /// Tells the user, in the task's message, how it ended.
    async fn show_end(&self, task: &Task, ending: Ending);
}

/// Claims and runs tasks until told to stop.
pub struct Worker {
    inner: Inner,
    concurrency: usize,
    poll_interval: Duration,
    shutdown_grace: Duration,
    exclusive: bool,
}

/// What a task's run needs; cheap to clone into it.
#[derive(Clone)]
struct Inner {
    store: Arc<dyn TaskStore>,
    service: Arc<TaskService>,
    runner: Arc<dyn TaskRunner>,
    clock: Arc<dyn Clock>,
    owner: Arc<str>,
    lease: TimeDelta,
    /// How often a running task's lease is renewed (and whether it was cancelled elsewhere
    /// read) and its progress shown.
    heartbeat: Duration,
    cancel_grace: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("the task worker's instance name is empty")]
    NoInstanceName,
    #[error("the task worker's concurrency must be at least 1")]
    NoConcurrency,
    #[error("the task lease must be at least 1 s and representable")]
    BadLease,
}

impl Worker {
    pub fn new(
        store: Arc<dyn TaskStore>,
        service: Arc<TaskService>,
        runner: Arc<dyn TaskRunner>,
        clock: Arc<dyn Clock>,
        settings: TaskSettings,
    ) -> Result<Self, WorkerError> {
        if settings.instance.is_empty() {
            return Err(WorkerError::NoInstanceName);
        }
        if settings.concurrency == 0 {
            return Err(WorkerError::NoConcurrency);
        }
        if settings.lease < Duration::from_secs(1) {
            return Err(WorkerError::BadLease);
        }
        let lease = TimeDelta::from_std(settings.lease).map_err(|_| WorkerError::BadLease)?;
        // Renewed three times a lease at least, so a slow round trip never loses it.
        let heartbeat = settings.progress_interval.min(settings.lease / 3);
        Ok(Self {
            inner: Inner {
                store,
                service,
                runner,
                clock,
                owner: settings.instance.into(),
                lease,
                heartbeat,
                cancel_grace: settings.cancel_grace,
            },
            concurrency: settings.concurrency,
            poll_interval: settings.poll_interval,
            shutdown_grace: settings.shutdown_grace,
            exclusive: settings.exclusive,
        })
    }

    /// Runs tasks until `shutdown` turns true (or its sender is dropped), then lets running
    /// ones finish within the grace period, stops the rest and ends this instance's leases,
    /// so that another instance (or this one, restarted) takes them over at once.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(instance = %self.inner.owner, "task worker started");
        let slots = Arc::new(Semaphore::new(self.concurrency));
        let mut running = JoinSet::new();
        // On a store only this process opens, a lease left at start-up is a dead process's,
        // however long it has to run: all of them count as ended until none is left (the
        // lease taken over is renewed to its proper length at the first heartbeat).
        let mut horizon = if self.exclusive {
            EVERY_LEASE
        } else {
            TimeDelta::zero()
        };
        while !*shutdown.borrow_and_update() {
            // Claim only into free slots, so a busy instance leaves queued tasks to the others.
            while let Ok(slot) = slots.clone().try_acquire_owned() {
                let Some((task, taken_over)) = self.inner.next(&mut horizon).await else {
                    break;
                };
                running.spawn(self.inner.clone().process(task, taken_over, slot));
            }
            tokio::select! {
                () = tokio::time::sleep(self.poll_interval) => {}
                () = self.inner.service.queued.notified() => {}
                // A freed slot may take the next task at once.
                Some(done) = running.join_next() => background::log_panic(done, "a task"),
                changed = shutdown.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        self.stop(running).await;
    }

    async fn stop(&self, mut running: JoinSet<()>) {
        let owner = &self.inner.owner;
        tracing::info!(instance = %owner, running = running.len(), "task worker stopping");
        let stopped = background::drain(&mut running, self.shutdown_grace, "a task").await;
        if stopped > 0 {
            tracing::warn!(instance = %owner, stopped, "tasks still running after the grace period were stopped");
        }
        let now = self.inner.clock.now();
        match self.inner.store.release_all(owner, now).await {
            Ok(released) => tracing::info!(instance = %owner, released, "task worker stopped"),
            Err(error) => tracing::error!(instance = %owner, %error, "cannot end the task leases"),
        }
    }
}

/// How watching a run ended.
enum Watched {
    Ended(TaskEnd),
    /// Asked to stop, it did not within the grace period: abandoned.
    Abandoned,
    /// Another instance holds the lease now (this one could not renew it in time).
    Lost,
    Panicked,
}

impl Inner {
    /// A task to run: first one whose instance died, then the oldest queued one.
    async fn next(&self, horizon: &mut TimeDelta) -> Option<(Task, bool)> {
        let now = self.clock.now();
        let ended_by = now.checked_add_signed(*horizon).unwrap_or(now);
        match self
            .store
            .take_over(&self.owner, ended_by, self.lease)
            .await
        {
            Ok(Some(task)) => {
                tracing::warn!(task = %task.id, attempts = task.attempts, "took over a task its instance left");
                return Some((task, true));
            }
            Ok(None) => *horizon = TimeDelta::zero(),
            Err(error) => tracing::error!(%error, "cannot look for tasks left by dead instances"),
        }
        match self.store.claim(&self.owner, now, self.lease).await {
            Ok(task) => task.map(|task| (task, false)),
            Err(error) => {
                tracing::error!(%error, "cannot claim a queued task");
                None
            }
        }
    }

    /// Runs one task to its end; `_slot` is held until then.
    async fn process(self, task: Task, taken_over: bool, _slot: OwnedSemaphorePermit) {
        let running = Arc::new(RunningTask::new(
            task,
            self.owner.clone(),
            self.store.clone(),
            self.clock.clone(),
        ));
        let task = running.task().clone();
        if taken_over && !(task.kind.reruns() && task.attempts <= MAX_ATTEMPTS) {
            if running.settle(TaskState::Interrupted).await {
                self.runner.show_end(&task, Ending::Interrupted).await;
            }
            return;
        }
        tracing::info!(task = %task.id, user = task.user, taken_over, "task started");
        self.service.register(&running);
        let (runner, handed) = (self.runner.clone(), running.clone());
        let run = Abortable(tokio::spawn(async move { runner.run(handed).await }));
        let watched = self.watch(&running, run).await;
        self.service.unregister(&task.id);
        // The run showed its own result (settling it first); only what it could not show is
        // shown here.
        let (state, ending) = match watched {
            Watched::Ended(TaskEnd::Done) => (TaskState::Done, None),
            Watched::Ended(TaskEnd::Failed) => (TaskState::Failed, None),
            Watched::Ended(TaskEnd::Cancelled) | Watched::Abandoned => {
                (TaskState::Cancelled, Some(Ending::Cancelled))
            }
            Watched::Panicked => (TaskState::Failed, Some(Ending::Failed)),
            Watched::Lost => {
                tracing::warn!(task = %task.id, "lease lost while running: left to its new holder");
                return;
            }
        };
        if running.settle(state).await
            && let Some(ending) = ending
        {
            self.runner.show_end(&task, ending).await;
        }
    }

    /// Waits for the run, renewing the lease and showing progress every heartbeat; dropping
    /// `run` (on any return but its end) stops it.
    async fn watch(&self, running: &RunningTask, mut run: Abortable) -> Watched {
        let mut beat = tokio::time::interval(self.heartbeat);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        beat.tick().await;
        let mut stop_by: Option<Instant> = None;
        loop {
            tokio::select! {
                joined = &mut run.0 => {
                    return match joined {
                        Ok(end) => Watched::Ended(end),
                        Err(error) => {
                            background::log_panic::<()>(Err(error), "a task");
                            Watched::Panicked
                        }
                    };
                }
                _ = beat.tick() => {
                    // Its result shows already; what runs delivers it, with no lease to keep.
                    if running.has_ended() {
                        continue;
                    }
                    match self.renew(running.task()).await {
                        Some(false) => {}
                        Some(true) => running.cancel(),
                        // Its end was recorded while renewing: not a lost lease.
                        None if running.has_ended() => continue,
                        None => return Watched::Lost,
                    }
                    if running.cancelled() {
                        let deadline = *stop_by.get_or_insert_with(|| Instant::now() + self.cancel_grace);
                        if Instant::now() >= deadline {
                            tracing::info!(task = %running.task().id, "a cancelled task did not stop by itself: abandoned");
                            return Watched::Abandoned;
                        }
                    } else {
                        let task = running.task();
                        running
                            .show_progress(|advance| self.runner.show_progress(task, advance))
                            .await;
                    }
                }
            }
        }
    }

    /// Renews the lease: whether the user asked to stop, or `None` when it was lost. A store
    /// that does not answer keeps the task running (the lease may still hold).
    async fn renew(&self, task: &Task) -> Option<bool> {
        let until = self.clock.now().checked_add_signed(self.lease)?;
        match self.store.renew(&task.id, &self.owner, until).await {
            Ok(renewed) => renewed,
            Err(error) => {
                tracing::error!(task = %task.id, %error, "cannot renew a task's lease");
                Some(false)
            }
        }
    }
}

/// A spawned run, stopped when dropped (a worker stopping on shutdown drops it too).
struct Abortable(JoinHandle<TaskEnd>);

impl Drop for Abortable {
    fn drop(&mut self) {
        self.0.abort();
    }
}
