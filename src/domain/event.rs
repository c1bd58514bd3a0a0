//! What the services report having done, kept in the `events` collection for 30 days and
//! counted by the metrics. One variant per event, so a new one is a compile error wherever
//! events are matched (the metrics must decide whether to count it).

use std::{collections::BTreeMap, time::Duration};

use super::{
    Id, UserId,
    backup::{BackupKind, Rating},
    destination::{DestinationId, UploadTrigger},
    schedule::Schedule,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Info,
    /// Something went wrong outside our control (a refused token, a missing repository).
    Warning,
    Error,
}

impl Severity {
    /// As stored and as the metrics label it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A reported fact. `reason`s are the text of the error that caused a failure.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `duration`: building (or taking in), storing and verifying it; stored as
    /// `duration_ms`, a field events stored before it was measured lack.
    BackupCreated {
        user: UserId,
        backup: Id,
        kind: BackupKind,
        files: u64,
        archive_size: u64,
        duration: Duration,
    },
    BackupFailed {
        user: UserId,
        kind: BackupKind,
        reason: String,
    },
    /// A backup refused: only rated backups of its class could have made room.
    BackupQuotaFull {
        user: UserId,
        kind: BackupKind,
        stored: u64,
        limit: u64,
    },
    /// A backup refused: the user's backups hold `used` bytes of the `limit`, and it (of
    /// `size`, once known) would not fit even with its class's unrated backups gone.
    BackupStorageFull {
        user: UserId,
        kind: BackupKind,
        used: u64,
        limit: u64,
        size: Option<u64>,
    },
    /// The quota removed `count` old backups to keep a new one.
    BackupsPruned {
        user: UserId,
        count: usize,
    },
    /// A stored archive no longer matched its record's SHA-256.
    BackupDamaged {
        user: UserId,
        backup: Id,
    },
    BackupDownloaded {
        user: UserId,
        backup: Id,
    },
    BackupRated {
        user: UserId,
        backup: Id,
        rating: Option<Rating>,
    },
    BackupNoted {
        user: UserId,
        backup: Id,
        cleared: bool,
    },
    BackupDeleted {
        user: UserId,
        backup: Id,
    },
    BackupsDeleted {
        user: UserId,
        count: u64,
    },
    /// A restore's safety snapshot removed because the restore wrote nothing.
    BackupDiscarded {
        user: UserId,
        backup: Id,
    },
    /// A restore wrote its files; `snapshot` can undo them.
    RestoreApplied {
        user: UserId,
        backup: Id,
        snapshot: Id,
        restored: usize,
    },
    /// A restore with nothing to write, so no snapshot was taken; stored as `restore_applied`.
    RestoreUnchanged {
        user: UserId,
        backup: Id,
    },
    RestoreFailed {
        user: UserId,
        backup: Id,
        reason: String,
    },
    RestoreUndone {
        user: UserId,
        snapshot: Id,
        binned: usize,
        reverted: usize,
        left: usize,
    },
    /// Undoing the restore whose safety snapshot is `snapshot` failed; stored as
    /// `restore_failed`.
    UndoFailed {
        user: UserId,
        snapshot: Id,
        reason: String,
    },
    GithubConnected {
        user: UserId,
    },
    GithubDisconnected {
        user: UserId,
    },
    /// `repo` is `owner/name`.
    GithubBackupFailed {
        user: UserId,
        repo: String,
        reason: String,
    },
    DriveConnected {
        user: UserId,
    },
    DriveDisconnected {
        user: UserId,
        revoked: bool,
    },
    /// Drive's events below keep the names and fields they were stored and counted under
    /// before there were other destinations; another destination's carry a `destination` field.
    ScheduleSet {
        user: UserId,
        destination: DestinationId,
        schedule: Schedule,
    },
    /// A backup was copied to `destination`; `pruned` older copies were removed there.
    UploadSucceeded {
        user: UserId,
        destination: DestinationId,
        backup: Id,
        trigger: UploadTrigger,
        pruned: usize,
    },
    UploadFailed {
        user: UserId,
        destination: DestinationId,
        backup: Id,
        trigger: UploadTrigger,
        reason: String,
    },
    /// A copy at `destination` was brought back as the stored backup `backup`; `reused` when
    /// the bot still had that backup intact, so nothing was downloaded.
    CopyFetched {
        user: UserId,
        destination: DestinationId,
        backup: Id,
        reused: bool,
    },
    /// The destination's grant became unusable; it was marked disconnected.
    ReconnectNeeded {
        user: UserId,
        destination: DestinationId,
        reason: String,
    },
    /// Binned files past their keep time deleted for good, for all users.
    FilesPurged {
        records: u64,
    },
}

impl Event {
    /// The name it is stored and counted under.
    pub fn name(&self) -> &'static str {
        match self {
            Self::BackupCreated { .. } => "backup_created",
            Self::BackupFailed { .. } => "backup_failed",
            Self::BackupQuotaFull { .. } => "backup_quota_full",
            Self::BackupStorageFull { .. } => "backup_storage_full",
            Self::BackupsPruned { .. } => "backups_pruned",
            Self::BackupDamaged { .. } => "backup_damaged",
            Self::BackupDownloaded { .. } => "backup_downloaded",
            Self::BackupRated { .. } => "backup_rated",
            Self::BackupNoted { .. } => "backup_noted",
            Self::BackupDeleted { .. } => "backup_deleted",
            Self::BackupsDeleted { .. } => "backups_deleted",
            Self::BackupDiscarded { .. } => "backup_discarded",
            Self::RestoreApplied { .. } | Self::RestoreUnchanged { .. } => "restore_applied",
            Self::RestoreFailed { .. } | Self::UndoFailed { .. } => "restore_failed",
            Self::RestoreUndone { .. } => "restore_undone",
            Self::GithubConnected { .. } => "github_connected",
            Self::GithubDisconnected { .. } => "github_disconnected",
            Self::GithubBackupFailed { .. } => "github_backup_failed",
            Self::DriveConnected { .. } => "drive_connected",
            Self::DriveDisconnected { .. } => "drive_disconnected",
            Self::ScheduleSet { destination, .. } => {
                of(destination, "drive_schedule_set", "schedule_set")
            }
            Self::UploadSucceeded { destination, .. } => {
                of(destination, "drive_upload_succeeded", "upload_succeeded")
            }
            Self::UploadFailed { destination, .. } => {
                of(destination, "drive_upload_failed", "upload_failed")
            }
            Self::CopyFetched { destination, .. } => {
                of(destination, "drive_copy_fetched", "copy_fetched")
            }
            Self::ReconnectNeeded { destination, .. } => {
                of(destination, "drive_reconnect_needed", "reconnect_needed")
            }
            Self::FilesPurged { .. } => "files_purged",
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Self::BackupFailed { .. }
            | Self::BackupDamaged { .. }
            | Self::RestoreFailed { .. }
            | Self::UndoFailed { .. }
            | Self::UploadFailed { .. } => Severity::Error,
            Self::BackupQuotaFull { .. }
            | Self::BackupStorageFull { .. }
            | Self::GithubBackupFailed { .. }
            | Self::ReconnectNeeded { .. } => Severity::Warning,
            Self::BackupCreated { .. }
            | Self::BackupsPruned { .. }
            | Self::BackupDownloaded { .. }
            | Self::BackupRated { .. }
            | Self::BackupNoted { .. }
            | Self::BackupDeleted { .. }
            | Self::BackupsDeleted { .. }
            | Self::BackupDiscarded { .. }
            | Self::RestoreApplied { .. }
            | Self::RestoreUnchanged { .. }
            | Self::RestoreUndone { .. }
            | Self::GithubConnected { .. }
            | Self::GithubDisconnected { .. }
            | Self::DriveConnected { .. }
            | Self::DriveDisconnected { .. }
            | Self::ScheduleSet { .. }
            | Self::UploadSucceeded { .. }
            | Self::CopyFetched { .. }
            | Self::FilesPurged { .. } => Severity::Info,
        }
    }

    /// The user it is about; `None` for an event about the service itself.
    pub fn user(&self) -> Option<UserId> {
        match self {
            Self::BackupCreated { user, .. }
            | Self::BackupFailed { user, .. }
            | Self::BackupQuotaFull { user, .. }
            | Self::BackupStorageFull { user, .. }
            | Self::BackupsPruned { user, .. }
            | Self::BackupDamaged { user, .. }
            | Self::BackupDownloaded { user, .. }
            | Self::BackupRated { user, .. }
            | Self::BackupNoted { user, .. }
            | Self::BackupDeleted { user, .. }
            | Self::BackupsDeleted { user, .. }
            | Self::BackupDiscarded { user, .. }
            | Self::RestoreApplied { user, .. }
            | Self::RestoreUnchanged { user, .. }
            | Self::RestoreFailed { user, .. }
            | Self::RestoreUndone { user, .. }
            | Self::UndoFailed { user, .. }
            | Self::GithubConnected { user }
            | Self::GithubDisconnected { user }
            | Self::GithubBackupFailed { user, .. }
            | Self::DriveConnected { user }
            | Self::DriveDisconnected { user, .. }
            | Self::ScheduleSet { user, .. }
            | Self::UploadSucceeded { user, .. }
            | Self::UploadFailed { user, .. }
            | Self::CopyFetched { user, .. }
            | Self::ReconnectNeeded { user, .. } => Some(*user),
            Self::FilesPurged { .. } => None,
        }
    }

    /// Its details as stored: every value as text, keys in order. The user is not among them
    /// (see [`Event::user`]).
    pub fn fields(&self) -> BTreeMap<&'static str, String> {
        let fields: Vec<(&'static str, String)> = match self {
            Self::BackupCreated {
                user: _,
                backup,
                kind,
                files,
                archive_size,
                duration,
            } => vec![
                backup_id(backup),
                backup_type(*kind),
                text("files", files),
                text("archive_size", archive_size),
                text("duration_ms", &duration.as_millis()),
            ],
            Self::BackupFailed {
                user: _,
                kind,
                reason,
            } => vec![backup_type(*kind), text("reason", reason)],
            Self::BackupQuotaFull {
                user: _,
                kind,
                stored,
                limit,
            } => vec![
                backup_type(*kind),
                text("stored", stored),
                text("limit", limit),
            ],
            Self::BackupStorageFull {
                user: _,
                kind,
                used,
                limit,
                size,
            } => {
                let mut fields = vec![backup_type(*kind), text("used", used), text("limit", limit)];
                fields.extend(size.map(|size| text("size", &size)));
                fields
            }
            Self::BackupsPruned { user: _, count } => vec![text("count", count)],
            Self::BackupsDeleted { user: _, count } => vec![text("count", count)],
            Self::BackupDamaged { user: _, backup }
            | Self::BackupDownloaded { user: _, backup }
            | Self::BackupDeleted { user: _, backup }
            | Self::BackupDiscarded { user: _, backup }
            | Self::RestoreUnchanged { user: _, backup } => vec![backup_id(backup)],
            Self::BackupRated {
                user: _,
                backup,
                rating,
            } => vec![backup_id(backup), text("rating", rating_name(*rating))],
            Self::BackupNoted {
                user: _,
                backup,
                cleared,
            } => vec![backup_id(backup), text("cleared", cleared)],
            Self::RestoreApplied {
                user: _,
                backup,
                snapshot,
                restored,
            } => vec![
                backup_id(backup),
                text("snapshot_id", snapshot),
                text("restored", restored),
            ],
            Self::RestoreFailed {
                user: _,
                backup,
                reason,
            } => vec![backup_id(backup), text("reason", reason)],
            Self::RestoreUndone {
                user: _,
                snapshot,
                binned,
                reverted,
                left,
            } => vec![
                text("snapshot_id", snapshot),
                text("binned", binned),
                text("reverted", reverted),
                text("left", left),
            ],
            Self::UndoFailed {
                user: _,
                snapshot,
                reason,
            } => vec![text("snapshot_id", snapshot), text("reason", reason)],
            Self::GithubConnected { user: _ }
            | Self::GithubDisconnected { user: _ }
            | Self::DriveConnected { user: _ } => Vec::new(),
            Self::GithubBackupFailed {
                user: _,
                repo,
                reason,
            } => vec![text("repo", repo), text("reason", reason)],
            Self::DriveDisconnected { user: _, revoked } => vec![text("revoked", revoked)],
            Self::ScheduleSet {
                user: _,
                destination,
                schedule,
            } => with_destination(
                destination,
                vec![
                    text("frequency", schedule.frequency().as_str()),
                    text("hour", &schedule.hour()),
                ],
            ),
            Self::UploadSucceeded {
                user: _,
                destination,
                backup,
                trigger,
                pruned,
            } => with_destination(
                destination,
                vec![
                    backup_id(backup),
                    text("trigger", trigger.as_str()),
                    text("pruned", pruned),
                ],
            ),
            Self::UploadFailed {
                user: _,
                destination,
                backup,
                trigger,
                reason,
            } => with_destination(
                destination,
                vec![
                    backup_id(backup),
                    text("trigger", trigger.as_str()),
                    text("reason", reason),
                ],
            ),
            Self::CopyFetched {
                user: _,
                destination,
                backup,
                reused,
            } => with_destination(destination, vec![backup_id(backup), text("reused", reused)]),
            Self::ReconnectNeeded {
                user: _,
                destination,
                reason,
            } => with_destination(destination, vec![text("reason", reason)]),
            Self::FilesPurged { records } => vec![text("records", records)],
        };
        fields.into_iter().collect()
    }
}

/// Drive's name for an event, or another destination's.
fn of(destination: &DestinationId, drive: &'static str, other: &'static str) -> &'static str {
    if *destination == DestinationId::DRIVE {
        drive
    } else {
        other
    }
}

/// `fields`, and the destination unless it is Drive (whose events never carried it).
fn with_destination(
    destination: &DestinationId,
    mut fields: Vec<(&'static str, String)>,
) -> Vec<(&'static str, String)> {
    if *destination != DestinationId::DRIVE {
        fields.push(text("destination", destination));
    }
    fields
}

fn text(key: &'static str, value: &(impl ToString + ?Sized)) -> (&'static str, String) {
    (key, value.to_string())
}

fn backup_id(id: &Id) -> (&'static str, String) {
    text("backup_id", id)
}

fn backup_type(kind: BackupKind) -> (&'static str, String) {
    text("backup_type", kind.as_str())
}

fn rating_name(rating: Option<Rating>) -> &'static str {
    match rating {
        None => "none",
        Some(Rating::Excellent) => "excellent",
        Some(Rating::Good) => "good",
        Some(Rating::Ok) => "ok",
    }
}

#[cfg(test)]
pub(crate) mod tests;
