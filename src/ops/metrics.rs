//! Prometheus metrics, counted from the events the services already record, so every use
//! case is measured where it reports itself and no service carries a metrics handle. What no
//! event says comes through a port the service defines (the scrub's `ScrubGauges`, the
//! scheduler's `SchedulerMeter`), from the store on a timer (every user's jobs, see
//! `scheduler.rs`) or from the dumps' status. Every metric is listed in `catalog.rs`.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use chrono::Utc;

use self::{
    catalog::{CATALOG, Kind, kind_of},
    histogram::Histogram,
};
use super::dump::DumpStatus;
use crate::{
    domain::{DestinationId, Event, UploadTrigger, backup::BackupKind},
    storage::{EventStore, StoreResult},
};

/// A series' labels, in order.
type Labels = Vec<(&'static str, String)>;

/// A series: the metric's name and its labels.
type Series = (&'static str, Labels);

#[derive(Default)]
pub struct Metrics {
    counters: Mutex<BTreeMap<Series, u64>>,
    gauges: Mutex<BTreeMap<Series, i64>>,
    histograms: Mutex<BTreeMap<Series, Histogram>>,
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    fn count(&self, name: &'static str, labels: Labels) {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        *counters.entry((name, labels)).or_default() += 1;
    }

    fn set(&self, name: &'static str, labels: Labels, value: i64) {
        let mut gauges = self.gauges.lock().unwrap_or_else(|e| e.into_inner());
        gauges.insert((name, labels), value);
    }

    /// Counts `value` into the histogram `name` (its buckets as the catalog says).
    fn observe_value(&self, name: &'static str, labels: Labels, value: f64) {
        let Some(Kind::Histogram(bounds)) = kind_of(name) else {
            debug_assert!(false, "{name} is no histogram in the catalog");
            return;
        };
        let mut histograms = self.histograms.lock().unwrap_or_else(|e| e.into_inner());
        let histogram = histograms.entry((name, labels));
        histogram
            .or_insert_with(|| Histogram::new(bounds))
            .observe(value);
    }

    /// Counts what `event` says happened. Every event is counted by name; the match names
    /// every event so that a new one is a decision here, not a silent omission.
    pub fn observe(&self, event: &Event) {
        self.count(
            "codevault_events_total",
            vec![
                ("name", event.name().to_owned()),
                ("severity", event.severity().as_str().to_owned()),
            ],
        );
        match event {
            Event::BackupCreated {
                kind,
                archive_size,
                duration,
                ..
            } => self.backup_succeeded(*kind, *archive_size, *duration),
            Event::BackupFailed { kind, .. } => self.backup(*kind, "failure"),
            Event::RestoreApplied { .. } | Event::RestoreUnchanged { .. } => {
                self.restore("success");
            }
            Event::RestoreFailed { .. } | Event::UndoFailed { .. } => self.restore("failure"),
            Event::UploadSucceeded {
                destination,
                trigger,
                ..
            } => self.upload(destination, *trigger, "success"),
            Event::UploadFailed {
                destination,
                trigger,
                ..
            } => self.upload(destination, *trigger, "failure"),
            Event::BackupQuotaFull { .. }
            | Event::BackupStorageFull { .. }
            | Event::BackupsPruned { .. }
            | Event::BackupDamaged { .. }
            | Event::BackupDownloaded { .. }
            | Event::BackupRated { .. }
            | Event::BackupNoted { .. }
            | Event::BackupDeleted { .. }
            | Event::BackupsDeleted { .. }
            | Event::BackupDiscarded { .. }
            | Event::RestoreUndone { .. }
            | Event::GithubConnected { .. }
            | Event::GithubDisconnected { .. }
            | Event::GithubBackupFailed { .. }
            | Event::DriveConnected { .. }
            | Event::DriveDisconnected { .. }
            | Event::ScheduleSet { .. }
            | Event::ReconnectNeeded { .. }
            | Event::CopyFetched { .. }
            | Event::FilesPurged { .. } => {}
        }
    }

    fn backup_succeeded(&self, kind: BackupKind, archive_size: u64, duration: Duration) {
        self.backup(kind, "success");
        let by_type = || vec![("type", kind.as_str().to_owned())];
        self.set(
            "codevault_last_backup_success_timestamp_seconds",
            by_type(),
            Utc::now().timestamp(),
        );
        let seconds = duration.as_secs_f64();
        self.observe_value("codevault_backup_duration_seconds", by_type(), seconds);
        // As a float: exact up to 2^53 bytes.
        let bytes = archive_size as f64;
        self.observe_value("codevault_backup_size_bytes", by_type(), bytes);
    }

    fn backup(&self, kind: BackupKind, result: &str) {
        self.count(
            "codevault_backups_total",
            vec![
                ("type", kind.as_str().to_owned()),
                ("result", result.to_owned()),
            ],
        );
    }

    fn restore(&self, result: &str) {
        self.count(
            "codevault_restores_total",
            vec![("result", result.to_owned())],
        );
    }

    /// Drive's uploads; another destination's are counted by name in `codevault_events_total`.
    fn upload(&self, destination: &DestinationId, trigger: UploadTrigger, result: &str) {
        if *destination != DestinationId::DRIVE {
            return;
        }
        self.count(
            "codevault_drive_uploads_total",
            vec![
                ("trigger", trigger.as_str().to_owned()),
                ("result", result.to_owned()),
            ],
        );
    }

    /// The scheduled dumps as `status` says: their period from the start (so a rule can tell
    /// dumps are on), the rest once there is something to say.
    pub fn observe_dumps(&self, status: &DumpStatus) {
        let every = i64::try_from(status.every.as_secs()).unwrap_or(i64::MAX);
        self.set("codevault_dump_every_seconds", Vec::new(), every);
        if let Some(at) = status.last_success {
            let name = "codevault_dump_last_success_timestamp_seconds";
            self.set(name, Vec::new(), at.timestamp());
        }
        if status.last_attempt.is_some() {
            let made = i64::from(!status.failing());
            self.set("codevault_dump_last_result", Vec::new(), made);
        }
        if let Some(bytes) = status.last_bytes {
            let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
            self.set("codevault_dump_last_size_bytes", Vec::new(), bytes);
        }
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        let gauges = self.gauges.lock().unwrap_or_else(|e| e.into_inner());
        let histograms = self.histograms.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        for (name, kind, help) in CATALOG {
            let kind_name = kind.as_str();
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind_name}");
            let counted = counters
                .iter()
                .map(|(series, value)| (series, *value as i64));
            let set = gauges.iter().map(|(series, value)| (series, *value));
            for ((series_name, labels), value) in counted.chain(set) {
                if *series_name == name {
                    let _ = writeln!(out, "{name}{} {value}", render_labels(labels));
                }
            }
            for ((series_name, labels), histogram) in histograms.iter() {
                if *series_name == name {
                    histogram.render(name, labels, &mut out);
                }
            }
        }
        out
    }
}

fn render_labels(labels: &[(&'static str, String)]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = labels
        .iter()
        .map(|(key, value)| {
            let value = value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            format!("{key}=\"{value}\"")
        })
        .collect();
    format!("{{{}}}", pairs.join(","))
}

/// Records events as before, and counts them.
pub struct CountingEvents {
    inner: Arc<dyn EventStore>,
    metrics: Arc<Metrics>,
}

impl CountingEvents {
    pub fn new(inner: Arc<dyn EventStore>, metrics: Arc<Metrics>) -> Self {
        Self { inner, metrics }
    }
}

#[async_trait]
impl EventStore for CountingEvents {
    async fn record(&self, event: Event) -> StoreResult<()> {
        self.metrics.observe(&event);
        self.inner.record(event).await
    }
}

mod catalog;
mod histogram;
mod scheduler;
mod scrub;

pub use scheduler::watch_jobs;
#[cfg(test)]
mod tests;
