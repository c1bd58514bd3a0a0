//! Long actions a user started (a backup, a repository download, an upload, a restore, an
//! import): queued in the store, run by whichever instance claims them, shown in one progress
//! message of the user's chat.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    DestinationId, Id, Locale, UserId, repo_ref::RepoRef, restore::Decisions,
    retention::RetentionPolicy,
};

/// What a task does, with what it needs to do it again on another instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaskKind {
    /// 📦 Create backup: a full backup, stored and sent; 🕘 with every file's earlier versions
    /// too (`history`); 🔒 `protected` by the password its instance holds in memory (never
    /// here: another instance cannot make it, and says so).
    CreateBackup {
        #[serde(default)]
        history: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        protected: bool,
    },
    /// A GitHub repository's archive downloaded and kept as a backup.
    GithubBackup { repo: RepoRef },
    /// ☁️ Back up now: a new backup uploaded to the destination.
    BackUpNow { destination: DestinationId },
    /// ☁️ Upload to Drive of a stored backup.
    Upload {
        destination: DestinationId,
        backup: Id,
    },
    /// A restore (or the files of an import) written with the user's choices.
    RestoreApply {
        backup: Id,
        #[serde(flatten)]
        decisions: Decisions,
    },
    /// A ZIP the user sent (Telegram keeps it, under `file_id`) kept as a backup, then planned.
    ImportArchive {
        file_id: String,
        document_name: Option<String>,
    },
    /// 📥 Restore from Drive: the copy `remote_id` (named `name` there) brought back from the
    /// destination and kept as a backup, then planned.
    FetchCopy {
        destination: DestinationId,
        remote_id: String,
        name: String,
    },
    /// 🗂 Kept in Drive: a retention kept from now on and applied to the copies there.
    ApplyRetention {
        destination: DestinationId,
        policy: RetentionPolicy,
    },
}

impl TaskKind {
    /// Whether a run cut short (its instance died) may simply run again: it wrote nothing the
    /// user can see until it finished, or what it wrote is found again (an upload is looked up
    /// by its backup id, a copy brought back is then found stored). A restore or an import is not run again behind the user's back: the
    /// library may have changed since they chose.
    pub fn reruns(&self) -> bool {
        match self {
            Self::CreateBackup { .. }
            | Self::GithubBackup { .. }
            | Self::BackUpNow { .. }
            | Self::Upload { .. }
            | Self::FetchCopy { .. }
            | Self::ApplyRetention { .. } => true,
            Self::RestoreApply { .. } | Self::ImportArchive { .. } => false,
        }
    }

    /// Whether ✖️ Cancel is offered: downloads, uploads and backups stop cleanly between two
    /// chunks; a restore is one transaction, over in seconds, which it would only leave undone,
    /// and a retention's removals are a few requests, each whole.
    pub fn cancellable(&self) -> bool {
        !matches!(
            self,
            Self::RestoreApply { .. } | Self::ApplyRetention { .. }
        )
    }
}

/// Where a task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Waiting for an instance to claim it.
    Queued,
    /// An instance holds its lease and runs it.
    Running,
    Done,
    Failed,
    /// Stopped on the user's request; nothing was kept.
    Cancelled,
    /// Cut short (its instance died) and not run again: the user was told.
    Interrupted,
}

impl TaskState {
    pub const ALL: [Self; 6] = [
        Self::Queued,
        Self::Running,
        Self::Done,
        Self::Failed,
        Self::Cancelled,
        Self::Interrupted,
    ];

    /// Queued or running: a user has at most one such task.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }

    /// Its name in stored records.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Interrupted => "interrupted",
        }
    }
}

/// A user's long action and who runs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub id: Id,
    pub user: UserId,
    pub chat: i64,
    /// The message that shows its progress, then its result.
    pub message: i32,
    /// The language the chat is answered in.
    pub locale: Locale,
    pub kind: TaskKind,
    pub state: TaskState,
    /// How many times an instance claimed it: more than one means a run was cut short.
    pub attempts: u32,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTime<Utc>>,
    /// The user pressed ✖️ Cancel; the instance running it stops at its next chance.
    pub cancel_requested: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Task {
    /// A new task, queued at `at`.
    pub fn queued(
        user: UserId,
        chat: i64,
        message: i32,
        locale: Locale,
        kind: TaskKind,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: Id::generate(),
            user,
            chat,
            message,
            locale,
            kind,
            state: TaskState::Queued,
            attempts: 0,
            lease_owner: None,
            lease_until: None,
            cancel_requested: false,
            created_at: at,
            updated_at: at,
        }
    }
}

/// What queueing a task did.
#[derive(Clone, Debug, PartialEq)]
pub enum Enqueued {
    Queued,
    /// The user has an active task already (this one): nothing was queued.
    Busy(Task),
}

/// What asking to cancel a task found.
#[derive(Clone, Debug, PartialEq)]
pub enum CancelRequest {
    /// It was still queued: it is cancelled now and nothing ran.
    Cancelled(Task),
    /// It runs: the instance running it stops at its next chance.
    Stopping(Task),
    /// The user has no active task with that id (finished, someone else's, or forged).
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::restore::Choice;

    #[test]
    fn a_kind_is_stored_with_its_parameters_and_reads_back() {
        let mut decisions = Decisions::new(vec!["a.py".to_owned()]);
        decisions.record(Choice::Replace, false);
        let id = Id::parse("0123456789abcdef01234567").unwrap();
        let kinds = [
            TaskKind::CreateBackup {
                history: false,
                protected: false,
            },
            TaskKind::CreateBackup {
                history: true,
                protected: true,
            },
            TaskKind::GithubBackup {
                repo: RepoRef::parse("octo/widgets v1").unwrap(),
            },
            TaskKind::BackUpNow {
                destination: DestinationId::DRIVE,
            },
            TaskKind::Upload {
                destination: DestinationId::DRIVE,
                backup: id.clone(),
            },
            TaskKind::RestoreApply {
                backup: id,
                decisions,
            },
            TaskKind::ImportArchive {
                file_id: "f".to_owned(),
                document_name: Some("a.zip".to_owned()),
            },
            TaskKind::FetchCopy {
                destination: DestinationId::DRIVE,
                remote_id: "1AbC-dEf_gHi".to_owned(),
                name: "codevault-2026-11-30-1703-01234567.zip".to_owned(),
            },
            TaskKind::ApplyRetention {
                destination: DestinationId::DRIVE,
                policy: RetentionPolicy::Generations(crate::domain::retention::Generations {
                    daily: 7,
                    weekly: 4,
                    monthly: 12,
                }),
            },
        ];
        for kind in kinds {
            let json = serde_json::to_value(&kind).unwrap();
            assert_eq!(serde_json::from_value::<TaskKind>(json).unwrap(), kind);
        }
        let restore = serde_json::to_value(TaskKind::RestoreApply {
            backup: Id::parse("0123456789abcdef01234567").unwrap(),
            decisions: Decisions::new(vec!["a.py".to_owned()]),
        })
        .unwrap();
        assert_eq!(
            restore,
            serde_json::json!({
                "kind": "restore_apply",
                "backup": "0123456789abcdef01234567",
                "conflicts": ["a.py"],
                "choices": [],
            })
        );
        // Queued before backups had options: a plain backup.
        let older = serde_json::json!({ "kind": "create_backup" });
        assert_eq!(
            serde_json::from_value::<TaskKind>(older).unwrap(),
            TaskKind::CreateBackup {
                history: false,
                protected: false,
            }
        );
    }

    #[test]
    fn only_actions_that_leave_nothing_half_done_run_again_and_a_restore_is_not_cancelled() {
        let restore = TaskKind::RestoreApply {
            backup: Id::generate(),
            decisions: Decisions::default(),
        };
        assert!(!restore.reruns() && !restore.cancellable());
        let import = TaskKind::ImportArchive {
            file_id: "f".to_owned(),
            document_name: None,
        };
        assert!(!import.reruns() && import.cancellable());
        let backup = TaskKind::CreateBackup {
            history: true,
            protected: false,
        };
        assert!(backup.reruns() && backup.cancellable());
        let fetch = TaskKind::FetchCopy {
            destination: DestinationId::DRIVE,
            remote_id: "r".to_owned(),
            name: "n.zip".to_owned(),
        };
        assert!(fetch.reruns() && fetch.cancellable());
    }

    #[test]
    fn only_queued_and_running_tasks_are_active() {
        let active: Vec<TaskState> = TaskState::ALL
            .into_iter()
            .filter(|state| state.is_active())
            .collect();
        assert_eq!(active, [TaskState::Queued, TaskState::Running]);
    }
}
