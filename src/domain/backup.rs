//! Backups: their kinds, ratings and stored records; `quota` is what a user may keep.

pub mod quota;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{DestinationId, Id, UserId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    FullBackup,
    GithubRepoZip,
    GoogleDriveBackup,
    ImportedZip,
    PreRestore,
}

impl BackupKind {
    pub const ALL: [Self; 5] = [
        Self::FullBackup,
        Self::GithubRepoZip,
        Self::GoogleDriveBackup,
        Self::ImportedZip,
        Self::PreRestore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FullBackup => "full_backup",
            Self::GithubRepoZip => "github_repo_zip",
            Self::GoogleDriveBackup => "google_drive_backup",
            Self::ImportedZip => "imported_zip",
            Self::PreRestore => "pre_restore",
        }
    }

    pub fn emoji(self) -> &'static str {
        match self {
            Self::FullBackup => "📦",
            Self::GithubRepoZip => "🐙",
            Self::GoogleDriveBackup => "☁️",
            Self::ImportedZip => "📥",
            Self::PreRestore => "🛟",
        }
    }
}

/// A rating marks a backup worth keeping: the quota never removes a rated backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Excellent,
    Good,
    Ok,
}

impl Rating {
    pub const ALL: [Self; 3] = [Self::Excellent, Self::Good, Self::Ok];

    pub fn emoji(self) -> &'static str {
        match self {
            Self::Excellent => "🏆",
            Self::Good => "👍",
            Self::Ok => "🤷",
        }
    }
}

/// A stored backup; its archive lives in the blob store under the same id.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupRecord {
    pub id: Id,
    pub user_id: UserId,
    pub kind: BackupKind,
    pub created_at: DateTime<Utc>,
    pub file_count: u64,
    /// Uncompressed bytes of the files in it.
    pub total_size: u64,
    pub archive_size: u64,
    /// Hex SHA-256 of the whole archive.
    pub sha256: String,
    /// The manifest format version.
    pub version: String,
    pub rating: Option<Rating>,
    pub note: Option<String>,
    pub repo: Option<String>,
    pub git_ref: Option<String>,
    pub commit: Option<String>,
    /// Its copies outside the bot, one per destination an upload was tried to.
    pub copies: Vec<RemoteCopy>,
    /// When the scrub last read its archive back and found it intact; `None` when it has not
    /// since the backup was stored (and checked then, at `created_at`).
    pub checked_at: Option<DateTime<Utc>>,
    /// When its archive was found damaged or missing: it can no longer be restored or sent.
    pub damaged_at: Option<DateTime<Utc>>,
    /// Its entries (its manifest too) are encrypted with a password the user keeps: it opens
    /// only with that password, which the bot never stores.
    pub protected: bool,
}

/// The stored backups of all users as the scrub sees them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Integrity {
    pub stored: u64,
    /// Found damaged or missing: they are not checked again.
    pub damaged: u64,
    /// Not damaged, and last checked (or stored) at or before the time asked about.
    pub due: u64,
}

impl Integrity {
    /// The backups a round of the scrub reads: all but the damaged.
    pub fn to_check(&self) -> u64 {
        self.stored.saturating_sub(self.damaged)
    }

    /// Those of them checked since the time asked about: how far this round got.
    pub fn checked(&self) -> u64 {
        self.to_check().saturating_sub(self.due)
    }
}

/// How the upload of a backup to a destination went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyStatus {
    Uploaded,
    /// The last attempt failed; the backup is still stored here and is retried later.
    Failed,
}

/// A backup's copy at one destination.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteCopy {
    pub destination: DestinationId,
    /// The copy's id at the destination (a Drive file id), when uploaded.
    pub remote_id: Option<String>,
    pub status: CopyStatus,
    pub at: DateTime<Utc>,
}

#[cfg(test)]
impl BackupRecord {
    /// A stored, checked, unrated backup of one file of `size` bytes, for unit tests to adjust.
    pub fn example(
        user_id: UserId,
        kind: BackupKind,
        created_at: DateTime<Utc>,
        size: u64,
    ) -> Self {
        Self {
            id: Id::generate(),
            user_id,
            kind,
            created_at,
            file_count: 1,
            total_size: size,
            archive_size: size,
            sha256: String::new(),
            version: "1.0".to_owned(),
            rating: None,
            note: None,
            repo: None,
            git_ref: None,
            commit: None,
            copies: Vec::new(),
            checked_at: None,
            damaged_at: None,
            protected: false,
        }
    }
}

impl BackupRecord {
    /// Its copy at `destination`, once an upload there was tried.
    pub fn copy(&self, destination: &DestinationId) -> Option<&RemoteCopy> {
        self.copies
            .iter()
            .find(|copy| copy.destination == *destination)
    }

    /// When its archive was last read back and found intact: by the scrub, or when it was
    /// stored.
    pub fn last_checked(&self) -> DateTime<Utc> {
        self.checked_at.unwrap_or(self.created_at)
    }

    pub fn is_damaged(&self) -> bool {
        self.damaged_at.is_some()
    }

    /// Whether a copy of it is at `destination`, uploaded (one to restore it from).
    pub fn has_copy_at(&self, destination: &DestinationId) -> bool {
        self.copy(destination)
            .is_some_and(|copy| copy.status == CopyStatus::Uploaded)
    }

    /// `codevault-2026-11-22-1430-89abcdef.zip`: sortable, and unique through the id's tail.
    pub fn file_name(&self) -> String {
        let id = self.id.as_str();
        let short = &id[id.len() - 8..];
        format!(
            "codevault-{}-{short}.zip",
            self.created_at.format("%Y-%m-%d-%H%M")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn download_name_has_date_time_and_short_id() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 14, 30, 59).unwrap();
        let record = BackupRecord {
            id: Id::parse("0123456789abcdef01234567").unwrap(),
            ..BackupRecord::example(1, BackupKind::FullBackup, at, 0)
        };
        assert_eq!(record.file_name(), "codevault-2026-11-22-1430-01234567.zip");
    }

    #[test]
    fn kinds_serialize_as_the_spec_names() {
        for kind in BackupKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
    }
}
