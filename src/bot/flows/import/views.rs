//! 📥 Import ZIP: the request for the archive, and the question before it is kept.

use crate::{
    archive::reader::ReadArchive,
    bot::{
        callback::{ImportCallback, MenuCallback},
        ui::{Button, Screen, escape, keyboard, shown_name},
    },
    i18n::Locale,
};

pub fn ask(locale: Locale) -> Screen {
    let rows = vec![vec![Button::Cancel.to(locale, MenuCallback::Cancel)]];
    Screen::new(locale.t("import-send-zip"), keyboard(rows))
}

/// What the archive holds, and whether to go ahead; `document` is the name it was sent under.
pub fn confirm(locale: Locale, read: &ReadArchive, document: Option<&str>) -> Screen {
    let skipped: usize = read.skipped.values().sum();
    let text = match &read.codevault_backup {
        // The id is whatever the archive's manifest says: shown like a name, bounded.
        Some(id) => locale.t_with(
            "import-is-backup",
            &[
                ("count", read.files.len().into()),
                ("id", shown_name(id).into()),
            ],
        ),
        None => {
            let (key, origin) = match (&read.repo, document) {
                (Some(repo), _) => ("import-confirm", ("repo", escape(repo).into())),
                (None, Some(name)) => (
                    "import-confirm-plain",
                    ("document", shown_name(name).into()),
                ),
                (None, None) => (
                    "import-confirm-plain",
                    ("document", locale.t("import-unnamed").into()),
                ),
            };
            locale.t_with(
                key,
                &[
                    ("count", read.files.len().into()),
                    origin,
                    ("skipped", skipped.into()),
                ],
            )
        }
    };
    let rows = vec![
        vec![Button::ConfirmImport.to(locale, ImportCallback::Confirm)],
        vec![Button::Cancel.to(locale, MenuCallback::Cancel)],
    ];
    Screen::new(text, keyboard(rows))
}
