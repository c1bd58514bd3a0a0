//! Prometheus metrics, counted from the events the services already record, so every use
//! case is measured where it reports itself and no service carries a metrics handle.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{Arc, Mutex},
};

use async_trait::async_trait;
use chrono::Utc;

use super::events::Event;
use crate::storage::{EventStore, StoreResult};

/// A series: the metric's name and its labels, in order.
type Series = (&'static str, Vec<(&'static str, String)>);

#[derive(Default)]
pub struct Metrics {
    counters: Mutex<BTreeMap<Series, u64>>,
    gauges: Mutex<BTreeMap<Series, i64>>,
}

const HELP: [(&str, &str, &str); 5] = [
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

    /// Counts what `event` says happened.
    pub fn observe(&self, event: &Event) {
        let field = |key: &str| event.fields.get(key).cloned().unwrap_or_default();
        let severity = format!("{:?}", event.severity).to_lowercase();
        self.count(
            "codevault_events_total",
            vec![("name", event.name.to_owned()), ("severity", severity)],
        );
        match event.name {
            "backup_created" => {
                let kind = field("backup_type");
                self.count(
                    "codevault_backups_total",
                    vec![("type", kind.clone()), ("result", "success".to_owned())],
                );
                self.set(
                    "codevault_last_backup_success_timestamp_seconds",
                    vec![("type", kind)],
                    Utc::now().timestamp(),
                );
            }
            "backup_failed" => self.count(
                "codevault_backups_total",
                vec![
                    ("type", field("backup_type")),
                    ("result", "failure".to_owned()),
                ],
            ),
            "restore_applied" | "restore_failed" => {
                let result = if event.name == "restore_applied" {
                    "success"
                } else {
                    "failure"
                };
                self.count(
                    "codevault_restores_total",
                    vec![("result", result.to_owned())],
                );
            }
            "drive_upload_succeeded" | "drive_upload_failed" => {
                let result = if event.name == "drive_upload_succeeded" {
                    "success"
                } else {
                    "failure"
                };
                self.count(
                    "codevault_drive_uploads_total",
                    vec![("trigger", field("trigger")), ("result", result.to_owned())],
                );
            }
            _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_become_labelled_counters_in_prometheus_text() {
        let metrics = Metrics::new();
        let upload = |name| Event::info(name, 1).with("trigger", "scheduled");
        metrics.observe(&upload("drive_upload_succeeded"));
        metrics.observe(&upload("drive_upload_succeeded"));
        metrics.observe(&Event::error("drive_upload_failed", Some(1)).with("trigger", "manual"));
        metrics.observe(&Event::info("backup_created", 1).with("backup_type", "full_backup"));
        metrics.observe(&Event::error("backup_failed", Some(1)).with("backup_type", "x\"y"));
        let text = metrics.render();
        for line in [
            "# TYPE codevault_drive_uploads_total counter",
            "codevault_drive_uploads_total{trigger=\"scheduled\",result=\"success\"} 2",
            "codevault_drive_uploads_total{trigger=\"manual\",result=\"failure\"} 1",
            "codevault_backups_total{type=\"full_backup\",result=\"success\"} 1",
            "codevault_backups_total{type=\"x\\\"y\",result=\"failure\"} 1",
            "codevault_events_total{name=\"drive_upload_failed\",severity=\"error\"} 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
        }
        assert!(
            text.contains("codevault_last_backup_success_timestamp_seconds{type=\"full_backup\"} ")
        );
    }
}
