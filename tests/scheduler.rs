//! The automatic-backup scheduler and its job store, on both backends: leases (two claimers,
//! one wins; expiry; renewal; release), retries and schedules; on MongoDB, jobs written before
//! destinations.

mod support;

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::Duration as StdDuration,
};

use async_trait::async_trait;
use chrono::{Duration, TimeZone, Utc};
use codevault::{
    domain::{Id, Job},
    service::{
        Clock,
        scheduler::{JobOutcome, JobRunner, Scheduler, SchedulerSettings},
    },
};
use support::{
    clock::TestClock,
    db,
    jobs::{DRIVE, Jobs, daily, job},
    stores::{TestStore, contract},
};
use tokio::sync::{Notify, watch};

/// Counts runs per user, optionally sleeping, and answers with scripted outcomes (then `Done`).
#[derive(Default)]
struct TestRunner {
    delay: StdDuration,
    outcomes: Mutex<VecDeque<JobOutcome>>,
    runs: Mutex<HashMap<i64, usize>>,
    seen: Mutex<Vec<Job>>,
    started: Notify,
}

impl TestRunner {
    fn sleeping(delay: StdDuration) -> Arc<Self> {
        Arc::new(Self {
            delay,
            ..Self::default()
        })
    }

    fn scripted(outcomes: Vec<JobOutcome>) -> Arc<Self> {
        Arc::new(Self {
            outcomes: Mutex::new(outcomes.into()),
            ..Self::default()
        })
    }

    fn runs(&self, user: i64) -> usize {
        self.runs.lock().unwrap().get(&user).copied().unwrap_or(0)
    }

    fn total_runs(&self) -> usize {
        self.runs.lock().unwrap().values().sum()
    }
}

#[async_trait]
impl JobRunner for TestRunner {
    async fn run(&self, job: &Job) -> JobOutcome {
        *self.runs.lock().unwrap().entry(job.user_id).or_default() += 1;
        self.seen.lock().unwrap().push(job.clone());
        self.started.notify_one();
        tokio::time::sleep(self.delay).await;
        let next = self.outcomes.lock().unwrap().pop_front();
        next.unwrap_or(JobOutcome::Done)
    }
}

contract!(
    two_instances_never_run_the_same_job_twice,
    a_job_missed_while_down_runs_once_then_waits_for_the_next_slot,
    failures_retry_after_5_min_30_min_2_h_then_at_the_next_slot,
    shutdown_lets_running_jobs_finish_then_ends,
    shutdown_stops_jobs_past_the_grace_period_and_frees_their_leases,
    a_long_job_renews_its_lease,
);

fn settings(instance: &str) -> SchedulerSettings {
    SchedulerSettings {
        instance: instance.to_owned(),
        poll_interval: StdDuration::from_millis(20),
        lease: StdDuration::from_secs(60),
        concurrency: 2,
        shutdown_grace: StdDuration::from_secs(5),
    }
}

fn setup(store: &TestStore) -> (Jobs, Arc<TestClock>) {
    (store.jobs.clone(), TestClock::new())
}

fn scheduler(
    jobs: &Jobs,
    runner: Arc<TestRunner>,
    clock: Arc<TestClock>,
    settings: SchedulerSettings,
) -> Scheduler {
    Scheduler::new(jobs.clone(), runner, clock, settings).unwrap()
}
async fn two_instances_never_run_the_same_job_twice(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    let users = [11, 12, 13];
    for user in users {
        jobs.set_schedule(
            user,
            &DRIVE,
            daily(3),
            Some(now - Duration::minutes(1)),
            now,
        )
        .await
        .unwrap();
    }
    let runner = TestRunner::sleeping(StdDuration::from_millis(30));
    let a = Arc::new(scheduler(
        &jobs,
        runner.clone(),
        clock.clone(),
        settings("a"),
    ));
    let b = Arc::new(scheduler(
        &jobs,
        runner.clone(),
        clock.clone(),
        settings("b"),
    ));

    let mut ticks = tokio::task::JoinSet::new();
    for round in 0..20 {
        let first = if round % 2 == 0 { &a } else { &b };
        let second = if round % 2 == 0 { &b } else { &a };
        let (first, second) = (first.clone(), second.clone());
        ticks.spawn(async move { first.tick().await });
        ticks.spawn(async move { second.tick().await });
    }
    let claimed: usize = ticks.join_all().await.into_iter().sum();

    assert_eq!(claimed, users.len());
    for user in users {
        assert_eq!(runner.runs(user), 1, "user {user}");
        let job = job(&jobs, user).await;
        assert_eq!(job.due_at, daily(3).next_run(now));
        assert_eq!(job.lease_owner, None);
        assert_eq!(job.lease_until, None);
        assert_eq!(job.last_success_at, Some(now));
    }
}

async fn a_job_missed_while_down_runs_once_then_waits_for_the_next_slot(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    jobs.set_schedule(7, &DRIVE, daily(3), Some(now - Duration::days(3)), now)
        .await
        .unwrap();
    let runner = TestRunner::sleeping(StdDuration::ZERO);
    let scheduler = scheduler(&jobs, runner.clone(), clock.clone(), settings("a"));

    assert_eq!(scheduler.tick().await, 1);
    assert_eq!(scheduler.tick().await, 0);

    assert_eq!(runner.runs(7), 1);
    let tomorrow_at_3 = Utc.with_ymd_and_hms(2026, 1, 11, 3, 0, 0).unwrap();
    assert_eq!(job(&jobs, 7).await.due_at, Some(tomorrow_at_3));
}

async fn failures_retry_after_5_min_30_min_2_h_then_at_the_next_slot(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let start = clock.now();
    let backup = Id::generate();
    let failed = |pending: Option<Id>| JobOutcome::Failed {
        error: "drive said no".to_owned(),
        pending_backup: pending,
    };
    let runner = TestRunner::scripted(vec![
        failed(Some(backup.clone())),
        failed(None),
        failed(Some(backup.clone())),
        failed(None),
    ]);
    let scheduler = scheduler(&jobs, runner.clone(), clock.clone(), settings("a"));
    jobs.set_schedule(7, &DRIVE, daily(3), Some(start), start)
        .await
        .unwrap();

    let mut expected_due = Vec::new();
    for (attempt, delay) in [(1, 5), (2, 30), (3, 120)] {
        assert_eq!(scheduler.tick().await, 1);
        let job = job(&jobs, 7).await;
        let due = clock.now() + Duration::minutes(delay);
        assert_eq!(job.due_at, Some(due), "attempt {attempt}");
        assert_eq!(job.attempt, attempt);
        assert_eq!(job.pending_backup.as_ref(), Some(&backup));
        assert_eq!(job.last_error.as_deref(), Some("drive said no"));
        // Not due a second early.
        clock.set(due - Duration::seconds(1));
        assert_eq!(scheduler.tick().await, 0);
        clock.set(due);
        expected_due.push(due);
    }

    // The fourth failure in a row waits for the next scheduled time, keeping the backup.
    assert_eq!(scheduler.tick().await, 1);
    let next_slot = Utc.with_ymd_and_hms(2026, 1, 11, 3, 0, 0).unwrap();
    let job_now = job(&jobs, 7).await;
    assert_eq!(job_now.due_at, Some(next_slot));
    assert_eq!(job_now.attempt, 4);
    assert_eq!(job_now.pending_backup.as_ref(), Some(&backup));

    // The retries were handed the pending backup.
    let seen = runner.seen.lock().unwrap().clone();
    assert_eq!(seen[0].pending_backup, None);
    assert!(
        seen[1..]
            .iter()
            .all(|j| j.pending_backup == Some(backup.clone()))
    );

    clock.set(next_slot);
    assert_eq!(scheduler.tick().await, 1);
    let job_now = job(&jobs, 7).await;
    assert_eq!(job_now.pending_backup, None);
    assert_eq!(job_now.attempt, 0);
    assert_eq!(job_now.last_error, None);
    assert_eq!(job_now.last_success_at, Some(next_slot));
    assert_eq!(job_now.due_at, Some(next_slot + Duration::days(1)));
    assert_eq!(runner.total_runs(), 5);
}
async fn shutdown_lets_running_jobs_finish_then_ends(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    jobs.set_schedule(7, &DRIVE, daily(3), Some(now), now)
        .await
        .unwrap();
    let runner = TestRunner::sleeping(StdDuration::from_millis(300));
    let scheduler = scheduler(&jobs, runner.clone(), clock.clone(), settings("a"));
    let (stop, stopped) = watch::channel(false);
    let running = tokio::spawn(scheduler.run(stopped));

    runner.started.notified().await;
    stop.send(true).unwrap();
    tokio::time::timeout(StdDuration::from_secs(10), running)
        .await
        .expect("run ends")
        .unwrap();

    assert_eq!(runner.runs(7), 1);
    let job = job(&jobs, 7).await;
    assert_eq!(job.lease_owner, None);
    assert_eq!(
        job.due_at,
        daily(3).next_run(now),
        "the result was recorded"
    );
}

async fn shutdown_stops_jobs_past_the_grace_period_and_frees_their_leases(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    jobs.set_schedule(7, &DRIVE, daily(3), Some(now), now)
        .await
        .unwrap();
    let runner = TestRunner::sleeping(StdDuration::from_secs(3600));
    let settings = SchedulerSettings {
        shutdown_grace: StdDuration::from_millis(100),
        ..settings("a")
    };
    let scheduler = scheduler(&jobs, runner.clone(), clock.clone(), settings);
    let (stop, stopped) = watch::channel(false);
    let running = tokio::spawn(scheduler.run(stopped));

    runner.started.notified().await;
    assert_eq!(job(&jobs, 7).await.lease_owner.as_deref(), Some("a"));
    stop.send(true).unwrap();
    tokio::time::timeout(StdDuration::from_secs(10), running)
        .await
        .expect("run ends")
        .unwrap();

    let job = job(&jobs, 7).await;
    assert_eq!(job.lease_owner, None);
    assert_eq!(job.lease_until, None);
    assert_eq!(job.due_at, Some(now), "still due, for another instance");
    assert!(
        jobs.claim_due("b", now, Duration::minutes(1))
            .await
            .unwrap()
            .is_some()
    );
}

async fn a_long_job_renews_its_lease(store: TestStore) {
    let (jobs, clock) = setup(&store);
    let now = clock.now();
    jobs.set_schedule(7, &DRIVE, daily(3), Some(now), now)
        .await
        .unwrap();
    let runner = TestRunner::sleeping(StdDuration::from_millis(2500));
    let settings = SchedulerSettings {
        lease: StdDuration::from_secs(2),
        ..settings("a")
    };
    let scheduler = Arc::new(scheduler(&jobs, runner.clone(), clock.clone(), settings));
    let ticking = tokio::spawn({
        let scheduler = scheduler.clone();
        async move { scheduler.tick().await }
    });

    runner.started.notified().await;
    assert_eq!(
        job(&jobs, 7).await.lease_until,
        Some(now + Duration::seconds(2))
    );
    clock.advance(Duration::minutes(1));
    // The renewal comes after half the lease (1 s) of real time.
    tokio::time::sleep(StdDuration::from_millis(1500)).await;
    let renewed = job(&jobs, 7).await;
    assert_eq!(renewed.lease_owner.as_deref(), Some("a"));
    assert_eq!(
        renewed.lease_until,
        Some(clock.now() + Duration::seconds(2))
    );
    assert_eq!(ticking.await.unwrap(), 1);
}
#[tokio::test]
async fn mongo_a_job_written_before_destinations_is_drives() {
    let mongo = db::connect(&db::unique_name("sched_legacy")).await;
    let clock = TestClock::new();
    let now = clock.now();
    let due = mongodb::bson::DateTime::from_millis(now.timestamp_millis());
    let raw = mongodb::bson::doc! {
        "_id": "drive:7",
        "user_id": 7_i64,
        "schedule": { "frequency": "daily", "hour": 3 },
        "due_at": due,
        "attempt": 0_i64,
        "updated_at": due,
    };
    mongo
        .database()
        .collection::<mongodb::bson::Document>("jobs")
        .insert_one(raw)
        .await
        .unwrap();
    let jobs: Jobs = Arc::new(mongo.jobs());
    let found = job(&jobs, 7).await;
    assert_eq!(found.destination, DRIVE);
    assert_eq!(found.schedule, daily(3));

    let runner = TestRunner::sleeping(StdDuration::ZERO);
    let scheduler = scheduler(&jobs, runner.clone(), clock.clone(), settings("a"));
    assert_eq!(scheduler.tick().await, 1);
    assert_eq!(runner.seen.lock().unwrap()[0].destination, DRIVE);
    assert_eq!(job(&jobs, 7).await.due_at, daily(3).next_run(now));
}
