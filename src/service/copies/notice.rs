//! What the bot tells a user on its own, outside any conversation, about a destination: how
//! an automatic backup went, and how connecting ended.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::FailureReason;
use crate::domain::{
    DestinationId, UserId,
    backup::{
        BackupRecord,
        quota::{BackupQuota, NoRoom},
    },
};

/// What the bot tells a user on its own, outside any conversation, about a destination.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The backup is stored in the bot; the upload is tried again at `retry_at`.
    UploadFailed {
        reason: FailureReason,
        retry_at: Option<DateTime<Utc>>,
    },
    /// The grant is gone: nothing runs until the user connects again.
    ReconnectNeeded,
    /// To keep the new backup, the `quota` removed these (all of its class).
    BackupsPruned {
        quota: BackupQuota,
        removed: Vec<BackupRecord>,
    },
    /// No backup was made: the quota could not make room for it.
    NoRoom(NoRoom),
    /// Connecting ended: the account (when the destination told it) and where copies go.
    Connected {
        account: Option<String>,
        folder: String,
    },
    /// The user refused access.
    ConnectDenied,
    /// The user's scheduled backups have not succeeded since `since` (their last success, or
    /// when the schedule was set), for longer than the alerts' `user_notice_after`.
    NotBackedUp { since: DateTime<Utc> },
    /// The code ran out before it was used.
    ConnectExpired,
    /// The destination could not be reached to finish connecting.
    ConnectFailed,
}

#[async_trait]
pub trait Notifier: Send + Sync {
    async fn notify(&self, user: UserId, destination: &DestinationId, notice: Notice);
}
