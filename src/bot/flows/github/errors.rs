//! What went wrong with GitHub, in the user's words.

use crate::{
    archive::repo_zip::RepackError,
    bot::{
        Ctx,
        errors::megabytes,
        ui::{backups::no_room, escape, format_time},
    },
    domain::repo_ref::RepoRef,
    integrations::github::GithubError,
    service::{BackupError, github::GithubServiceError},
};

pub fn error_text(ctx: &Ctx, error: &GithubServiceError, repo: Option<&RepoRef>) -> String {
    let locale = ctx.locale;
    let repo_name = escape(&repo.map(RepoRef::full_name).unwrap_or_default());
    let github = match error {
        GithubServiceError::Github(github) => github,
        GithubServiceError::NotAToken => return locale.t("github-token-not-a-token"),
        GithubServiceError::RepoNotFound { with_token } => {
            let key = if *with_token {
                "github-error-not-found"
            } else {
                "github-error-not-found-no-token"
            };
            return locale.t_with(key, &[("repo", repo_name.into())]);
        }
        GithubServiceError::NoKey => return locale.t("github-token-no-key"),
        GithubServiceError::TokenUnreadable => return locale.t("github-error-token-unreadable"),
        GithubServiceError::Backup(BackupError::Repository(repack)) => {
            return match repack {
                RepackError::Empty => {
                    locale.t_with("github-error-empty", &[("repo", repo_name.into())])
                }
                RepackError::TooLarge(max) => locale.t_with(
                    "github-error-too-large-unpacked",
                    &[("max", megabytes(*max).into())],
                ),
                other => {
                    tracing::warn!(error = %other, user = ctx.user, "unusable repository archive");
                    locale.t("github-error-bad-archive")
                }
            };
        }
        GithubServiceError::Backup(BackupError::QuotaFull { stored, limit }) => {
            return no_room(locale, *stored, *limit);
        }
        GithubServiceError::Backup(_) | GithubServiceError::Store(_) => {
            tracing::error!(%error, user = ctx.user, "GitHub action failed");
            return locale.t("error-backup-failed");
        }
    };
    match github {
        GithubError::NotFound => {
            locale.t_with("github-error-not-found", &[("repo", repo_name.into())])
        }
        GithubError::RefNotFound => {
            let git_ref = repo.and_then(|repo| repo.git_ref.as_deref()).unwrap_or("");
            locale.t_with(
                "github-error-ref-not-found",
                &[("ref", escape(git_ref).into()), ("repo", repo_name.into())],
            )
        }
        GithubError::EmptyRepository => {
            locale.t_with("github-error-empty", &[("repo", repo_name.into())])
        }
        GithubError::BadToken => locale.t("github-error-bad-token"),
        GithubError::Forbidden => {
            locale.t_with("github-error-forbidden", &[("repo", repo_name.into())])
        }
        GithubError::RateLimited { reset } => match reset {
            Some(reset) => locale.t_with(
                "github-error-rate-limited",
                &[("reset", format_time(*reset).into())],
            ),
            None => locale.t("github-error-rate-limited-later"),
        },
        GithubError::TooLarge { max } => {
            locale.t_with("github-error-too-large", &[("max", megabytes(*max).into())])
        }
        GithubError::Timeout => locale.t("github-error-timeout"),
        GithubError::Network(_) => locale.t("github-error-network"),
        GithubError::Unexpected(status) => {
            locale.t_with("github-error-unexpected", &[("status", (*status).into())])
        }
    }
}
