//! One active poller: Telegram lets one `getUpdates` consumer per bot token, so of all the
//! instances sharing a store only the one holding the poller lease polls; the others stand by
//! and take over when its lease ends.

use std::{sync::Arc, time::Duration};

use chrono::TimeDelta;
use tokio::{sync::watch, time::Instant};

use crate::{
    service::{Clock, scheduler::unique_instance_name},
    storage::{Hold, InstanceLeases, StoreError, StoreResult, hold_lease},
};

/// The lease's name in the store.
pub const POLLER: &str = "telegram-poller";

/// How often a standby asks for the lease at most.
const STANDBY_RETRY: Duration = Duration::from_secs(1);

/// What this instance does about Telegram's updates, for `/readyz`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Another instance polls (or none yet); this one waits to take over.
    Standby,
    /// This instance holds the lease and polls.
    Holder,
}

/// How a holding term ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// The lease could not be renewed before it ends (or another instance has it): stop polling.
    Lost,
    /// This instance is shutting down.
    Stopped,
}

/// This instance's hold on the poller lease.
pub struct PollerLease {
    leases: Arc<dyn InstanceLeases>,
    clock: Arc<dyn Clock>,
    holder: String,
    ttl: Duration,
    /// No other process can use the store (the embedded store's data directory is locked), so a
    /// lease another holder has is a dead process's and need not be waited out.
    exclusive: bool,
    role: watch::Sender<Role>,
}

impl PollerLease {
    /// A lease of `ttl` under a holder name unique to this process.
    pub fn new(
        leases: Arc<dyn InstanceLeases>,
        clock: Arc<dyn Clock>,
        ttl: Duration,
        exclusive: bool,
    ) -> Self {
        Self {
            leases,
            clock,
            holder: unique_instance_name(),
            ttl,
            exclusive,
            role: watch::Sender::new(Role::Standby),
        }
    }

    /// This instance's role, as it changes.
    pub fn role(&self) -> watch::Receiver<Role> {
        self.role.subscribe()
    }

    /// Renewed this often, so that one failed renewal still leaves time to retry and to stop.
    fn renew_every(&self) -> Duration {
        self.ttl / 3
    }

    /// Waits as a standby until this instance holds the lease, trying every second (or third of
    /// it, when shorter) so that a lease released on shutdown is taken over at once; answers until when it holds (by this process's clock), or `None` once `stop` turns true.
    pub async fn acquire(&self, stop: &mut watch::Receiver<bool>) -> Option<Instant> {
        let mut told = false;
        loop {
            if *stop.borrow() {
                return None;
            }
            let started = Instant::now();
            match tokio::time::timeout(self.renew_every(), self.try_hold()).await {
                Ok(Ok(Hold::Held)) => {
                    tracing::info!(holder = %self.holder, "took the poller lease: this instance polls Telegram");
                    self.role.send_replace(Role::Holder);
                    return Some(started + self.ttl);
                }
                Ok(Ok(Hold::HeldBy(other))) if !told => {
                    tracing::info!(holder = %other, "standing by: another instance polls Telegram");
                    told = true;
                }
                Ok(Ok(Hold::HeldBy(_))) => {}
                Ok(Err(error)) => tracing::warn!(%error, "cannot take the poller lease"),
                Err(_) => tracing::warn!("taking the poller lease timed out"),
            }
            if stopping_within(stop, self.renew_every().min(STANDBY_RETRY)).await {
                return None;
            }
        }
    }

    /// Renews the lease every third of it while this instance polls. Answers `Stopped` once
    /// `stop` turns true, or `Lost` when a renewal did not succeed a third of the lease before
    /// its end (that third is left for polling to stop before another instance may start).
    pub async fn keep(&self, mut valid_until: Instant, stop: &mut watch::Receiver<bool>) -> Kept {
        let every = self.renew_every();
        loop {
            if stopping_within(stop, every).await {
                return Kept::Stopped;
            }
            match self.renew(valid_until, stop).await {
                Renewed::Until(until) => valid_until = until,
                Renewed::Stopped => return Kept::Stopped,
                Renewed::Lost if self.exclusive => {
                    // No other process can open this store, so none can poll: polling on keeps
                    // users answered (if only with "something went wrong") while it fails.
                    tracing::warn!(
                        "cannot renew the poller lease; polling on, as no other process can use this store"
                    );
                    valid_until = Instant::now() + self.ttl;
                }
                Renewed::Lost => {
                    tracing::warn!(
                        "stopped polling Telegram: the poller lease could not be renewed"
                    );
                    self.role.send_replace(Role::Standby);
                    return Kept::Lost;
                }
            }
        }
    }

    /// Tries to renew until it succeeds, or until a third of the lease is left.
    async fn renew(&self, valid_until: Instant, stop: &mut watch::Receiver<bool>) -> Renewed {
        let Some(deadline) = valid_until.checked_sub(self.renew_every()) else {
            return Renewed::Lost;
        };
        let pause = (self.renew_every() / 4).min(Duration::from_secs(1));
        loop {
            let started = Instant::now();
            if started >= deadline {
                return Renewed::Lost;
            }
            match tokio::time::timeout(deadline - started, self.try_hold()).await {
                Ok(Ok(Hold::Held)) => return Renewed::Until(started + self.ttl),
                Ok(Ok(Hold::HeldBy(other))) => {
                    tracing::warn!(holder = %other, "another instance took the poller lease");
                    return Renewed::Lost;
                }
                Ok(Err(error)) => tracing::warn!(%error, "cannot renew the poller lease"),
                Err(_) => tracing::warn!("renewing the poller lease timed out"),
            }
            if stopping_within(stop, pause).await {
                return Renewed::Stopped;
            }
        }
    }

    /// Frees the lease (polling has stopped), so a standby takes over at once.
    pub async fn release(&self) {
        self.role.send_replace(Role::Standby);
        match self.leases.release(POLLER, &self.holder).await {
            Ok(true) => tracing::info!("released the poller lease"),
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "cannot release the poller lease"),
        }
    }

    async fn try_hold(&self) -> StoreResult<Hold> {
        let ttl = TimeDelta::from_std(self.ttl)
            .map_err(|_| StoreError::Unrepresentable("the poller lease is too long"))?;
        let now = self.clock.now();
        hold_lease(
            &*self.leases,
            POLLER,
            &self.holder,
            ttl,
            now,
            self.exclusive,
        )
        .await
    }
}

enum Renewed {
    Until(Instant),
    Lost,
    Stopped,
}

/// Waits `wait` unless `stop` turns true (or its sender goes) first; answers whether to stop.
async fn stopping_within(stop: &mut watch::Receiver<bool>, wait: Duration) -> bool {
    tokio::time::timeout(wait, stop.wait_for(|stop| *stop))
        .await
        .is_ok()
}

#[cfg(test)]
mod tests {
    use std::{collections::VecDeque, sync::Mutex};

    use async_trait::async_trait;
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::{service::SystemClock, storage::sqlite::Sqlite};

    const TTL: Duration = Duration::from_millis(600);

    /// Answers `try_hold` from a script (then its last answer again); an `Err` is a store that
    /// cannot be reached.
    struct Scripted(Mutex<VecDeque<Result<Hold, ()>>>);

    impl Scripted {
        fn new(answers: impl IntoIterator<Item = Result<Hold, ()>>) -> Arc<Self> {
            Arc::new(Self(Mutex::new(answers.into_iter().collect())))
        }
    }

    #[async_trait]
    impl InstanceLeases for Scripted {
        async fn try_hold(
            &self,
            _: &str,
            _: &str,
            _: TimeDelta,
            _: DateTime<Utc>,
        ) -> StoreResult<Hold> {
            let mut answers = self.0.lock().unwrap();
            let answer = if answers.len() > 1 {
                answers.pop_front()
            } else {
                answers.front().cloned()
            };
            answer
                .expect("a scripted answer")
                .map_err(|()| StoreError::Unrepresentable("unreachable"))
        }

        async fn release(&self, _: &str, _: &str) -> StoreResult<bool> {
            Ok(false)
        }
    }

    fn lease(leases: Arc<dyn InstanceLeases>, exclusive: bool) -> PollerLease {
        PollerLease::new(leases, Arc::new(SystemClock), TTL, exclusive)
    }

    #[tokio::test]
    async fn a_standby_asks_again_until_the_lease_is_free_then_holds() {
        let other = || Ok(Hold::HeldBy("other".to_owned()));
        let lease = lease(Scripted::new([other(), other(), Ok(Hold::Held)]), false);
        let role = lease.role();
        let (_stop_tx, mut stop) = watch::channel(false);
        assert_eq!(*role.borrow(), Role::Standby);

        assert!(lease.acquire(&mut stop).await.is_some());
        assert_eq!(*role.borrow(), Role::Holder);
    }

    #[tokio::test]
    async fn a_holder_that_cannot_renew_stops_before_its_lease_ends() {
        let lease = lease(Scripted::new([Ok(Hold::Held), Err(())]), false);
        let role = lease.role();
        let (_stop_tx, mut stop) = watch::channel(false);
        let valid_until = lease.acquire(&mut stop).await.unwrap();

        assert_eq!(lease.keep(valid_until, &mut stop).await, Kept::Lost);
        assert!(
            Instant::now() < valid_until,
            "it gave up while its lease still stood, so polling stops before another may start"
        );
        assert_eq!(*role.borrow(), Role::Standby);
    }

    #[tokio::test]
    async fn a_holder_of_a_store_no_other_process_can_open_polls_on_when_it_cannot_renew() {
        let lease = lease(Scripted::new([Ok(Hold::Held), Err(())]), true);
        let (stop_tx, mut stop) = watch::channel(false);
        let valid_until = lease.acquire(&mut stop).await.unwrap();
        let keeping = lease.keep(valid_until, &mut stop);
        let stopping = async {
            tokio::time::sleep_until(valid_until + TTL).await;
            stop_tx.send_replace(true);
        };
        let (kept, ()) = tokio::join!(keeping, stopping);
        assert_eq!(kept, Kept::Stopped, "it never gave up");
        assert_eq!(*lease.role().borrow(), Role::Holder);
    }

    #[tokio::test]
    async fn a_holder_whose_lease_another_took_stops_at_once() {
        let taken = Scripted::new([Ok(Hold::Held), Ok(Hold::HeldBy("other".to_owned()))]);
        let lease = lease(taken, false);
        let (_stop_tx, mut stop) = watch::channel(false);
        let valid_until = lease.acquire(&mut stop).await.unwrap();
        assert_eq!(lease.keep(valid_until, &mut stop).await, Kept::Lost);
    }

    #[tokio::test]
    async fn a_renewed_lease_is_kept_until_the_instance_stops() {
        let lease = lease(Scripted::new([Ok(Hold::Held)]), false);
        let (stop_tx, mut stop) = watch::channel(false);
        let valid_until = lease.acquire(&mut stop).await.unwrap();
        let keeping = lease.keep(valid_until, &mut stop);
        let stopping = async {
            // Past the first lease's end: it stood only because it was renewed.
            tokio::time::sleep_until(valid_until + TTL).await;
            stop_tx.send_replace(true);
        };
        let (kept, ()) = tokio::join!(keeping, stopping);
        assert_eq!(kept, Kept::Stopped);
        assert_eq!(*lease.role().borrow(), Role::Holder);
    }

    #[tokio::test]
    async fn on_a_store_no_other_process_can_open_a_lease_left_by_a_dead_one_is_taken_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn InstanceLeases> =
            Arc::new(Sqlite::open(dir.path()).await.unwrap().leases());
        let long = TimeDelta::hours(1);
        store
            .try_hold(POLLER, "dead", long, Utc::now())
            .await
            .unwrap();
        let (_stop_tx, mut stop) = watch::channel(false);

        let shared = lease(store.clone(), false);
        assert_eq!(
            shared.try_hold().await.unwrap(),
            Hold::HeldBy("dead".to_owned()),
            "another instance may still be alive: wait"
        );
        let exclusive = lease(store.clone(), true);
        assert!(exclusive.acquire(&mut stop).await.is_some());
        assert_eq!(
            store
                .try_hold(POLLER, "dead", long, Utc::now())
                .await
                .unwrap(),
            Hold::HeldBy(exclusive.holder.clone())
        );
    }
}
