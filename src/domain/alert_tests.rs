use chrono::TimeZone;

use super::*;
use crate::domain::{
    backup::BackupKind,
    schedule::{Repeat, Schedule},
};

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

const NOW_DAY: u32 = 10;

fn now() -> DateTime<Utc> {
    at(NOW_DAY, 12)
}

fn rules() -> AlertRules {
    AlertRules {
        admins: true,
        failures: 3,
        no_success_after: TimeDelta::hours(25),
        dump_grace: TimeDelta::hours(1),
        store_full_percent: 90,
        user_notice_after: TimeDelta::days(3),
    }
}

/// A daily job of `user` that last succeeded at `success` and was scheduled on day 1.
fn job(user: UserId, attempt: u32, success: Option<DateTime<Utc>>) -> Job {
    Job {
        id: Job::id_of(&DestinationId::DRIVE, user),
        destination: DestinationId::DRIVE,
        user_id: user,
        schedule: Schedule::new(Repeat::Daily, 3).unwrap(),
        due_at: Some(now()),
        attempt,
        pending_backup: None,
        lease_owner: None,
        lease_until: None,
        last_error: (attempt > 0).then(|| "Drive said no".to_owned()),
        last_success_at: success,
        scheduled_since: Some(at(1, 0)),
        updated_at: now(),
    }
}

fn keys(snapshot: &Snapshot, rules: &AlertRules) -> Vec<String> {
    evaluate(snapshot, rules, now())
        .iter()
        .map(|alert| alert.key().to_string())
        .collect()
}

fn jobs(jobs: Vec<Job>) -> Snapshot {
    Snapshot {
        scheduled: jobs,
        ..Snapshot::default()
    }
}

#[test]
fn a_user_failing_opens_at_the_third_failure_in_a_row() {
    let recent = Some(now() - TimeDelta::hours(1));
    assert!(keys(&jobs(vec![job(7, 2, recent)]), &rules()).is_empty());
    let alerts = evaluate(&jobs(vec![job(7, 3, recent)]), &rules(), now());
    assert_eq!(
        alerts,
        vec![Alert::BackupFailing {
            destination: DestinationId::DRIVE,
            user: 7,
            failures: 3,
            last_error: Some("Drive said no".to_owned()),
        }]
    );
    assert_eq!(alerts[0].key().to_string(), "backup-failing:drive:7");
}

#[test]
fn a_job_with_its_schedule_off_or_nothing_planned_is_not_judged() {
    let mut off = job(7, 5, None);
    off.schedule = Schedule::OFF;
    assert!(keys(&jobs(vec![off]), &rules()).is_empty());
    // Disconnected, or its grant ended: the user was told; nobody waits for it.
    let mut paused = job(7, 5, None);
    paused.due_at = None;
    assert!(keys(&jobs(vec![paused]), &rules()).is_empty());
}

#[test]
fn a_user_who_connected_again_is_late_from_then_not_from_the_last_success() {
    let mut rules = rules();
    rules.admins = false;
    let mut job = job(7, 0, Some(now() - TimeDelta::days(10)));
    job.scheduled_since = Some(now() - TimeDelta::days(1));
    assert!(keys(&jobs(vec![job.clone()]), &rules).is_empty());
    job.scheduled_since = Some(now() - TimeDelta::days(3));
    assert_eq!(
        evaluate(&jobs(vec![job]), &rules, now()),
        vec![Alert::UserNotBackedUp {
            destination: DestinationId::DRIVE,
            user: 7,
            since: now() - TimeDelta::days(3),
        }]
    );
}

#[test]
fn no_success_opens_after_25_hours_without_one() {
    let just_in = job(
        7,
        1,
        Some(now() - TimeDelta::hours(25) + TimeDelta::seconds(1)),
    );
    assert!(keys(&jobs(vec![just_in]), &rules()).is_empty());
    let late = job(7, 1, Some(now() - TimeDelta::hours(25)));
    let mut fresh = job(8, 1, None);
    fresh.scheduled_since = Some(now() - TimeDelta::hours(1));
    assert_eq!(
        evaluate(&jobs(vec![late, fresh]), &rules(), now()),
        vec![Alert::NoSuccess {
            scheduled: 2,
            last_success: Some(now() - TimeDelta::hours(25)),
        }]
    );
}

#[test]
fn no_success_waits_for_a_job_scheduled_lately_and_ignores_none_scheduled() {
    let mut fresh = job(7, 0, None);
    fresh.scheduled_since = Some(now() - TimeDelta::hours(24));
    assert!(keys(&jobs(vec![fresh.clone()]), &rules()).is_empty());
    fresh.scheduled_since = Some(now() - TimeDelta::hours(25));
    assert_eq!(keys(&jobs(vec![fresh]), &rules()), ["no-success"]);
    assert!(keys(&jobs(vec![]), &rules()).is_empty());
}

#[test]
fn a_user_is_told_after_3_days_counting_from_the_schedule_when_never_succeeded() {
    let three_days = now() - TimeDelta::days(3);
    let mut rules = rules();
    rules.admins = false;
    let notice = |success, since| {
        let mut job = job(7, 1, success);
        job.scheduled_since = since;
        keys(&jobs(vec![job]), &rules)
    };
    assert!(notice(Some(three_days + TimeDelta::seconds(1)), None).is_empty());
    assert!(notice(Some(three_days), Some(three_days + TimeDelta::seconds(1))).is_empty());
    assert_eq!(
        notice(Some(three_days), None),
        ["user-not-backed-up:drive:7"]
    );
    assert!(notice(None, Some(three_days + TimeDelta::seconds(1))).is_empty());
    assert_eq!(
        notice(None, Some(three_days)),
        ["user-not-backed-up:drive:7"]
    );
    // Neither known (scheduled before it was recorded, never succeeded): not judged.
    assert!(notice(None, None).is_empty());
}

#[test]
fn without_admins_only_the_users_notices_are_judged() {
    let mut rules = rules();
    rules.admins = false;
    let snapshot = Snapshot {
        scheduled: vec![job(7, 9, None)],
        fullness: Some(Fullness {
            used_bytes: 99,
            total_bytes: 100,
        }),
        ..Snapshot::default()
    };
    assert_eq!(keys(&snapshot, &rules), ["user-not-backed-up:drive:7"]);
}

fn damaged(user: UserId, damaged_at: DateTime<Utc>) -> BackupRecord {
    BackupRecord {
        damaged_at: Some(damaged_at),
        ..BackupRecord::example(user, BackupKind::FullBackup, at(2, 0), 1)
    }
}

#[test]
fn each_damaged_backup_is_an_alert_of_its_own() {
    let (one, two) = (damaged(7, at(9, 0)), damaged(8, at(9, 1)));
    let snapshot = Snapshot {
        damaged: vec![one.clone(), two.clone()],
        ..Snapshot::default()
    };
    let alerts = evaluate(&snapshot, &rules(), now());
    assert_eq!(alerts.len(), 2);
    assert!(alerts.contains(&Alert::Damaged {
        user: 7,
        backup: one.id.clone(),
        created_at: one.created_at,
        damaged_at: at(9, 0),
    }));
    assert_eq!(alerts[0].key().to_string(), format!("damaged:7:{}", one.id));
}

fn dumps(last_success: Option<DateTime<Utc>>, failures: u32) -> Snapshot {
    Snapshot {
        dumps: Some(DumpLog {
            every: std::time::Duration::from_secs(24 * 3600),
            since: at(5, 0),
            last_success,
            failures,
            last_error: (failures > 0).then(|| "disk full".to_owned()),
        }),
        ..Snapshot::default()
    }
}

#[test]
fn a_dump_is_missing_past_its_period_and_grace_and_failing_after_a_failure() {
    let edge = now() - TimeDelta::hours(25);
    assert!(keys(&dumps(Some(edge), 0), &rules()).is_empty());
    assert_eq!(
        keys(&dumps(Some(edge - TimeDelta::seconds(1)), 0), &rules()),
        ["dump-missing"]
    );
    // Never made: counted from the first attempt.
    assert_eq!(keys(&dumps(None, 0), &rules()), ["dump-missing"]);
    assert_eq!(
        evaluate(&dumps(Some(now()), 1), &rules(), now()),
        vec![Alert::DumpFailing {
            failures: 1,
            error: Some("disk full".to_owned()),
        }]
    );
}

#[test]
fn the_store_is_full_at_the_threshold_and_not_measured_is_not_judged() {
    let full = |used_bytes| Snapshot {
        fullness: Some(Fullness {
            used_bytes,
            total_bytes: 1000,
        }),
        ..Snapshot::default()
    };
    assert!(keys(&full(899), &rules()).is_empty());
    assert_eq!(
        evaluate(&full(900), &rules(), now()),
        vec![Alert::StoreFull { used_percent: 90 }]
    );
    assert!(keys(&Snapshot::default(), &rules()).is_empty());
}

#[test]
fn every_key_reads_back_as_written_and_strange_ones_do_not_read() {
    let keys = [
        AlertKey::BackupFailing {
            destination: DestinationId::DRIVE,
            user: -5,
        },
        AlertKey::NoSuccess,
        AlertKey::Damaged {
            user: 7,
            backup: Id::generate(),
        },
        AlertKey::DumpFailing,
        AlertKey::DumpMissing,
        AlertKey::StoreFull,
        AlertKey::UserNotBackedUp {
            destination: DestinationId::DRIVE,
            user: 9,
        },
    ];
    for key in keys {
        assert_eq!(key.to_string().parse::<AlertKey>(), Ok(key));
    }
    for bad in [
        "",
        "no-success:1",
        "backup-failing:drive",
        "backup-failing:drive:x",
        "backup-failing:Drive:1",
        "damaged:7:nothex",
        "other:drive:1",
        "store-full:",
    ] {
        assert!(bad.parse::<AlertKey>().is_err(), "{bad}");
    }
}
