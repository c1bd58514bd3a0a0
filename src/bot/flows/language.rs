//! 🌐 Language: the choice of the three, then the main menu in the new one.

pub mod callback;

use teloxide::types::MessageId;

use self::callback::LanguageCallback;

use crate::{
    bot::{
        Ctx, HandlerResult, Target,
        callback::MenuItem,
        ui::{self, Button, Screen, data_button, keyboard},
    },
    i18n::Locale,
};

pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.show(target, choices(ctx.locale)).await
}

pub async fn on_button(ctx: Ctx, target: Target, callback: LanguageCallback) -> HandlerResult {
    let LanguageCallback::Set(locale) = callback;
    ctx.services.users.set_locale(ctx.user, locale).await?;
    let screen = ui::main_menu(locale).under(locale.t("language-changed"));
    ctx.show(target, screen).await
}

fn choices(locale: Locale) -> Screen {
    let choices = Locale::ALL
        .into_iter()
        .map(|choice| {
            let mark = if choice == locale { "✅" } else { "🌐" };
            data_button(
                mark,
                &choice.t("language-self"),
                LanguageCallback::Set(choice),
            )
        })
        .collect();
    Screen::new(
        locale.t("language-choose"),
        keyboard(vec![choices, vec![Button::Back.to(locale, MenuItem::Main)]]),
    )
}
