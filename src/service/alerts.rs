//! Operators' alerts and users' "not backed up" notices. Every `every`, the instance holding
//! the `admin-alerts` lease reads a snapshot of the store, asks the pure rule
//! ([`alert::evaluate`]) which alerts should be open, and compares that with the open alerts
//! the store keeps: an alert that opened is told (to every admin, or to its user), one that
//! cleared is told resolved (admins only), and the store is updated. Keeping the open set in
//! the store, not in memory, is what makes each told once: not again on the next poll, after a
//! restart, or by another instance that takes the lease over.

mod run;

use std::{collections::HashSet, sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};

pub use run::AlertRunner;

use super::{
    Clock,
    copies::{Notice, Notifier},
};
use crate::{
    domain::{
        UserId,
        alert::{self, Alert, AlertKey, AlertRules, OpenAlert, Snapshot},
    },
    storage::{AlertStore, BackupStore, JobStore, StoreResult},
};

/// A dump is missing once none was made for its period and this long: time for a dump of a
/// large store to be written and checked.
pub const DUMP_GRACE: TimeDelta = TimeDelta::hours(1);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertSettings {
    /// How often the conditions are judged.
    pub every: Duration,
    /// Who is told; no admins, no operators' alerts (the users' notices still go).
    pub admins: Vec<UserId>,
    pub failures: u32,
    pub no_success_after: Duration,
    pub store_full_percent: u8,
    pub user_notice_after: Duration,
}

impl AlertSettings {
    fn rules(&self) -> AlertRules {
        let delta = |duration| TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX);
        AlertRules {
            admins: !self.admins.is_empty(),
            failures: self.failures,
            no_success_after: delta(self.no_success_after),
            dump_grace: DUMP_GRACE,
            store_full_percent: self.store_full_percent,
            user_notice_after: delta(self.user_notice_after),
        }
    }
}

/// What an admin is told.
#[derive(Clone, Debug, PartialEq)]
pub enum AdminMessage {
    Opened(Alert),
    /// The condition of the alert open since `since` no longer holds.
    Resolved {
        key: AlertKey,
        since: DateTime<Utc>,
    },
}

/// Tells one admin, outside any conversation, about an alert; answers why it could not.
#[async_trait]
pub trait AdminNotifier: Send + Sync {
    async fn tell_admin(&self, admin: UserId, message: &AdminMessage) -> Result<(), String>;
}

/// What one poll did: the keys told opened and told resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Polled {
    pub opened: Vec<AlertKey>,
    pub resolved: Vec<AlertKey>,
}

pub struct AlertService {
    jobs: Arc<dyn JobStore>,
    backups: Arc<dyn BackupStore>,
    store: Arc<dyn AlertStore>,
    admins: Arc<dyn AdminNotifier>,
    users: Arc<dyn Notifier>,
    clock: Arc<dyn Clock>,
    settings: AlertSettings,
}

impl AlertService {
    pub fn new(
        jobs: Arc<dyn JobStore>,
        backups: Arc<dyn BackupStore>,
        store: Arc<dyn AlertStore>,
        admins: Arc<dyn AdminNotifier>,
        users: Arc<dyn Notifier>,
        clock: Arc<dyn Clock>,
        settings: AlertSettings,
    ) -> Self {
        Self {
            jobs,
            backups,
            store,
            admins,
            users,
            clock,
            settings,
        }
    }

    pub fn settings(&self) -> &AlertSettings {
        &self.settings
    }

    /// Judges the conditions now, tells what opened and what cleared, and records it.
    ///
    /// Told first, recorded after: a crash in between tells it again after the restart rather
    /// than never (recording first would lose it for good). An alert is recorded once at least
    /// one admin was told; an admin whose message failed is not tried again for it (that needs
    /// a record per admin, and one who blocked the bot would be tried forever). When no admin
    /// could be told, nothing is recorded, so the next poll tries them all again.
    pub async fn poll(&self) -> StoreResult<Polled> {
        let now = self.clock.now();
        let rules = self.settings.rules();
        let snapshot = self.snapshot(rules.admins).await?;
        let wanted = alert::evaluate(&snapshot, &rules, now);
        let open = self.store.open_alerts().await?;
        let open_keys: HashSet<&AlertKey> = open.iter().map(|alert| &alert.key).collect();
        let wanted_keys: HashSet<AlertKey> = wanted.iter().map(Alert::key).collect();
        let mut polled = Polled::default();
        for alert in wanted.iter().filter(|a| !open_keys.contains(&a.key())) {
            let key = alert.key();
            if self.tell_opened(alert).await {
                self.store
                    .open(&OpenAlert {
                        key: key.clone(),
                        since: now,
                    })
                    .await?;
                polled.opened.push(key);
            }
        }
        for alert in open.iter().filter(|a| !wanted_keys.contains(&a.key)) {
            if self.tell_resolved(alert).await {
                self.store.close(&alert.key).await?;
                polled.resolved.push(alert.key.clone());
            }
        }
        Ok(polled)
    }

    /// What the rule looks at; what only operators are told of is read only when there are
    /// admins. A disk the store fails to measure counts as not measured.
    async fn snapshot(&self, admins: bool) -> StoreResult<Snapshot> {
        let scheduled = self.jobs.scheduled().await?;
        if !admins {
            return Ok(Snapshot {
                scheduled,
                ..Snapshot::default()
            });
        }
        let fullness = self.store.fullness().await.unwrap_or_else(|error| {
            tracing::warn!(%error, "alerts: cannot measure the store's disk");
            None
        });
        Ok(Snapshot {
            scheduled,
            damaged: self.backups.damaged().await?,
            dumps: self.store.dump_log().await?,
            fullness,
        })
    }

    /// Whether it was told to anyone.
    async fn tell_opened(&self, alert: &Alert) -> bool {
        match alert {
            Alert::UserNotBackedUp {
                destination,
                user,
                since,
            } => {
                // The notifier logs a failure itself; the user is not told twice either way.
                let notice = Notice::NotBackedUp { since: *since };
                self.users.notify(*user, destination, notice).await;
                true
            }
            alert => self.tell_admins(&AdminMessage::Opened(alert.clone())).await,
        }
    }

    /// Whether it may be closed: a user's notice closes silently (the user sees their next
    /// backup succeed), an admins' alert once one of them was told (or there is none).
    async fn tell_resolved(&self, alert: &OpenAlert) -> bool {
        if !alert.key.for_admins() || self.settings.admins.is_empty() {
            return true;
        }
        let message = AdminMessage::Resolved {
            key: alert.key.clone(),
            since: alert.since,
        };
        self.tell_admins(&message).await
    }

    /// Tells every admin, each whatever the others' answers; whether at least one was told.
    async fn tell_admins(&self, message: &AdminMessage) -> bool {
        let mut told = false;
        for &admin in &self.settings.admins {
            match self.admins.tell_admin(admin, message).await {
                Ok(()) => told = true,
                Err(error) => tracing::warn!(admin, %error, "alerts: cannot tell an admin"),
            }
        }
        told
    }
}
