//! My backups in selection mode: tick backups page by page (what is ticked stays in the
//! dialogue), then delete them together after a confirmation naming each.

pub mod callback;
pub mod state;
mod views;

use teloxide::types::MessageId;

use self::{callback::SelectionCallback, state::SelectionState};

use super::{import, save};
use crate::{
    bot::{Ctx, HandlerResult, Target, input::Input, ui::backups::after_action},
    domain::Id,
};

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: SelectionCallback,
    state: Option<SelectionState>,
) -> HandlerResult {
    let ctx = &ctx;
    // What is ticked, if the dialogue is in selection mode.
    let ticked = state.map(|SelectionState::SelectingBackups { selected }| selected);
    let selected = ticked.clone().unwrap_or_default();
    match callback {
        SelectionCallback::Show { page } => select(ctx, target, page, selected).await,
        SelectionCallback::Toggle { backup, page } => {
            toggle(ctx, target, &backup, page, selected).await
        }
        SelectionCallback::SelectPage { page } => select_page(ctx, target, page, selected).await,
        SelectionCallback::DeleteSelected => delete_selected(ctx, target, selected).await,
        SelectionCallback::ConfirmDelete => match ticked {
            Some(selected) => confirm_delete(ctx, target, &selected).await,
            None => ctx.stale(target).await,
        },
    }
}

/// Selection mode does not wait for a message: code is saved and a ZIP imported as usual, but
/// another document is not taken while backups are ticked.
pub async fn on_message(ctx: Ctx, input: Input, _: SelectionState) -> HandlerResult {
    match &input {
        Input::Document(document) if import::is_zip(document) => {
            import::received(&ctx, document).await
        }
        Input::Document(_) => ctx.hint("finish-current-step").await,
        Input::Text { .. } => save::take_code(&ctx, &input).await,
    }
}

/// Shows a page in selection mode, keeping what was ticked.
async fn select(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    selected: Vec<Id>,
) -> HandlerResult {
    let backups = ctx.services.backups.list(ctx.user, page).await?;
    let screen = views::select(&ctx.reader(), &backups, &selected);
    ctx.set_state(SelectionState::SelectingBackups { selected })
        .await?;
    ctx.show(target, screen).await
}

async fn toggle(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    page: u32,
    mut selected: Vec<Id>,
) -> HandlerResult {
    // Only the user's own backups can be ticked.
    ctx.services.backups.get(ctx.user, id).await?;
    match selected.iter().position(|chosen| chosen == id) {
        Some(index) => {
            selected.remove(index);
        }
        None => selected.push(id.clone()),
    }
    select(ctx, target, page, selected).await
}

async fn select_page(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    mut selected: Vec<Id>,
) -> HandlerResult {
    let backups = ctx.services.backups.list(ctx.user, page).await?;
    for backup in backups.items {
        if !selected.contains(&backup.id) {
            selected.push(backup.id);
        }
    }
    select(ctx, target, page, selected).await
}

async fn delete_selected(ctx: &Ctx, target: Option<MessageId>, selected: Vec<Id>) -> HandlerResult {
    let chosen = ctx.services.backups.owned(ctx.user, &selected).await?;
    if chosen.is_empty() {
        return ctx.stale(target).await;
    }
    ctx.show(target, views::confirm_delete(&ctx.reader(), &chosen))
        .await
}

async fn confirm_delete(ctx: &Ctx, target: Option<MessageId>, selected: &[Id]) -> HandlerResult {
    let deleted = ctx.services.backups.delete_many(ctx.user, selected).await?;
    ctx.reset().await?;
    let text = ctx
        .locale
        .t_with("backups-deleted", &[("count", deleted.into())]);
    ctx.show(target, after_action(ctx.locale, text, None)).await
}
