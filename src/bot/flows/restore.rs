//! ♻️ Restore: plan → conflict choices → snapshot and apply → report → undo.

pub mod callback;
pub mod state;
mod views;

use teloxide::{prelude::*, types::MessageId};

use self::{callback::RestoreCallback, state::RestoreState, views::Origin};
use super::backups;
use crate::{
    bot::{
        Ctx, HandlerResult, Target, Telling,
        input::Input,
        ui::{backups::ask_archive_password, password_problem},
    },
    domain::{
        Id, TaskKind,
        password::Password,
        restore::{Choice, Decisions},
    },
    service::restore::RestoreError,
};

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: RestoreCallback,
    state: Option<RestoreState>,
) -> HandlerResult {
    let ctx = &ctx;
    match callback {
        RestoreCallback::Plan(backup) => show_plan(ctx, target, &backup).await,
        RestoreCallback::Start => start(ctx, target, state).await,
        RestoreCallback::Resolve { choice, all } => resolve(ctx, target, state, choice, all).await,
        RestoreCallback::Undo(snapshot) => undo(ctx, target, &snapshot).await,
        RestoreCallback::Cancel(backup) => cancel(ctx, target, &backup).await,
    }
}

/// Back to the backup the plan was of; the step was left on the press (a password held for
/// it goes with it).
async fn cancel(ctx: &Ctx, target: Option<MessageId>, backup: &Id) -> HandlerResult {
    ctx.services.passwords.forget(ctx.user);
    let note = ctx.locale.t("restore-cancelled");
    backups::open(ctx, target, backup, Some(note)).await
}

/// A restore waits on its buttons, not on a message, but for a protected backup's password.
pub async fn on_message(
    ctx: Ctx,
    message: Message,
    input: Input,
    state: RestoreState,
) -> HandlerResult {
    match (input, state) {
        (Input::Text { text, .. }, RestoreState::AwaitingRestorePassword { backup }) => {
            password_typed(&ctx, &message, text, &backup).await
        }
        (Input::Document(_), _) => ctx.hint("finish-current-step").await,
        (Input::Text { .. }, RestoreState::Restoring { .. }) => {
            ctx.hint("restore-choose-option").await
        }
    }
}

/// A protected backup's password arrived: it leaves the chat first, is held in memory for
/// the plan and the restore, and opens the plan (or the prompt again, when it is wrong).
async fn password_typed(ctx: &Ctx, message: &Message, text: String, backup: &Id) -> HandlerResult {
    ctx.delete_secret(message).await;
    match Password::given(text) {
        Ok(password) => ctx.services.passwords.hold(ctx.user, password),
        Err(error) => {
            let problem = password_problem(ctx.locale, error);
            let name = protected_name(ctx, backup).await?;
            return ctx
                .send(ask_archive_password(ctx.locale, &name, Some(problem)))
                .await;
        }
    }
    plan(ctx, None, backup, Origin::Backup, None).await
}

/// The name a protected backup is asked about under.
async fn protected_name(ctx: &Ctx, backup: &Id) -> HandlerResult<String> {
    Ok(ctx
        .services
        .backups
        .get(ctx.user, backup)
        .await?
        .file_name())
}

/// Checks the backup and shows what restoring it would do; nothing is written yet.
async fn show_plan(ctx: &Ctx, target: Option<MessageId>, backup: &Id) -> HandlerResult {
    plan(ctx, target, backup, Origin::Backup, None).await
}

/// The plan of an archive the user just sent, kept as the backup `backup`: titled as the
/// import of that file, after `note` (what keeping it removed under the quota).
pub async fn show_import_plan(
    ctx: &Ctx,
    target: Option<MessageId>,
    backup: &Id,
    document: Option<&str>,
    note: Option<String>,
) -> HandlerResult {
    plan(ctx, target, backup, Origin::Import { document }, note).await
}

/// The plan of a backup a task just kept (a copy brought back from Drive), after `note`
/// (what was kept, and what keeping it removed under the quota).
pub async fn show_kept_plan(
    ctx: &Ctx,
    target: Option<MessageId>,
    backup: &Id,
    note: String,
) -> HandlerResult {
    plan(ctx, target, backup, Origin::Kept, Some(note)).await
}

async fn plan(
    ctx: &Ctx,
    target: Option<MessageId>,
    backup: &Id,
    origin: Origin<'_>,
    note: Option<String>,
) -> HandlerResult {
    let password = ctx.services.passwords.get(ctx.user);
    let planned = ctx
        .services
        .restore
        .plan(ctx.user, backup, password.as_ref())
        .await;
    let prepared = match planned {
        Ok(prepared) => prepared,
        // A protected backup: its password is asked for (again, when the one given does not
        // open it) until it opens or the user cancels.
        Err(error @ (RestoreError::PasswordRequired | RestoreError::WrongPassword)) => {
            ctx.services.passwords.forget(ctx.user);
            let asking = RestoreState::AwaitingRestorePassword {
                backup: backup.clone(),
            };
            match origin {
                Origin::Backup => ctx.set_state(asking).await?,
                Origin::Import { .. } | Origin::Kept => {
                    ctx.set_state_if_idle(asking).await?;
                }
            }
            let problem = matches!(error, RestoreError::WrongPassword).then(|| ctx.explain(&error));
            let name = protected_name(ctx, backup).await?;
            let screen = ask_archive_password(ctx.locale, &name, problem).under(note);
            return ctx.show(target, screen).await;
        }
        // A restore that fails ends: the user starts again from the backup.
        Err(error) => return Err(error).ending_step(),
    };
    if prepared.plan.counts().restores_nothing() {
        // Nothing to choose and nothing to undo: no step, no snapshot, and a screen saying so.
        if matches!(origin, Origin::Backup) {
            ctx.reset().await?;
        }
        ctx.services.passwords.forget(ctx.user);
        let screen = views::nothing_to_restore(ctx.locale, &prepared, origin).under(note);
        return ctx.show(target, screen).await;
    }
    let screen = views::plan(&ctx.reader(), &prepared, origin).under(note);
    let decisions = Decisions::new(prepared.plan.conflict_names());
    let restoring = RestoreState::Restoring {
        backup: backup.clone(),
        decisions,
    };
    match origin {
        Origin::Backup => ctx.set_state(restoring).await?,
        // An import's plan, or a kept copy's, comes from its task, while the chat may have
        // gone on to another step: that step is not taken from the user.
        Origin::Import { .. } | Origin::Kept => {
            ctx.set_state_if_idle(restoring).await?;
        }
    }
    ctx.show(target, screen).await
}

async fn start(ctx: &Ctx, target: Option<MessageId>, state: Option<RestoreState>) -> HandlerResult {
    let Some(RestoreState::Restoring { backup, decisions }) = state else {
        return ctx.stale(target).await;
    };
    next(ctx, target, backup, decisions).await
}

async fn resolve(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<RestoreState>,
    choice: Choice,
    all: bool,
) -> HandlerResult {
    let Some(RestoreState::Restoring {
        backup,
        mut decisions,
    }) = state
    else {
        return ctx.stale(target).await;
    };
    decisions.record(choice, all);
    next(ctx, target, backup, decisions).await
}

/// Asks about the next undecided conflict, or applies the restore when all are decided.
async fn next(
    ctx: &Ctx,
    target: Option<MessageId>,
    backup: Id,
    decisions: Decisions,
) -> HandlerResult {
    if let Some(name) = decisions.next() {
        let screen = views::conflict(
            ctx.locale,
            &backup,
            name,
            decisions.decided(),
            decisions.total(),
        );
        ctx.set_state(RestoreState::Restoring { backup, decisions })
            .await?;
        return ctx.show(target, screen).await;
    }
    // The choices go with the task; the chat is free meanwhile.
    if ctx
        .start_task(target, TaskKind::RestoreApply { backup, decisions })
        .await?
    {
        ctx.reset().await?;
    }
    Ok(())
}

/// The task of a restore whose choices are all made: snapshot, apply, report.
pub async fn apply_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    backup: &Id,
    decisions: &Decisions,
) -> HandlerResult {
    let restore = &ctx.services.restore;
    let (conflicts, choices) = (decisions.conflicts(), decisions.choices());
    // A protected backup is opened again with the password held since its plan, which is
    // forgotten now, whatever happens.
    let password = ctx.services.passwords.get(ctx.user);
    ctx.services.passwords.forget(ctx.user);
    let applied = restore
        .apply(ctx.user, backup, conflicts, choices, password.as_ref())
        .await?;
    let mut screen = views::report(ctx.locale, &applied.report, applied.undo.as_ref());
    ctx.add_pruned_note(&mut screen.text, &applied.pruned);
    ctx.show(target, screen).await
}

async fn undo(ctx: &Ctx, target: Option<MessageId>, snapshot: &Id) -> HandlerResult {
    let report = ctx
        .services
        .restore
        .undo(ctx.user, snapshot)
        .await
        .ending_step()?;
    ctx.show(target, views::undone(ctx.locale, &report)).await
}
