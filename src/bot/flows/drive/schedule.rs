//! ⏰ The Drive schedule: how often (weekly asks for its day), then the hour, on the clocks of
//! the schedule's time zone (🌍: one of a short list, or a name or offset typed).

mod views;

use teloxide::types::MessageId;

use super::{callback::Pick, state::DriveState};
use crate::{
    bot::{Ctx, HandlerResult},
    domain::{
        DestinationId,
        schedule::{Repeat, Schedule, Zone},
    },
};

pub(super) use views::{next_run_text, schedule_text};

/// The schedule as it is now.
async fn current(ctx: &Ctx) -> HandlerResult<Schedule> {
    Ok(ctx.services.drive.status(ctx.user).await?.profile.schedule)
}

pub(super) async fn show(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let schedule = current(ctx).await?;
    ctx.show(target, views::frequencies(ctx.locale, schedule))
        .await
}

pub(super) async fn pick(ctx: &Ctx, target: Option<MessageId>, pick: Pick) -> HandlerResult {
    let schedule = current(ctx).await?;
    match pick {
        Pick::Off => set(ctx, target, schedule.turned_off()).await,
        Pick::Weekly(None) => ctx.show(target, views::weekdays(ctx.locale)).await,
        pick => {
            let screen = views::hours(ctx.locale, pick, schedule.zone());
            ctx.show(target, screen).await
        }
    }
}

/// The hour picked: the schedule is set, in the zone it had.
pub(super) async fn hour(
    ctx: &Ctx,
    target: Option<MessageId>,
    pick: Pick,
    hour: u32,
) -> HandlerResult {
    let zone = current(ctx).await?.zone();
    let repeat = match pick {
        Pick::Daily => Repeat::Daily,
        // Counted from the day it is set, on the zone's calendar.
        Pick::EveryDays(days) => Repeat::EveryDays {
            days,
            from: ctx.services.copies.today_in(zone),
        },
        Pick::Weekly(Some(day)) => Repeat::Weekly(day),
        Pick::Monthly => Repeat::Monthly,
        Pick::Off | Pick::Weekly(None) => return ctx.stale(target).await,
    };
    let schedule = u8::try_from(hour)
        .ok()
        .and_then(|hour| Schedule::new(repeat, hour).ok());
    match schedule {
        Some(schedule) => set(ctx, target, schedule.in_zone(zone)).await,
        None => ctx.stale(target).await,
    }
}

/// 🌍: the list, and a zone may be typed instead.
pub(super) async fn zones(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let zone = current(ctx).await?.zone();
    ctx.set_state(DriveState::TypingZone).await?;
    ctx.show(target, views::zones(ctx.locale, zone)).await
}

pub(super) async fn zone_picked(
    ctx: &Ctx,
    target: Option<MessageId>,
    index: usize,
) -> HandlerResult {
    match Zone::choice(index) {
        Some(zone) => set_zone(ctx, target, zone).await,
        None => ctx.stale(target).await,
    }
}

/// A zone typed: taken, or refused with what a zone looks like (the step goes on).
pub(super) async fn zone_typed(ctx: &Ctx, text: &str) -> HandlerResult {
    match text.parse::<Zone>() {
        Ok(zone) => set_zone(ctx, None, zone).await,
        Err(_) => ctx.send(views::zone_unknown(ctx.locale, text)).await,
    }
}

async fn set_zone(ctx: &Ctx, target: Option<MessageId>, zone: Zone) -> HandlerResult {
    ctx.reset().await?;
    let schedule = current(ctx).await?;
    set(ctx, target, schedule.in_zone(zone)).await
}

async fn set(ctx: &Ctx, target: Option<MessageId>, schedule: Schedule) -> HandlerResult {
    ctx.services
        .copies
        .set_schedule(ctx.user, &DestinationId::DRIVE, schedule)
        .await?;
    ctx.toast("toast-saved");
    let status = ctx.services.drive.status(ctx.user).await?;
    let screen = views::saved(&ctx.reader(), schedule, status.next_run);
    ctx.show(target, screen).await
}
