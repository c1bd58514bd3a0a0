//! Scrubbing: every stored backup of every user read back again, one at a time at a steady
//! pace (all of them once every `every`), so silent damage in the store is found while the
//! library it protects is still there. The check is the one `codevault verify` makes
//! ([`BackupService::check_stored`]); a damaged backup is remembered on its record (then
//! refused for restores and downloads), recorded as `backup_damaged` and its owner told once.
//! `run` is the loop `serve` runs, leased so that one instance scrubs.

mod run;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;

pub use run::ScrubRunner;

use super::{
    BackupError, BackupService,
    backup::{BackupResult, Checked, Damage},
};
use crate::domain::{
    DestinationId, Id, UserId,
    backup::{BackupRecord, Integrity},
};

/// A backup the store fails to hand out this many times in a row (while it answers otherwise)
/// is taken as damaged: unreadable.
pub const UNREADABLE_AFTER: u32 = 3;

#[derive(Clone, Copy, Debug)]
pub struct ScrubSettings {
    /// Every backup is read back once in this long: the steps are spread over it.
    pub every: Duration,
    /// The least pause between two backups, however many there are.
    pub pause: Duration,
}

/// What the bot tells the owner of a backup found damaged.
#[derive(Clone, Debug, PartialEq)]
pub struct DamageNotice {
    pub backup: BackupRecord,
    /// A copy of it was uploaded to Google Drive: it can be restored from there.
    pub drive_copy: bool,
}

/// Tells a user, outside any conversation, that one of their backups is damaged.
#[async_trait]
pub trait DamageNotifier: Send + Sync {
    async fn backup_damaged(&self, user: UserId, notice: DamageNotice);
}

/// Where the scrub shows how far its round got (the metrics).
pub trait ScrubGauges: Send + Sync {
    fn scrubbed(&self, integrity: &Integrity);
}

/// What one step of the scrub did.
#[derive(Debug)]
pub enum Scrubbed {
    /// No backup was due.
    Idle,
    Intact(BackupRecord),
    /// `told`: it was not known to be damaged, and its owner was told now.
    Damaged {
        record: BackupRecord,
        damage: Damage,
        told: bool,
    },
    /// The store failed to hand it out (`tries` times in a row now); it is tried again.
    Failed {
        record: BackupRecord,
        error: BackupError,
        tries: u32,
    },
    /// It was deleted while it was being checked.
    Gone(BackupRecord),
}

pub struct ScrubService {
    backups: Arc<BackupService>,
    notifier: Arc<dyn DamageNotifier>,
    gauges: Arc<dyn ScrubGauges>,
    settings: ScrubSettings,
    /// The backup the last step failed to read, and how many times in a row.
    failing: Mutex<Option<(Id, u32)>>,
}

impl ScrubService {
    pub fn new(
        backups: Arc<BackupService>,
        notifier: Arc<dyn DamageNotifier>,
        gauges: Arc<dyn ScrubGauges>,
        settings: ScrubSettings,
    ) -> Self {
        Self {
            backups,
            notifier,
            gauges,
            settings,
            failing: Mutex::new(None),
        }
    }

    pub fn settings(&self) -> ScrubSettings {
        self.settings
    }

    /// Checks the backup due longest ago, if any is due.
    pub async fn step(&self) -> BackupResult<Scrubbed> {
        let Some(due) = self.backups.next_to_check(self.settings.every).await? else {
            return Ok(Scrubbed::Idle);
        };
        let (user, id) = (due.user_id, due.id.clone());
        // On one core: the scrub is never in a hurry, the bot's users are.
        let (record, damage) = match self.backups.check_stored(user, &id, 1).await {
            Ok(Checked {
                record,
                damage: None,
            }) => {
                self.failed(None);
                return match self.backups.mark_checked(user, &id).await {
                    Ok(()) => Ok(Scrubbed::Intact(record)),
                    Err(BackupError::NotFound) => Ok(Scrubbed::Gone(record)),
                    Err(error) => Err(error),
                };
            }
            Ok(Checked {
                record,
                damage: Some(damage),
            }) => (record, damage),
            Err(BackupError::NotFound) => return Ok(Scrubbed::Gone(due)),
            Err(error) => {
                let tries = self.failed(Some(&id));
                if tries < UNREADABLE_AFTER {
                    return Ok(Scrubbed::Failed {
                        record: due,
                        error,
                        tries,
                    });
                }
                (due, Damage::Unreadable(error.to_string()))
            }
        };
        self.failed(None);
        let mut record = record;
        let marked = match self.backups.mark_damaged(user, &id).await {
            Ok(marked) => marked,
            Err(BackupError::NotFound) => return Ok(Scrubbed::Gone(record)),
            Err(error) => return Err(error),
        };
        let told = marked.is_some();
        // Marked first, then told: a crash in between loses the notice, never repeats it.
        if let Some(at) = marked {
            record.damaged_at = Some(at);
            let notice = DamageNotice {
                drive_copy: record.has_copy_at(&DestinationId::DRIVE),
                backup: record.clone(),
            };
            self.notifier.backup_damaged(user, notice).await;
        }
        Ok(Scrubbed::Damaged {
            record,
            damage,
            told,
        })
    }

    /// Shows how far the round got, and answers how long to wait before the next step: the
    /// period spread over the backups to check, never under the pause.
    pub async fn pace(&self) -> BackupResult<Duration> {
        let integrity = self.backups.integrity(self.settings.every).await?;
        self.gauges.scrubbed(&integrity);
        Ok(interval(&self.settings, integrity.to_check()))
    }

    /// How many stored backups are known to be damaged (what an alert would watch).
    pub async fn damaged(&self) -> BackupResult<u64> {
        Ok(self.backups.integrity(self.settings.every).await?.damaged)
    }

    /// Counts a failure to read `id` (none: a step that read its backup); answers how many
    /// in a row.
    fn failed(&self, id: Option<&Id>) -> u32 {
        let mut failing = self.failing.lock().unwrap_or_else(|e| e.into_inner());
        let tries = match (id, failing.as_ref()) {
            (None, _) => 0,
            (Some(id), Some((last, tries))) if last == id => tries + 1,
            (Some(_), _) => 1,
        };
        *failing = id.map(|id| (id.clone(), tries));
        tries
    }
}

/// The wait between two steps so that `to_check` backups take `every`, at least `pause`.
pub fn interval(settings: &ScrubSettings, to_check: u64) -> Duration {
    let steps = u32::try_from(to_check.max(1)).unwrap_or(u32::MAX);
    (settings.every / steps).max(settings.pause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_spread_over_the_backups_never_under_the_pause() {
        let settings = ScrubSettings {
            every: Duration::from_secs(7 * 24 * 3600),
            pause: Duration::from_secs(1),
        };
        assert_eq!(interval(&settings, 0), settings.every);
        assert_eq!(interval(&settings, 1), settings.every);
        assert_eq!(interval(&settings, 1008), Duration::from_secs(600));
        assert_eq!(interval(&settings, 10_000_000), settings.pause);
        assert_eq!(interval(&settings, u64::MAX), settings.pause);
    }
}
