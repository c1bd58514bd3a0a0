//! 🐙 GitHub: the token (optional, deleted from the chat on arrival), repository backups,
//! recent repositories. Importing a repository backup is a restore of it.

use teloxide::{prelude::*, types::MessageId};

use crate::{
    archive::repo_zip::RepackError,
    bot::{
        Ctx, HandlerResult,
        errors::megabytes,
        state::GithubState,
        ui::{backups::no_room, escape, format_time},
        views::github as screens,
    },
    domain::repo_ref::{RepoKey, RepoRef, RepoRefError},
    integrations::github::GithubError,
    service::{BackupError, github::GithubServiceError},
};

pub async fn menu(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let github = &ctx.services.github;
    let account = github.account(ctx.user).await;
    let recent = github.recent(ctx.user).await;
    match (account, recent) {
        (Ok(account), Ok(recent)) => {
            let screen = screens::menu(ctx.locale, account.as_ref(), &recent);
            ctx.show(target, screen).await
        }
        (Err(error), _) | (_, Err(error)) => fail(ctx, target, &error, None).await,
    }
}

pub async fn ask_repo(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.set_state(GithubState::AwaitingRepo).await?;
    let text = ctx.locale.t("github-ask-repo");
    ctx.show(target, screens::prompt(ctx.locale, text)).await
}

/// The next message names a repository; a bad one keeps the prompt open.
pub async fn repo_typed(ctx: &Ctx, text: &str) -> HandlerResult {
    match RepoRef::parse(text) {
        Ok(repo) => {
            ctx.reset().await?;
            back_up(ctx, None, &repo).await
        }
        Err(error) => {
            let text = ctx.locale.t(match error {
                RepoRefError::Empty | RepoRefError::Unrecognized => "github-repo-unrecognized",
                RepoRefError::BadOwner => "github-repo-bad-owner",
                RepoRefError::BadName => "github-repo-bad-name",
                RepoRefError::BadRef => "github-repo-bad-ref",
            });
            ctx.send(screens::prompt(ctx.locale, text)).await
        }
    }
}

/// A recent repository, by its key in the user's own list (a key no longer there, or
/// forged, backs up nothing).
pub async fn recent(ctx: &Ctx, target: Option<MessageId>, key: RepoKey) -> HandlerResult {
    match ctx.services.github.recent_repo(ctx.user, key).await {
        Ok(Some(repo)) => back_up(ctx, target, &repo).await,
        Ok(None) => ctx.stale(target).await,
        Err(error) => fail(ctx, target, &error, None).await,
    }
}

async fn back_up(ctx: &Ctx, target: Option<MessageId>, repo: &RepoRef) -> HandlerResult {
    let locale = ctx.locale;
    let downloading = locale.t_with(
        "github-downloading",
        &[("repo", escape(&repo.to_string()).into())],
    );
    let target = ctx.working(target, downloading).await?;
    match ctx.services.github.back_up(ctx.user, repo).await {
        Ok(created) => {
            let mut screen = screens::backed_up(locale, &created.record, &created.left_out);
            ctx.add_pruned_note(&mut screen.text, &created.pruned);
            ctx.show(target, screen).await?;
            ctx.deliver(&created.record, created.archive).await
        }
        Err(error) => fail(ctx, target, &error, Some(repo)).await,
    }
}

pub async fn ask_token(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    if !ctx.services.github.can_keep_tokens() {
        let text = ctx.locale.t("github-token-no-key");
        return ctx.show(target, screens::notice(ctx.locale, text)).await;
    }
    ctx.set_state(GithubState::AwaitingToken).await?;
    let text = ctx.locale.t("github-ask-token");
    ctx.show(target, screens::prompt(ctx.locale, text)).await
}

/// The token arrived: it leaves the chat first, whatever happens next.
pub async fn token_typed(ctx: &Ctx, message: &Message, token: &str) -> HandlerResult {
    if let Err(error) = ctx.bot.delete_message(ctx.chat, message.id).await {
        tracing::warn!(%error, user = ctx.user, "cannot delete the message holding a token");
    }
    let locale = ctx.locale;
    match ctx.services.github.connect(ctx.user, token).await {
        Ok(login) => {
            ctx.reset().await?;
            let text = locale.t_with("github-token-saved", &[("login", escape(&login).into())]);
            ctx.send(screens::notice(locale, text)).await
        }
        // A mistyped or refused token keeps the prompt open for another try.
        Err(GithubServiceError::NotAToken) => {
            let text = locale.t("github-token-not-a-token");
            ctx.send(screens::prompt(locale, text)).await
        }
        Err(GithubServiceError::Github(GithubError::BadToken)) => {
            let text = locale.t("github-token-refused");
            ctx.send(screens::prompt(locale, text)).await
        }
        Err(error) => {
            ctx.reset().await?;
            fail(ctx, None, &error, None).await
        }
    }
}

pub async fn remove(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    match ctx.services.github.account(ctx.user).await {
        Ok(Some(account)) => {
            ctx.show(target, screens::confirm_remove(ctx.locale, &account))
                .await
        }
        Ok(None) => menu(ctx, target).await,
        Err(error) => fail(ctx, target, &error, None).await,
    }
}

pub async fn confirm_remove(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    match ctx.services.github.disconnect(ctx.user).await {
        Ok(_) => {
            let text = ctx.locale.t("github-token-removed");
            ctx.show(target, screens::notice(ctx.locale, text)).await
        }
        Err(error) => fail(ctx, target, &error, None).await,
    }
}

async fn fail(
    ctx: &Ctx,
    target: Option<MessageId>,
    error: &GithubServiceError,
    repo: Option<&RepoRef>,
) -> HandlerResult {
    let text = error_text(ctx, error, repo);
    ctx.show(target, screens::notice(ctx.locale, text)).await
}

fn error_text(ctx: &Ctx, error: &GithubServiceError, repo: Option<&RepoRef>) -> String {
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
