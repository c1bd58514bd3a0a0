//! `deploy/prometheus/alerts.yml` against the real bot: the file has the shape Prometheus
//! wants of alerting rules (checked by its lines: no YAML parser is among the dependencies),
//! and every metric it names is one the bot's live `/metrics` declares and has a sample of,
//! once the bot has made a backup, run a scheduled job late, dumped and scrubbed.

mod support;

use std::{collections::BTreeSet, time::Duration};

use chrono::{TimeDelta, Utc};
use support::{
    drive_bot::{connect, start_with},
    flow::library,
    google::FakeGoogle,
    jobs::{DRIVE, daily},
    telegram::TestUser,
};

const RULES: &str = include_str!("../deploy/prometheus/alerts.yml");

/// Every `codevault_…` name in `text`, a histogram's series (`_bucket`, `_sum`, `_count`) by
/// the histogram's own name.
fn metric_names(text: &str) -> BTreeSet<String> {
    let is_name = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices("codevault_") {
        let rest = &text[at..];
        let name = &rest[..rest.find(|c| !is_name(c)).unwrap_or(rest.len())];
        let base = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name);
        names.insert(base.to_owned());
    }
    names
}

/// The names in `rules` that `exposition` does not both declare (`# TYPE`) and show a sample
/// of (the histogram's `_bucket`, `_sum` and `_count` count as its samples).
fn missing(rules: &str, exposition: &str) -> Vec<String> {
    let samples: BTreeSet<&str> = exposition
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split(['{', ' ']).next())
        .collect();
    metric_names(rules)
        .into_iter()
        .filter(|name| {
            let declared = exposition
                .lines()
                .any(|line| line.starts_with(&format!("# TYPE {name} ")));
            let sampled = ["", "_bucket", "_sum", "_count"]
                .iter()
                .any(|suffix| samples.contains(format!("{name}{suffix}").as_str()));
            !(declared && sampled)
        })
        .collect()
}

/// One rule as its lines say.
#[derive(Debug, Default)]
struct Rule {
    alert: String,
    keys: Vec<String>,
    severity: String,
    duration: String,
}

/// The rules of `text`, checking the layout Prometheus reads: `groups:`, a named group, its
/// `rules:`, each rule's keys at their indentation.
fn rules_of(text: &str) -> Vec<Rule> {
    assert!(!text.contains('\t'), "YAML is indented with spaces");
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .collect();
    assert_eq!(lines.first(), Some(&"groups:"), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("  - name: ")));
    assert!(lines.contains(&"    rules:"));
    let mut rules: Vec<Rule> = Vec::new();
    for line in lines {
        if let Some(name) = line.strip_prefix("      - alert: ") {
            rules.push(Rule {
                alert: name.to_owned(),
                ..Rule::default()
            });
            continue;
        }
        let Some(rule) = rules.last_mut() else {
            continue;
        };
        if let Some(key) = line
            .strip_prefix("        ")
            .filter(|l| !l.starts_with(' '))
        {
            let (key, value) = key.split_once(':').expect("a key");
            rule.keys.push(key.to_owned());
            if key == "for" {
                rule.duration = value.trim().to_owned();
            }
            continue;
        }
        // Inside `labels:` and `annotations:` a line is a key; inside `expr: |`, PromQL.
        let section = rule.keys.iter().rev().find(|key| !key.starts_with(' '));
        if let Some(entry) = line.strip_prefix("          ")
            && matches!(section.map(String::as_str), Some("labels" | "annotations"))
        {
            let (key, value) = entry.split_once(':').expect("a key");
            rule.keys.push(format!("  {key}"));
            if key == "severity" {
                rule.severity = value.trim().to_owned();
            }
        }
    }
    rules
}

#[test]
fn the_rules_file_has_the_shape_of_prometheus_alerting_rules() {
    let rules = rules_of(RULES);
    assert!(rules.len() >= 8, "{rules:?}");
    let names: BTreeSet<&str> = rules.iter().map(|r| r.alert.as_str()).collect();
    assert_eq!(names.len(), rules.len(), "alert names are unique");
    for rule in &rules {
        let keys: Vec<&str> = rule.keys.iter().map(String::as_str).collect();
        for key in ["expr", "for", "labels", "  severity", "annotations"] {
            assert!(keys.contains(&key), "{} has no {key}: {keys:?}", rule.alert);
        }
        for key in ["  summary", "  description"] {
            assert!(keys.contains(&key), "{} has no {key}: {keys:?}", rule.alert);
        }
        assert!(
            ["critical", "warning"].contains(&rule.severity.as_str()),
            "{rule:?}"
        );
        let (number, unit) = rule.duration.split_at(rule.duration.len() - 1);
        assert!(
            number.parse::<u32>().is_ok() && ["s", "m", "h", "d"].contains(&unit),
            "{rule:?}"
        );
    }
    // The rules the issue asks for are there.
    for wanted in [
        "CodeVaultNoScheduledBackupSuccess",
        "CodeVaultBackupFailureRate",
        "CodeVaultDamagedBackups",
        "CodeVaultSchedulerStuck",
        "CodeVaultSchedulerLagging",
        "CodeVaultDumpTooOld",
        "CodeVaultDumpMissing",
        "CodeVaultDumpFailing",
    ] {
        assert!(names.contains(wanted), "{wanted} missing: {names:?}");
    }
}

#[tokio::test]
async fn every_metric_the_rules_name_is_in_the_live_exposition() {
    let google = FakeGoogle::start().await;
    let dumps = tempfile::tempdir().unwrap();
    let dump_dir = dumps.path().to_str().unwrap();
    let h = start_with(
        &google,
        &[
            ("CODEVAULT_STORAGE__DUMP_DIR", dump_dir),
            ("CODEVAULT_SCRUB__EVERY", "1s"),
            ("CODEVAULT_SCRUB__PAUSE", "50ms"),
        ],
    )
    .await;
    let u = TestUser::new(991_001, Some("en"));
    library(&h)
        .create(u.id, "a.py", "print('a')\n".into(), None)
        .await
        .unwrap();
    connect(&h, &google, &u).await;
    // A daily job missed two hours ago: claimed late, backed up and uploaded by the scheduler.
    let now = Utc::now();
    let due = now - TimeDelta::hours(2);
    h.stores
        .jobs
        .set_schedule(u.id, &DRIVE, daily(7), Some(due), now)
        .await
        .unwrap();

    let names = metric_names(RULES);
    assert!(names.len() >= 10, "{names:?}");
    let url = format!("http://{}/metrics", h.http_address());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let exposition = loop {
        let exposition = reqwest::get(&url).await.unwrap().text().await.unwrap();
        let left = missing(RULES, &exposition);
        if left.is_empty() {
            break exposition;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the rules name {left:?}, which /metrics lacks:\n{exposition}\n{}",
            h.logs()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // What the bot did shows as it should: the job started about two hours late, it
    // succeeded, and nothing waits.
    let line = |prefix: &str| {
        exposition
            .lines()
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{exposition}"))
            .to_owned()
    };
    assert_eq!(
        line("codevault_scheduler_lag_seconds_bucket{le=\"7200\"}"),
        "codevault_scheduler_lag_seconds_bucket{le=\"7200\"} 0"
    );
    assert_eq!(
        line("codevault_scheduler_lag_seconds_bucket{le=\"21600\"}"),
        "codevault_scheduler_lag_seconds_bucket{le=\"21600\"} 1"
    );
    assert_eq!(
        line("codevault_scheduled_jobs{frequency=\"daily\"}"),
        "codevault_scheduled_jobs{frequency=\"daily\"} 1"
    );
    assert_eq!(
        line("codevault_scheduler_waiting_jobs"),
        "codevault_scheduler_waiting_jobs 0"
    );
    let success =
        line("codevault_scheduled_backup_last_success_timestamp_seconds{frequency=\"daily\"}");
    let at: i64 = success.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(
        (now.timestamp()..=Utc::now().timestamp()).contains(&at),
        "{success}"
    );
    assert_eq!(
        line("codevault_backup_size_bytes_count{type=\"google_drive_backup\"}"),
        "codevault_backup_size_bytes_count{type=\"google_drive_backup\"} 1"
    );

    // The check can fail: a name no metric has is reported, a histogram's series are not.
    let typo = RULES.replace("codevault_damaged_backups", "codevault_damaged_backup");
    assert_eq!(missing(&typo, &exposition), ["codevault_damaged_backup"]);
    let histogram = "rate(codevault_scheduler_lag_seconds_bucket[1h]) codevault_nothing_count";
    assert_eq!(missing(histogram, &exposition), ["codevault_nothing"]);
}
