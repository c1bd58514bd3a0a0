use super::*;
use crate::domain::{Id, event::tests::table};

fn id(n: u8) -> Id {
    Id::parse(&format!("{n:024x}")).expect("24 hex digits")
}

#[test]
fn events_become_labelled_counters_in_prometheus_text() {
    let metrics = Metrics::new();
    let upload = || Event::UploadSucceeded {
        user: 1,
        destination: DestinationId::DRIVE,
        backup: id(1),
        trigger: UploadTrigger::Scheduled,
        pruned: 0,
    };
    metrics.observe(&upload());
    metrics.observe(&upload());
    metrics.observe(&Event::UploadFailed {
        user: 1,
        destination: DestinationId::DRIVE,
        backup: id(1),
        trigger: UploadTrigger::Manual,
        reason: "down".to_owned(),
    });
    metrics.observe(&Event::BackupCreated {
        user: 1,
        backup: id(2),
        kind: BackupKind::FullBackup,
        files: 1,
        archive_size: 100,
        duration: std::time::Duration::from_millis(1500),
    });
    // No event carries free text into a label any more; label values are escaped all the same.
    metrics.count(
        "codevault_backups_total",
        vec![
            ("type", "x\"y".to_owned()),
            ("result", "failure".to_owned()),
        ],
    );
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

/// The series one event adds besides `codevault_events_total`, by its stored name, as the
/// string-matching metrics counted them before events were typed.
fn counted_before(event: &Event) -> Vec<String> {
    let fields = event.fields();
    let field = |key: &str| fields.get(key).cloned().unwrap_or_default();
    match event.name() {
        "backup_created" => vec![
            format!(
                "codevault_backups_total{{type=\"{}\",result=\"success\"}} 1",
                field("backup_type")
            ),
            format!(
                "codevault_last_backup_success_timestamp_seconds{{type=\"{}\"}}",
                field("backup_type")
            ),
        ],
        "backup_failed" => vec![format!(
            "codevault_backups_total{{type=\"{}\",result=\"failure\"}} 1",
            field("backup_type")
        )],
        "restore_applied" => vec!["codevault_restores_total{result=\"success\"} 1".to_owned()],
        "restore_failed" => vec!["codevault_restores_total{result=\"failure\"} 1".to_owned()],
        "drive_upload_succeeded" | "drive_upload_failed" => {
            let result = if event.name() == "drive_upload_succeeded" {
                "success"
            } else {
                "failure"
            };
            vec![format!(
                "codevault_drive_uploads_total{{trigger=\"{}\",result=\"{result}\"}} 1",
                field("trigger")
            )]
        }
        _ => Vec::new(),
    }
}

#[test]
fn every_event_is_counted_as_before() {
    for (event, _) in table() {
        let metrics = Metrics::new();
        metrics.observe(&event);
        let rendered = metrics.render();
        // The histograms added since are checked on their own below.
        let histogram = |line: &str| {
            line.starts_with("codevault_backup_duration_seconds")
                || line.starts_with("codevault_backup_size_bytes")
        };
        let mut series: Vec<&str> = rendered
            .lines()
            .filter(|line| !line.starts_with('#') && !histogram(line))
            .collect();
        let total = format!(
            "codevault_events_total{{name=\"{}\",severity=\"{}\"}} 1",
            event.name(),
            event.severity().as_str()
        );
        let at = series.iter().position(|line| *line == total);
        assert!(at.is_some(), "{event:?}: no {total} in\n{rendered}");
        series.remove(at.unwrap_or_default());
        let expected = counted_before(&event);
        assert_eq!(series.len(), expected.len(), "{event:?}:\n{rendered}");
        for line in expected {
            // The gauge's value is the time it was set, so only its series is compared.
            assert!(
                series
                    .iter()
                    .any(|s| *s == line || s.starts_with(&format!("{line} "))),
                "{event:?}: no {line} in\n{rendered}"
            );
        }
    }
}

#[test]
fn a_created_backup_is_measured_by_type_in_histograms() {
    let metrics = Metrics::new();
    let created = |kind, archive_size, millis| Event::BackupCreated {
        user: 1,
        backup: id(1),
        kind,
        files: 1,
        archive_size,
        duration: std::time::Duration::from_millis(millis),
    };
    metrics.observe(&created(BackupKind::FullBackup, 100, 1500));
    metrics.observe(&created(BackupKind::FullBackup, 5_000_000, 40_000));
    metrics.observe(&created(BackupKind::ImportedZip, 70_000, 100));
    let text = metrics.render();
    let full = "type=\"full_backup\"";
    let imported = "type=\"imported_zip\"";
    for line in [
        "# TYPE codevault_backup_duration_seconds histogram".to_owned(),
        format!("codevault_backup_duration_seconds_bucket{{{full},le=\"1\"}} 0"),
        format!("codevault_backup_duration_seconds_bucket{{{full},le=\"2.5\"}} 1"),
        format!("codevault_backup_duration_seconds_bucket{{{full},le=\"30\"}} 1"),
        format!("codevault_backup_duration_seconds_bucket{{{full},le=\"60\"}} 2"),
        format!("codevault_backup_duration_seconds_bucket{{{full},le=\"+Inf\"}} 2"),
        format!("codevault_backup_duration_seconds_sum{{{full}}} 41.5"),
        format!("codevault_backup_duration_seconds_count{{{full}}} 2"),
        format!("codevault_backup_duration_seconds_bucket{{{imported},le=\"0.1\"}} 1"),
        "# TYPE codevault_backup_size_bytes histogram".to_owned(),
        format!("codevault_backup_size_bytes_bucket{{{full},le=\"16384\"}} 1"),
        format!("codevault_backup_size_bytes_bucket{{{full},le=\"4194304\"}} 1"),
        format!("codevault_backup_size_bytes_bucket{{{full},le=\"16777216\"}} 2"),
        format!("codevault_backup_size_bytes_sum{{{full}}} 5000100"),
        format!("codevault_backup_size_bytes_count{{{full}}} 2"),
        format!("codevault_backup_size_bytes_bucket{{{imported},le=\"16384\"}} 0"),
        format!("codevault_backup_size_bytes_bucket{{{imported},le=\"65536\"}} 0"),
        format!("codevault_backup_size_bytes_bucket{{{imported},le=\"262144\"}} 1"),
    ] {
        assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
    }
}

#[test]
fn the_dumps_status_shows_as_gauges_once_there_is_something_to_say() {
    use std::time::Duration;

    use chrono::{TimeZone, Utc};

    use crate::ops::dump::DumpStatus;

    let at = Utc.with_ymd_and_hms(2026, 3, 4, 2, 0, 0).unwrap();
    let series = |metrics: &Metrics| -> Vec<String> {
        let rendered = metrics.render();
        rendered
            .lines()
            .filter(|line| line.starts_with("codevault_dump_"))
            .map(str::to_owned)
            .collect()
    };
    let metrics = Metrics::new();
    let mut status = DumpStatus {
        every: Duration::from_secs(3600),
        since: at,
        last_success: None,
        last_attempt: None,
        last_error: None,
        failures: 0,
        last_bytes: None,
    };
    metrics.observe_dumps(&status);
    // Only the period: dumps are on, none is known yet.
    let every = "codevault_dump_every_seconds 3600".to_owned();
    assert_eq!(series(&metrics), std::slice::from_ref(&every));

    // Found on disk at start-up: its time, nothing about this instance's attempts.
    status.last_success = Some(at);
    metrics.observe_dumps(&status);
    assert_eq!(
        series(&metrics),
        [
            format!(
                "codevault_dump_last_success_timestamp_seconds {}",
                at.timestamp()
            ),
            every,
        ]
    );

    status.last_attempt = Some(at);
    status.failures = 1;
    metrics.observe_dumps(&status);
    assert!(series(&metrics).contains(&"codevault_dump_last_result 0".to_owned()));
    status.failures = 0;
    status.last_bytes = Some(12_345);
    metrics.observe_dumps(&status);
    let shown = series(&metrics);
    assert!(
        shown.contains(&"codevault_dump_last_result 1".to_owned()),
        "{shown:?}"
    );
    assert!(
        shown.contains(&"codevault_dump_last_size_bytes 12345".to_owned()),
        "{shown:?}"
    );
}
