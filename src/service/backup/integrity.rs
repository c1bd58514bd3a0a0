//! Whether a stored backup is still what was stored: its archive read back from the store
//! (streamed into a spool, hashed on the way) and checked as when it was listed. One check for
//! the scrub and for `codevault verify`, and what is remembered of it on the record.

use std::{fmt, time::Duration};

use chrono::{DateTime, TimeDelta, Utc};

use super::{BackupError, BackupResult, BackupService, VerificationError};
use crate::{
    archive::{VerifyError, verify_on},
    domain::{
        Event, Id, UserId,
        backup::{BackupKind, BackupRecord, Integrity},
    },
};

/// What is wrong with a stored backup.
#[derive(Debug, PartialEq)]
pub enum Damage {
    /// The record is there, its archive is not.
    Missing,
    /// The archive's bytes are not the ones recorded.
    BytesDiffer { sha256: String, len: u64 },
    /// The bytes are the ones recorded, but an entry does not match the manifest.
    Entries(VerifyError),
    /// The store answers, but this archive could not be read, time after time.
    Unreadable(String),
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("its archive is missing from the store"),
            Self::BytesDiffer { sha256, len } => write!(
                f,
                "its archive ({len} bytes, SHA-256 {sha256}) is not the one recorded"
            ),
            Self::Entries(error) => write!(f, "its archive does not match its manifest: {error}"),
            Self::Unreadable(reason) => write!(f, "its archive cannot be read: {reason}"),
        }
    }
}

/// A stored backup read back: intact, or how it is damaged.
#[derive(Debug)]
pub struct Checked {
    pub record: BackupRecord,
    pub damage: Option<Damage>,
}

impl BackupService {
    /// Reads the user's stored archive back and checks it: its length and SHA-256 against the
    /// record, then every entry against the manifest (`archive::verify`, on the blocking pool,
    /// on at most `threads` threads) for the archives this service wrote; an imported ZIP may
    /// have no manifest, and bytes equal to those checked when it was imported are enough.
    /// Changes nothing.
    pub async fn check_stored(
        &self,
        user: UserId,
        id: &Id,
        threads: usize,
    ) -> BackupResult<Checked> {
        let record = self.get(user, id).await?;
        let damaged = |record, damage| {
            Ok(Checked {
                record,
                damage: Some(damage),
            })
        };
        let archive = match self.read_back(id, record.archive_size).await {
            Ok(archive) => archive,
            Err(BackupError::NotFound) => return damaged(record, Damage::Missing),
            Err(error) => return Err(error),
        };
        let (sha256, len) = (archive.sha256_hex(), archive.len());
        if len != record.archive_size || sha256 != record.sha256 {
            return damaged(record, Damage::BytesDiffer { sha256, len });
        }
        // An imported ZIP may have no manifest, and a protected backup opens only with its
        // password, which the bot does not keep: for them, bytes equal to those checked when
        // they were stored are the check.
        if record.kind != BackupKind::ImportedZip && !record.protected {
            let source = archive.source();
            let verified = tokio::task::spawn_blocking(move || verify_on(source, threads))
                .await
                .map_err(VerificationError::from)?;
            if let Err(error) = verified {
                return damaged(record, Damage::Entries(error));
            }
        }
        Ok(Checked {
            record,
            damage: None,
        })
    }

    /// Remembers that the backup was found intact now.
    pub async fn mark_checked(&self, user: UserId, id: &Id) -> BackupResult<()> {
        Ok(self.backups.set_checked(user, id, self.clock.now()).await?)
    }

    /// Remembers that the backup was found damaged (it is then refused for restores and
    /// downloads) and records `backup_damaged`, unless it already was: answers when, if this
    /// call marked it, so that its owner is told once.
    pub async fn mark_damaged(&self, user: UserId, id: &Id) -> BackupResult<Option<DateTime<Utc>>> {
        let now = self.clock.now();
        if !self.backups.mark_damaged(user, id, now).await? {
            return Ok(None);
        }
        let backup = id.clone();
        self.emit(Event::BackupDamaged { user, backup }).await;
        Ok(Some(now))
    }

    /// Of every user's backups not known to be damaged, the one checked longest ago, if that
    /// was `every` ago or longer.
    pub async fn next_to_check(&self, every: Duration) -> BackupResult<Option<BackupRecord>> {
        Ok(self.backups.next_to_check(self.ago(every)).await?)
    }

    /// How many backups are stored, damaged, and due for a check `every` after the last one.
    /// `damaged` is what tells that damaged backups exist (for alerts).
    pub async fn integrity(&self, every: Duration) -> BackupResult<Integrity> {
        Ok(self.backups.integrity(self.ago(every)).await?)
    }

    fn ago(&self, every: Duration) -> DateTime<Utc> {
        TimeDelta::from_std(every)
            .ok()
            .and_then(|every| self.clock.now().checked_sub_signed(every))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}
