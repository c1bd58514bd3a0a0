//! Dumps made by `serve` every `storage.dump_every`, by one instance of all sharing the store.
//!
//! The `database-dump` instance lease says when the next dump is due: the instance that takes
//! it dumps (renewing it briefly while it works), then leaves it held until the period from
//! the dump's start is over, so no instance — itself included, after a restart — dumps again
//! before then. A failed dump holds it only for a short retry delay; a dump cut short by a
//! crash, only for what is left of its brief lease.

use std::{path::PathBuf, sync::Arc, time::Duration};

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::watch;

use super::{keep, make::make};
use crate::{
    ops::metrics::Metrics,
    service::{Clock, scheduler::unique_instance_name},
    storage::{AlertStore, Hold, InstanceLeases, transfer::Transfer},
};

/// The lease's name in the store.
pub const DUMP_LEASE: &str = "database-dump";
/// Held this long while a dump runs, renewed every third of it.
const RUNNING: Duration = Duration::from_secs(60);
/// A failed dump is tried again this soon (or after the period, if shorter).
const RETRY: Duration = Duration::from_secs(5 * 60);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpSettings {
    pub dir: PathBuf,
    pub every: Duration,
    /// Dumps kept in `dir`, the newest.
    pub keep: usize,
    /// How often an instance looks whether a dump is due.
    pub poll: Duration,
}

impl DumpSettings {
    /// Looks a few times a period, at least every minute.
    pub fn new(dir: PathBuf, every: Duration, keep: usize) -> Self {
        Self {
            dir,
            every,
            keep,
            poll: (every / 4).clamp(Duration::from_secs(1), Duration::from_secs(60)),
        }
    }
}

/// What the scheduled dumps did, as this instance knows it: for metrics and admin alerts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpStatus {
    /// The period dumps are made in.
    pub every: Duration,
    /// When this instance began watching (a dump is due from then when none was found).
    pub since: DateTime<Utc>,
    /// When the newest dump was made: by this instance, or found in the dump directory (made
    /// by another instance sharing it, or before a restart).
    pub last_success: Option<DateTime<Utc>>,
    /// When this instance's last attempt started.
    pub last_attempt: Option<DateTime<Utc>>,
    /// Why it failed; `None` when it succeeded (or there was none).
    pub last_error: Option<String>,
    /// Attempts failed in a row (0 after a success).
    pub failures: u32,
    /// The size of the last dump this instance made.
    pub last_bytes: Option<u64>,
}

impl DumpStatus {
    fn new(every: Duration, since: DateTime<Utc>) -> Self {
        Self {
            every,
            since,
            last_success: None,
            last_attempt: None,
            last_error: None,
            failures: 0,
            last_bytes: None,
        }
    }

    /// Whether the last attempt failed.
    pub fn failing(&self) -> bool {
        self.failures > 0
    }

    /// Whether a dump is missing: none was made for longer than the period and `grace` (the
    /// time a dump may take), counting from when this instance began watching if none was.
    pub fn overdue(&self, now: DateTime<Utc>, grace: Duration) -> bool {
        let late = ttl(self.every.saturating_add(grace));
        now - self.last_success.unwrap_or(self.since) > late
    }
}

/// The scheduled dumps of one instance.
pub struct ScheduledDumps {
    store: Arc<dyn Transfer>,
    /// The backend's name, for the dump's manifest.
    source: &'static str,
    leases: Arc<dyn InstanceLeases>,
    /// Where every instance's outcomes are kept for the alerts: an instance that does not
    /// share `dir`, or that never held the lease, knows only its own dumps, so the instance
    /// judging the alerts reads them from the store.
    log: Arc<dyn AlertStore>,
    clock: Arc<dyn Clock>,
    metrics: Arc<Metrics>,
    settings: DumpSettings,
    holder: String,
    status: watch::Sender<DumpStatus>,
}

/// How one turn at the lease ended.
enum Turn {
    /// No other instance dumps before then.
    Until(DateTime<Utc>),
    Stopped,
}

impl ScheduledDumps {
    pub fn new(
        store: Arc<dyn Transfer>,
        source: &'static str,
        leases: Arc<dyn InstanceLeases>,
        log: Arc<dyn AlertStore>,
        clock: Arc<dyn Clock>,
        metrics: Arc<Metrics>,
        settings: DumpSettings,
    ) -> Self {
        let status = DumpStatus::new(settings.every, clock.now());
        // The period shows at once: a rule can tell dumps are on before the first is made.
        metrics.observe_dumps(&status);
        Self {
            store,
            source,
            leases,
            log,
            clock,
            metrics,
            settings,
            holder: unique_instance_name(),
            status: watch::Sender::new(status),
        }
    }

    /// The status as it changes (what admin alerts watch).
    pub fn status(&self) -> watch::Receiver<DumpStatus> {
        self.status.subscribe()
    }

    /// Dumps whenever this instance gets the lease, until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(dir = %self.settings.dir.display(), every = ?self.settings.every, "scheduled dumps on");
        // This instance holds the lease until then: asking earlier would renew it.
        let mut quiet_until: Option<DateTime<Utc>> = None;
        loop {
            self.note_newest_on_disk();
            let now = self.clock.now();
            if quiet_until.is_none_or(|until| now >= until) {
                match self
                    .leases
                    .try_hold(DUMP_LEASE, &self.holder, ttl(RUNNING), now)
                    .await
                {
                    Ok(Hold::Held) => match self.dump_now(&mut stop).await {
                        Turn::Until(until) => quiet_until = Some(until),
                        Turn::Stopped => return,
                    },
                    Ok(Hold::HeldBy(_)) => {}
                    Err(error) => tracing::warn!(%error, "cannot take the dump lease"),
                }
            }
            let stopped = tokio::time::timeout(self.settings.poll, stop.wait_for(|stop| *stop));
            if stopped.await.is_ok() {
                return;
            }
        }
    }

    /// Dumps while renewing the lease; then leaves it held until the next dump is due.
    async fn dump_now(&self, stop: &mut watch::Receiver<bool>) -> Turn {
        let started = self.clock.now();
        self.status
            .send_modify(|status| status.last_attempt = Some(started));
        let say = |line: String| tracing::debug!("dump: {line}");
        let dumping = make(
            self.store.as_ref(),
            self.source,
            &self.settings.dir,
            started,
            &say,
        );
        tokio::pin!(dumping);
        let mut renew = tokio::time::interval(RUNNING / 3);
        renew.tick().await;
        let made = loop {
            tokio::select! {
                made = &mut dumping => break made,
                _ = renew.tick() => {
                    let renewed = self.leases.try_hold(DUMP_LEASE, &self.holder, ttl(RUNNING), self.clock.now());
                    if let Err(error) = renewed.await {
                        tracing::warn!(%error, "cannot renew the dump lease");
                    }
                }
                () = stopping(stop) => {
                    // The unfinished dump is removed as it is dropped; another instance may
                    // dump at once.
                    tracing::info!("scheduled dump stopped by the shutdown");
                    if let Err(error) = self.leases.release(DUMP_LEASE, &self.holder).await {
                        tracing::warn!(%error, "cannot release the dump lease");
                    }
                    return Turn::Stopped;
                }
            }
        };
        let error = made.as_ref().err().map(ToString::to_string);
        let logged = self
            .log
            .record_dump(self.settings.every, started, error.as_deref());
        if let Err(error) = logged.await {
            tracing::warn!(%error, "cannot record the dump's outcome for the alerts");
        }
        let (next, ttl_from) = match made {
            Ok(made) => {
                tracing::info!(path = %made.path.display(), bytes = made.bytes, records = made.manifest.total_records(), archives = made.manifest.archives.len(), "scheduled dump made");
                self.pruned(&made.path);
                self.status.send_modify(|status| {
                    status.last_success = Some(started);
                    status.last_error = None;
                    status.failures = 0;
                    status.last_bytes = Some(made.bytes);
                });
                (self.settings.every, started)
            }
            Err(error) => {
                tracing::error!(%error, "scheduled dump failed");
                self.status.send_modify(|status| {
                    status.last_error = Some(error.to_string());
                    status.failures += 1;
                });
                (RETRY.min(self.settings.every), self.clock.now())
            }
        };
        self.metrics.observe_dumps(&self.status.borrow());
        // Held until the next dump is due, for every instance.
        let held = self
            .leases
            .try_hold(DUMP_LEASE, &self.holder, ttl(next), ttl_from);
        if let Err(error) = held.await {
            tracing::warn!(%error, "cannot keep the dump lease until the next dump");
        }
        Turn::Until(ttl_from + ttl(next))
    }

    fn pruned(&self, written: &std::path::Path) {
        match keep::prune(&self.settings.dir, self.settings.keep, written) {
            Ok(removed) => {
                for path in removed {
                    tracing::info!(path = %path.display(), "removed an older dump");
                }
            }
            Err(error) => tracing::warn!(%error, "cannot remove older dumps"),
        }
    }

    /// A newer dump in the directory (another instance's) counts as the last success.
    fn note_newest_on_disk(&self) {
        let newest = match keep::newest(&self.settings.dir) {
            Ok(newest) => newest,
            Err(error) => {
                tracing::warn!(%error, dir = %self.settings.dir.display(), "cannot list the dumps");
                return;
            }
        };
        let newer = self.status.send_if_modified(|status| {
            let newer = newest.is_some_and(|at| status.last_success.is_none_or(|last| at > last));
            if newer {
                status.last_success = newest;
            }
            newer
        });
        if newer {
            self.metrics.observe_dumps(&self.status.borrow());
        }
    }
}

/// Until `stop` turns true (or its sender goes).
async fn stopping(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

fn ttl(duration: Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}
