//! What the user reads when a long action cannot start.

use super::TaskError;
use crate::{
    domain::TaskKind,
    service::explain::{Explain, MessageArg, Severity, UserMessage},
};

impl Explain for TaskError {
    fn message(&self) -> UserMessage {
        match self {
            Self::Busy(kind) => {
                UserMessage::new("task-busy").with("what", MessageArg::Phrase(doing(kind)))
            }
            Self::RateLimited { max, retry_at } => UserMessage::new("task-rate-limited")
                .with("max", *max)
                .with("time", MessageArg::Time(*retry_at)),
            Self::Store(_) => "error-internal".into(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::Busy(_) | Self::RateLimited { .. } => Severity::User,
            Self::Store(_) => Severity::Ours,
        }
    }
}

/// The phrase naming what a task of `kind` is busy doing ("making your backup").
pub fn doing(kind: &TaskKind) -> &'static str {
    match kind {
        TaskKind::CreateBackup { .. } => "task-doing-backup",
        TaskKind::GithubBackup { .. } => "task-doing-github",
        TaskKind::BackUpNow { .. } | TaskKind::Upload { .. } => "task-doing-upload",
        TaskKind::RestoreApply { .. } => "task-doing-restore",
        TaskKind::ImportArchive { .. } => "task-doing-import",
        TaskKind::FetchCopy { .. } => "task-doing-fetch",
        TaskKind::ApplyRetention { .. } => "task-doing-retention",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::{
        service::explain::tests::assert_keys,
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(TaskError {
        Busy,
        RateLimited,
        Store,
    });

    pub fn examples() -> Vec<(TaskError, &'static str)> {
        let retry_at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 0).unwrap();
        vec![
            (
                TaskError::Busy(TaskKind::CreateBackup {
                    history: false,
                    protected: false,
                }),
                "task-busy",
            ),
            (
                TaskError::RateLimited { max: 3, retry_at },
                "task-rate-limited",
            ),
            (TaskError::Store(StoreError::Conflict), "error-internal"),
        ]
    }

    #[test]
    fn every_task_error_reads_as_its_key_and_a_busy_one_names_what_runs() {
        let examples = examples();
        assert_keys(&examples);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
        let busy = TaskError::Busy(TaskKind::ImportArchive {
            file_id: "f".to_owned(),
            document_name: None,
        });
        assert_eq!(
            busy.message().arg("what"),
            Some(&MessageArg::Phrase("task-doing-import"))
        );
    }
}
