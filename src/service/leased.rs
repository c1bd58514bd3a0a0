//! Background work that one instance of several sharing a store does at a time: each turn
//! runs only while this instance holds the named lease (taking it over once another holder's
//! lease ends), and the lease is released on shutdown for another instance to take at once.

use std::{future::Future, sync::Arc, time::Duration};

use chrono::TimeDelta;
use tokio::sync::watch;

use super::{Clock, scheduler::unique_instance_name};
use crate::storage::{Hold, InstanceLeases, StoreError, StoreResult, hold_lease};

pub(crate) struct Leased {
    /// The lease's name in the store.
    name: &'static str,
    leases: Arc<dyn InstanceLeases>,
    clock: Arc<dyn Clock>,
    holder: String,
    /// No other process can use the store (the embedded store's data directory is locked):
    /// a lease another holder has is a dead process's and need not be waited out.
    exclusive: bool,
}

impl Leased {
    pub(crate) fn new(
        name: &'static str,
        leases: Arc<dyn InstanceLeases>,
        clock: Arc<dyn Clock>,
        exclusive: bool,
    ) -> Self {
        Self {
            name,
            leases,
            clock,
            holder: unique_instance_name(),
            exclusive,
        }
    }

    /// Takes or renews the lease for `ttl`.
    pub(crate) async fn hold(&self, ttl: Duration) -> StoreResult<Hold> {
        let ttl = TimeDelta::from_std(ttl)
            .map_err(|_| StoreError::Unrepresentable("a lease is too long"))?;
        let now = self.clock.now();
        let (leases, name) = (&*self.leases, self.name);
        hold_lease(leases, name, &self.holder, ttl, now, self.exclusive).await
    }

    /// Runs `turn` (which holds the lease or not, and answers how long to wait before the
    /// next) until `stop` turns true, then frees the lease.
    pub(crate) async fn run<F, Fut>(&self, mut stop: watch::Receiver<bool>, mut turn: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Duration>,
    {
        loop {
            if *stop.borrow() {
                break;
            }
            let wait = tokio::select! {
                wait = turn() => wait,
                _ = stop.changed() => break,
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = stop.changed() => break,
            }
        }
        if let Err(error) = self.leases.release(self.name, &self.holder).await {
            tracing::warn!(%error, lease = self.name, "cannot release a lease");
        }
    }
}
