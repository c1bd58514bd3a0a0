//! The alerts' loop inside `serve`: a poll every `alerts.every` by the instance holding the
//! `admin-alerts` lease (the others look again each period and take over once it ends), so two
//! instances never judge and tell at once. The lease is renewed at every poll for a period and
//! a margin, and released on shutdown.

use std::{sync::Arc, time::Duration};

use chrono::TimeDelta;
use tokio::sync::watch;

use super::AlertService;
use crate::{
    service::{Clock, scheduler::unique_instance_name},
    storage::{Hold, InstanceLeases, hold_lease},
};

/// The lease's name in the store.
pub const ALERTS: &str = "admin-alerts";

/// What the lease outlasts the period by: time for one poll to tell everyone.
const LEASE_SLACK: Duration = Duration::from_secs(60);

pub struct AlertRunner {
    alerts: Arc<AlertService>,
    leases: Arc<dyn InstanceLeases>,
    clock: Arc<dyn Clock>,
    holder: String,
    /// No other process can use the store: a lease another holder has is a dead process's.
    exclusive: bool,
}

impl AlertRunner {
    pub fn new(
        alerts: Arc<AlertService>,
        leases: Arc<dyn InstanceLeases>,
        clock: Arc<dyn Clock>,
        exclusive: bool,
    ) -> Self {
        Self {
            alerts,
            leases,
            clock,
            holder: unique_instance_name(),
            exclusive,
        }
    }

    /// Polls until `stop` turns true, then frees the lease for another instance.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let every = self.alerts.settings().every;
        loop {
            if *stop.borrow() {
                break;
            }
            tokio::select! {
                () = self.turn(every) => {}
                _ = stop.changed() => break,
            }
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                _ = stop.changed() => break,
            }
        }
        if let Err(error) = self.leases.release(ALERTS, &self.holder).await {
            tracing::warn!(%error, "cannot release the alerts' lease");
        }
    }

    /// One poll if this instance holds (or takes) the lease.
    async fn turn(&self, every: Duration) {
        let ttl = TimeDelta::from_std(every + LEASE_SLACK).unwrap_or(TimeDelta::MAX);
        let now = self.clock.now();
        match hold_lease(
            &*self.leases,
            ALERTS,
            &self.holder,
            ttl,
            now,
            self.exclusive,
        )
        .await
        {
            Ok(Hold::Held) => {}
            Ok(Hold::HeldBy(_)) => return,
            Err(error) => {
                tracing::warn!(%error, "alerts: cannot take their lease");
                return;
            }
        }
        match self.alerts.poll().await {
            Ok(polled) => {
                for key in &polled.opened {
                    tracing::warn!(%key, "alert opened");
                }
                for key in &polled.resolved {
                    tracing::info!(%key, "alert resolved");
                }
            }
            Err(error) => tracing::warn!(%error, "alerts: a poll failed"),
        }
    }
}
