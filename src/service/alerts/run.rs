//! The alerts' loop inside `serve`: a poll every `alerts.every` by the instance holding the
//! `admin-alerts` lease (the others look again each period and take over once it ends), so two
//! instances never judge and tell at once. The lease is renewed at every poll for a period and
//! a margin, and released on shutdown.

use std::{sync::Arc, time::Duration};

use tokio::sync::watch;

use super::AlertService;
use crate::{
    service::{Clock, leased::Leased},
    storage::{Hold, InstanceLeases},
};

/// The lease's name in the store.
pub const ALERTS: &str = "admin-alerts";

/// What the lease outlasts the period by: time for one poll to tell everyone.
const LEASE_SLACK: Duration = Duration::from_secs(60);

pub struct AlertRunner {
    alerts: Arc<AlertService>,
    lease: Leased,
}

impl AlertRunner {
    /// `exclusive`: no other process can use the store (see [`Leased`]).
    pub fn new(
        alerts: Arc<AlertService>,
        leases: Arc<dyn InstanceLeases>,
        clock: Arc<dyn Clock>,
        exclusive: bool,
    ) -> Self {
        let lease = Leased::new(ALERTS, leases, clock, exclusive);
        Self { alerts, lease }
    }

    /// Polls until `stop` turns true, then frees the lease for another instance.
    pub async fn run(self, stop: watch::Receiver<bool>) {
        self.lease.run(stop, || self.turn()).await;
    }

    /// One poll if this instance holds (or takes) the lease; answers the wait for the next.
    async fn turn(&self) -> Duration {
        let every = self.alerts.settings().every;
        match self.lease.hold(every + LEASE_SLACK).await {
            Ok(Hold::Held) => {}
            Ok(Hold::HeldBy(_)) => return every,
            Err(error) => {
                tracing::warn!(%error, "alerts: cannot take their lease");
                return every;
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
        every
    }
}
