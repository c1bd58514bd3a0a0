//! 🔀 Compare versions: the other version picked from the file's history, then the diff.

use super::views::{code_block, version_rows};
use crate::{
    bot::{
        callback::FilesCallback,
        ui::{Button, Reader, Screen, keyboard, paging_row, shown_name},
    },
    domain::CodeFile,
    i18n::Locale,
    service::library::{Comparison, History},
};

/// Highlights a diff's added and removed lines.
const DIFF_CLASS: &str = "diff";

/// The versions `picked` can be compared with: every other one, a page at a time.
pub fn pick_other(reader: &Reader, picked: &CodeFile, history: &History) -> Screen {
    let locale = reader.locale;
    let text = locale.t_with(
        "compare-pick",
        &[
            ("name", shown_name(&picked.name).into()),
            ("version", picked.version.into()),
        ],
    );
    let this = &picked.version_id;
    let mut rows = version_rows(reader, history, |version| {
        (version.version_id != *this).then(|| FilesCallback::Diff {
            one: this.clone(),
            other: version.version_id.clone(),
        })
    });
    rows.push(paging_row(locale, &history.versions, |page| {
        FilesCallback::CompareWith {
            version: this.clone(),
            page,
        }
    }));
    rows.push(vec![
        Button::Back.to(locale, FilesCallback::Version(this.clone())),
    ]);
    Screen::new(text, keyboard(rows))
}

/// The diff inline when it fits in a message; otherwise the flag says it goes as a document.
pub fn diff(locale: Locale, comparison: &Comparison) -> (Screen, bool) {
    let header = locale.t_with(
        "compare-title",
        &[
            ("name", shown_name(&comparison.name).into()),
            ("older", comparison.older.into()),
            ("newer", comparison.newer.into()),
        ],
    );
    let inline = comparison
        .diff
        .as_deref()
        .map(|diff| code_block(&header, diff, DIFF_CLASS));
    let (text, as_document) = match inline {
        Some(Some(text)) => (text, false),
        Some(None) => (
            format!("{header}\n\n{}", locale.t("compare-as-document")),
            true,
        ),
        None => (
            format!("{header}\n\n{}", locale.t("compare-identical")),
            false,
        ),
    };
    let key = &comparison.key;
    let rows = vec![
        vec![Button::History.to(
            locale,
            FilesCallback::History {
                file: key.clone(),
                page: 0,
            },
        )],
        vec![Button::OpenFile.to(locale, FilesCallback::Open(key.clone()))],
    ];
    (Screen::new(text, keyboard(rows)), as_document)
}

/// The name a diff sent as a document goes by: the file's, its versions, `.diff`.
pub fn document_name(comparison: &Comparison) -> String {
    let Comparison {
        name, older, newer, ..
    } = comparison;
    format!("{name}.v{older}-v{newer}.diff")
}
