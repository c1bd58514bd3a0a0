//! The per-user quota: at most `max_backups` stored. Room for a new backup is made by removing
//! the oldest unrated ones, and each removal is returned so the user can be told. A rating
//! means "keep": when only rated backups could make room, the new backup is refused instead.

use super::{BackupError, BackupResult, BackupService, Created};
use crate::{
    domain::{
        Event, Id, UserId,
        backup::{BackupKind, BackupRecord},
    },
    spool::Spooled,
};

impl BackupService {
    /// Refuses, before any work, a backup that could only be kept by going past the quota.
    pub async fn ensure_room(&self, user: UserId, kind: BackupKind) -> BackupResult<()> {
        let limit = self.settings.max_backups;
        let stored = self.backups.count(user).await?;
        let excess = stored.saturating_add(1).saturating_sub(limit);
        if excess == 0 || self.backups.count_unrated(user).await? >= excess {
            return Ok(());
        }
        let refused = Event::BackupQuotaFull {
            user,
            kind,
            stored,
            limit,
        };
        self.emit(refused).await;
        Err(BackupError::QuotaFull { stored, limit })
    }

    /// Lists the backup just stored, with the backups removed to make room for it. If only
    /// rated ones could make room (the user rated some while it was being made), the new
    /// backup goes instead and nothing else is removed: the quota bounds what is stored.
    pub(super) async fn within_quota(
        &self,
        user: UserId,
        record: BackupRecord,
        archive: Spooled,
    ) -> BackupResult<Created> {
        let (victims, excess) = self.past_quota(user, &record.id).await?;
        if (victims.len() as u64) < excess {
            self.remove(user, &record.id).await?;
            let limit = self.settings.max_backups;
            let stored = self.backups.count(user).await?;
            tracing::warn!(user, backup = %record.id, "rated while storing: no room; removed");
            return Err(BackupError::QuotaFull { stored, limit });
        }
        let pruned = self.remove_all(user, victims).await;
        Ok(Created {
            record,
            archive,
            pruned,
            left_out: Default::default(),
            versions: 0,
        })
    }

    /// Makes room under the quota for `new` (a restore's snapshot, once the restore wrote
    /// something), never removing it; returns what was removed.
    pub async fn make_room(&self, user: UserId, new: &Id) -> BackupResult<Vec<BackupRecord>> {
        let (victims, excess) = self.past_quota(user, new).await?;
        if (victims.len() as u64) < excess {
            tracing::warn!(user, backup = %new, "rated while restoring: over the quota");
        }
        Ok(self.remove_all(user, victims).await)
    }

    /// The oldest unrated backups past the quota (never `new`), and how many are past it.
    async fn past_quota(&self, user: UserId, new: &Id) -> BackupResult<(Vec<BackupRecord>, u64)> {
        let excess = self
            .backups
            .count(user)
            .await?
            .saturating_sub(self.settings.max_backups);
        if excess == 0 {
            return Ok((Vec::new(), 0));
        }
        let victims = self.backups.oldest_unrated(user, excess, new).await?;
        Ok((victims, excess))
    }

    /// Removes `victims`, returning those actually removed. A failure stops there and is
    /// logged, not returned: the new backup is stored and the user must hear about it and about
    /// what did go; the next backup catches up with the quota.
    async fn remove_all(&self, user: UserId, victims: Vec<BackupRecord>) -> Vec<BackupRecord> {
        let mut removed = Vec::with_capacity(victims.len());
        for victim in victims {
            if let Err(error) = self.remove(user, &victim.id).await {
                tracing::error!(%error, user, backup = %victim.id, "cannot remove a backup past the quota");
                break;
            }
            removed.push(victim);
        }
        if !removed.is_empty() {
            let count = removed.len();
            self.emit(Event::BackupsPruned { user, count }).await;
        }
        removed
    }
}
