//! The automatic-backup scheduler and its job store against a real MongoDB-protocol server.

mod support;

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::Duration as StdDuration,
};

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::{
    domain::{
        DestinationId, Id, Job, JobResult,
        schedule::{Frequency, Schedule},
    },
    service::{
        Clock,
        scheduler::{JobOutcome, JobRunner, Scheduler, SchedulerSettings},
    },
    storage::{JobStore, mongo::MongoJobs},
};
use support::{clock::TestClock, db};
use tokio::sync::{Notify, watch};

const DRIVE: DestinationId = DestinationId::DRIVE;

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

fn settings(instance: &str) -> SchedulerSettings {
    SchedulerSettings {
        instance: instance.to_owned(),
        poll_interval: StdDuration::from_millis(20),
        lease: StdDuration::from_secs(60),
        concurrency: 2,
        shutdown_grace: StdDuration::from_secs(5),
    }
}

fn daily(hour: u8) -> Schedule {
    Schedule::new(Frequency::Daily, hour).unwrap()
}

async fn setup(prefix: &str) -> (MongoJobs, Arc<TestClock>) {
    let mongo = db::connect(&db::unique_name(prefix)).await;
    (mongo.jobs(), TestClock::new())
}

fn scheduler(
    jobs: &MongoJobs,
    runner: Arc<TestRunner>,
    clock: Arc<TestClock>,
    settings: SchedulerSettings,
) -> Scheduler {
    Scheduler::new(Arc::new(jobs.clone()), runner, clock, settings).unwrap()
}

async fn job(jobs: &MongoJobs, user: i64) -> Job {
    jobs.get(user, &DRIVE)
        .await
        .unwrap()
        .expect("the job exists")
}

fn done_at(at: DateTime<Utc>) -> JobResult {
    JobResult {
        next_due: Some(at + Duration::days(1)),
        attempt: 0,
        pending_backup: None,
        last_error: None,
        succeeded_at: Some(at),
        at,
    }
}

#[tokio::test]
async fn two_instances_never_run_the_same_job_twice() {
    let (jobs, clock) = setup("sched_race").await;
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

#[tokio::test]
async fn a_job_missed_while_down_runs_once_then_waits_for_the_next_slot() {
    let (jobs, clock) = setup("sched_missed").await;
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

#[tokio::test]
async fn failures_retry_after_5_min_30_min_2_h_then_at_the_next_slot() {
    let (jobs, clock) = setup("sched_retry").await;
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

#[tokio::test]
async fn an_expired_lease_is_taken_over_and_the_old_owner_cannot_finish() {
    let (jobs, clock) = setup("sched_lease").await;
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

#[tokio::test]
async fn release_all_frees_only_that_owners_leases() {
    let (jobs, clock) = setup("sched_release").await;
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

#[tokio::test]
async fn shutdown_lets_running_jobs_finish_then_ends() {
    let (jobs, clock) = setup("sched_stop").await;
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

#[tokio::test]
async fn shutdown_stops_jobs_past_the_grace_period_and_frees_their_leases() {
    let (jobs, clock) = setup("sched_stop_hung").await;
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

#[tokio::test]
async fn a_long_job_renews_its_lease() {
    let (jobs, clock) = setup("sched_renew").await;
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
async fn changing_the_schedule_keeps_a_pending_retry() {
    let (jobs, clock) = setup("sched_set").await;
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

    let weekly = Schedule::new(Frequency::Weekly, 6).unwrap();
    jobs.set_schedule(7, &DRIVE, weekly, weekly.next_run(now), now)
        .await
        .unwrap();
    let job_now = job(&jobs, 7).await;
    assert_eq!(job_now.schedule, weekly);
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

#[tokio::test]
async fn a_user_has_one_job_per_destination() {
    let (jobs, clock) = setup("sched_destinations").await;
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
#[tokio::test]
async fn a_job_written_before_destinations_is_drives() {
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
    let jobs = mongo.jobs();
    let found = job(&jobs, 7).await;
    assert_eq!(found.destination, DRIVE);
    assert_eq!(found.schedule, daily(3));

    let runner = TestRunner::sleeping(StdDuration::ZERO);
    let scheduler = scheduler(&jobs, runner.clone(), clock.clone(), settings("a"));
    assert_eq!(scheduler.tick().await, 1);
    assert_eq!(runner.seen.lock().unwrap()[0].destination, DRIVE);
    assert_eq!(job(&jobs, 7).await.due_at, daily(3).next_run(now));
}
