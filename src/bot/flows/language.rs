//! 🌐 Language: the choice of the three, then the main menu in the new one; and the time zone
//! dates and times are shown in (🌍: one of a short list, or a name or offset typed).

pub mod callback;
pub mod state;
mod views;

use teloxide::types::MessageId;

use self::{callback::LanguageCallback, state::LanguageState};
use crate::{
    bot::{Ctx, HandlerResult, Target, flows::save, input::Input, ui},
    domain::schedule::Zone,
};

pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.show(target, views::choices(&ctx.reader())).await
}

pub async fn on_button(ctx: Ctx, target: Target, callback: LanguageCallback) -> HandlerResult {
    match callback {
        LanguageCallback::Set(locale) => {
            ctx.services.users.set_locale(ctx.user, locale).await?;
            let screen = ui::main_menu(locale).under(locale.t("language-changed"));
            ctx.show(target, screen).await
        }
        LanguageCallback::Zones => {
            ctx.set_state(LanguageState::TypingOwnTimeZone).await?;
            ctx.show(target, views::zones(ctx.locale, ctx.zone)).await
        }
        LanguageCallback::SetZone(index) => match Zone::choice(index) {
            Some(zone) => set_zone(&ctx, target, zone).await,
            None => ctx.stale(target).await,
        },
    }
}

/// A zone typed: taken, or refused with what a zone looks like (the step goes on); a document
/// sent meanwhile is code to save, as outside any step.
pub async fn on_message(ctx: Ctx, input: Input, _state: LanguageState) -> HandlerResult {
    let Input::Text { text, .. } = input else {
        return save::take_code(&ctx, &input).await;
    };
    match text.parse::<Zone>() {
        Ok(zone) => set_zone(&ctx, None, zone).await,
        Err(_) => ctx.send(views::zone_unknown(ctx.locale, &text)).await,
    }
}

/// Keeps `zone` and shows the language screen read on its clocks, under what changed.
async fn set_zone(ctx: &Ctx, target: Option<MessageId>, zone: Zone) -> HandlerResult {
    ctx.reset().await?;
    ctx.services.users.set_zone(ctx.user, zone).await?;
    ctx.toast("toast-saved");
    let reader = ui::Reader {
        zone,
        ..ctx.reader()
    };
    let note = ctx.locale.t_with(
        "language-zone-set",
        &[("zone", ui::escape(&zone.to_string()).into())],
    );
    ctx.show(target, views::choices(&reader).under(note)).await
}
