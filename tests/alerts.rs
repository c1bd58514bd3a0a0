//! The alerts on both stores under a clock the test moves: a condition that starts is told
//! once to every admin, further polls tell nothing, its end is told once as resolved, and a new
//! service on the same store (a restart, another instance) repeats nothing. An admin whose
//! message fails does not stop the others; when none could be told, it is tried again. Users
//! are told once an episode that their scheduled backups have not succeeded for days.

mod support;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use codevault::{
    domain::{
        DestinationId, JobResult, UserId,
        alert::{Alert, AlertKey},
    },
    service::{
        Clock,
        alerts::{AdminMessage, AdminNotifier, AlertService, AlertSettings, Polled},
        copies::{Notice, Notifier},
    },
};
use support::{
    clock::TestClock,
    jobs::{DRIVE, daily, done_at},
    stores::{TestStore, backup_record, contract},
};

contract!(
    a_failing_user_is_told_once_resolved_once_and_not_again_after_a_restart,
    an_admin_who_cannot_be_told_does_not_stop_the_others_and_none_told_is_tried_again,
    a_damaged_backup_and_a_failing_dump_are_told_and_resolved,
    a_user_is_told_once_an_episode_that_their_backups_are_not_succeeding,
);

const ADMINS: [UserId; 2] = [901, 902];
const USER: UserId = 7;

#[derive(Default)]
struct Admins {
    told: Mutex<Vec<(UserId, AdminMessage)>>,
    /// Admins whose messages fail.
    unreachable: Mutex<Vec<UserId>>,
}

impl Admins {
    fn take(&self) -> Vec<(UserId, AdminMessage)> {
        std::mem::take(&mut self.told.lock().unwrap())
    }
}

#[async_trait]
impl AdminNotifier for Admins {
    async fn tell_admin(&self, admin: UserId, message: &AdminMessage) -> Result<(), String> {
        if self.unreachable.lock().unwrap().contains(&admin) {
            return Err("Forbidden: bot was blocked by the user".to_owned());
        }
        self.told.lock().unwrap().push((admin, message.clone()));
        Ok(())
    }
}

#[derive(Default)]
struct Users(Mutex<Vec<(UserId, Notice)>>);

#[async_trait]
impl Notifier for Users {
    async fn notify(&self, user: UserId, destination: &DestinationId, notice: Notice) {
        assert_eq!(*destination, DRIVE);
        self.0.lock().unwrap().push((user, notice));
    }
}

struct Fixture {
    store: TestStore,
    clock: Arc<TestClock>,
    admins: Arc<Admins>,
    users: Arc<Users>,
}

impl Fixture {
    fn new(store: TestStore) -> Self {
        Self {
            store,
            clock: TestClock::new(),
            admins: Arc::default(),
            users: Arc::default(),
        }
    }

    /// A service as `serve` makes it; each call is a new one (a restart, another instance).
    fn service(&self) -> AlertService {
        AlertService::new(
            self.store.jobs.clone(),
            self.store.backups.clone(),
            self.store.alerts.clone(),
            self.admins.clone(),
            self.users.clone(),
            self.clock.clone(),
            AlertSettings {
                every: Duration::from_secs(60),
                admins: ADMINS.to_vec(),
                failures: 3,
                no_success_after: Duration::from_secs(25 * 3600),
                store_full_percent: 100,
                user_notice_after: Duration::from_secs(3 * 24 * 3600),
            },
        )
    }

    async fn poll(&self) -> Polled {
        self.service().poll().await.unwrap()
    }

    /// The user's scheduled job runs now and ends with `attempt` failures in a row (0: a
    /// success).
    async fn run_job(&self, attempt: u32) {
        let now = self.clock.now();
        let jobs = &self.store.jobs;
        let due = Some(now);
        jobs.set_schedule(USER, &DRIVE, daily(3), due, now)
            .await
            .unwrap();
        let job = jobs
            .claim_due("test", now, TimeDelta::minutes(5))
            .await
            .unwrap()
            .unwrap();
        let result = if attempt == 0 {
            done_at(now)
        } else {
            JobResult {
                next_due: Some(now + TimeDelta::hours(1)),
                attempt,
                pending_backup: None,
                last_error: Some("Drive answered 503 <Service Unavailable>".to_owned()),
                succeeded_at: None,
                at: now,
            }
        };
        assert!(jobs.finish(&job.id, "test", &result).await.unwrap());
    }
}

fn failing() -> AlertKey {
    AlertKey::BackupFailing {
        destination: DRIVE,
        user: USER,
    }
}

/// Each admin got exactly `message`, once.
fn each_admin_got(told: Vec<(UserId, AdminMessage)>, message: &AdminMessage) {
    let expected: Vec<_> = ADMINS
        .iter()
        .map(|&admin| (admin, message.clone()))
        .collect();
    assert_eq!(told, expected);
}

async fn a_failing_user_is_told_once_resolved_once_and_not_again_after_a_restart(store: TestStore) {
    let f = Fixture::new(store);
    f.run_job(2).await;
    assert_eq!(
        f.poll().await,
        Polled::default(),
        "two failures are not yet an alert"
    );
    assert!(f.admins.take().is_empty());

    f.clock.advance(TimeDelta::hours(1));
    f.run_job(3).await;
    let opened_at = f.clock.now();
    let polled = f.poll().await;
    assert_eq!(polled.opened, vec![failing()]);
    each_admin_got(
        f.admins.take(),
        &AdminMessage::Opened(Alert::BackupFailing {
            destination: DRIVE,
            user: USER,
            failures: 3,
            last_error: Some("Drive answered 503 <Service Unavailable>".to_owned()),
        }),
    );
    // Further polls, by this service or a new one (a restart), tell nothing.
    for _ in 0..3 {
        f.clock.advance(TimeDelta::minutes(1));
        assert_eq!(f.poll().await, Polled::default());
    }
    f.run_job(4).await;
    assert_eq!(
        f.poll().await,
        Polled::default(),
        "a 4th failure is the same alert"
    );
    assert!(f.admins.take().is_empty());

    f.clock.advance(TimeDelta::minutes(30));
    f.run_job(0).await;
    let polled = f.poll().await;
    assert_eq!(polled.resolved, vec![failing()]);
    each_admin_got(
        f.admins.take(),
        &AdminMessage::Resolved {
            key: failing(),
            since: opened_at,
        },
    );
    assert_eq!(f.store.alerts.open_alerts().await.unwrap(), Vec::new());
    assert_eq!(f.poll().await, Polled::default());
    assert!(f.admins.take().is_empty());
    assert!(f.users.0.lock().unwrap().is_empty());
}

async fn an_admin_who_cannot_be_told_does_not_stop_the_others_and_none_told_is_tried_again(
    store: TestStore,
) {
    let f = Fixture::new(store);
    f.run_job(3).await;
    *f.admins.unreachable.lock().unwrap() = ADMINS.to_vec();
    assert_eq!(
        f.poll().await,
        Polled::default(),
        "told no one: not recorded"
    );
    assert_eq!(f.store.alerts.open_alerts().await.unwrap(), Vec::new());

    // The first admin blocked the bot; the second is told, and that is recorded.
    *f.admins.unreachable.lock().unwrap() = vec![ADMINS[0]];
    assert_eq!(f.poll().await.opened, vec![failing()]);
    let told: Vec<UserId> = f.admins.take().iter().map(|(admin, _)| *admin).collect();
    assert_eq!(told, vec![ADMINS[1]]);
    assert_eq!(f.poll().await, Polled::default());
    assert!(f.admins.take().is_empty());
}

async fn a_damaged_backup_and_a_failing_dump_are_told_and_resolved(store: TestStore) {
    let f = Fixture::new(store);
    let record = backup_record(USER, f.clock.now() - TimeDelta::days(2));
    let backups = &f.store.backups;
    backups.insert(&record).await.unwrap();
    assert_eq!(f.poll().await, Polled::default());
    let found = f.clock.now();
    assert!(backups.mark_damaged(USER, &record.id, found).await.unwrap());
    let every = Duration::from_secs(24 * 3600);
    f.store
        .alerts
        .record_dump(every, found, Some("No space left on device"))
        .await
        .unwrap();

    let damaged = AlertKey::Damaged {
        user: USER,
        backup: record.id.clone(),
    };
    let mut opened = f.poll().await.opened;
    opened.sort_by_key(ToString::to_string);
    assert_eq!(opened, vec![damaged.clone(), AlertKey::DumpFailing]);
    let told = f.admins.take();
    assert_eq!(told.len(), 4, "{told:?}");
    assert!(told.contains(&(
        ADMINS[1],
        AdminMessage::Opened(Alert::Damaged {
            user: USER,
            backup: record.id.clone(),
            created_at: record.created_at,
            damaged_at: found,
        })
    )));
    assert!(told.contains(&(
        ADMINS[0],
        AdminMessage::Opened(Alert::DumpFailing {
            failures: 1,
            error: Some("No space left on device".to_owned()),
        })
    )));
    assert_eq!(f.poll().await, Polled::default());

    // The dump succeeds, the damaged backup is deleted: both resolved, once.
    f.clock.advance(TimeDelta::minutes(5));
    f.store
        .alerts
        .record_dump(every, f.clock.now(), None)
        .await
        .unwrap();
    backups.delete(USER, &record.id).await.unwrap();
    let mut resolved = f.poll().await.resolved;
    resolved.sort_by_key(ToString::to_string);
    assert_eq!(resolved, vec![damaged, AlertKey::DumpFailing]);
    assert_eq!(f.admins.take().len(), 4);
    assert_eq!(f.poll().await, Polled::default());

    // No dump for longer than the period and an hour: missing.
    f.clock
        .advance(TimeDelta::hours(25) + TimeDelta::minutes(1));
    assert_eq!(f.poll().await.opened, vec![AlertKey::DumpMissing]);
}

async fn a_user_is_told_once_an_episode_that_their_backups_are_not_succeeding(store: TestStore) {
    let f = Fixture::new(store);
    let scheduled = f.clock.now();
    f.store
        .jobs
        .set_schedule(USER, &DRIVE, daily(3), Some(scheduled), scheduled)
        .await
        .unwrap();
    let notices = || std::mem::take(&mut *f.users.0.lock().unwrap());

    // Never succeeded: from when the schedule was set.
    f.clock.advance(TimeDelta::days(3) - TimeDelta::minutes(1));
    f.poll().await;
    assert!(notices().is_empty());
    f.clock.advance(TimeDelta::minutes(1));
    f.poll().await;
    assert_eq!(
        notices(),
        vec![(USER, Notice::NotBackedUp { since: scheduled })]
    );
    for _ in 0..3 {
        f.clock.advance(TimeDelta::hours(6));
        f.poll().await;
    }
    assert!(notices().is_empty(), "once an episode");

    // A success ends the episode (silently for the user); the next starts from it.
    f.run_job(0).await;
    let succeeded = f.clock.now();
    // (The admins' "no success" alert, open since a day without one, ends too.)
    assert_eq!(
        f.poll().await.resolved,
        vec![
            AlertKey::NoSuccess,
            AlertKey::UserNotBackedUp {
                destination: DRIVE,
                user: USER
            }
        ]
    );
    assert!(notices().is_empty());
    f.clock.advance(TimeDelta::days(3));
    f.poll().await;
    assert_eq!(
        notices(),
        vec![(USER, Notice::NotBackedUp { since: succeeded })]
    );
    f.poll().await;
    assert!(notices().is_empty());
    let _: DateTime<Utc> = succeeded;
}
