//! What the alerts keep, on both backends: the open alerts (opened once, closed once, the same
//! for any instance), what the scheduled dumps of every instance did, the jobs that are
//! scheduled (since when), and how full the store's disk is.

mod support;

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::domain::{
    DestinationId, Id, JobResult,
    alert::{AlertKey, DumpLog, OpenAlert},
    schedule::Schedule,
};
use support::{
    jobs::{DRIVE, daily, done_at, job},
    stores::{Backend, TestStore, contract},
};

contract!(
    an_alert_opens_once_and_closes_once,
    the_dump_log_keeps_the_newest_success_and_counts_failures_in_a_row,
    scheduled_jobs_are_listed_with_when_their_schedule_was_turned_on,
    the_disk_is_measured_where_the_store_can,
);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
}

async fn an_alert_opens_once_and_closes_once(store: TestStore) {
    let alerts = &store.alerts;
    let failing = AlertKey::BackupFailing {
        destination: DRIVE,
        user: 7,
    };
    let damaged = AlertKey::Damaged {
        user: 8,
        backup: Id::generate(),
    };
    assert_eq!(alerts.open_alerts().await.unwrap(), Vec::new());
    let first = OpenAlert {
        key: failing.clone(),
        since: t0(),
    };
    assert!(alerts.open(&first).await.unwrap());
    let again = OpenAlert {
        key: failing.clone(),
        since: t0() + Duration::hours(1),
    };
    assert!(!alerts.open(&again).await.unwrap(), "already open");
    let second = OpenAlert {
        key: damaged.clone(),
        since: t0() + Duration::minutes(1),
    };
    assert!(alerts.open(&second).await.unwrap());
    let mut open = alerts.open_alerts().await.unwrap();
    open.sort_by_key(|alert| alert.key.to_string());
    assert_eq!(open, vec![first.clone(), second], "the first since is kept");

    assert!(alerts.close(&damaged).await.unwrap());
    assert!(!alerts.close(&damaged).await.unwrap(), "closed already");
    assert_eq!(alerts.open_alerts().await.unwrap(), vec![first]);
}

async fn the_dump_log_keeps_the_newest_success_and_counts_failures_in_a_row(store: TestStore) {
    let alerts = &store.alerts;
    let day = StdDuration::from_secs(24 * 3600);
    assert_eq!(alerts.dump_log().await.unwrap(), None);
    alerts
        .record_dump(day, t0(), Some("disk full"))
        .await
        .unwrap();
    alerts
        .record_dump(day, t0() + Duration::minutes(5), Some("still full"))
        .await
        .unwrap();
    assert_eq!(
        alerts.dump_log().await.unwrap(),
        Some(DumpLog {
            every: day,
            since: t0(),
            last_success: None,
            failures: 2,
            last_error: Some("still full".to_owned()),
        })
    );
    let made = t0() + Duration::hours(1);
    alerts.record_dump(day, made, None).await.unwrap();
    // Another instance's older success does not move it back.
    alerts
        .record_dump(day, made - Duration::minutes(30), None)
        .await
        .unwrap();
    assert_eq!(
        alerts.dump_log().await.unwrap(),
        Some(DumpLog {
            every: day,
            since: t0(),
            last_success: Some(made),
            failures: 0,
            last_error: None,
        })
    );
}

async fn scheduled_jobs_are_listed_with_when_their_schedule_was_turned_on(store: TestStore) {
    let jobs = &store.jobs;
    jobs.set_schedule(1, &DRIVE, daily(3), Some(t0()), t0())
        .await
        .unwrap();
    jobs.set_schedule(2, &DRIVE, Schedule::OFF, None, t0())
        .await
        .unwrap();
    // A manual upload's retry makes a job with its schedule off.
    jobs.schedule_retry(3, &DRIVE, &Id::generate(), t0(), t0())
        .await
        .unwrap();
    let later = t0() + Duration::hours(1);
    // Changing the hour keeps when it was turned on.
    jobs.set_schedule(1, &DRIVE, daily(5), Some(later), later)
        .await
        .unwrap();
    let listed = jobs.scheduled().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].user_id, listed[0].scheduled_since),
        (1, Some(t0()))
    );
    assert_eq!(listed[0].schedule, daily(5));

    // Off, then on again: from then.
    jobs.set_schedule(1, &DRIVE, Schedule::OFF, None, later)
        .await
        .unwrap();
    assert_eq!(job(jobs, 1).await.scheduled_since, None);
    assert_eq!(jobs.scheduled().await.unwrap(), Vec::new());
    let again = later + Duration::hours(1);
    jobs.set_schedule(1, &DRIVE, daily(3), Some(again), again)
        .await
        .unwrap();
    jobs.set_schedule(3, &DRIVE, daily(3), Some(again), again)
        .await
        .unwrap();
    let claimed = jobs
        .claim_due("me", again, Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    assert!(
        jobs.finish(&claimed.id, "me", &done_at(again))
            .await
            .unwrap()
    );
    let listed = jobs.scheduled().await.unwrap();
    let found: Vec<_> = listed
        .iter()
        .map(|job| (job.id.clone(), job.scheduled_since))
        .collect();
    assert_eq!(
        found,
        vec![
            (format!("{DRIVE}:1"), Some(again)),
            (format!("{DRIVE}:3"), Some(again)),
        ]
    );
    assert!(listed.iter().any(|job| job.last_success_at == Some(again)));
    let _: &DestinationId = &listed[0].destination;

    // Disconnected (the schedule kept, nothing planned): listed, with no time; connected
    // again: from then.
    let paused = again + Duration::hours(1);
    jobs.set_schedule(1, &DRIVE, daily(3), None, paused)
        .await
        .unwrap();
    assert_eq!(job(jobs, 1).await.scheduled_since, None);
    assert_eq!(jobs.scheduled().await.unwrap().len(), 2);
    let resumed = paused + Duration::hours(1);
    jobs.set_schedule(1, &DRIVE, daily(3), Some(resumed), resumed)
        .await
        .unwrap();
    assert_eq!(job(jobs, 1).await.scheduled_since, Some(resumed));

    // A run that gave up (the grant ended: nothing planned), then connected again: from then,
    // not from when the schedule was first set.
    let claimed = jobs
        .claim_due("me", resumed, Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.user_id, 1);
    let gave_up = JobResult {
        next_due: None,
        attempt: 1,
        pending_backup: None,
        last_error: Some("grant revoked".to_owned()),
        succeeded_at: None,
        at: resumed,
    };
    assert!(jobs.finish(&claimed.id, "me", &gave_up).await.unwrap());
    let reconnected = resumed + Duration::days(5);
    jobs.set_schedule(1, &DRIVE, daily(3), Some(reconnected), reconnected)
        .await
        .unwrap();
    assert_eq!(job(jobs, 1).await.scheduled_since, Some(reconnected));
}

async fn the_disk_is_measured_where_the_store_can(store: TestStore) {
    let fullness = store.alerts.fullness().await.unwrap();
    match store.backend() {
        // The embedded store's disk is always measured.
        Backend::Sqlite => {
            let fullness = fullness.expect("measured");
            assert!(fullness.total_bytes > 0);
            assert!(fullness.used_bytes <= fullness.total_bytes);
        }
        // A MongoDB server tells it when it can (the test server may not).
        Backend::Mongo => {
            if let Some(fullness) = fullness {
                assert!(fullness.used_bytes <= fullness.total_bytes);
            }
        }
    }
}
