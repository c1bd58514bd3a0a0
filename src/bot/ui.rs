//! The view helpers every flow shares: screens, buttons, names, times, sizes, paging. Screens
//! are pure functions from data to text and keyboard. All text is HTML; anything the user
//! typed is escaped here.

pub mod backups;
mod buttons;
pub mod files;
pub mod message;
mod reader;
pub mod tasks;

pub use crate::i18n::decimal;
pub use buttons::{Button, data_button, keyboard};
pub use reader::Reader;

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::callback::{Callback, MenuItem};
use crate::{
    domain::{
        file_name::{MAX_PATH_CHARS, NameError, forbidden_char},
        language,
        paging::Page,
        password::PasswordError,
        schedule::ZONE_CHOICES,
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

    /// The screen under `note` (what just happened, said first), when there is one.
    pub fn under(mut self, note: impl Into<Option<String>>) -> Self {
        if let Some(note) = note.into() {
            self.text = format!("{note}\n\n{}", self.text);
        }
        self
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

/// `text` (a date, a name: Latin, digits) set apart in a right-to-left line, so that it
/// keeps its own order and does not turn the line left to right; for a text built here, as
/// Fluent does for a message's placeables. Left-to-right languages need nothing.
pub fn isolate(locale: Locale, text: &str) -> String {
    if locale.right_to_left() {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text.to_owned()
    }
}

/// A file's language as the user reads it, escaped: `Python`, `C++`, plain text in their
/// language.
pub fn language_name(locale: Locale, language: &str) -> String {
    if language == language::UNKNOWN {
        return locale.t("language-plain-text");
    }
    escape(&shorten(&language::display_name(language), 40))
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

/// A size in the user's language, as one run of text: Fluent isolates the number inside it
/// (Hebrew), and will isolate the whole size again where it is inserted, so the inner marks
/// go (isolated twice, U+2068 U+2068 `48` U+2069 `בייט` U+2069, some clients show the marks).
pub fn format_size(locale: Locale, bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let amount = bytes as f64;
    let size = if bytes < 1024 {
        locale.t_with("size-bytes", &[("n", bytes.into())])
    } else {
        let (key, amount) = if amount < KIB * KIB {
            ("size-kb", amount / KIB)
        } else if amount < KIB * KIB * KIB {
            ("size-mb", amount / KIB / KIB)
        } else {
            ("size-gb", amount / KIB / KIB / KIB)
        };
        locale.t_with(key, &[("n", decimal(locale, amount, 1).into())])
    };
    size.replace(['\u{2068}', '\u{2069}'], "")
}

/// 🌍 The zones offered as buttons, two to a row; `pick` is the button of the one at a place
/// in [`ZONE_CHOICES`] (any other zone is typed).
pub fn zone_rows<C>(pick: impl Fn(usize) -> C) -> Vec<Vec<InlineKeyboardButton>>
where
    C: Into<Callback>,
{
    let buttons: Vec<_> = ZONE_CHOICES
        .iter()
        .enumerate()
        .map(|(index, name)| data_button("🌍", name, pick(index)))
        .collect();
    buttons.chunks(2).map(<[_]>::to_vec).collect()
}

/// A typed time zone that is none, shown as typed (cut short), and what one looks like.
pub fn zone_unknown(locale: Locale, typed: &str) -> String {
    let shown = shorten(typed.trim(), 64);
    locale.t_with("zone-unknown", &[("zone", escape(&shown).into())])
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

/// The help's first screen, short enough for a phone, with ▶️ More for the rest.
pub fn help(locale: Locale) -> Screen {
    Screen::new(
        locale.t("help-text"),
        keyboard(vec![vec![
            Button::MoreHelp.to(locale, MenuItem::HelpMore),
            Button::MainMenu.to(locale, MenuItem::Main),
        ]]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A main-menu button and the screen it opens carry one name, in every language.
    #[test]
    fn menu_buttons_name_the_screens_they_open() {
        for locale in Locale::ALL {
            for (button, title) in [
                (
                    "btn-my-files",
                    locale.t_with(
                        "files-title",
                        &[("count", 1.into()), ("page", 1.into()), ("pages", 1.into())],
                    ),
                ),
                ("btn-backup-restore", locale.t("backups-menu")),
                (
                    "btn-google-drive",
                    locale.t_with("drive-menu", &[("status", "—".into())]),
                ),
                (
                    "btn-github",
                    locale.t_with("github-menu", &[("token", "—".into())]),
                ),
            ] {
                let bold = format!("<b>{}</b>", locale.t(button));
                assert!(title.contains(&bold), "{locale:?}: {bold} not in {title}");
            }
        }
    }

    #[test]
    fn the_help_fits_a_phone_screen_and_offers_the_rest() {
        for locale in Locale::ALL {
            let help = help(locale);
            assert!(help.text.lines().count() <= 8, "{locale:?}: {}", help.text);
            let more = &help.keyboard.inline_keyboard[0][0];
            assert_eq!(more.text, Button::MoreHelp.label(locale));
            let more_text = locale.t("help-more");
            assert!(more_text.contains("/search") && more_text.contains("/cancel"));
        }
    }

    #[test]
    fn latin_runs_in_built_labels_are_isolated_in_hebrew_only() {
        use crate::domain::backup::{BackupKind, BackupRecord};
        let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 30, 17, 3, 0).unwrap();
        let record = BackupRecord::example(7, BackupKind::FullBackup, at, 571);
        let reader = |locale| Reader::new(locale, "Asia/Jerusalem".parse().unwrap(), at);
        let hebrew = backups::row_label(&reader(Locale::He), &record);
        let english = backups::row_label(&reader(Locale::En), &record);
        let date = "היום, 19:03";
        assert!(
            hebrew.starts_with(&format!("\u{2068}{date}\u{2069} · ")),
            "{hebrew}"
        );
        assert!(english.starts_with("today, 7:03\u{202F}PM · "), "{english}");
        assert!(!english.contains('\u{2068}'));
    }

    #[test]
    fn a_size_in_a_hebrew_message_is_isolated_once() {
        let size = format_size(Locale::He, 48);
        assert_eq!(size, "48 בייט");
        let row = Locale::He.t_with("backup-row-archive", &[("size", size.into())]);
        assert_eq!(row, "ארכיון \u{2068}48 בייט\u{2069}");
        assert_eq!(format_size(Locale::En, 1536), "1.5 KB");
        assert_eq!(format_size(Locale::Ru, 1536), "1,5 КБ");
        assert_eq!(format_size(Locale::Ru, 3 << 20), "3,0 МБ");
    }

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
        assert_eq!(format_size(Locale::Ru, 1536), "1,5 КБ");
        assert_eq!(format_size(Locale::Ru, 3 << 20), "3,0 МБ");
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
