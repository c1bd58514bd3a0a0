//! What the user reads when something goes wrong with GitHub: the service's own reasons, GitHub's
//! answers, and why a downloaded repository could not be kept.

use super::{GithubServiceError, RepoBackupError};
use crate::{
    archive::repo_zip::RepackError,
    domain::repo_ref::RepoRef,
    integrations::github::GithubError,
    service::{
        BackupError,
        explain::{Explain, MessageArg, Severity, UserMessage},
    },
};

impl Explain for GithubServiceError {
    fn message(&self) -> UserMessage {
        self.message_about(None)
    }

    fn severity(&self) -> Severity {
        match self {
            Self::Github(error) => github_severity(error),
            Self::RepoNotFound { .. } | Self::NotAToken | Self::TokenRefused | Self::NoKey => {
                Severity::User
            }
            Self::TokenUnreadable => Severity::Outside,
            Self::Backup(BackupError::Repository(
                RepackError::Empty | RepackError::TooLarge(_),
            )) => Severity::User,
            Self::Backup(error) => error.severity(),
            Self::Store(_) => Severity::Ours,
        }
    }
}

impl Explain for RepoBackupError {
    fn message(&self) -> UserMessage {
        self.reason.message_about(Some(&self.repo))
    }

    fn severity(&self) -> Severity {
        self.reason.severity()
    }
}

impl GithubServiceError {
    /// The message, naming `repo` where it is about one.
    fn message_about(&self, repo: Option<&RepoRef>) -> UserMessage {
        let about = |key| UserMessage::new(key).with("repo", repo_name(repo));
        match self {
            Self::Github(error) => github_message(error, repo),
            Self::RepoNotFound { with_token: true } => about("github-error-not-found"),
            Self::RepoNotFound { with_token: false } => about("github-error-not-found-no-token"),
            Self::NotAToken => "github-token-not-a-token".into(),
            Self::TokenRefused => "github-token-refused".into(),
            Self::NoKey => "github-token-no-key".into(),
            Self::TokenUnreadable => "github-error-token-unreadable".into(),
            Self::Backup(BackupError::Repository(RepackError::Empty)) => {
                about("github-error-empty")
            }
            Self::Backup(BackupError::Repository(RepackError::TooLarge(max))) => {
                UserMessage::new("github-error-too-large-unpacked")
                    .with("max", MessageArg::Megabytes(*max))
            }
            Self::Backup(BackupError::Repository(_)) => "github-error-bad-archive".into(),
            Self::Backup(BackupError::Cancelled) => about("github-error-cancelled"),
            Self::Backup(error @ BackupError::NoRoom(_)) => error.message(),
            Self::Backup(_) | Self::Store(_) => "error-backup-failed".into(),
        }
    }
}

fn repo_name(repo: Option<&RepoRef>) -> MessageArg {
    MessageArg::Text(repo.map(RepoRef::full_name).unwrap_or_default())
}

fn github_message(error: &GithubError, repo: Option<&RepoRef>) -> UserMessage {
    let about = |key| UserMessage::new(key).with("repo", repo_name(repo));
    match error {
        GithubError::NotFound => about("github-error-not-found"),
        GithubError::RefNotFound => {
            let git_ref = repo
                .and_then(|repo| repo.git_ref.clone())
                .unwrap_or_default();
            UserMessage::new("github-error-ref-not-found")
                .with("ref", MessageArg::Text(git_ref))
                .with("repo", repo_name(repo))
        }
        GithubError::EmptyRepository => about("github-error-empty"),
        GithubError::BadToken => "github-error-bad-token".into(),
        GithubError::Forbidden => about("github-error-forbidden"),
        GithubError::RateLimited { reset: Some(reset) } => {
            UserMessage::new("github-error-rate-limited").with("reset", MessageArg::Time(*reset))
        }
        GithubError::RateLimited { reset: None } => "github-error-rate-limited-later".into(),
        GithubError::TooLarge { max } => {
            UserMessage::new("github-error-too-large").with("max", MessageArg::Megabytes(*max))
        }
        GithubError::Timeout => "github-error-timeout".into(),
        GithubError::Network(_) => "github-error-network".into(),
        GithubError::Unexpected(status) => {
            UserMessage::new("github-error-unexpected").with("status", *status)
        }
        GithubError::Cancelled => about("github-error-cancelled"),
        GithubError::TempFile(_) => "error-backup-failed".into(),
    }
}

fn github_severity(error: &GithubError) -> Severity {
    match error {
        GithubError::NotFound
        | GithubError::RefNotFound
        | GithubError::EmptyRepository
        | GithubError::BadToken
        | GithubError::Forbidden
        | GithubError::TooLarge { .. }
        | GithubError::Cancelled => Severity::User,
        GithubError::RateLimited { .. }
        | GithubError::Timeout
        | GithubError::Network(_)
        | GithubError::Unexpected(_) => Severity::Outside,
        GithubError::TempFile(_) => Severity::Ours,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::service::backup::explain::tests::full;
    use crate::{
        integrations::github::NetworkError,
        service::explain::tests::assert_keys,
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(GithubServiceError {
        Github,
        RepoNotFound,
        NotAToken,
        TokenRefused,
        NoKey,
        TokenUnreadable,
        Backup,
        Store,
    });

    mod answers {
        use super::GithubError;
        use crate::variants::variant_names;

        variant_names!(GithubError {
            NotFound,
            RefNotFound,
            EmptyRepository,
            BadToken,
            Forbidden,
            RateLimited,
            TooLarge,
            Timeout,
            Network,
            Unexpected,
            Cancelled,
            TempFile,
        });

        pub fn name(error: &GithubError) -> &'static str {
            variant_name(error)
        }

        pub const NAMES: &[&str] = VARIANT_NAMES;
    }

    pub fn examples() -> Vec<(GithubServiceError, &'static str)> {
        let reset = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 0).unwrap();
        let answers = [
            (GithubError::NotFound, "github-error-not-found"),
            (GithubError::RefNotFound, "github-error-ref-not-found"),
            (GithubError::EmptyRepository, "github-error-empty"),
            (GithubError::BadToken, "github-error-bad-token"),
            (GithubError::Forbidden, "github-error-forbidden"),
            (
                GithubError::RateLimited { reset: Some(reset) },
                "github-error-rate-limited",
            ),
            (
                GithubError::RateLimited { reset: None },
                "github-error-rate-limited-later",
            ),
            (
                GithubError::TooLarge { max: 1 << 20 },
                "github-error-too-large",
            ),
            (GithubError::Timeout, "github-error-timeout"),
            (
                GithubError::Network(NetworkError::ApiUrl),
                "github-error-network",
            ),
            (GithubError::Unexpected(502), "github-error-unexpected"),
            (GithubError::Cancelled, "github-error-cancelled"),
            (
                GithubError::TempFile(std::io::Error::other("disk full")),
                "error-backup-failed",
            ),
        ];
        let repository = |error| GithubServiceError::Backup(BackupError::Repository(error));
        let mut examples: Vec<_> = answers
            .into_iter()
            .map(|(error, key)| (GithubServiceError::Github(error), key))
            .collect();
        examples.extend([
            (
                GithubServiceError::RepoNotFound { with_token: true },
                "github-error-not-found",
            ),
            (
                GithubServiceError::RepoNotFound { with_token: false },
                "github-error-not-found-no-token",
            ),
            (GithubServiceError::NotAToken, "github-token-not-a-token"),
            (GithubServiceError::TokenRefused, "github-token-refused"),
            (GithubServiceError::NoKey, "github-token-no-key"),
            (
                GithubServiceError::TokenUnreadable,
                "github-error-token-unreadable",
            ),
            (repository(RepackError::Empty), "github-error-empty"),
            (
                repository(RepackError::TooLarge(1 << 20)),
                "github-error-too-large-unpacked",
            ),
            (repository(RepackError::NotAZip), "github-error-bad-archive"),
            (
                GithubServiceError::Backup(BackupError::Cancelled),
                "github-error-cancelled",
            ),
            (
                GithubServiceError::Backup(BackupError::NoRoom(full(1, 1))),
                "backup-no-room",
            ),
            (
                GithubServiceError::Backup(BackupError::NotFound),
                "error-backup-failed",
            ),
            (
                GithubServiceError::Store(StoreError::Conflict),
                "error-backup-failed",
            ),
        ]);
        examples
    }

    #[test]
    fn every_github_error_and_every_answer_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let answered: Vec<&GithubError> = examples
            .iter()
            .filter_map(|(error, _)| match error {
                GithubServiceError::Github(answer) => Some(answer),
                _ => None,
            })
            .collect();
        assert_covered(&answered, |answer| answers::name(answer), answers::NAMES);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn a_failed_repository_backup_names_its_repository_and_ref() {
        let repo = RepoRef::parse("https://github.com/octo/widgets/tree/v2").unwrap();
        let failed = RepoBackupError {
            repo: repo.clone(),
            reason: GithubServiceError::Github(GithubError::RefNotFound),
        };
        let message = failed.message();
        assert_eq!(
            message.arg("repo"),
            Some(&MessageArg::Text(repo.full_name()))
        );
        assert_eq!(
            message.arg("ref"),
            Some(&MessageArg::Text(repo.git_ref.clone().unwrap()))
        );
        let unnamed = GithubServiceError::Github(GithubError::Forbidden).message();
        assert_eq!(unnamed.arg("repo"), Some(&MessageArg::Text(String::new())));
    }
}
