//! The per-user quota of stored backups: a count limit for each class of backup, and one limit
//! on the bytes of all of them. Room for a new backup is made only inside its own class, from
//! its oldest unrated backups, so an automatic backup never pushes out one the user made.

use super::{BackupKind, BackupRecord};

/// Which share of the quota a backup counts in, by its kind. A rated backup still counts in
/// its class (and is never removed to make room).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BackupClass {
    /// Made by the user's own hand: 📦 a full backup, 🐙 a repository backup.
    Manual,
    /// ☁️ Made for Google Drive, by its schedule or ☁️ Back up now.
    Scheduled,
    /// 🛟 A restore's safety snapshot.
    Snapshot,
    /// 📥 An archive the user sent to be imported.
    Imported,
}

impl BackupClass {
    pub const ALL: [Self; 4] = [
        Self::Manual,
        Self::Scheduled,
        Self::Snapshot,
        Self::Imported,
    ];

    pub fn of(kind: BackupKind) -> Self {
        match kind {
            BackupKind::FullBackup | BackupKind::GithubRepoZip => Self::Manual,
            BackupKind::GoogleDriveBackup => Self::Scheduled,
            BackupKind::PreRestore => Self::Snapshot,
            BackupKind::ImportedZip => Self::Imported,
        }
    }

    /// The kinds counted in it.
    pub fn kinds(self) -> Vec<BackupKind> {
        BackupKind::ALL
            .into_iter()
            .filter(|kind| Self::of(*kind) == self)
            .collect()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Scheduled => "scheduled",
            Self::Snapshot => "snapshot",
            Self::Imported => "imported",
        }
    }
}

/// How many backups, and how many bytes of archives, some of a user's backups hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: u64,
    pub bytes: u64,
    /// Of those, the unrated: what may be removed to make room.
    pub unrated: u64,
    pub unrated_bytes: u64,
}

impl Tally {
    fn add(self, other: Self) -> Self {
        Self {
            count: self.count.saturating_add(other.count),
            bytes: self.bytes.saturating_add(other.bytes),
            unrated: self.unrated.saturating_add(other.unrated),
            unrated_bytes: self.unrated_bytes.saturating_add(other.unrated_bytes),
        }
    }
}

/// A user's stored backups as the quota counts them: a [`Tally`] for each kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    by_kind: Vec<(BackupKind, Tally)>,
}

impl Holdings {
    /// Adds `count` backups of `kind` holding `bytes`, rated or not (a store reads its records
    /// grouped this way).
    pub fn add(&mut self, kind: BackupKind, rated: bool, count: u64, bytes: u64) {
        let added = Tally {
            count,
            bytes,
            unrated: if rated { 0 } else { count },
            unrated_bytes: if rated { 0 } else { bytes },
        };
        match self.by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, tally)) => *tally = tally.add(added),
            None => self.by_kind.push((kind, added)),
        }
    }

    /// What the backups of `kind` hold.
    pub fn of_kind(&self, kind: BackupKind) -> Tally {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, tally)| *tally)
            .unwrap_or_default()
    }

    /// What the backups of `class` hold.
    pub fn of(&self, class: BackupClass) -> Tally {
        class
            .kinds()
            .into_iter()
            .fold(Tally::default(), |sum, kind| sum.add(self.of_kind(kind)))
    }

    /// What all the user's backups hold.
    pub fn total(&self) -> Tally {
        (self.by_kind.iter()).fold(Tally::default(), |sum, (_, tally)| sum.add(*tally))
    }
}

/// The limits: at most so many backups of each class, and at most `max_bytes` of archives in
/// all (SPEC §4.1's 50 backups, shared out between the classes by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupQuota {
    pub manual: u64,
    pub scheduled: u64,
    pub snapshots: u64,
    pub imports: u64,
    pub max_bytes: u64,
}

impl BackupQuota {
    /// 25 + 10 + 10 + 5 = SPEC's 50 backups, and 1 GiB: ten automatic backups match the ten
    /// copies Drive keeps by default.
    pub const DEFAULT: Self = Self {
        manual: 25,
        scheduled: 10,
        snapshots: 10,
        imports: 5,
        max_bytes: 1 << 30,
    };

    pub fn limit(&self, class: BackupClass) -> u64 {
        match class {
            BackupClass::Manual => self.manual,
            BackupClass::Scheduled => self.scheduled,
            BackupClass::Snapshot => self.snapshots,
            BackupClass::Imported => self.imports,
        }
    }

    /// Before a backup of `class` is made: refuses one that could not be kept whatever its
    /// size, since even removing every unrated backup of its class would leave its class at
    /// its limit or the bytes at theirs.
    pub fn admits(&self, class: BackupClass, held: &Holdings) -> Result<(), NoRoom> {
        let in_class = held.of(class);
        let limit = self.limit(class);
        let excess = in_class.count.saturating_add(1).saturating_sub(limit);
        if excess > in_class.unrated {
            return Err(NoRoom::Count {
                class,
                stored: in_class.count,
                limit,
            });
        }
        let used = held.total().bytes;
        if used.saturating_sub(in_class.unrated_bytes) >= self.max_bytes {
            return Err(NoRoom::Bytes {
                used,
                limit: self.max_bytes,
                size: None,
            });
        }
        Ok(())
    }

    /// Once the new backup of `class` and `size` bytes is stored (and counted in `held`): how
    /// many of `candidates` — its class's other unrated backups, oldest first — go so that the
    /// class is within its limit and the bytes within theirs. Never more than that, never
    /// from another class; when even all of them would not do, nothing goes and the new
    /// backup is refused.
    pub fn room_for(
        &self,
        class: BackupClass,
        size: u64,
        held: &Holdings,
        candidates: &[BackupRecord],
    ) -> Result<usize, NoRoom> {
        let limit = self.limit(class);
        let (mut count, mut bytes) = (held.of(class).count, held.total().bytes);
        let mut going = 0;
        while count > limit || bytes > self.max_bytes {
            let Some(victim) = candidates.get(going) else {
                return Err(self.refusal(class, size, held));
            };
            count = count.saturating_sub(1);
            bytes = bytes.saturating_sub(victim.archive_size);
            going += 1;
        }
        Ok(going)
    }

    /// Why the new backup cannot stay: what fills the quota, without it.
    fn refusal(&self, class: BackupClass, size: u64, held: &Holdings) -> NoRoom {
        let stored = held.of(class).count.saturating_sub(1);
        let limit = self.limit(class);
        if stored >= limit && held.of(class).unrated.saturating_sub(1) < stored + 1 - limit {
            return NoRoom::Count {
                class,
                stored,
                limit,
            };
        }
        NoRoom::Bytes {
            used: held.total().bytes.saturating_sub(size),
            limit: self.max_bytes,
            size: Some(size),
        }
    }
}

/// Why a new backup was not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRoom {
    /// `stored` backups of `class` fill its `limit`, and too many of them are rated for room
    /// to be made.
    Count {
        class: BackupClass,
        stored: u64,
        limit: u64,
    },
    /// The user's backups hold `used` bytes of the `limit`, and the new one (of `size`, when
    /// it was known) would not fit even with its class's unrated backups gone.
    Bytes {
        used: u64,
        limit: u64,
        size: Option<u64>,
    },
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;

    const QUOTA: BackupQuota = BackupQuota {
        manual: 3,
        scheduled: 2,
        snapshots: 1,
        imports: 1,
        max_bytes: 1000,
    };

    fn backup(kind: BackupKind, hour: i64, size: u64) -> BackupRecord {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::hours(hour);
        BackupRecord::example(1, kind, at, size)
    }

    fn holdings(backups: &[(BackupKind, bool, u64)]) -> Holdings {
        let mut held = Holdings::default();
        for (kind, rated, bytes) in backups {
            held.add(*kind, *rated, 1, *bytes);
        }
        held
    }

    const FULL: BackupKind = BackupKind::FullBackup;
    const DRIVE: BackupKind = BackupKind::GoogleDriveBackup;

    #[test]
    fn every_kind_has_one_class_and_the_classes_cover_every_kind() {
        let mut covered: Vec<BackupKind> = BackupClass::ALL
            .into_iter()
            .flat_map(BackupClass::kinds)
            .collect();
        covered.sort_by_key(|kind| kind.as_str());
        let mut all = BackupKind::ALL.to_vec();
        all.sort_by_key(|kind| kind.as_str());
        assert_eq!(covered, all);
        assert_eq!(
            BackupClass::of(BackupKind::GithubRepoZip),
            BackupClass::Manual
        );
        assert_eq!(BackupClass::of(DRIVE), BackupClass::Scheduled);
        assert_eq!(
            BackupClass::of(BackupKind::PreRestore),
            BackupClass::Snapshot
        );
        assert_eq!(
            BackupClass::of(BackupKind::ImportedZip),
            BackupClass::Imported
        );
    }

    #[test]
    fn the_default_shares_out_the_spec_s_fifty() {
        let quota = BackupQuota::DEFAULT;
        let sum: u64 = BackupClass::ALL
            .map(|class| quota.limit(class))
            .iter()
            .sum();
        assert_eq!(sum, 50);
        assert_eq!(quota.max_bytes, 1024 * 1024 * 1024);
    }

    #[test]
    fn holdings_add_up_by_kind_class_and_in_all() {
        let mut held = Holdings::default();
        held.add(FULL, false, 2, 200);
        held.add(FULL, true, 1, 50);
        held.add(BackupKind::GithubRepoZip, false, 1, 10);
        held.add(DRIVE, false, 3, 30);
        let manual = held.of(BackupClass::Manual);
        assert_eq!(
            manual,
            Tally {
                count: 4,
                bytes: 260,
                unrated: 3,
                unrated_bytes: 210
            }
        );
        assert_eq!(held.of(BackupClass::Snapshot), Tally::default());
        assert_eq!(held.total().count, 7);
        assert_eq!(held.total().bytes, 290);
    }

    #[test]
    fn a_class_full_of_rated_backups_admits_no_more_of_its_kind_only() {
        let held = holdings(&[(DRIVE, true, 10), (DRIVE, true, 10), (FULL, false, 10)]);
        assert_eq!(
            QUOTA.admits(BackupClass::Scheduled, &held),
            Err(NoRoom::Count {
                class: BackupClass::Scheduled,
                stored: 2,
                limit: 2
            })
        );
        assert_eq!(QUOTA.admits(BackupClass::Manual, &held), Ok(()));
        // One unrated in the class is room enough: it would go.
        let held = holdings(&[(DRIVE, true, 10), (DRIVE, false, 10)]);
        assert_eq!(QUOTA.admits(BackupClass::Scheduled, &held), Ok(()));
    }

    #[test]
    fn bytes_other_classes_hold_are_never_room() {
        // 900 bytes of manual backups and 100 of automatic ones: a new automatic backup may
        // take the place of the automatic ones, a manual one has none to take.
        let held = holdings(&[(FULL, false, 900), (DRIVE, false, 100)]);
        assert_eq!(QUOTA.admits(BackupClass::Scheduled, &held), Ok(()));
        let held = holdings(&[(FULL, false, 900), (DRIVE, true, 100)]);
        assert_eq!(
            QUOTA.admits(BackupClass::Scheduled, &held),
            Err(NoRoom::Bytes {
                used: 1000,
                limit: 1000,
                size: None
            })
        );
    }

    #[test]
    fn room_is_made_from_the_oldest_of_the_class_for_the_count() {
        let old = [backup(DRIVE, 0, 10), backup(DRIVE, 1, 10)];
        // Two automatic backups and the new one: one over the limit of 2.
        let held = holdings(&[(DRIVE, false, 10), (DRIVE, false, 10), (DRIVE, false, 10)]);
        assert_eq!(
            QUOTA.room_for(BackupClass::Scheduled, 10, &held, &old),
            Ok(1)
        );
        // Within it: nothing goes.
        let held = holdings(&[(DRIVE, false, 10), (DRIVE, false, 10)]);
        assert_eq!(
            QUOTA.room_for(BackupClass::Scheduled, 10, &held, &old[..1]),
            Ok(0)
        );
    }

    #[test]
    fn room_is_made_from_the_oldest_of_the_class_for_the_bytes() {
        let quota = BackupQuota {
            scheduled: 10,
            ..QUOTA
        };
        let old = [
            backup(DRIVE, 0, 300),
            backup(DRIVE, 1, 300),
            backup(DRIVE, 2, 300),
        ];
        // 900 stored and 300 new: 200 over, so the oldest goes (and only it).
        let held = holdings(&[
            (DRIVE, false, 300),
            (DRIVE, false, 300),
            (DRIVE, false, 300),
            (DRIVE, false, 300),
        ]);
        assert_eq!(
            quota.room_for(BackupClass::Scheduled, 300, &held, &old),
            Ok(1)
        );
        // A new one of 700 needs two of them gone.
        let mut bigger = held.clone();
        bigger.add(DRIVE, false, 1, 400);
        assert_eq!(
            quota.room_for(BackupClass::Scheduled, 700, &bigger, &old),
            Ok(2)
        );
    }

    #[test]
    fn a_backup_that_cannot_fit_goes_itself_and_nothing_else() {
        // 800 of manual backups, rated; a new manual one of 300 would be 1100.
        let rated = holdings(&[(FULL, true, 800), (FULL, false, 300)]);
        assert_eq!(
            QUOTA.room_for(BackupClass::Manual, 300, &rated, &[]),
            Err(NoRoom::Bytes {
                used: 800,
                limit: 1000,
                size: Some(300)
            })
        );
        // Bigger than the whole quota: even every candidate gone is not enough.
        let old = [backup(FULL, 0, 100)];
        let held = holdings(&[(FULL, false, 100), (FULL, false, 1200)]);
        assert_eq!(
            QUOTA.room_for(BackupClass::Manual, 1200, &held, &old),
            Err(NoRoom::Bytes {
                used: 100,
                limit: 1000,
                size: Some(1200)
            })
        );
    }

    #[test]
    fn a_class_rated_full_while_the_backup_was_made_refuses_it_by_count() {
        // The snapshot class (limit 1) holds a rated snapshot and the new one.
        let held = holdings(&[
            (BackupKind::PreRestore, true, 10),
            (BackupKind::PreRestore, false, 10),
        ]);
        assert_eq!(
            QUOTA.room_for(BackupClass::Snapshot, 10, &held, &[]),
            Err(NoRoom::Count {
                class: BackupClass::Snapshot,
                stored: 1,
                limit: 1
            })
        );
    }

    #[test]
    fn a_quota_lowered_below_what_is_stored_removes_as_many_as_needed() {
        let old = [backup(FULL, 0, 1), backup(FULL, 1, 1), backup(FULL, 2, 1)];
        // Five manual backups (the new one included) and a limit of 3.
        let held = holdings(&[(FULL, false, 1); 5]);
        assert_eq!(QUOTA.room_for(BackupClass::Manual, 1, &held, &old), Ok(2));
    }
}
