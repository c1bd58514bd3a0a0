//! Operators' alerts and users' "not backed up" notices: which should be open now, judged from
//! a snapshot of the store (pure). The service sends what opens and what clears, and keeps the
//! open set in the store, so each is told once when it starts and once when it ends.

use std::{fmt, str::FromStr};

use chrono::{DateTime, TimeDelta, Utc};

use super::{DestinationId, Id, Job, UserId, backup::BackupRecord, schedule::Frequency};

/// What an open alert is about: its key in the store (see `Display` / `FromStr`), so one
/// condition is one record however often it is judged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AlertKey {
    /// A user's scheduled backups to a destination failed `failures` times in a row.
    BackupFailing {
        destination: DestinationId,
        user: UserId,
    },
    /// No scheduled backup of anyone succeeded for a while, while users are scheduled.
    NoSuccess,
    /// The scrub found this stored backup damaged.
    Damaged { user: UserId, backup: Id },
    /// The last scheduled dump failed.
    DumpFailing,
    /// No scheduled dump was made for longer than its period.
    DumpMissing,
    /// The store's disk is nearly full.
    StoreFull,
    /// Not an operator's alert: the user's own notice that their scheduled backups to the
    /// destination have not succeeded for days (told to them, once an episode).
    UserNotBackedUp {
        destination: DestinationId,
        user: UserId,
    },
}

impl AlertKey {
    /// Whether the operators are told (all but the user's own notice).
    pub fn for_admins(&self) -> bool {
        !matches!(self, Self::UserNotBackedUp { .. })
    }
}

impl fmt::Display for AlertKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BackupFailing { destination, user } => {
                write!(f, "backup-failing:{destination}:{user}")
            }
            Self::NoSuccess => f.write_str("no-success"),
            Self::Damaged { user, backup } => write!(f, "damaged:{user}:{backup}"),
            Self::DumpFailing => f.write_str("dump-failing"),
            Self::DumpMissing => f.write_str("dump-missing"),
            Self::StoreFull => f.write_str("store-full"),
            Self::UserNotBackedUp { destination, user } => {
                write!(f, "user-not-backed-up:{destination}:{user}")
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an alert key: {0}")]
pub struct BadAlertKey(String);

impl FromStr for AlertKey {
    type Err = BadAlertKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadAlertKey(text.to_owned());
        let mut parts = text.split(':');
        let key = match (parts.next(), parts.next(), parts.next()) {
            (Some("no-success"), None, None) => Self::NoSuccess,
            (Some("dump-failing"), None, None) => Self::DumpFailing,
            (Some("dump-missing"), None, None) => Self::DumpMissing,
            (Some("store-full"), None, None) => Self::StoreFull,
            (Some("damaged"), Some(user), Some(backup)) => Self::Damaged {
                user: user.parse().map_err(|_| bad())?,
                backup: Id::parse(backup).ok_or_else(bad)?,
            },
            (Some(kind), Some(destination), Some(user)) => {
                let destination =
                    DestinationId::try_from(destination.to_owned()).map_err(|_| bad())?;
                let user = user.parse().map_err(|_| bad())?;
                match kind {
                    "backup-failing" => Self::BackupFailing { destination, user },
                    "user-not-backed-up" => Self::UserNotBackedUp { destination, user },
                    _ => return Err(bad()),
                }
            }
            _ => return Err(bad()),
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(key)
    }
}

/// An alert the store keeps while its condition lasts: told when it opened, so not again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenAlert {
    pub key: AlertKey,
    /// When it was opened (its condition was first seen).
    pub since: DateTime<Utc>,
}

/// A condition that holds now, with what the message about it says.
#[derive(Clone, Debug, PartialEq)]
pub enum Alert {
    BackupFailing {
        destination: DestinationId,
        user: UserId,
        failures: u32,
        last_error: Option<String>,
    },
    NoSuccess {
        /// How many users' backups are scheduled.
        scheduled: usize,
        /// The last success of any of them, if there was one.
        last_success: Option<DateTime<Utc>>,
    },
    Damaged {
        user: UserId,
        backup: Id,
        created_at: DateTime<Utc>,
        damaged_at: DateTime<Utc>,
    },
    DumpFailing {
        failures: u32,
        error: Option<String>,
    },
    DumpMissing {
        last_success: Option<DateTime<Utc>>,
    },
    StoreFull {
        used_percent: u8,
    },
    UserNotBackedUp {
        destination: DestinationId,
        user: UserId,
        /// The later of the last success and when runs were last planned.
        since: DateTime<Utc>,
    },
}

impl Alert {
    pub fn key(&self) -> AlertKey {
        match self {
            Self::BackupFailing {
                destination, user, ..
            } => AlertKey::BackupFailing {
                destination: destination.clone(),
                user: *user,
            },
            Self::NoSuccess { .. } => AlertKey::NoSuccess,
            Self::Damaged { user, backup, .. } => AlertKey::Damaged {
                user: *user,
                backup: backup.clone(),
            },
            Self::DumpFailing { .. } => AlertKey::DumpFailing,
            Self::DumpMissing { .. } => AlertKey::DumpMissing,
            Self::StoreFull { .. } => AlertKey::StoreFull,
            Self::UserNotBackedUp {
                destination, user, ..
            } => AlertKey::UserNotBackedUp {
                destination: destination.clone(),
                user: *user,
            },
        }
    }
}

/// What the store knows of the scheduled dumps, whichever instance made them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpLog {
    /// The period they are made in (the last dumping instance's setting).
    pub every: std::time::Duration,
    /// When the first scheduled dump was attempted: a missing dump counts from then.
    pub since: DateTime<Utc>,
    pub last_success: Option<DateTime<Utc>>,
    /// Attempts failed in a row (0 after a success), and the last one's error.
    pub failures: u32,
    pub last_error: Option<String>,
}

/// How full the disk holding the store is, when the store can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fullness {
    pub used_bytes: u64,
    pub total_bytes: u64,
}

impl Fullness {
    /// Used space in whole percent, rounded down; 0 for a disk of no size.
    pub fn used_percent(self) -> u8 {
        if self.total_bytes == 0 {
            return 0;
        }
        let percent =
            u128::from(self.used_bytes.min(self.total_bytes)) * 100 / u128::from(self.total_bytes);
        u8::try_from(percent).unwrap_or(100)
    }
}

/// Everything the rules look at, read at one moment.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Every job with a schedule (not off).
    pub scheduled: Vec<Job>,
    /// Every backup found damaged.
    pub damaged: Vec<BackupRecord>,
    /// `None` when no scheduled dump was ever attempted.
    pub dumps: Option<DumpLog>,
    /// `None` when the store cannot measure it.
    pub fullness: Option<Fullness>,
}

/// The thresholds (the `[alerts]` settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertRules {
    /// Operators are told (there are admins); the users' notices are judged either way.
    pub admins: bool,
    /// Failures in a row of one user's scheduled backups.
    pub failures: u32,
    /// No scheduled backup succeeded for this long.
    pub no_success_after: TimeDelta,
    /// A dump is missing once none was made for its period and this long.
    pub dump_grace: TimeDelta,
    /// The store's disk is this full, in percent.
    pub store_full_percent: u8,
    /// A user is told once their scheduled backups have not succeeded for this long.
    pub user_notice_after: TimeDelta,
}

/// The alerts that should be open at `now`, ordered by key.
pub fn evaluate(snapshot: &Snapshot, rules: &AlertRules, now: DateTime<Utc>) -> Vec<Alert> {
    // A job counts while its schedule is on and a run is planned: not while the user has
    // disconnected the destination, nor once their grant ended (they were told to connect).
    let scheduled = || {
        snapshot
            .scheduled
            .iter()
            .filter(|job| job.schedule.frequency() != Frequency::Off && job.due_at.is_some())
    };
    let mut alerts: Vec<Alert> = scheduled()
        .filter_map(|job| {
            // The later of the last success and when runs were last planned (a user who just
            // connected again is not late yet); `None` (never succeeded, planned before it
            // was recorded) is not judged.
            let since = job.last_success_at.max(job.scheduled_since)?;
            (now - since >= rules.user_notice_after).then(|| Alert::UserNotBackedUp {
                destination: job.destination.clone(),
                user: job.user_id,
                since,
            })
        })
        .collect();
    if rules.admins {
        alerts.extend(
            scheduled()
                .filter(|job| job.attempt >= rules.failures)
                .map(|job| Alert::BackupFailing {
                    destination: job.destination.clone(),
                    user: job.user_id,
                    failures: job.attempt,
                    last_error: job.last_error.clone(),
                }),
        );
        alerts.extend(no_success(scheduled().collect(), rules, now));
        alerts.extend(snapshot.damaged.iter().map(|backup| Alert::Damaged {
            user: backup.user_id,
            backup: backup.id.clone(),
            created_at: backup.created_at,
            damaged_at: backup.damaged_at.unwrap_or(now),
        }));
        if let Some(dumps) = &snapshot.dumps {
            alerts.extend(dump_alerts(dumps, rules, now));
        }
        if let Some(fullness) = snapshot.fullness {
            let used_percent = fullness.used_percent();
            if used_percent >= rules.store_full_percent {
                alerts.push(Alert::StoreFull { used_percent });
            }
        }
    }
    alerts.sort_by_cached_key(|alert| alert.key().to_string());
    alerts
}

/// No scheduled job succeeded within `no_success_after`, while some were scheduled for all that
/// time (a job scheduled lately has not had its chance; one from before `scheduled_since` was
/// recorded is taken as scheduled long ago).
fn no_success(jobs: Vec<&Job>, rules: &AlertRules, now: DateTime<Utc>) -> Option<Alert> {
    let window_start = now - rules.no_success_after;
    let succeeded_lately = jobs
        .iter()
        .any(|job| job.last_success_at.is_some_and(|at| at > window_start));
    let expected = jobs.iter().any(|job| {
        job.scheduled_since
            .is_none_or(|since| since <= window_start)
    });
    (expected && !succeeded_lately).then(|| Alert::NoSuccess {
        scheduled: jobs.len(),
        last_success: jobs.iter().filter_map(|job| job.last_success_at).max(),
    })
}

fn dump_alerts(dumps: &DumpLog, rules: &AlertRules, now: DateTime<Utc>) -> Vec<Alert> {
    let mut alerts = Vec::new();
    if dumps.failures > 0 {
        alerts.push(Alert::DumpFailing {
            failures: dumps.failures,
            error: dumps.last_error.clone(),
        });
    }
    let period = TimeDelta::from_std(dumps.every).unwrap_or(TimeDelta::MAX);
    let late = period
        .checked_add(&rules.dump_grace)
        .unwrap_or(TimeDelta::MAX);
    if now - dumps.last_success.unwrap_or(dumps.since) > late {
        alerts.push(Alert::DumpMissing {
            last_success: dumps.last_success,
        });
    }
    alerts
}

#[cfg(test)]
#[path = "alert_tests.rs"]
mod tests;
