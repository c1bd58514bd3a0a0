//! 🗂 Kept in Drive: keep the newest N of the bot's copies, or the newest of each of the last
//! days, weeks and months (picked one after the other). A choice is first shown with what it
//! would delete there now; ✅ Apply keeps it and deletes those, as a long action.

mod views;

use teloxide::types::MessageId;

use crate::{
    bot::{Ctx, HandlerResult},
    domain::{DestinationId, TaskKind, retention::RetentionPolicy},
    service::copies::{DAILY_CHOICES, WEEKLY_CHOICES, is_choice},
};

pub(super) use views::kept_text;

pub(super) async fn choose(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let status = ctx.services.drive.status(ctx.user).await?;
    ctx.show(target, views::choose(ctx.locale, status.retention))
        .await
}

pub(super) async fn pick_days(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.show(target, views::pick_days(ctx.locale)).await
}

/// Only choices a screen offered go on: a made-up number is a stale button.
pub(super) async fn pick_weeks(ctx: &Ctx, target: Option<MessageId>, daily: u32) -> HandlerResult {
    if !DAILY_CHOICES.contains(&daily) {
        return ctx.stale(target).await;
    }
    ctx.show(target, views::pick_weeks(ctx.locale, daily)).await
}

pub(super) async fn pick_months(
    ctx: &Ctx,
    target: Option<MessageId>,
    daily: u32,
    weekly: u32,
) -> HandlerResult {
    if !DAILY_CHOICES.contains(&daily) || !WEEKLY_CHOICES.contains(&weekly) {
        return ctx.stale(target).await;
    }
    ctx.show(target, views::pick_months(ctx.locale, daily, weekly))
        .await
}

/// What `policy` would delete in Drive now, read from Drive, before anything is.
pub(super) async fn preview(
    ctx: &Ctx,
    target: Option<MessageId>,
    policy: RetentionPolicy,
) -> HandlerResult {
    let target = ctx
        .working(target, ctx.locale.t("drive-retention-looking"))
        .await?;
    let preview = ctx
        .services
        .copies
        .preview_retention(ctx.user, &DestinationId::DRIVE, policy)
        .await?;
    ctx.show(target, views::preview(&ctx.reader(), &preview))
        .await
}

/// ✅ Apply: the deletions take a request each, so they run as a long action.
pub(super) async fn apply(
    ctx: &Ctx,
    target: Option<MessageId>,
    policy: RetentionPolicy,
) -> HandlerResult {
    if !is_choice(policy) {
        return ctx.stale(target).await;
    }
    let destination = DestinationId::DRIVE;
    let kind = TaskKind::ApplyRetention {
        destination,
        policy,
    };
    ctx.start_task(target, kind).await?;
    Ok(())
}

/// The task of ✅ Apply: `policy` kept from now on, and what it deleted there.
pub async fn apply_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    destination: &DestinationId,
    policy: RetentionPolicy,
) -> HandlerResult {
    let removed = ctx
        .services
        .copies
        .apply_retention(ctx.user, destination, policy)
        .await?;
    ctx.show(target, views::applied(&ctx.reader(), policy, &removed))
        .await
}
