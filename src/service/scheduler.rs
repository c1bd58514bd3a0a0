//! Runs due automatic-backup jobs: on any number of bot instances, each job runs on one of them
//! at a time (a lease in the `jobs` store), with bounded concurrency.
//!
//! The scheduler only decides *when*; what a job does (create a backup, upload it to the job's
//! destination, tell the user, record events) is the [`JobRunner`]'s business.

mod next_state;

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::TimeDelta;
use tokio::{
    sync::{OwnedSemaphorePermit, Semaphore, watch},
    task::JoinSet,
};

use self::next_state::result_of;
use super::{Clock, background};
use crate::{
    domain::{Id, Job},
    storage::JobStore,
};

#[async_trait]
pub trait JobRunner: Send + Sync {
    /// Does the job's work. The error text of a failure is stored as the job's last error and
    /// logged, so it must carry no secrets.
    async fn run(&self, job: &Job) -> JobOutcome;
}

/// What the scheduler tells the operator's metrics: how late each job it claims starts.
pub trait SchedulerMeter: Send + Sync {
    /// A due job was claimed `lag` after it was due.
    fn claimed(&self, lag: Duration);
}

#[derive(Clone, Debug, PartialEq)]
pub enum JobOutcome {
    Done,
    /// Tried again later; `pending_backup` is a stored backup whose upload failed, so the retry
    /// uploads it instead of making another.
    Failed {
        error: String,
        pending_backup: Option<Id>,
    },
    /// Failed in a way no quick retry helps (the destination is full): tried again at the
    /// next scheduled time, with `pending_backup` as for `Failed`.
    WaitsForNextRun {
        error: String,
        pending_backup: Option<Id>,
    },
    /// The job's destination is disconnected: nothing runs until the user connects again.
    Disconnected,
}

#[derive(Clone, Debug)]
pub struct SchedulerSettings {
    /// This process's name in leases; it must differ between instances sharing a database.
    pub instance: String,
    /// How often to look for due jobs (real time).
    pub poll_interval: Duration,
    /// How long a claim holds before another instance may take the job over; renewed every
    /// half lease while the job runs.
    pub lease: Duration,
    /// Jobs run at once by this instance.
    pub concurrency: usize,
    /// On shutdown, how long running jobs get to finish before they are stopped.
    pub shutdown_grace: Duration,
}

impl SchedulerSettings {
    /// Defaults for production, under a name unique to this process.
    pub fn new() -> Self {
        Self {
            instance: unique_instance_name(),
            poll_interval: Duration::from_secs(30),
            lease: Duration::from_secs(10 * 60),
            concurrency: 4,
            shutdown_grace: Duration::from_secs(20),
        }
    }
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        Self::new()
    }
}

/// The host name (as the environment tells it), the process id and a fresh unique id: two
/// processes sharing a name could finish each other's jobs.
pub fn unique_instance_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "codevault".to_owned());
    format!("{host}-{}-{}", std::process::id(), Id::generate())
}

#[derive(Debug, thiserror::Error)]
pub enum SchedulerError {
    #[error("the scheduler's instance name is empty")]
    NoInstanceName,
    #[error("the scheduler's concurrency must be at least 1")]
    NoConcurrency,
    #[error("the scheduler's lease must be at least 1 s and representable")]
    BadLease,
}

pub struct Scheduler {
    worker: Worker,
    poll_interval: Duration,
    concurrency: usize,
    shutdown_grace: Duration,
}

impl Scheduler {
    pub fn new(
        jobs: Arc<dyn JobStore>,
        runner: Arc<dyn JobRunner>,
        clock: Arc<dyn Clock>,
        settings: SchedulerSettings,
    ) -> Result<Self, SchedulerError> {
        if settings.instance.is_empty() {
            return Err(SchedulerError::NoInstanceName);
        }
        if settings.concurrency == 0 {
            return Err(SchedulerError::NoConcurrency);
        }
        if settings.lease < Duration::from_secs(1) {
            return Err(SchedulerError::BadLease);
        }
        let lease = TimeDelta::from_std(settings.lease).map_err(|_| SchedulerError::BadLease)?;
        Ok(Self {
            worker: Worker {
                jobs,
                runner,
                clock,
                instance: settings.instance.into(),
                lease,
                renew_every: settings.lease / 2,
                meter: None,
            },
            poll_interval: settings.poll_interval,
            concurrency: settings.concurrency,
            shutdown_grace: settings.shutdown_grace,
        })
    }

    /// Tells `meter` how late each claimed job starts.
    pub fn metered(mut self, meter: Arc<dyn SchedulerMeter>) -> Self {
        self.worker.meter = Some(meter);
        self
    }

    /// Claims every job due now (at most `concurrency` at a time), runs them and records their
    /// results; returns how many it ran. The loop in [`Self::run`] does the same on a timer.
    pub async fn tick(&self) -> usize {
        let slots = Arc::new(Semaphore::new(self.concurrency));
        let mut running = JoinSet::new();
        let mut claimed = 0;
        loop {
            let Ok(slot) = slots.clone().acquire_owned().await else {
                break;
            };
            let Some(job) = self.worker.claim().await else {
                break;
            };
            claimed += 1;
            running.spawn(self.worker.clone().process(job, slot));
        }
        while let Some(done) = running.join_next().await {
            background::log_panic(done, "a job");
        }
        claimed
    }

    /// Polls for due jobs until `shutdown` turns true (or its sender is dropped), then lets
    /// running jobs finish within the grace period and frees this instance's leases.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(instance = %self.worker.instance, "scheduler started");
        let slots = Arc::new(Semaphore::new(self.concurrency));
        let mut running = JoinSet::new();
        while !*shutdown.borrow_and_update() {
            // Claim only into free slots, so a busy instance leaves due jobs to the others.
            while let Ok(slot) = slots.clone().try_acquire_owned() {
                let Some(job) = self.worker.claim().await else {
                    break;
                };
                running.spawn(self.worker.clone().process(job, slot));
            }
            tokio::select! {
                () = tokio::time::sleep(self.poll_interval) => {}
                // A freed slot may take the next due job at once.
                Some(done) = running.join_next() => background::log_panic(done, "a job"),
                changed = shutdown.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        self.stop(running).await;
    }

    /// Waits out the grace period, stops what still runs, then frees the leases: the stopped
    /// jobs are due again at once for another instance (uploads are idempotent).
    async fn stop(&self, mut running: JoinSet<()>) {
        let instance = &self.worker.instance;
        tracing::info!(%instance, running = running.len(), "scheduler stopping");
        let stopped = background::drain(&mut running, self.shutdown_grace, "a job").await;
        if stopped > 0 {
            tracing::warn!(%instance, stopped, "jobs still running after the grace period were stopped");
        }
        match self.worker.jobs.release_all(instance).await {
            Ok(released) => tracing::info!(%instance, released, "scheduler stopped"),
            Err(error) => {
                tracing::error!(%instance, %error, "cannot release the scheduler's leases")
            }
        }
    }
}

/// What a running job needs; cheap to clone into its task.
#[derive(Clone)]
struct Worker {
    jobs: Arc<dyn JobStore>,
    runner: Arc<dyn JobRunner>,
    clock: Arc<dyn Clock>,
    instance: Arc<str>,
    lease: TimeDelta,
    renew_every: Duration,
    meter: Option<Arc<dyn SchedulerMeter>>,
}

impl Worker {
    async fn claim(&self) -> Option<Job> {
        let now = self.clock.now();
        match self.jobs.claim_due(&self.instance, now, self.lease).await {
            Ok(job) => {
                if let (Some(meter), Some(job)) = (&self.meter, &job) {
                    // A claimed job is due (`due_at <= now`); a clock stepping back reads 0.
                    let late = job.due_at.map(|due| now - due).unwrap_or_default();
                    meter.claimed(late.to_std().unwrap_or_default());
                }
                job
            }
            Err(error) => {
                tracing::error!(%error, "cannot claim due jobs");
                None
            }
        }
    }

    /// Runs the job and records its result; `_slot` is held until then.
    async fn process(self, job: Job, _slot: OwnedSemaphorePermit) {
        tracing::info!(job = %job.id, due_at = ?job.due_at, attempt = job.attempt, "job started");
        let outcome = self.run_renewing(&job).await;
        let result = result_of(&job, &outcome, self.clock.now());
        match &outcome {
            JobOutcome::Done => {
                tracing::info!(job = %job.id, next_due = ?result.next_due, "job done")
            }
            JobOutcome::Failed { error, .. } | JobOutcome::WaitsForNextRun { error, .. } => {
                tracing::warn!(
                    job = %job.id, %error, attempt = result.attempt, next_due = ?result.next_due,
                    "job failed"
                )
            }
            JobOutcome::Disconnected => {
                tracing::info!(job = %job.id, "job stopped: its destination is disconnected");
            }
        }
        match self.jobs.finish(&job.id, &self.instance, &result).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = %job.id, "lease lost while running: result dropped"),
            Err(error) => tracing::error!(job = %job.id, %error, "cannot record the job's result"),
        }
    }

    /// Runs the job, extending the lease every half lease so a long run is not taken over.
    async fn run_renewing(&self, job: &Job) -> JobOutcome {
        let run = self.runner.run(job);
        tokio::pin!(run);
        loop {
            tokio::select! {
                outcome = &mut run => return outcome,
                () = tokio::time::sleep(self.renew_every) => self.renew(job).await,
            }
        }
    }

    async fn renew(&self, job: &Job) {
        let Some(until) = self.clock.now().checked_add_signed(self.lease) else {
            return;
        };
        match self.jobs.renew(&job.id, &self.instance, until).await {
            Ok(true) => tracing::debug!(job = %job.id, "lease renewed"),
            // Keep going: the work is idempotent, and `finish` will not overwrite the new holder.
            Ok(false) => tracing::warn!(job = %job.id, "lease lost while running"),
            Err(error) => tracing::error!(job = %job.id, %error, "cannot renew the lease"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_names_differ_between_schedulers() {
        assert_ne!(unique_instance_name(), unique_instance_name());
    }
}
