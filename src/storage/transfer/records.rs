//! The records themselves: every field a store keeps, in one shape for every backend.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{
    DestinationId, Id, Job, Locale, Task, TaskKind, TaskState, UserId,
    backup::{self, BackupKind, CopyStatus, Rating, RemoteCopy},
    restore::{AddedHistory, UndoLog, WriteKind, Written},
    retention::Generations,
    schedule::{Schedule, Zone},
};

/// A user with every setting kept about them: GitHub, Drive and each destination's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub user_id: UserId,
    /// `None` for a user first seen by a feature that does not know their language.
    pub locale: Option<Locale>,
    pub recent_repos: Vec<String>,
    /// The keys of their favourite files (dumps made before favourites have none).
    #[serde(default)]
    pub favourites: Vec<Id>,
    /// The zone they read times in; `None` for UTC (and in dumps made before there was one).
    #[serde(default)]
    pub time_zone: Option<Zone>,
    pub github: Option<GithubRecord>,
    /// Only when it holds something (a section without any value reads as none).
    pub drive: Option<DriveRecord>,
    /// By destination name; only those holding something.
    pub destinations: Vec<DestinationRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GithubRecord {
    pub login: String,
    /// Sealed as stored: copied as bytes, never opened.
    #[serde(with = "hex_bytes")]
    pub sealed_token: Vec<u8>,
    pub connected_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DriveRecord {
    /// Sealed as stored: copied as bytes, never opened.
    #[serde(with = "hex_bytes_opt")]
    pub sealed_token: Option<Vec<u8>>,
    pub email: Option<String>,
    pub connected_at: Option<DateTime<Utc>>,
    pub needs_reconnect: bool,
    pub folder_id: Option<String>,
}

impl DriveRecord {
    /// Whether it holds anything (else it is left out: it reads as no Drive connection).
    pub fn holds_something(&self) -> bool {
        *self != Self::default()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DestinationRecord {
    pub destination: DestinationId,
    pub schedule: Option<Schedule>,
    /// Keep the newest so many copies; or, with `generations` set, those instead.
    pub retention: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generations: Option<Generations>,
    #[serde(default)]
    pub history: bool,
    /// The password its backups are protected with, sealed as tokens are.
    #[serde(default)]
    pub sealed_password: Option<Vec<u8>>,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Whether the last error found the destination full (absent from dumps made before).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub last_error_full: bool,
    /// Absent from dumps made before scheduled runs skipped an unchanged library.
    #[serde(default)]
    pub uploaded_library: Option<String>,
    #[serde(default)]
    pub last_unchanged: Option<DateTime<Utc>>,
}

impl DestinationRecord {
    pub fn empty(destination: DestinationId) -> Self {
        Self {
            destination,
            schedule: None,
            retention: None,
            generations: None,
            history: false,
            sealed_password: None,
            last_success: None,
            last_error: None,
            last_error_at: None,
            last_error_full: false,
            uploaded_library: None,
            last_unchanged: None,
        }
    }

    /// Whether it holds anything (else it is left out: it reads as the defaults).
    pub fn holds_something(&self) -> bool {
        *self != Self::empty(self.destination.clone())
    }
}

/// One version of a code file, current or not, active or in the recycle bin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileRecord {
    pub id: Id,
    pub file_key: Id,
    pub user_id: UserId,
    pub name: String,
    pub language: String,
    pub code: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub version: u32,
    pub size: u64,
    pub sha256: String,
    pub current: bool,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A backup record with its copies and undo log; its archive (same id) travels apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupRecord {
    pub id: Id,
    pub user_id: UserId,
    pub kind: BackupKind,
    pub created_at: DateTime<Utc>,
    pub file_count: u64,
    pub total_size: u64,
    pub archive_size: u64,
    pub sha256: String,
    pub version: String,
    pub rating: Option<Rating>,
    pub note: Option<String>,
    pub repo: Option<String>,
    pub git_ref: Option<String>,
    pub commit: Option<String>,
    pub copies: Vec<CopyRecord>,
    pub undo: Option<UndoRecord>,
    /// What the scrub found last (see the backup store); a line without them reads as never
    /// re-checked and not damaged.
    #[serde(default)]
    pub checked_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub damaged_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub protected: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CopyRecord {
    pub destination: DestinationId,
    pub remote_id: Option<String>,
    pub status: CopyStatus,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoRecord {
    pub restored: Id,
    pub writes: Vec<WrittenRecord>,
    pub undone_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WrittenRecord {
    pub name: String,
    pub kind: WriteKind,
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<AddedHistory>,
}

impl BackupRecord {
    pub fn new(record: backup::BackupRecord, undo: Option<UndoLog>) -> Self {
        Self {
            id: record.id,
            user_id: record.user_id,
            kind: record.kind,
            created_at: record.created_at,
            file_count: record.file_count,
            total_size: record.total_size,
            archive_size: record.archive_size,
            sha256: record.sha256,
            version: record.version,
            rating: record.rating,
            note: record.note,
            repo: record.repo,
            git_ref: record.git_ref,
            commit: record.commit,
            copies: record.copies.into_iter().map(CopyRecord::from).collect(),
            undo: undo.map(UndoRecord::from),
            checked_at: record.checked_at,
            damaged_at: record.damaged_at,
            protected: record.protected,
        }
    }

    /// The record as the backup store keeps it, and its undo log.
    pub fn into_parts(self) -> (backup::BackupRecord, Option<UndoLog>) {
        let record = backup::BackupRecord {
            id: self.id,
            user_id: self.user_id,
            kind: self.kind,
            created_at: self.created_at,
            file_count: self.file_count,
            total_size: self.total_size,
            archive_size: self.archive_size,
            sha256: self.sha256,
            version: self.version,
            rating: self.rating,
            note: self.note,
            repo: self.repo,
            git_ref: self.git_ref,
            commit: self.commit,
            copies: self.copies.into_iter().map(RemoteCopy::from).collect(),
            checked_at: self.checked_at,
            damaged_at: self.damaged_at,
            protected: self.protected,
        };
        (record, self.undo.map(UndoLog::from))
    }
}

impl From<RemoteCopy> for CopyRecord {
    fn from(copy: RemoteCopy) -> Self {
        Self {
            destination: copy.destination,
            remote_id: copy.remote_id,
            status: copy.status,
            at: copy.at,
        }
    }
}

impl From<CopyRecord> for RemoteCopy {
    fn from(copy: CopyRecord) -> Self {
        Self {
            destination: copy.destination,
            remote_id: copy.remote_id,
            status: copy.status,
            at: copy.at,
        }
    }
}

impl From<UndoLog> for UndoRecord {
    fn from(log: UndoLog) -> Self {
        Self {
            restored: log.restored,
            writes: log
                .writes
                .into_iter()
                .map(|write| WrittenRecord {
                    name: write.name,
                    kind: write.kind,
                    state: write.state,
                    added: write.added,
                })
                .collect(),
            undone_at: log.undone_at,
        }
    }
}

impl From<UndoRecord> for UndoLog {
    fn from(undo: UndoRecord) -> Self {
        Self {
            restored: undo.restored,
            writes: undo
                .writes
                .into_iter()
                .map(|write| Written {
                    name: write.name,
                    kind: write.kind,
                    state: write.state,
                    added: write.added,
                })
                .collect(),
            undone_at: undo.undone_at,
        }
    }
}

/// A chat's dialogue: its state as stored (raw JSON: the bot's state type is not needed, and a
/// state an older release wrote travels as it is). (Dumps of earlier releases also name the
/// long action the chat waited on, `work`: tasks took its place, and it is not read.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DialogueRecord {
    pub chat_id: i64,
    pub state: Option<serde_json::Value>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// An automatic-backup job, lease included (what a copy does with the lease is its choice).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: String,
    pub destination: DestinationId,
    pub user_id: UserId,
    pub schedule: Schedule,
    pub due_at: Option<DateTime<Utc>>,
    pub attempt: u32,
    pub pending_backup: Option<Id>,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// Missing in dumps made before it was recorded.
    #[serde(default)]
    pub scheduled_since: Option<DateTime<Utc>>,
}

impl From<Job> for JobRecord {
    fn from(job: Job) -> Self {
        Self {
            id: job.id,
            destination: job.destination,
            user_id: job.user_id,
            schedule: job.schedule,
            due_at: job.due_at,
            attempt: job.attempt,
            pending_backup: job.pending_backup,
            lease_owner: job.lease_owner,
            lease_until: job.lease_until,
            last_error: job.last_error,
            last_success_at: job.last_success_at,
            updated_at: job.updated_at,
            scheduled_since: job.scheduled_since,
        }
    }
}

/// Bytes as hex in JSON (a sealed token in a dump reads as one string, not a list of numbers).
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        hex::decode(text).map_err(D::Error::custom)
    }
}

mod hex_bytes_opt {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(
        bytes: &Option<Vec<u8>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => serializer.serialize_some(&hex::encode(bytes)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| hex::decode(text).map_err(D::Error::custom))
            .transpose()
    }
}

/// A user's long action, lease included (what a copy does with the lease is its choice).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    pub id: Id,
    pub user_id: UserId,
    pub chat_id: i64,
    pub message_id: i32,
    pub locale: Locale,
    pub kind: TaskKind,
    pub state: TaskState,
    pub attempts: u32,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTime<Utc>>,
    pub cancel_requested: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Task> for TaskRecord {
    fn from(task: Task) -> Self {
        Self {
            id: task.id,
            user_id: task.user,
            chat_id: task.chat,
            message_id: task.message,
            locale: task.locale,
            kind: task.kind,
            state: task.state,
            attempts: task.attempts,
            lease_owner: task.lease_owner,
            lease_until: task.lease_until,
            cancel_requested: task.cancel_requested,
            created_at: task.created_at,
            updated_at: task.updated_at,
        }
    }
}

impl From<TaskRecord> for Task {
    fn from(task: TaskRecord) -> Self {
        Self {
            id: task.id,
            user: task.user_id,
            chat: task.chat_id,
            message: task.message_id,
            locale: task.locale,
            kind: task.kind,
            state: task.state,
            attempts: task.attempts,
            lease_owner: task.lease_owner,
            lease_until: task.lease_until,
            cancel_requested: task.cancel_requested,
            created_at: task.created_at,
            updated_at: task.updated_at,
        }
    }
}
