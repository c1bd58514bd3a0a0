//! A task while an instance runs it: the [`Progress`] the services report to, whether its user
//! asked it to stop, and its end, recorded once.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, Ordering},
};

use super::{Clock, lock};
use crate::{
    domain::{
        Task, TaskState,
        progress::{Progress, Unit},
    },
    storage::TaskStore,
};

/// How far a task got, as its last report said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Advance {
    pub unit: Unit,
    pub done: u64,
    pub total: Option<u64>,
}

pub struct RunningTask {
    task: Task,
    owner: Arc<str>,
    store: Arc<dyn TaskStore>,
    clock: Arc<dyn Clock>,
    cancelled: AtomicBool,
    /// Set once `ended` is: the task is over in the store (its result may still be delivered).
    settled: AtomicBool,
    /// The latest report, and the one last shown.
    latest: Mutex<(Option<Advance>, Option<Advance>)>,
    /// How it ended, once it has. Held while a progress edit is made, so the result (shown
    /// after the end is recorded) never lands under an edit begun before it.
    ended: tokio::sync::Mutex<Option<TaskState>>,
}

impl RunningTask {
    pub(super) fn new(
        task: Task,
        owner: Arc<str>,
        store: Arc<dyn TaskStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let cancelled = AtomicBool::new(task.cancel_requested);
        Self {
            task,
            owner,
            store,
            clock,
            cancelled,
            settled: AtomicBool::new(false),
            latest: Mutex::new((None, None)),
            ended: tokio::sync::Mutex::new(None),
        }
    }

    pub fn task(&self) -> &Task {
        &self.task
    }

    /// Records how the task ended, the first time only (answering whether this call did):
    /// from here on no progress is shown, so its result can replace the progress message.
    pub async fn settle(&self, state: TaskState) -> bool {
        let mut ended = self.ended.lock().await;
        if ended.is_some() {
            return false;
        }
        *ended = Some(state);
        self.settled.store(true, Ordering::Relaxed);
        let (id, owner) = (&self.task.id, &self.owner);
        match self.store.finish(id, owner, state, self.clock.now()).await {
            Ok(true) => tracing::info!(task = %id, state = state.as_str(), "task ended"),
            // Shown anyway: the work was done here.
            Ok(false) => tracing::warn!(task = %id, "task ended after its lease was lost"),
            Err(error) => tracing::error!(task = %id, %error, "cannot record a task's end"),
        }
        true
    }

    /// Whether its end was recorded: the lease is gone, what runs is showing its result.
    pub(super) fn has_ended(&self) -> bool {
        self.settled.load(Ordering::Relaxed)
    }

    pub(super) fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Runs `show` with how far the task got, if that changed since it was last shown and the
    /// task neither ended nor is stopping.
    pub(super) async fn show_progress<F, Fut>(&self, show: F)
    where
        F: FnOnce(Advance) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let ended = self.ended.lock().await;
        if ended.is_some() || self.cancelled() {
            return;
        }
        let changed = {
            let mut latest = lock(&self.latest);
            let (now, shown) = *latest;
            match now {
                Some(advance) if Some(advance) != shown => {
                    latest.1 = Some(advance);
                    Some(advance)
                }
                _ => None,
            }
        };
        if let Some(advance) = changed {
            show(advance).await;
        }
        drop(ended);
    }
}

impl Progress for RunningTask {
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>) {
        lock(&self.latest).0 = Some(Advance { unit, done, total });
    }

    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}
