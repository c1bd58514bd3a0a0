//! The task store on both backends: claimers and enqueuers racing, one winner each time; an
//! expired lease taken over and the old owner shut out; one active task per user; cancel only
//! by the task's user; the hourly count; release on shutdown and the purge of ended tasks.

mod support;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::{
    domain::{
        DestinationId, Id, Locale, Task, TaskKind, TaskState,
        restore::{Choice, Decisions},
        task::{CancelRequest, Enqueued},
    },
    storage::TaskStore,
};
use futures::future::join_all;
use support::stores::{TestStore, contract};

contract!(
    a_task_reads_back_as_it_was_queued,
    the_oldest_queued_task_is_claimed_first_and_leased,
    of_claimers_racing_for_one_queued_task_exactly_one_wins,
    a_user_has_one_active_task_and_a_second_is_answered_with_it,
    of_enqueues_racing_for_one_user_exactly_one_is_queued,
    an_expired_lease_is_taken_over_and_the_old_owner_is_shut_out,
    of_instances_racing_to_take_over_one_task_exactly_one_wins,
    only_the_tasks_user_can_cancel_it,
    the_hourly_count_reads_the_users_own_tasks_since_a_time,
    release_ends_only_that_owners_leases_and_the_purge_only_ended_tasks,
);

const ALICE: i64 = 1;
const BOB: i64 = 2;
const CAROL: i64 = 3;

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0).unwrap() + Duration::minutes(minute)
}

fn task(user: i64, minute: i64) -> Task {
    Task::queued(
        user,
        user,
        100,
        Locale::He,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
        at(minute),
    )
}

fn store(test: &TestStore) -> Arc<dyn TaskStore> {
    test.tasks.clone()
}

async fn queued(tasks: &dyn TaskStore, task: &Task) {
    assert_eq!(tasks.enqueue(task).await.unwrap(), Enqueued::Queued);
}

async fn a_task_reads_back_as_it_was_queued(test: TestStore) {
    let tasks = store(&test);
    let mut decisions = Decisions::new(vec!["a.py".to_owned(), "b.py".to_owned()]);
    decisions.record(Choice::KeepBoth, true);
    let restore = TaskKind::RestoreApply {
        backup: Id::generate(),
        decisions,
    };
    let mut task = Task::queued(ALICE, -5, 77, Locale::Ru, restore, at(0));
    task.cancel_requested = false;
    queued(tasks.as_ref(), &task).await;
    assert_eq!(tasks.active(ALICE).await.unwrap(), Some(task.clone()));
    assert_eq!(tasks.active(BOB).await.unwrap(), None);
    let upload = TaskKind::Upload {
        destination: DestinationId::DRIVE,
        backup: Id::generate(),
    };
    let other = Task::queued(BOB, BOB, 1, Locale::En, upload, at(1));
    queued(tasks.as_ref(), &other).await;
    assert_eq!(tasks.active(BOB).await.unwrap(), Some(other));
    // 📥 Restore from Drive: the copy's id and name there go with the task.
    let fetch = TaskKind::FetchCopy {
        destination: DestinationId::DRIVE,
        remote_id: "1Zx9_Y-abcdefghijklmnopqrstuvwxyz0".to_owned(),
        name: "codevault-2026-11-30-1703-01234567.zip".to_owned(),
    };
    let third = Task::queued(CAROL, CAROL, 2, Locale::He, fetch, at(2));
    queued(tasks.as_ref(), &third).await;
    assert_eq!(tasks.active(CAROL).await.unwrap(), Some(third));
}

async fn the_oldest_queued_task_is_claimed_first_and_leased(test: TestStore) {
    let tasks = store(&test);
    // Queued out of order: the claim goes by creation time.
    let (newest, oldest, middle) = (task(3, 3), task(1, 1), task(2, 2));
    for task in [&newest, &oldest, &middle] {
        queued(tasks.as_ref(), task).await;
    }
    let lease = Duration::minutes(1);
    let mut claimed = Vec::new();
    while let Some(task) = tasks.claim("a", at(10), lease).await.unwrap() {
        assert_eq!(task.state, TaskState::Running);
        assert_eq!(task.lease_owner.as_deref(), Some("a"));
        assert_eq!(task.lease_until, Some(at(11)));
        assert_eq!(task.attempts, 1);
        claimed.push(task.id);
    }
    assert_eq!(claimed, [oldest.id, middle.id, newest.id]);
    // Running tasks whose leases hold are not claimed, nor taken over.
    assert_eq!(tasks.take_over("b", at(10), lease).await.unwrap(), None);
}

async fn of_claimers_racing_for_one_queued_task_exactly_one_wins(test: TestStore) {
    let tasks = store(&test);
    for round in 0..5 {
        queued(tasks.as_ref(), &task(100 + round, round)).await;
        let claims = (0..6).map(|claimer| {
            let tasks = tasks.clone();
            async move {
                let owner = format!("claimer-{claimer}");
                tasks.claim(&owner, at(10), Duration::minutes(1)).await
            }
        });
        let won: Vec<Task> = join_all(claims)
            .await
            .into_iter()
            .filter_map(|claimed| claimed.unwrap())
            .collect();
        assert_eq!(won.len(), 1, "round {round}: {won:?}");
        assert_eq!(won[0].user, 100 + round);
    }
}

async fn a_user_has_one_active_task_and_a_second_is_answered_with_it(test: TestStore) {
    let tasks = store(&test);
    let first = task(ALICE, 0);
    queued(tasks.as_ref(), &first).await;
    let second = task(ALICE, 1);
    assert_eq!(
        tasks.enqueue(&second).await.unwrap(),
        Enqueued::Busy(first.clone())
    );
    // Another user is not held up.
    queued(tasks.as_ref(), &task(BOB, 1)).await;
    // Running, it is still the active one.
    let running = tasks.claim("a", at(2), Duration::minutes(1)).await;
    let running = running.unwrap().unwrap();
    assert_eq!(running.id, first.id);
    let Enqueued::Busy(busy) = tasks.enqueue(&second).await.unwrap() else {
        panic!("queued beside a running task");
    };
    assert_eq!(
        (busy.id, busy.state),
        (first.id.clone(), TaskState::Running)
    );
    // Once it ended, the next one goes in.
    let ended = tasks.finish(&first.id, "a", TaskState::Done, at(3)).await;
    assert!(ended.unwrap());
    assert_eq!(tasks.active(ALICE).await.unwrap(), None);
    queued(tasks.as_ref(), &second).await;
    assert_eq!(tasks.active(ALICE).await.unwrap().unwrap().id, second.id);
}

async fn of_enqueues_racing_for_one_user_exactly_one_is_queued(test: TestStore) {
    let tasks = store(&test);
    let candidates: Vec<Task> = (0..6).map(|minute| task(ALICE, minute)).collect();
    let enqueues = candidates.iter().map(|task| {
        let tasks = tasks.clone();
        async move { tasks.enqueue(task).await.unwrap() }
    });
    let answers = join_all(enqueues).await;
    let queued = answers
        .iter()
        .filter(|answer| **answer == Enqueued::Queued)
        .count();
    assert_eq!(queued, 1, "{answers:?}");
    let active = tasks.active(ALICE).await.unwrap().unwrap();
    for answer in answers {
        if let Enqueued::Busy(busy) = answer {
            assert_eq!(busy.id, active.id);
        }
    }
}

async fn an_expired_lease_is_taken_over_and_the_old_owner_is_shut_out(test: TestStore) {
    let tasks = store(&test);
    let lease = Duration::minutes(1);
    queued(tasks.as_ref(), &task(ALICE, 0)).await;
    let old = tasks.claim("old", at(0), lease).await.unwrap().unwrap();
    assert_eq!(
        tasks.renew(&old.id, "old", at(1)).await.unwrap(),
        Some(false)
    );
    // The lease now ends at minute 1: not before.
    let early = at(1) - Duration::milliseconds(1);
    assert_eq!(tasks.take_over("new", early, lease).await.unwrap(), None);

    let new = tasks.take_over("new", at(1), lease).await.unwrap().unwrap();
    assert_eq!(new.id, old.id);
    assert_eq!(new.lease_owner.as_deref(), Some("new"));
    assert_eq!(new.lease_until, Some(at(2)));
    assert_eq!(
        new.attempts, 2,
        "claimed twice: the first run was cut short"
    );
    assert_eq!(tasks.renew(&old.id, "old", at(5)).await.unwrap(), None);
    let late = tasks.finish(&old.id, "old", TaskState::Done, at(1)).await;
    assert!(!late.unwrap(), "the old owner cannot end it");
    assert_eq!(
        tasks
            .active(ALICE)
            .await
            .unwrap()
            .unwrap()
            .lease_owner
            .as_deref(),
        Some("new")
    );

    assert_eq!(
        tasks.renew(&new.id, "new", at(3)).await.unwrap(),
        Some(false)
    );
    let ended = tasks
        .finish(&new.id, "new", TaskState::Interrupted, at(2))
        .await;
    assert!(ended.unwrap());
    assert_eq!(tasks.active(ALICE).await.unwrap(), None);
    assert_eq!(tasks.take_over("other", at(60), lease).await.unwrap(), None);
    // A task ends in a final state only.
    assert!(
        tasks
            .finish(&new.id, "new", TaskState::Queued, at(3))
            .await
            .is_err()
    );
}

async fn of_instances_racing_to_take_over_one_task_exactly_one_wins(test: TestStore) {
    let tasks = store(&test);
    queued(tasks.as_ref(), &task(ALICE, 0)).await;
    let dead = tasks.claim("dead", at(0), Duration::minutes(1)).await;
    let dead = dead.unwrap().unwrap();
    let takeovers = (0..6).map(|instance| {
        let tasks = tasks.clone();
        async move {
            let owner = format!("instance-{instance}");
            tasks.take_over(&owner, at(5), Duration::minutes(1)).await
        }
    });
    let won: Vec<Task> = join_all(takeovers)
        .await
        .into_iter()
        .filter_map(|taken| taken.unwrap())
        .collect();
    assert_eq!(won.len(), 1, "{won:?}");
    assert_eq!(won[0].id, dead.id);
}

async fn only_the_tasks_user_can_cancel_it(test: TestStore) {
    let tasks = store(&test);
    let alices = task(ALICE, 0);
    queued(tasks.as_ref(), &alices).await;
    // Bob, with Alice's id; Alice, with an id that is no task.
    assert_eq!(
        tasks.request_cancel(BOB, &alices.id, at(1)).await.unwrap(),
        CancelRequest::NotFound
    );
    assert_eq!(
        tasks
            .request_cancel(ALICE, &Id::generate(), at(1))
            .await
            .unwrap(),
        CancelRequest::NotFound
    );
    assert_eq!(tasks.active(ALICE).await.unwrap(), Some(alices.clone()));

    // Queued: it ends at once, and nobody claims it.
    let CancelRequest::Cancelled(cancelled) = tasks
        .request_cancel(ALICE, &alices.id, at(1))
        .await
        .unwrap()
    else {
        panic!("not cancelled");
    };
    assert_eq!(cancelled.state, TaskState::Cancelled);
    assert!(cancelled.cancel_requested);
    assert_eq!(tasks.active(ALICE).await.unwrap(), None);
    assert_eq!(
        tasks.claim("a", at(2), Duration::minutes(1)).await.unwrap(),
        None
    );
    assert_eq!(
        tasks
            .request_cancel(ALICE, &alices.id, at(2))
            .await
            .unwrap(),
        CancelRequest::NotFound,
        "an ended task is not touched again"
    );

    // Running: its instance learns it when it renews, and ends it.
    let next = task(ALICE, 3);
    queued(tasks.as_ref(), &next).await;
    let running = tasks.claim("a", at(3), Duration::minutes(1)).await;
    let running = running.unwrap().unwrap();
    assert_eq!(
        tasks.request_cancel(BOB, &running.id, at(4)).await.unwrap(),
        CancelRequest::NotFound
    );
    assert_eq!(
        tasks.renew(&running.id, "a", at(5)).await.unwrap(),
        Some(false)
    );
    let CancelRequest::Stopping(stopping) = tasks
        .request_cancel(ALICE, &running.id, at(4))
        .await
        .unwrap()
    else {
        panic!("not stopping");
    };
    assert_eq!(
        (stopping.state, stopping.cancel_requested),
        (TaskState::Running, true)
    );
    assert_eq!(
        tasks.renew(&running.id, "a", at(5)).await.unwrap(),
        Some(true)
    );
    let ended = tasks
        .finish(&running.id, "a", TaskState::Cancelled, at(5))
        .await;
    assert!(ended.unwrap());
    assert_eq!(tasks.active(ALICE).await.unwrap(), None);
}

async fn the_hourly_count_reads_the_users_own_tasks_since_a_time(test: TestStore) {
    let tasks = store(&test);
    let lease = Duration::minutes(1);
    // Each ends before the next starts; whatever the end, a task counts.
    for (minute, end) in [
        (0, TaskState::Done),
        (10, TaskState::Failed),
        (50, TaskState::Cancelled),
    ] {
        let started = task(ALICE, minute);
        queued(tasks.as_ref(), &started).await;
        let claimed = tasks.claim("a", at(minute), lease).await.unwrap().unwrap();
        assert!(
            tasks
                .finish(&claimed.id, "a", end, at(minute))
                .await
                .unwrap()
        );
    }
    queued(tasks.as_ref(), &task(ALICE, 55)).await;
    queued(tasks.as_ref(), &task(BOB, 20)).await;
    assert_eq!(
        tasks.created_since(ALICE, at(5)).await.unwrap(),
        [at(10), at(50), at(55)]
    );
    assert_eq!(
        tasks.created_since(ALICE, at(10)).await.unwrap(),
        [at(10), at(50), at(55)],
        "from the time itself"
    );
    assert_eq!(tasks.created_since(BOB, at(0)).await.unwrap(), [at(20)]);
    assert!(tasks.created_since(3, at(0)).await.unwrap().is_empty());
}

async fn release_ends_only_that_owners_leases_and_the_purge_only_ended_tasks(test: TestStore) {
    let tasks = store(&test);
    let lease = Duration::minutes(30);
    for user in [1, 2, 3] {
        queued(tasks.as_ref(), &task(user, user)).await;
    }
    let a = tasks.claim("a", at(5), lease).await.unwrap().unwrap();
    let b = tasks.claim("b", at(5), lease).await.unwrap().unwrap();
    assert_eq!(tasks.release_all("a", at(6)).await.unwrap(), 1);
    // a's task is free for another instance at once; b's holds.
    let taken = tasks.take_over("c", at(6), lease).await.unwrap().unwrap();
    assert_eq!(taken.id, a.id);
    assert_eq!(tasks.take_over("c", at(6), lease).await.unwrap(), None);
    assert_eq!(tasks.renew(&b.id, "b", at(40)).await.unwrap(), Some(false));

    assert!(
        tasks
            .finish(&taken.id, "c", TaskState::Done, at(7))
            .await
            .unwrap()
    );
    // Only the ended task created before the time goes; queued and running ones stay.
    assert_eq!(tasks.purge_finished(at(1)).await.unwrap(), 0);
    assert_eq!(tasks.purge_finished(at(60)).await.unwrap(), 1);
    assert!(tasks.created_since(1, at(0)).await.unwrap().is_empty());
    assert!(tasks.active(2).await.unwrap().is_some());
    assert!(tasks.active(3).await.unwrap().is_some());
}
