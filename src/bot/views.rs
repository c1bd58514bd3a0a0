//! Screens: pure functions from data to text and keyboard. All text is HTML; anything the
//! user typed is escaped here.

pub mod backups;
pub mod drive;
pub mod files;
pub mod github;
pub mod restore;
pub mod save;

use chrono::{DateTime, Utc};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::{
    buttons::{Button, keyboard},
    callback::{Callback, MenuItem},
};
use crate::{domain::paging::Page, i18n::Locale};

/// Telegram's limit on a message's text.
pub const MAX_MESSAGE_CHARS: usize = 4096;

#[derive(Clone, Debug, PartialEq)]
pub struct Screen {
    pub text: String,
    pub keyboard: InlineKeyboardMarkup,
}

impl Screen {
    pub fn new(text: String, keyboard: InlineKeyboardMarkup) -> Self {
        Self { text, keyboard }
    }

    /// A message with only a way back to the main menu.
    pub fn notice(locale: Locale, text: String) -> Self {
        Self::new(
            text,
            keyboard(vec![vec![
                Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main)),
            ]]),
        )
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn format_time(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub fn format_size(locale: Locale, bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let bytes_f = bytes as f64;
    if bytes < 1024 {
        locale.t_with("size-bytes", &[("n", bytes.into())])
    } else if bytes_f < KIB * KIB {
        locale.t_with("size-kb", &[("n", format!("{:.1}", bytes_f / KIB).into())])
    } else {
        locale.t_with(
            "size-mb",
            &[("n", format!("{:.1}", bytes_f / KIB / KIB).into())],
        )
    }
}

/// ◀️ / ▶️ buttons for a page, built by `to_page`.
pub fn paging_row<T>(
    locale: Locale,
    page: &Page<T>,
    to_page: impl Fn(u32) -> Callback,
) -> Vec<InlineKeyboardButton> {
    let mut row = Vec::new();
    if let Some(previous) = page.previous() {
        row.push(Button::Previous.to(locale, to_page(previous)));
    }
    if let Some(next) = page.next() {
        row.push(Button::Next.to(locale, to_page(next)));
    }
    row
}

pub fn main_menu(locale: Locale) -> Screen {
    let item = |button: Button, item: MenuItem| button.to(locale, Callback::Menu(item));
    Screen::new(
        locale.t("menu-title"),
        keyboard(vec![
            vec![
                item(Button::SaveCode, MenuItem::Save),
                item(Button::MyFiles, MenuItem::Files),
            ],
            vec![item(Button::BackupRestore, MenuItem::Backups)],
            vec![
                item(Button::GoogleDrive, MenuItem::Drive),
                item(Button::GitHub, MenuItem::GitHub),
            ],
            vec![
                item(Button::Language, MenuItem::Language),
                item(Button::Help, MenuItem::Help),
            ],
        ]),
    )
}

pub fn help(locale: Locale) -> Screen {
    Screen::notice(locale, locale.t("help-text"))
}

pub fn language(locale: Locale) -> Screen {
    let choices = Locale::ALL
        .into_iter()
        .map(|choice| {
            let mark = if choice == locale { "✅" } else { "🌐" };
            super::buttons::data_button(
                mark,
                &choice.t("language-self"),
                Callback::SetLanguage(choice),
            )
        })
        .collect();
    Screen::new(
        locale.t("language-choose"),
        keyboard(vec![
            choices,
            vec![Button::Back.to(locale, Callback::Menu(MenuItem::Main))],
        ]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(escape("a<b>&c"), "a&lt;b&gt;&amp;c");
    }

    #[test]
    fn sizes_are_human_readable() {
        assert_eq!(format_size(Locale::En, 10), "10 B");
        assert_eq!(format_size(Locale::En, 1536), "1.5 KB");
        assert_eq!(format_size(Locale::En, 3 * 1024 * 1024), "3.0 MB");
    }

    #[test]
    fn every_button_label_starts_with_its_emoji_in_every_language() {
        for locale in Locale::ALL {
            let menu = main_menu(locale);
            for button in menu.keyboard.inline_keyboard.iter().flatten() {
                let emoji = ["➕", "📂", "📦", "☁️", "🐙", "🌐", "ℹ️"];
                assert!(
                    emoji.iter().any(|e| button.text.starts_with(e)),
                    "{}",
                    button.text
                );
                assert!(
                    !button.text.contains("btn-"),
                    "missing translation: {}",
                    button.text
                );
            }
        }
    }
}
