//! ♻️ Restore: plan → conflict choices → snapshot and apply → report → undo.

pub mod callback;
pub mod state;
mod views;

use teloxide::types::MessageId;

use self::{callback::RestoreCallback, state::RestoreState, views::Origin};
use crate::{
    bot::{Ctx, HandlerResult, Target, Telling, input::Input},
    domain::{
        Id, TaskKind,
        restore::{Choice, Decisions},
    },
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
    }
}

/// A restore waits on its buttons, not on a message.
pub async fn on_message(ctx: Ctx, input: Input, _: RestoreState) -> HandlerResult {
    match input {
        Input::Document(_) => ctx.hint("finish-current-step").await,
        Input::Text { .. } => ctx.hint("restore-choose-option").await,
    }
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
    // A restore that fails ends: the user starts again from the backup.
    let prepared = ctx
        .services
        .restore
        .plan(ctx.user, backup)
        .await
        .ending_step()?;
    let mut screen = views::plan(ctx.locale, &prepared, origin);
    if let Some(note) = note {
        screen.text = format!("{note}\n\n{}", screen.text);
    }
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
        let screen = views::conflict(ctx.locale, name, decisions.decided(), decisions.total());
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
    let applied = restore.apply(ctx.user, backup, conflicts, choices).await?;
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
