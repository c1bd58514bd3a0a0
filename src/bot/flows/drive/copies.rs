//! 📥 Restore from Drive: the user's copies as Drive lists them (the bot's own records may be
//! gone), one picked by its place on the page shown, and the task that brings it back as a
//! backup and hands it to the restore (plan → choices → snapshot → transaction → undo).

use chrono::Utc;
use teloxide::types::MessageId;

use super::{DriveState, state::ListedCopy, views};
use crate::{
    bot::{BotError, Ctx, HandlerResult, Telling, flows::restore, ui::shown_name},
    domain::{DestinationId, TaskKind, progress::Progress},
};

/// A page of the user's copies in Drive, newest first; the dialogue keeps which copies it
/// shows, under a number its buttons carry.
pub(super) async fn list(ctx: &Ctx, target: Option<MessageId>, page: u32) -> HandlerResult {
    let target = ctx
        .working(target, ctx.locale.t("drive-copies-loading"))
        .await?;
    let copies = ctx
        .services
        .copies
        .remote_copies(ctx.user, &DestinationId::DRIVE, page)
        .await?;
    let listing = listing_number();
    let listed = copies
        .items
        .iter()
        .map(|copy| ListedCopy {
            id: copy.id.clone(),
            name: copy.name.clone(),
        })
        .collect();
    ctx.set_state(DriveState::PickingCopy {
        listing,
        copies: listed,
    })
    .await?;
    ctx.show(target, views::copies(&ctx.reader(), &copies, listing))
        .await
}

/// A number telling this page from the ones shown before it (they are never a millisecond
/// apart): a button of an older page is stale, not a pick on this one.
fn listing_number() -> u32 {
    let millis = Utc::now().timestamp_millis().unsigned_abs();
    u32::try_from(millis % 1_000_000_000).unwrap_or_default()
}

/// A copy picked on the page shown: brought back by a task.
pub(super) async fn pick(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<DriveState>,
    listing: u32,
    index: u32,
) -> HandlerResult {
    let picked = match state {
        Some(DriveState::PickingCopy {
            listing: shown,
            copies,
        }) if shown == listing => usize::try_from(index)
            .ok()
            .and_then(|index| copies.into_iter().nth(index)),
        _ => None,
    };
    let Some(copy) = picked else {
        return ctx.stale(target).await;
    };
    let kind = TaskKind::FetchCopy {
        destination: DestinationId::DRIVE,
        remote_id: copy.id,
        name: copy.name,
    };
    if ctx.start_task(target, kind).await? {
        ctx.reset().await?;
    }
    Ok(())
}

/// The task of a copy picked: downloaded, checked and kept in My backups (ownership is checked
/// again by the service), then its restore plan shown.
pub async fn fetch_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    destination: &DestinationId,
    remote_id: &str,
    progress: &dyn Progress,
) -> HandlerResult {
    let copies = &ctx.services.copies;
    let fetched = match copies
        .fetch(ctx.user, destination, remote_id, progress)
        .await
    {
        // Whatever stopped it, the user asked it to: the worker says so.
        Err(_) if progress.cancelled() => return Err(BotError::Cancelled),
        fetched => fetched.told_in(views::notice_screen)?,
    };
    let key = if fetched.reused {
        "drive-restore-kept-already"
    } else {
        "drive-restore-kept"
    };
    let name = shown_name(&fetched.name);
    let mut note = ctx.locale.t_with(key, &[("name", name.into())]);
    ctx.add_pruned_note(&mut note, &fetched.pruned);
    restore::show_kept_plan(ctx, target, &fetched.record.id, note).await
}
