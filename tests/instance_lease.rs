//! The instance lease (who polls Telegram) on both stores: one winner of a race, expiry,
//! renewal, and a release only by the holder.

mod support;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use codevault::storage::{Hold, InstanceLeases, sqlite::Sqlite};
use support::db;

const LEASE: &str = "telegram-poller";
const TTL: TimeDelta = TimeDelta::seconds(30);

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap()
}

async fn mongo() -> Arc<dyn InstanceLeases> {
    Arc::new(db::connect(&db::unique_name("lease")).await.leases())
}

async fn sqlite(dir: &tempfile::TempDir) -> Arc<dyn InstanceLeases> {
    Arc::new(Sqlite::open(dir.path()).await.unwrap().leases())
}

/// Both stores, each with the check run on a fresh one.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_mongodb {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::mongo().await).await;
            })*
        }
        mod on_sqlite {
            $(#[tokio::test]
            async fn $name() {
                let dir = tempfile::tempdir().unwrap();
                super::$name(super::sqlite(&dir).await).await;
            })*
        }
    };
}

on_both_stores!(
    of_holders_racing_for_a_free_lease_exactly_one_wins,
    a_held_lease_is_refused_to_others_until_it_ends,
    renewing_extends_the_lease_of_its_holder,
    only_the_holder_releases_and_a_released_lease_is_free_at_once,
);

async fn of_holders_racing_for_a_free_lease_exactly_one_wins(leases: Arc<dyn InstanceLeases>) {
    let racers: Vec<_> = (0..8)
        .map(|n| {
            let leases = leases.clone();
            tokio::spawn(async move {
                let holder = format!("instance-{n}");
                let hold = leases.try_hold(LEASE, &holder, TTL, at(0)).await.unwrap();
                (holder, hold)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for racer in racers {
        outcomes.push(racer.await.unwrap());
    }
    let winners: Vec<_> = outcomes
        .iter()
        .filter(|(_, hold)| *hold == Hold::Held)
        .map(|(holder, _)| holder.clone())
        .collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    let winner = &winners[0];
    for (holder, hold) in &outcomes {
        if holder != winner {
            assert_eq!(*hold, Hold::HeldBy(winner.clone()), "{holder}");
        }
    }
}

async fn a_held_lease_is_refused_to_others_until_it_ends(leases: Arc<dyn InstanceLeases>) {
    assert_eq!(
        leases.try_hold(LEASE, "a", TTL, at(0)).await.unwrap(),
        Hold::Held
    );
    assert_eq!(
        leases.try_hold(LEASE, "b", TTL, at(29)).await.unwrap(),
        Hold::HeldBy("a".to_owned())
    );
    // At the very end it still stands; just after, it is free.
    assert_eq!(
        leases.try_hold(LEASE, "b", TTL, at(30)).await.unwrap(),
        Hold::HeldBy("a".to_owned())
    );
    assert_eq!(
        leases.try_hold(LEASE, "b", TTL, at(31)).await.unwrap(),
        Hold::Held
    );
    assert_eq!(
        leases.try_hold(LEASE, "a", TTL, at(32)).await.unwrap(),
        Hold::HeldBy("b".to_owned()),
        "the old holder lost it"
    );
    // Another lease's name is another lease.
    assert_eq!(
        leases.try_hold("other", "a", TTL, at(32)).await.unwrap(),
        Hold::Held
    );
}

async fn renewing_extends_the_lease_of_its_holder(leases: Arc<dyn InstanceLeases>) {
    assert_eq!(
        leases.try_hold(LEASE, "a", TTL, at(0)).await.unwrap(),
        Hold::Held
    );
    assert_eq!(
        leases.try_hold(LEASE, "a", TTL, at(20)).await.unwrap(),
        Hold::Held
    );
    // Past the first lease's end, inside the renewed one.
    assert_eq!(
        leases.try_hold(LEASE, "b", TTL, at(45)).await.unwrap(),
        Hold::HeldBy("a".to_owned())
    );
    assert_eq!(
        leases.try_hold(LEASE, "b", TTL, at(51)).await.unwrap(),
        Hold::Held
    );
}

async fn only_the_holder_releases_and_a_released_lease_is_free_at_once(
    leases: Arc<dyn InstanceLeases>,
) {
    assert!(!leases.release(LEASE, "a").await.unwrap(), "nothing held");
    assert_eq!(
        leases.try_hold(LEASE, "a", TTL, at(0)).await.unwrap(),
        Hold::Held
    );
    assert!(!leases.release(LEASE, "b").await.unwrap());
    assert_eq!(
        leases.try_hold(LEASE, "b", TTL, at(1)).await.unwrap(),
        Hold::HeldBy("a".to_owned()),
        "a release by another holder changes nothing"
    );
    assert!(leases.release(LEASE, "a").await.unwrap());
    assert_eq!(
        leases.try_hold(LEASE, "b", TTL, at(2)).await.unwrap(),
        Hold::Held,
        "free long before its end"
    );
}
