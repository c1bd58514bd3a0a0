//! The view helpers every flow shares: screens, buttons, names, times, sizes, paging. Screens
//! are pure functions from data to text and keyboard. All text is HTML; anything the user
//! typed is escaped here.

pub mod backups;
mod buttons;
pub mod files;
pub mod message;
pub mod tasks;

pub use buttons::{Button, data_button, keyboard};

use chrono::{DateTime, Utc};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::callback::{Callback, MenuItem};
use crate::{
    domain::{
        file_name::{MAX_PATH_CHARS, NameError, forbidden_char},
        paging::Page,
        password::PasswordError,
        schedule::Zone,
    },
    i18n::Locale,
};

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
            keyboard(vec![vec![Button::MainMenu.to(locale, MenuItem::Main)]]),
        )
    }
}

/// Text made safe for Telegram's HTML, in element content and in attribute values alike.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `text` cut to `max_chars` characters, with `…` when something was cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A name as the user should see it, as plain text (a button label): every character that
/// shows as nothing or reorders the text is written out — control characters as their
/// symbols (`a\0b` → `a␀b`), the others as their code point (`x⟨U+202E⟩y`) — and the result
/// is cut to `max_chars`, so a hostile name can neither hide nor flood a message.
pub fn visible_name(name: &str, max_chars: usize) -> String {
    let mut shown = String::new();
    for (count, c) in name.chars().enumerate() {
        if count == max_chars {
            shown.push('…');
            break;
        }
        match c {
            '\0'..='\u{1F}' => shown.extend(char::from_u32(0x2400 + u32::from(c))),
            '\u{7F}' => shown.push('␡'),
            c if forbidden_char(c).is_some_and(|reason| reason != NameError::Backslash) => {
                shown.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
            }
            c => shown.push(c),
        }
    }
    shown
}

/// A name the user gave, or an archive did, ready for a message: made visible (see
/// [`visible_name`]), at most as long as a valid name, and escaped. Every echoed name goes
/// through here.
pub fn shown_name(name: &str) -> String {
    escape(&visible_name(name, MAX_PATH_CHARS))
}

/// What is wrong with a typed password, as a prompt tells it before asking again.
pub fn password_problem(locale: Locale, error: PasswordError) -> String {
    match error {
        PasswordError::TooShort { min } => {
            locale.t_with("error-password-too-short", &[("min", min.into())])
        }
        PasswordError::TooLong { max } => {
            locale.t_with("error-password-too-long", &[("max", max.into())])
        }
    }
}

pub fn format_time(time: DateTime<Utc>) -> String {
    format_time_in(time, Zone::UTC)
}

/// "2026-12-01 09:00 Europe/Berlin": the time on the zone's clocks, and the zone.
pub fn format_time_in(time: DateTime<Utc>, zone: Zone) -> String {
    format!("{} {zone}", zone.local_time(time).format("%Y-%m-%d %H:%M"))
}

pub fn format_size(locale: Locale, bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let bytes_f = bytes as f64;
    if bytes < 1024 {
        locale.t_with("size-bytes", &[("n", bytes.into())])
    } else if bytes_f < KIB * KIB {
        locale.t_with("size-kb", &[("n", format!("{:.1}", bytes_f / KIB).into())])
    } else if bytes_f < KIB * KIB * KIB {
        locale.t_with(
            "size-mb",
            &[("n", format!("{:.1}", bytes_f / KIB / KIB).into())],
        )
    } else {
        locale.t_with(
            "size-gb",
            &[("n", format!("{:.1}", bytes_f / KIB / KIB / KIB).into())],
        )
    }
}

/// ◀️ / ▶️ buttons for a page, built by `to_page`.
pub fn paging_row<T, C>(
    locale: Locale,
    page: &Page<T>,
    to_page: impl Fn(u32) -> C,
) -> Vec<InlineKeyboardButton>
where
    C: Into<Callback>,
{
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
    let item = |button: Button, item: MenuItem| button.to(locale, item);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_attributes_too() {
        assert_eq!(escape("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(escape("python\"><i>"), "python&quot;&gt;&lt;i&gt;");
    }

    #[test]
    fn names_are_shown_with_every_hidden_character_written_out() {
        assert_eq!(shown_name("a\u{0}b.py"), "a␀b.py");
        assert!(!shown_name("a\u{0}b").contains('\u{0}'));
        assert_eq!(shown_name("x\u{1F}\u{7F}"), "x␟␡");
        assert_eq!(shown_name("invoice\u{202E}yp.exe"), "invoice⟨U+202E⟩yp.exe");
        assert_eq!(shown_name("a\u{200B}<b>"), "a⟨U+200B⟩&lt;b&gt;");
        assert_eq!(shown_name("..\\x"), "..\\x");
        assert_eq!(
            shown_name(&"n".repeat(300)).chars().count(),
            MAX_PATH_CHARS + 1
        );
        assert_eq!(visible_name("abcdef", 3), "abc…");
        assert_eq!(shorten("абвгд", 2), "аб…");
        assert_eq!(shorten("аб", 2), "аб");
    }

    #[test]
    fn sizes_are_human_readable() {
        assert_eq!(format_size(Locale::En, 10), "10 B");
        assert_eq!(format_size(Locale::En, 1536), "1.5 KB");
        assert_eq!(format_size(Locale::En, 3 * 1024 * 1024), "3.0 MB");
        assert_eq!(format_size(Locale::En, 1536 * 1024 * 1024), "1.5 GB");
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
