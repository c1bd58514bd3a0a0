//! The save flow's prompts.

use crate::{
    bot::{
        callback::{MenuCallback, SaveCallback},
        ui::{Button, Screen, data_button, keyboard, language_name, shown_name, visible_name},
    },
    domain::{CodeFile, file_name::MAX_PATH_CHARS},
    i18n::Locale,
};

fn cancel_row(locale: Locale) -> Vec<teloxide::types::InlineKeyboardButton> {
    vec![Button::Cancel.to(locale, MenuCallback::Cancel)]
}

pub fn ask_code(locale: Locale) -> Screen {
    Screen::new(
        locale.t("save-send-code"),
        keyboard(vec![cancel_row(locale)]),
    )
}

pub fn ask_name(locale: Locale, language: &str, suggested: &str) -> Screen {
    let text = locale.t_with(
        "save-ask-name",
        &[
            ("language", language_name(locale, language).into()),
            ("suggested", shown_name(suggested).into()),
        ],
    );
    let use_suggested = data_button(
        Button::UseName.emoji(),
        &visible_name(suggested, MAX_PATH_CHARS),
        SaveCallback::UseSuggestedName,
    );
    Screen::new(
        text,
        keyboard(vec![vec![use_suggested], cancel_row(locale)]),
    )
}

/// `/long`: how to send the pieces, and how to finish.
pub fn ask_pieces(locale: Locale) -> Screen {
    Screen::new(
        locale.t("save-long-send-pieces"),
        keyboard(vec![cancel_row(locale)]),
    )
}

pub fn piece_received(locale: Locale, count: u32, chars: usize) -> Screen {
    let text = locale.t_with(
        "save-long-piece-received",
        &[("count", count.into()), ("chars", chars.into())],
    );
    Screen::new(text, keyboard(vec![cancel_row(locale)]))
}

/// 🆕 New version: what to send.
pub fn ask_version(locale: Locale, file: &CodeFile) -> Screen {
    let text = locale.t_with(
        "save-version-send",
        &[
            ("name", shown_name(&file.name).into()),
            ("version", file.version.saturating_add(1).into()),
        ],
    );
    Screen::new(text, keyboard(vec![cancel_row(locale)]))
}

/// The code for a new version arrived: save it as one?
pub fn confirm_version(locale: Locale, file: &CodeFile, chars: usize) -> Screen {
    let text = locale.t_with(
        "save-version-ask",
        &[
            ("name", shown_name(&file.name).into()),
            ("version", file.version.saturating_add(1).into()),
            ("chars", chars.into()),
        ],
    );
    let save = Button::SaveVersion.to(locale, SaveCallback::SaveVersion);
    Screen::new(text, keyboard(vec![vec![save], cancel_row(locale)]))
}

pub fn ask_new_name(locale: Locale) -> Screen {
    Screen::new(
        locale.t("save-ask-new-name"),
        keyboard(vec![cancel_row(locale)]),
    )
}

pub fn name_taken(locale: Locale, name: &str) -> Screen {
    Screen::new(
        locale.t_with("save-name-taken", &[("name", shown_name(name).into())]),
        keyboard(vec![
            vec![
                Button::Replace.to(locale, SaveCallback::Replace),
                Button::Rename.to(locale, SaveCallback::Rename),
            ],
            cancel_row(locale),
        ]),
    )
}

pub fn ask_note(locale: Locale, name: &str) -> Screen {
    Screen::new(
        locale.t_with("save-ask-note", &[("name", shown_name(name).into())]),
        keyboard(vec![
            vec![Button::SkipNote.to(locale, SaveCallback::SkipNote)],
            cancel_row(locale),
        ]),
    )
}
