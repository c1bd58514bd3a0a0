//! Every metric `/metrics` shows, in the order it shows them: its name, type and help text
//! (each is listed with `# HELP` and `# TYPE` even before it has a sample). The README's
//! list of metrics and `deploy/prometheus/alerts.yml` name them.

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Counter,
    Gauge,
    /// With its buckets' upper bounds, ascending.
    Histogram(&'static [f64]),
}

impl Kind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Gauge => "gauge",
            Self::Histogram(_) => "histogram",
        }
    }
}

/// Seconds a backup took: from a tenth of a second to ten minutes.
const DURATION_BOUNDS: &[f64] = &[
    0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
];

/// An archive's bytes: 16 KiB to 1 GiB, by fours.
const SIZE_BOUNDS: &[f64] = &[
    16_384.0,
    65_536.0,
    262_144.0,
    1_048_576.0,
    4_194_304.0,
    16_777_216.0,
    67_108_864.0,
    268_435_456.0,
    1_073_741_824.0,
];

/// Seconds a due job waited to be claimed: from a second to a day (a job missed while every
/// instance was down waits that long).
const LAG_BOUNDS: &[f64] = &[
    1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0, 86400.0,
];

pub(super) const CATALOG: [(&str, Kind, &str); 19] = [
    (
        "codevault_backups_total",
        Kind::Counter,
        "Backups created, by type and result.",
    ),
    (
        "codevault_backup_duration_seconds",
        Kind::Histogram(DURATION_BOUNDS),
        "How long a successful backup took to build (or take in), store and verify, by type.",
    ),
    (
        "codevault_backup_size_bytes",
        Kind::Histogram(SIZE_BOUNDS),
        "The archive size of each successful backup, by type.",
    ),
    (
        "codevault_last_backup_success_timestamp_seconds",
        Kind::Gauge,
        "When this instance last made a backup of each type (Unix time).",
    ),
    (
        "codevault_restores_total",
        Kind::Counter,
        "Restores, by result.",
    ),
    (
        "codevault_drive_uploads_total",
        Kind::Counter,
        "Google Drive uploads, by trigger and result.",
    ),
    (
        "codevault_events_total",
        Kind::Counter,
        "Every recorded event, by name and severity.",
    ),
    (
        "codevault_scheduled_jobs",
        Kind::Gauge,
        "Automatic-backup jobs of all users with a schedule on and a run planned, by frequency \
         (read from the store).",
    ),
    (
        "codevault_scheduled_backup_last_success_timestamp_seconds",
        Kind::Gauge,
        "When the newest successful automatic backup among those jobs ended, by frequency \
         (Unix time, read from the store).",
    ),
    (
        "codevault_scheduler_lag_seconds",
        Kind::Histogram(LAG_BOUNDS),
        "How late each automatic-backup job this instance claimed started after it was due.",
    ),
    (
        "codevault_scheduler_waiting_jobs",
        Kind::Gauge,
        "Jobs due now that no instance has claimed (read from the store).",
    ),
    (
        "codevault_scheduler_oldest_waiting_seconds",
        Kind::Gauge,
        "How long the job due longest ago has waited unclaimed; 0 when none waits.",
    ),
    (
        "codevault_dump_last_success_timestamp_seconds",
        Kind::Gauge,
        "When the newest database dump was made (Unix time).",
    ),
    (
        "codevault_dump_last_result",
        Kind::Gauge,
        "Whether this instance's last scheduled dump succeeded (1) or failed (0).",
    ),
    (
        "codevault_dump_last_size_bytes",
        Kind::Gauge,
        "The size of this instance's last scheduled dump.",
    ),
    (
        "codevault_dump_every_seconds",
        Kind::Gauge,
        "The period of scheduled dumps (storage.dump_every); absent when dumps are off.",
    ),
    (
        "codevault_scrub_checked_backups",
        Kind::Gauge,
        "Stored backups the scrub has read back this round (within the last scrub.every).",
    ),
    (
        "codevault_scrub_due_backups",
        Kind::Gauge,
        "Stored backups the scrub has still to read back this round.",
    ),
    (
        "codevault_damaged_backups",
        Kind::Gauge,
        "Stored backups found damaged or missing.",
    ),
];

/// The kind of the metric `name`; every name the code sets is in the catalog.
pub(super) fn kind_of(name: &str) -> Option<Kind> {
    CATALOG
        .iter()
        .find(|(known, _, _)| *known == name)
        .map(|(_, kind, _)| *kind)
}
