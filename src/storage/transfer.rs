//! Every stored record in one shape for every backend, to copy a store into another
//! (`codevault migrate`) or into a file and back.
//!
//! A record carries every field its store keeps and keeps its id, so what names an id
//! elsewhere (a backup's undo log, a dialogue waiting on a file, a job's pending backup) stays
//! valid in the copy. Each backend reads its records in pages by key and inserts batches of
//! them; an insert leaves a key that is already stored as it is, so a copy cut short and run
//! again writes nothing twice. Archives travel one at a time, streamed from one store into the
//! other, never whole in memory.

mod records;

pub use records::{
    BackupRecord, CopyRecord, DestinationRecord, DialogueRecord, DriveRecord, FileRecord,
    GithubRecord, JobRecord, TaskRecord, UndoRecord, UserRecord, WrittenRecord,
};

use std::fmt;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use tokio::io::AsyncRead;

use super::{BlobReader, StoreResult};
use crate::domain::Id;

/// The kinds of records, in the order a copy writes them.
///
/// Events are not among them: they are an operational log kept 30 days, read by no feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    User,
    File,
    Backup,
    Dialogue,
    Job,
    Task,
}

impl Kind {
    pub const ALL: [Self; 6] = [
        Self::User,
        Self::File,
        Self::Backup,
        Self::Dialogue,
        Self::Job,
        Self::Task,
    ];

    /// Its name in plural, for progress lines: `users`, `file versions`, ….
    pub fn plural(self) -> &'static str {
        match self {
            Self::User => "users",
            Self::File => "file versions",
            Self::Backup => "backups",
            Self::Dialogue => "dialogues",
            Self::Job => "jobs",
            Self::Task => "tasks",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::User => "user",
            Self::File => "file version",
            Self::Backup => "backup",
            Self::Dialogue => "dialogue",
            Self::Job => "job",
            Self::Task => "task",
        })
    }
}

/// A record's key within its kind: a user or chat id, a record id, a job's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Key {
    Int(i64),
    Text(String),
}

impl Key {
    /// The number of an integer key (users, dialogues).
    pub fn int(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            Self::Text(_) => None,
        }
    }

    /// The text of a text key (files, backups, jobs, tasks).
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            Self::Int(_) => None,
        }
    }

    /// The id of a file, backup or task key.
    pub fn id(&self) -> Option<Id> {
        self.text().and_then(Id::parse)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(n) => write!(f, "{n}"),
            Self::Text(text) => f.write_str(text),
        }
    }
}

/// One record of any kind (`{"kind": "file", "record": {...}}` as JSON: the tag beside the
/// record, not in it, for backups and tasks have a `kind` of their own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Record {
    User(UserRecord),
    File(FileRecord),
    Backup(BackupRecord),
    Dialogue(DialogueRecord),
    Job(JobRecord),
    Task(TaskRecord),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Self::User(_) => Kind::User,
            Self::File(_) => Kind::File,
            Self::Backup(_) => Kind::Backup,
            Self::Dialogue(_) => Kind::Dialogue,
            Self::Job(_) => Kind::Job,
            Self::Task(_) => Kind::Task,
        }
    }

    pub fn key(&self) -> Key {
        match self {
            Self::User(user) => Key::Int(user.user_id),
            Self::File(file) => Key::Text(file.id.to_string()),
            Self::Backup(backup) => Key::Text(backup.id.to_string()),
            Self::Dialogue(dialogue) => Key::Int(dialogue.chat_id),
            Self::Job(job) => Key::Text(job.id.clone()),
            Self::Task(task) => Key::Text(task.id.to_string()),
        }
    }
}

/// A backup's archive: the name it was stored under, and its bytes as they are read.
pub struct Archive {
    pub file_name: String,
    pub reader: BlobReader,
}

/// Reads and writes a store's records of every kind, whatever the backend.
#[async_trait]
pub trait Transfer: Send + Sync {
    /// Up to `limit` records of `kind` whose key comes after `after`, in key order.
    async fn page(&self, kind: Kind, after: Option<&Key>, limit: usize)
    -> StoreResult<Vec<Record>>;
    /// Those of the records of `kind` with these keys that are stored, in any order.
    async fn find(&self, kind: Kind, keys: &[Key]) -> StoreResult<Vec<Record>>;
    /// Stores `records` (all of one kind) as they are. A record whose key is already stored,
    /// or that a rule of the store refuses (a user's current file names are unique), is not
    /// written: its key is in the answer. Each record is written whole or not at all.
    async fn insert(&self, records: Vec<Record>) -> StoreResult<Vec<Key>>;
    /// How many records of `kind` are stored.
    async fn count(&self, kind: Kind) -> StoreResult<u64>;
    /// The archive of backup `id`, to be read as it streams; `NotFound` when there is none.
    async fn archive(&self, id: &Id) -> StoreResult<Archive>;
    /// Stores what `archive` reads as the archive of backup `id`, named `file_name`,
    /// replacing any stored under that id (the remains of a copy cut short before its record
    /// was written); answers how many bytes.
    async fn put_archive(
        &self,
        id: &Id,
        file_name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64>;
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::{Locale, Task, TaskKind, backup::BackupKind};

    /// A record written as a JSON line reads back the same (what a dump and a load rely on),
    /// sealed bytes as hex, a dialogue's state as it was, and a backup's and a task's own
    /// `kind` beside the record's.
    #[test]
    fn a_record_reads_back_from_its_json_line() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 10, 0, 0).unwrap();
        let records = [
            Record::User(UserRecord {
                user_id: 7,
                locale: Some(Locale::He),
                recent_repos: vec!["a/b".to_owned()],
                favourites: vec![Id::parse("0123456789abcdef01234567").unwrap()],
                time_zone: Some("Asia/Jerusalem".parse().unwrap()),
                github: Some(GithubRecord {
                    login: "octo".to_owned(),
                    sealed_token: vec![0, 1, 0xff],
                    connected_at: at,
                }),
                drive: Some(DriveRecord {
                    sealed_token: Some(vec![9, 8]),
                    ..DriveRecord::default()
                }),
                destinations: Vec::new(),
            }),
            Record::Dialogue(DialogueRecord {
                chat_id: -100,
                state: Some(serde_json::json!({ "step": "x", "n": 3 })),
                updated_at: Some(at),
            }),
            Record::Backup(BackupRecord {
                id: Id::generate(),
                user_id: 7,
                kind: BackupKind::PreRestore,
                created_at: at,
                file_count: 2,
                total_size: 40,
                archive_size: 30,
                sha256: "ab".repeat(32),
                version: "1.0".to_owned(),
                rating: None,
                note: None,
                repo: None,
                git_ref: None,
                commit: None,
                copies: Vec::new(),
                undo: None,
                checked_at: Some(at),
                damaged_at: Some(at),
                protected: false,
            }),
            Record::Task(TaskRecord::from(Task::queued(
                7,
                7,
                41,
                Locale::Ru,
                TaskKind::CreateBackup {
                    history: true,
                    protected: true,
                },
                at,
            ))),
        ];
        let user = serde_json::to_string(&records[0]).unwrap();
        assert!(user.starts_with(r#"{"kind":"user","#), "{user}");
        assert!(user.contains(r#""sealed_token":"0001ff""#), "{user}");
        for record in records {
            let line = serde_json::to_string(&record).unwrap();
            assert!(!line.contains('\n'), "{line}");
            assert_eq!(
                serde_json::from_str::<Record>(&line).unwrap(),
                record,
                "{line}"
            );
        }
    }
}
