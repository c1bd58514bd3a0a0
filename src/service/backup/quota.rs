//! The per-user quota (`domain::backup::quota`): so many backups of each class, so many bytes
//! in all. Room for a new backup is made only in its own class, by removing its oldest unrated
//! backups, and each removal is returned so the user can be told. When that cannot make room
//! (the rest is rated, or in other classes), the new backup is refused and nothing else goes.

use super::{BackupError, BackupResult, BackupService, Created};
use crate::{
    domain::{
        Event, Id, UserId,
        backup::{
            BackupKind, BackupRecord,
            quota::{BackupClass, Holdings, NoRoom},
        },
    },
    spool::Spooled,
};

impl BackupService {
    /// What the user's backups hold, for the quota and for the user to see.
    pub async fn holdings(&self, user: UserId) -> BackupResult<Holdings> {
        Ok(self.backups.holdings(user).await?)
    }

    /// Refuses, before any work, a backup that could only be kept by going past the quota.
    pub async fn ensure_room(&self, user: UserId, kind: BackupKind) -> BackupResult<()> {
        let held = self.backups.holdings(user).await?;
        match self.settings.quota.admits(BackupClass::of(kind), &held) {
            Ok(()) => Ok(()),
            Err(no_room) => Err(self.refuse(user, kind, no_room).await),
        }
    }

    /// Lists the backup just stored, with the backups removed to make room for it. If it
    /// cannot stay (its class rated full while it was made, or too large for the bytes left),
    /// it goes instead and nothing else is removed: the quota bounds what is stored.
    pub(super) async fn within_quota(
        &self,
        user: UserId,
        record: BackupRecord,
        archive: Spooled,
    ) -> BackupResult<Created> {
        let victims = match self.room_for(user, &record).await? {
            Ok(victims) => victims,
            Err(no_room) => {
                self.remove(user, &record.id).await?;
                tracing::warn!(user, backup = %record.id, ?no_room, "no room: removed");
                return Err(self.refuse(user, record.kind, no_room).await);
            }
        };
        let pruned = self.remove_all(user, victims).await;
        Ok(Created {
            record,
            archive,
            pruned,
            left_out: Default::default(),
            versions: 0,
        })
    }

    /// A restore's safety snapshot just stored: kept only if the quota can make room for it,
    /// which `make_room` does once the restore has written something. Otherwise it goes, and
    /// the restore is refused before it writes anything.
    pub(super) async fn reserve_room(
        &self,
        user: UserId,
        snapshot: &BackupRecord,
    ) -> BackupResult<()> {
        if let Err(no_room) = self.room_for(user, snapshot).await? {
            self.remove(user, &snapshot.id).await?;
            return Err(self.refuse(user, snapshot.kind, no_room).await);
        }
        Ok(())
    }

    /// Makes room under the quota for `new` (a restore's snapshot, once the restore wrote
    /// something), never removing it; returns what was removed. If the user rated its class
    /// full meanwhile, nothing is removed: the snapshot of a restore made stays.
    pub async fn make_room(&self, user: UserId, new: &Id) -> BackupResult<Vec<BackupRecord>> {
        let record = self.get(user, new).await?;
        match self.room_for(user, &record).await? {
            Ok(victims) => Ok(self.remove_all(user, victims).await),
            Err(no_room) => {
                tracing::warn!(user, backup = %new, ?no_room, "rated while restoring: over the quota");
                Ok(Vec::new())
            }
        }
    }

    /// The backups of `new`'s class that go to make room for it (stored and counted already),
    /// oldest first, or why there is no room.
    async fn room_for(
        &self,
        user: UserId,
        new: &BackupRecord,
    ) -> BackupResult<Result<Vec<BackupRecord>, NoRoom>> {
        let quota = &self.settings.quota;
        let class = BackupClass::of(new.kind);
        let held = self.backups.holdings(user).await?;
        let size = new.archive_size;
        if quota.room_for(class, size, &held, &[]) == Ok(0) {
            return Ok(Ok(Vec::new()));
        }
        let mut candidates = (self.backups)
            .oldest_unrated(user, &class.kinds(), 0, &new.id)
            .await?;
        Ok(quota
            .room_for(class, size, &held, &candidates)
            .map(|going| {
                candidates.truncate(going);
                candidates
            }))
    }

    /// Records a refusal and turns it into the error the user is shown.
    async fn refuse(&self, user: UserId, kind: BackupKind, no_room: NoRoom) -> BackupError {
        let event = match no_room {
            NoRoom::Count { stored, limit, .. } => Event::BackupQuotaFull {
                user,
                kind,
                stored,
                limit,
            },
            NoRoom::Bytes { used, limit, size } => Event::BackupStorageFull {
                user,
                kind,
                used,
                limit,
                size,
            },
        };
        self.emit(event).await;
        BackupError::NoRoom(no_room)
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
