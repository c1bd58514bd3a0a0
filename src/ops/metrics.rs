//! Prometheus metrics, counted from the events the services already record, so every use
//! case is measured where it reports itself and no service carries a metrics handle.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{Arc, Mutex},
};

use async_trait::async_trait;
use chrono::Utc;

use super::dump::DumpStatus;
use crate::{
    domain::{DestinationId, Event, UploadTrigger, backup::BackupKind},
    storage::{EventStore, StoreResult},
};

/// A series: the metric's name and its labels, in order.
type Series = (&'static str, Vec<(&'static str, String)>);

#[derive(Default)]
pub struct Metrics {
    counters: Mutex<BTreeMap<Series, u64>>,
    gauges: Mutex<BTreeMap<Series, i64>>,
}

const HELP: [(&str, &str, &str); 11] = [
    (
        "codevault_backups_total",
        "counter",
        "Backups created, by type and result.",
    ),
    (
        "codevault_last_backup_success_timestamp_seconds",
        "gauge",
        "When a backup of each type last succeeded (Unix time).",
    ),
    (
        "codevault_restores_total",
        "counter",
        "Restores, by result.",
    ),
    (
        "codevault_drive_uploads_total",
        "counter",
        "Google Drive uploads, by trigger and result.",
    ),
    (
        "codevault_events_total",
        "counter",
        "Every recorded event, by name and severity.",
    ),
    (
        "codevault_dump_last_success_timestamp_seconds",
        "gauge",
        "When the newest database dump was made (Unix time).",
    ),
    (
        "codevault_dump_last_result",
        "gauge",
        "Whether this instance's last scheduled dump succeeded (1) or failed (0).",
    ),
    (
        "codevault_dump_last_size_bytes",
        "gauge",
        "The size of this instance's last scheduled dump.",
    ),
    (
        "codevault_scrub_checked_backups",
        "gauge",
        "Stored backups the scrub has read back this round (within the last scrub.every).",
    ),
    (
        "codevault_scrub_due_backups",
        "gauge",
        "Stored backups the scrub has still to read back this round.",
    ),
    (
        "codevault_damaged_backups",
        "gauge",
        "Stored backups found damaged or missing.",
    ),
];

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    fn count(&self, name: &'static str, labels: Vec<(&'static str, String)>) {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        *counters.entry((name, labels)).or_default() += 1;
    }

    fn set(&self, name: &'static str, labels: Vec<(&'static str, String)>, value: i64) {
        let mut gauges = self.gauges.lock().unwrap_or_else(|e| e.into_inner());
        gauges.insert((name, labels), value);
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
            Event::BackupCreated { kind, .. } => self.backup_succeeded(*kind),
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

    fn backup_succeeded(&self, kind: BackupKind) {
        self.backup(kind, "success");
        self.set(
            "codevault_last_backup_success_timestamp_seconds",
            vec![("type", kind.as_str().to_owned())],
            Utc::now().timestamp(),
        );
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

    /// The scheduled dumps as `status` says: a series appears once there is something to say.
    pub fn observe_dumps(&self, status: &DumpStatus) {
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
        let mut out = String::new();
        for (name, kind, help) in HELP {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
            let counted = counters
                .iter()
                .map(|(series, value)| (series, *value as i64));
            let set = gauges.iter().map(|(series, value)| (series, *value));
            for ((series_name, labels), value) in counted.chain(set) {
                if *series_name == name {
                    let _ = writeln!(out, "{name}{} {value}", render_labels(labels));
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

mod scrub;
#[cfg(test)]
mod tests;
