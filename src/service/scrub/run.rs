//! The scrub's loop inside `serve`: a step, then a wait that spreads the period over the
//! backups. Of all the instances sharing a store, the one holding the scrub's lease steps;
//! the others look again every minute and take over once its lease ends. The lease is renewed
//! at every step for as long as the wait before the next one, and released on shutdown.

use std::{sync::Arc, time::Duration};

use tokio::sync::watch;

use super::{ScrubService, Scrubbed};
use crate::{
    service::{Clock, leased::Leased},
    storage::{Hold, InstanceLeases},
};

/// The lease's name in the store.
pub const SCRUB: &str = "backup-scrub";

/// How often an instance that does not scrub asks for the lease at most.
const STANDBY_RETRY: Duration = Duration::from_secs(60);
/// How long after a failed step (the store unreachable) the next is tried.
const FAILURE_RETRY: Duration = Duration::from_secs(60);
/// What the lease outlasts the wait before the next step by: time for that step to run.
const LEASE_SLACK: Duration = Duration::from_secs(10 * 60);

pub struct ScrubRunner {
    scrub: Arc<ScrubService>,
    lease: Leased,
}

impl ScrubRunner {
    /// `exclusive`: no other process can use the store (see [`Leased`]).
    pub fn new(
        scrub: Arc<ScrubService>,
        leases: Arc<dyn InstanceLeases>,
        clock: Arc<dyn Clock>,
        exclusive: bool,
    ) -> Self {
        let lease = Leased::new(SCRUB, leases, clock, exclusive);
        Self { scrub, lease }
    }

    /// Scrubs until `stop` turns true, then frees the lease for another instance.
    pub async fn run(self, stop: watch::Receiver<bool>) {
        self.lease.run(stop, || self.turn()).await;
    }

    /// One step if this instance holds the lease; answers how long to wait for the next.
    async fn turn(&self) -> Duration {
        let interval = match self.scrub.pace().await {
            Ok(interval) => interval,
            Err(error) => {
                tracing::warn!(%error, "scrub: cannot count the stored backups");
                return FAILURE_RETRY;
            }
        };
        match self.lease.hold(interval + LEASE_SLACK).await {
            Ok(Hold::Held) => {}
            Ok(Hold::HeldBy(_)) => return STANDBY_RETRY.min(interval),
            Err(error) => {
                tracing::warn!(%error, "scrub: cannot take its lease");
                return FAILURE_RETRY;
            }
        }
        match self.scrub.step().await {
            Ok(Scrubbed::Idle) => interval,
            Ok(Scrubbed::Intact(record)) => {
                tracing::debug!(user = record.user_id, backup = %record.id, "scrub: backup intact");
                interval
            }
            Ok(Scrubbed::Damaged {
                record,
                damage,
                told,
            }) => {
                tracing::error!(
                    user = record.user_id, backup = %record.id, %damage, told,
                    "scrub: a stored backup is damaged"
                );
                interval
            }
            Ok(Scrubbed::Gone(record)) => {
                tracing::debug!(backup = %record.id, "scrub: backup deleted while checked");
                self.scrub.settings().pause
            }
            Ok(Scrubbed::Failed {
                record,
                error,
                tries,
            }) => {
                tracing::warn!(
                    user = record.user_id, backup = %record.id, %error, tries,
                    "scrub: cannot read a stored backup; trying it again"
                );
                FAILURE_RETRY.max(self.scrub.settings().pause)
            }
            Err(error) => {
                tracing::warn!(%error, "scrub: a step failed");
                FAILURE_RETRY
            }
        }
    }
}
