//! Screens of the flows: pure functions from data to text and keyboard.

pub mod backups;
pub mod drive;
pub mod files;
pub mod github;
pub mod restore;
pub mod save;

use super::{
    callback::{LanguageCallback, MenuItem},
    ui::{Button, Screen, data_button, keyboard},
};
use crate::i18n::Locale;

pub fn help(locale: Locale) -> Screen {
    Screen::notice(locale, locale.t("help-text"))
}

pub fn language(locale: Locale) -> Screen {
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
