//! The job store's leases and schedules on both backends: two claimers, one wins; an expired
//! lease is taken over; release on shutdown; a pending retry outlives a schedule change.

mod support;

use chrono::Duration;
use codevault::{
    domain::{
        DestinationId, Id, Job, JobOverview, ScheduledJobs,
        schedule::{Frequency, Repeat, Schedule},
    },
    service::Clock,
};
use support::{
    clock::TestClock,
    jobs::{DRIVE, Jobs, daily, done_at, job},
    stores::{TestStore, contract},
};

contract!(
    an_expired_lease_is_taken_over_and_the_old_owner_cannot_finish,
    release_all_frees_only_that_owners_leases,
    changing_the_schedule_keeps_a_pending_retry,
    a_user_has_one_job_per_destination,
    of_claimers_racing_for_one_due_job_exactly_one_wins,
    the_overview_sums_up_every_users_jobs,
);

fn setup(store: &TestStore) -> (Jobs, std::sync::Arc<TestClock>) {
    (store.jobs.clone(), TestClock::new())
}

async fn an_expired_lease_is_taken_over_and_the_old_owner_cannot_finish(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    jobs.set_schedule(7, &DRIVE, daily(3), Some(now), now)
        .await
        .unwrap();
    let lease = Duration::minutes(1);

    let old = jobs.claim_due("old", now, lease).await.unwrap().unwrap();
    assert_eq!(old.lease_owner.as_deref(), Some("old"));
    assert_eq!(old.lease_until, Some(now + lease));
    assert_eq!(
        jobs.claim_due("new", now + lease, lease).await.unwrap(),
        None
    );

    let later = now + lease + Duration::seconds(1);
    let new = jobs.claim_due("new", later, lease).await.unwrap().unwrap();
    assert_eq!(new.id, old.id);
    assert_eq!(new.lease_owner.as_deref(), Some("new"));

    assert!(!jobs.finish(&old.id, "old", &done_at(later)).await.unwrap());
    assert!(!jobs.renew(&old.id, "old", later + lease).await.unwrap());
    let untouched = job(&jobs, 7).await;
    assert_eq!(untouched.lease_owner.as_deref(), Some("new"));
    assert_eq!(untouched.due_at, Some(now));
    assert_eq!(untouched.last_success_at, None);

    assert!(jobs.finish(&new.id, "new", &done_at(later)).await.unwrap());
    let finished = job(&jobs, 7).await;
    assert_eq!(finished.lease_owner, None);
    assert_eq!(finished.due_at, Some(later + Duration::days(1)));
    assert_eq!(finished.last_success_at, Some(later));
}

async fn release_all_frees_only_that_owners_leases(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    for user in [1, 2, 3] {
        jobs.set_schedule(user, &DRIVE, daily(3), Some(now), now)
            .await
            .unwrap();
    }
    let lease = Duration::minutes(10);
    for owner in ["a", "a", "b"] {
        assert!(jobs.claim_due(owner, now, lease).await.unwrap().is_some());
    }
    assert_eq!(jobs.claim_due("c", now, lease).await.unwrap(), None);

    assert_eq!(jobs.release_all("a").await.unwrap(), 2);

    let mut owners = Vec::new();
    for user in [1, 2, 3] {
        let job = job(&jobs, user).await;
        assert_eq!(job.due_at, Some(now), "the due time stays");
        owners.push(job.lease_owner);
    }
    owners.sort();
    assert_eq!(owners, [None, None, Some("b".to_owned())]);
    for _ in 0..2 {
        assert!(jobs.claim_due("c", now, lease).await.unwrap().is_some());
    }
    assert_eq!(jobs.claim_due("c", now, lease).await.unwrap(), None);
}

async fn changing_the_schedule_keeps_a_pending_retry(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    let backup = Id::generate();
    let retry = now + Duration::minutes(5);

    // A manual upload failed before any schedule existed.
    jobs.schedule_retry(7, &DRIVE, &backup, retry, now)
        .await
        .unwrap();
    let job_now = job(&jobs, 7).await;
    assert_eq!(job_now.schedule, Schedule::OFF);
    assert_eq!(job_now.attempt, 1);
    assert_eq!(job_now.pending_backup.as_ref(), Some(&backup));

    // Every part of a schedule is kept: the period, the day it counts from, the zone.
    let from = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let fortnightly = Schedule::new(Repeat::EveryDays { days: 14, from }, 6)
        .unwrap()
        .in_zone("Europe/Berlin".parse().unwrap());
    jobs.set_schedule(7, &DRIVE, fortnightly, fortnightly.next_run(now), now)
        .await
        .unwrap();
    let job_now = job(&jobs, 7).await;
    assert_eq!(job_now.schedule, fortnightly);
    assert_eq!(job_now.due_at, Some(retry), "the retry keeps its time");
    assert_eq!(job_now.pending_backup.as_ref(), Some(&backup));

    // Without a pending retry, the new schedule's time applies; other users are untouched.
    jobs.set_schedule(8, &DRIVE, daily(1), daily(1).next_run(now), now)
        .await
        .unwrap();
    jobs.set_schedule(8, &DRIVE, Schedule::OFF, None, now)
        .await
        .unwrap();
    assert_eq!(job(&jobs, 8).await.due_at, None);
    assert_eq!(job(&jobs, 7).await.due_at, Some(retry));

    jobs.delete(7, &DRIVE).await.unwrap();
    jobs.delete(7, &DRIVE).await.unwrap();
    assert_eq!(jobs.get(7, &DRIVE).await.unwrap(), None);
    assert!(jobs.get(8, &DRIVE).await.unwrap().is_some());
}

async fn a_user_has_one_job_per_destination(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    let other = DestinationId::new("other");
    jobs.set_schedule(7, &DRIVE, daily(3), Some(now), now)
        .await
        .unwrap();
    jobs.set_schedule(7, &other, Schedule::OFF, None, now)
        .await
        .unwrap();

    let drive = job(&jobs, 7).await;
    assert_eq!((drive.id.as_str(), &drive.destination), ("drive:7", &DRIVE));
    let elsewhere = jobs.get(7, &other).await.unwrap().expect("its own job");
    assert_eq!(
        (elsewhere.id.as_str(), &elsewhere.destination),
        ("other:7", &other)
    );
    assert_eq!((drive.due_at, elsewhere.due_at), (Some(now), None));

    jobs.delete(7, &other).await.unwrap();
    assert_eq!(jobs.get(7, &other).await.unwrap(), None);
    assert_eq!(job(&jobs, 7).await, drive, "Drive's job is untouched");
}

/// A job an earlier version wrote (no `destination`) is Drive's: found, claimed and run.
async fn of_claimers_racing_for_one_due_job_exactly_one_wins(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    let lease = Duration::minutes(1);
    for round in 0..5_i64 {
        let user = 100 + round;
        jobs.set_schedule(user, &DRIVE, daily(3), Some(now), now)
            .await
            .unwrap();
        let claims = (0..8).map(|claimer| {
            let jobs = jobs.clone();
            tokio::spawn(async move { jobs.claim_due(&format!("c{claimer}"), now, lease).await })
        });
        let won: Vec<Job> = futures::future::join_all(claims)
            .await
            .into_iter()
            .filter_map(|claim| claim.unwrap().unwrap())
            .collect();
        assert_eq!(won.len(), 1, "round {round}: {won:?}");
        let winner = won[0].lease_owner.clone().unwrap();
        assert_eq!(job(&jobs, user).await.lease_owner, Some(winner.clone()));
        assert!(
            jobs.finish(&won[0].id, &winner, &done_at(now))
                .await
                .unwrap()
        );
    }
}

/// The operator's aggregate over all users: scheduled jobs (a schedule on and a run planned) by
/// frequency with their newest success, and the jobs a claim would take now.
async fn the_overview_sums_up_every_users_jobs(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    let minutes = Duration::minutes;
    let lease = minutes(1);
    assert_eq!(jobs.overview(now).await.unwrap(), JobOverview::default());

    // User 7 succeeded last, then turned the schedule off: its success is no scheduled one's.
    jobs.set_schedule(7, &DRIVE, daily(3), Some(now - minutes(50)), now)
        .await
        .unwrap();
    let claimed = jobs.claim_due("c", now, lease).await.unwrap().unwrap();
    assert!(
        jobs.finish(&claimed.id, "c", &done_at(now - minutes(5)))
            .await
            .unwrap()
    );
    jobs.set_schedule(7, &DRIVE, Schedule::OFF, None, now)
        .await
        .unwrap();
    // User 2 succeeded 20 minutes ago and is due tomorrow.
    jobs.set_schedule(2, &DRIVE, daily(3), Some(now - minutes(30)), now)
        .await
        .unwrap();
    let claimed = jobs.claim_due("a", now, lease).await.unwrap().unwrap();
    assert!(
        jobs.finish(&claimed.id, "a", &done_at(now - minutes(20)))
            .await
            .unwrap()
    );
    // User 3's weekly job runs now (leased for a minute).
    let weekly = Schedule::new(Repeat::Weekly(chrono::Weekday::Mon), 6).unwrap();
    jobs.set_schedule(3, &DRIVE, weekly, Some(now - minutes(40)), now)
        .await
        .unwrap();
    assert!(jobs.claim_due("b", now, lease).await.unwrap().is_some());
    // User 1: daily on two destinations, one due later, one waiting for 10 minutes.
    let other = DestinationId::new("other");
    jobs.set_schedule(1, &DRIVE, daily(3), Some(now + minutes(60)), now)
        .await
        .unwrap();
    jobs.set_schedule(1, &other, daily(3), Some(now - minutes(10)), now)
        .await
        .unwrap();
    // User 4: a manual upload's retry, no schedule, waiting for 15 minutes.
    jobs.schedule_retry(4, &DRIVE, &Id::generate(), now - minutes(15), now)
        .await
        .unwrap();
    // User 5: daily, but nothing planned (its destination is disconnected).
    jobs.set_schedule(5, &DRIVE, daily(3), None, now)
        .await
        .unwrap();
    // User 6: monthly, never run yet.
    let monthly = Schedule::new(Repeat::Monthly, 0).unwrap();
    jobs.set_schedule(6, &DRIVE, monthly, Some(now + Duration::days(1)), now)
        .await
        .unwrap();

    let scheduled = vec![
        ScheduledJobs {
            frequency: Frequency::Daily,
            jobs: 3,
            last_success: Some(now - minutes(20)),
        },
        ScheduledJobs {
            frequency: Frequency::Weekly,
            jobs: 1,
            last_success: None,
        },
        ScheduledJobs {
            frequency: Frequency::Monthly,
            jobs: 1,
            last_success: None,
        },
    ];
    assert_eq!(
        jobs.overview(now).await.unwrap(),
        JobOverview {
            scheduled: scheduled.clone(),
            waiting: 2,
            oldest_due: Some(now - minutes(15)),
        }
    );
    // Once user 3's lease has ended, its job waits too, as a claim would take it.
    assert_eq!(
        jobs.overview(now + minutes(2)).await.unwrap(),
        JobOverview {
            scheduled,
            waiting: 3,
            oldest_due: Some(now - minutes(40)),
        }
    );
}
