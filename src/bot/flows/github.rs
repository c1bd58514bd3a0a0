//! 🐙 GitHub: the token (optional, deleted from the chat on arrival), repository backups,
//! recent repositories. Importing a repository backup is a restore of it. What goes wrong is
//! told with a way back to the GitHub screen.

pub mod callback;
pub mod state;
mod views;

use teloxide::{prelude::*, types::MessageId};

use self::{callback::GithubCallback, state::GithubState};
use crate::{
    bot::{Ctx, HandlerResult, Target, Telling, input::Input, ui::escape},
    domain::{
        TaskKind,
        progress::Progress,
        repo_ref::{RepoKey, RepoRef, RepoRefError},
    },
    service::github::GithubServiceError,
};

pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    menu(ctx, target).await.told_in(views::notice)
}

pub async fn on_button(ctx: Ctx, target: Target, callback: GithubCallback) -> HandlerResult {
    let ctx = &ctx;
    let done = match callback {
        GithubCallback::AskRepo => ask_repo(ctx, target).await,
        GithubCallback::RecentRepo(key) => recent(ctx, target, key).await,
        GithubCallback::ConnectToken => ask_token(ctx, target).await,
        GithubCallback::RemoveToken => remove(ctx, target).await,
        GithubCallback::ConfirmRemoveToken => confirm_remove(ctx, target).await,
    };
    done.told_in(views::notice)
}

pub async fn on_message(
    ctx: Ctx,
    message: Message,
    input: Input,
    state: GithubState,
) -> HandlerResult {
    let Input::Text { text, .. } = input else {
        return ctx.hint("finish-current-step").await;
    };
    let done = match state {
        GithubState::AwaitingToken => token_typed(&ctx, &message, &text).await,
        GithubState::AwaitingRepo => repo_typed(&ctx, &text).await,
    };
    done.told_in(views::notice)
}

async fn menu(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let github = &ctx.services.github;
    let account = github.account(ctx.user).await?;
    let recent = github.recent(ctx.user).await?;
    let screen = views::menu(&ctx.reader(), account.as_ref(), &recent);
    ctx.show(target, screen).await
}

async fn ask_repo(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.set_state(GithubState::AwaitingRepo).await?;
    let text = ctx.locale.t("github-ask-repo");
    ctx.show(target, views::prompt(ctx.locale, text)).await
}

/// The next message names a repository; a bad one keeps the prompt open.
async fn repo_typed(ctx: &Ctx, text: &str) -> HandlerResult {
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
            ctx.send(views::prompt(ctx.locale, text)).await
        }
    }
}

/// A recent repository, by its key in the user's own list (a key no longer there, or
/// forged, backs up nothing).
async fn recent(ctx: &Ctx, target: Option<MessageId>, key: RepoKey) -> HandlerResult {
    match ctx.services.github.recent_repo(ctx.user, key).await? {
        Some(repo) => back_up(ctx, target, &repo).await,
        None => ctx.stale(target).await,
    }
}

async fn back_up(ctx: &Ctx, target: Option<MessageId>, repo: &RepoRef) -> HandlerResult {
    let kind = TaskKind::GithubBackup { repo: repo.clone() };
    ctx.start_task(target, kind).await?;
    Ok(())
}

/// The task of a repository backup: download and keep it, then show and send it.
pub async fn back_up_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    repo: &RepoRef,
    progress: &dyn Progress,
) -> HandlerResult {
    let github = &ctx.services.github;
    let created = (github.back_up(ctx.user, repo, progress).await).told_in(views::notice)?;
    let mut screen = views::backed_up(ctx.locale, &created.record, &created.left_out);
    ctx.add_pruned_note(&mut screen.text, &created.pruned);
    ctx.show(target, screen).await?;
    ctx.deliver(&created.record, &created.archive).await
}

async fn ask_token(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    if !ctx.services.github.can_keep_tokens() {
        let text = ctx.locale.t("github-token-no-key");
        return ctx.show(target, views::notice(ctx.locale, text)).await;
    }
    ctx.set_state(GithubState::AwaitingToken).await?;
    let text = ctx.locale.t("github-ask-token");
    ctx.show(target, views::prompt(ctx.locale, text)).await
}

/// The token arrived: it leaves the chat first, whatever happens next.
async fn token_typed(ctx: &Ctx, message: &Message, token: &str) -> HandlerResult {
    ctx.delete_secret(message).await;
    let locale = ctx.locale;
    match ctx.services.github.connect(ctx.user, token).await {
        Ok(login) => {
            ctx.reset().await?;
            let text = locale.t_with("github-token-saved", &[("login", escape(&login).into())]);
            ctx.send(views::notice(locale, text)).await
        }
        // A mistyped or refused token keeps the prompt open for another try.
        Err(error @ (GithubServiceError::NotAToken | GithubServiceError::TokenRefused)) => {
            ctx.send(views::prompt(locale, ctx.explain(&error))).await
        }
        Err(error) => Err(error).ending_step(),
    }
}

async fn remove(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    match ctx.services.github.account(ctx.user).await? {
        Some(account) => {
            ctx.show(target, views::confirm_remove(ctx.locale, &account))
                .await
        }
        None => menu(ctx, target).await,
    }
}

async fn confirm_remove(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.services.github.disconnect(ctx.user).await?;
    let text = ctx.locale.t("github-token-removed");
    ctx.show(target, views::notice(ctx.locale, text)).await
}
