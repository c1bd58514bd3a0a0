//! Restore screens: the plan, one conflict at a time, the report with its undo.

use crate::{
    bot::{
        callback::{BackupsCallback, FilesCallback, MenuItem, RestoreCallback},
        ui::{Button, Reader, Screen, escape, keyboard, shown_name, visible_name},
    },
    domain::{
        Id, MAX_NOTE_CHARS,
        incoming::Admission,
        restore::{Choice, Report, UndoReport},
        tags::MAX_TAGS,
    },
    i18n::Locale,
    service::restore::Prepared,
};

/// What a plan restores: a stored backup, one a task just kept (a copy brought back), or the
/// archive the user just sent.
#[derive(Clone, Copy, Debug)]
pub enum Origin<'a> {
    Backup,
    Kept,
    Import { document: Option<&'a str> },
}

/// Names listed in the report of what the rules changed, per kind; the rest are counted.
const LISTED_NAMES: usize = 3;
/// Each listed name is cut to this, so the plan stays far under Telegram's limit.
const LISTED_NAME_CHARS: usize = 40;

fn listed<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let mut listed: Vec<String> = names
        .iter()
        .take(LISTED_NAMES)
        .map(|name| escape(&visible_name(name, LISTED_NAME_CHARS)))
        .collect();
    if names.len() > LISTED_NAMES {
        listed.push("…".to_owned());
    }
    listed.join(", ")
}

/// One line per kind of change the library's rules made to the incoming files.
fn admission_lines(locale: Locale, admission: &Admission) -> Vec<String> {
    let line = |key: &str, count: usize, names: String, max: usize| {
        locale.t_with(
            key,
            &[
                ("count", count.into()),
                ("names", names.into()),
                ("max", max.into()),
            ],
        )
    };
    let mut lines = Vec::new();
    if !admission.refused.is_empty() {
        let names = listed(admission.refused.iter().map(|(name, _)| name.as_str()));
        lines.push(line(
            "restore-admit-refused",
            admission.refused.len(),
            names,
            0,
        ));
    }
    if !admission.renamed.is_empty() {
        let names = listed(admission.renamed.iter().map(|(name, _)| name.as_str()));
        lines.push(line(
            "restore-admit-renamed",
            admission.renamed.len(),
            names,
            0,
        ));
    }
    if !admission.duplicates.is_empty() {
        let names = listed(admission.duplicates.iter().map(String::as_str));
        let count = admission.duplicates.len();
        lines.push(line("restore-admit-duplicates", count, names, 0));
    }
    if !admission.notes_cut.is_empty() {
        let names = listed(admission.notes_cut.iter().map(String::as_str));
        let count = admission.notes_cut.len();
        lines.push(line("restore-admit-notes", count, names, MAX_NOTE_CHARS));
    }
    if !admission.tags_dropped.is_empty() {
        let names = listed(admission.tags_dropped.iter().map(|(name, _)| name.as_str()));
        let count = admission.tags_dropped.iter().map(|(_, n)| n).sum();
        lines.push(line("restore-admit-tags", count, names, MAX_TAGS));
    }
    lines
}

/// A plan that would change nothing: said so, with the way back to the backup.
pub fn nothing_to_restore(locale: Locale, prepared: &Prepared, origin: Origin<'_>) -> Screen {
    let key = match origin {
        Origin::Backup | Origin::Kept => "restore-nothing",
        Origin::Import { .. } => "import-nothing",
    };
    let text = match prepared.plan.counts().unchanged {
        0 => locale.t(&format!("{key}-empty")),
        total => locale.t_with(key, &[("total", total.into())]),
    };
    let backup = prepared.backup.id.clone();
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::Back.to(locale, BackupsCallback::Open(backup)),
            Button::MainMenu.to(locale, MenuItem::Main),
        ]]),
    )
}

pub fn plan(reader: &Reader, prepared: &Prepared, origin: Origin<'_>) -> Screen {
    let locale = reader.locale;
    let counts = prepared.plan.counts();
    let total = counts.new + counts.unchanged + counts.conflicts;
    let counted = [
        ("total", total.into()),
        ("new", counts.new.into()),
        ("unchanged", counts.unchanged.into()),
        ("conflicts", counts.conflicts.into()),
    ];
    let mut text = match origin {
        Origin::Backup | Origin::Kept => {
            let date = ("date", reader.time(prepared.backup.created_at).into());
            locale.t_with("restore-plan", &[&counted[..], &[date]].concat())
        }
        Origin::Import { document } => {
            let document = document.map_or_else(|| locale.t("import-unnamed"), shown_name);
            let document = ("document", document.into());
            locale.t_with("import-plan", &[&counted[..], &[document]].concat())
        }
    };
    if counts.versions > 0 {
        text.push('\n');
        let versions = [("versions", counts.versions.into())];
        text.push_str(&locale.t_with("restore-plan-versions", &versions));
    }
    let lines = admission_lines(locale, &prepared.admission);
    if !lines.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locale.t("restore-admit-title"));
        for line in lines {
            text.push_str("\n• ");
            text.push_str(&line);
        }
    }
    Screen::new(
        text,
        keyboard(vec![
            vec![Button::StartRestore.to(locale, RestoreCallback::Start)],
            vec![Button::Cancel.to(locale, RestoreCallback::Cancel(prepared.backup.id.clone()))],
        ]),
    )
}

pub fn conflict(locale: Locale, backup: &Id, name: &str, index: usize, total: usize) -> Screen {
    let text = locale.t_with(
        "restore-conflict",
        &[
            ("name", shown_name(name).into()),
            ("index", (index + 1).into()),
            ("total", total.into()),
        ],
    );
    let resolve = |button: Button, choice: Choice, all: bool| {
        button.to(locale, RestoreCallback::Resolve { choice, all })
    };
    let mut rows = vec![vec![
        resolve(Button::Replace, Choice::Replace, false),
        resolve(Button::SkipNote, Choice::Skip, false),
        resolve(Button::KeepBoth, Choice::KeepBoth, false),
    ]];
    if index + 1 < total {
        rows.push(vec![resolve(Button::ReplaceAll, Choice::Replace, true)]);
        rows.push(vec![resolve(Button::SkipAll, Choice::Skip, true)]);
        rows.push(vec![resolve(Button::KeepBothAll, Choice::KeepBoth, true)]);
    }
    rows.push(vec![
        Button::Cancel.to(locale, RestoreCallback::Cancel(backup.clone())),
    ]);
    Screen::new(text, keyboard(rows))
}

/// The names of files an Undo left alone are listed up to this many.
const NAMED_MAX: usize = 10;

/// The report; `undo` is the safety snapshot whose ↩️ Undo reverts the restore, if any.
pub fn report(locale: Locale, report: &Report, undo: Option<&Id>) -> Screen {
    let mut text = locale.t_with(
        "restore-report",
        &[
            ("restored", report.restored().into()),
            ("new", report.new.into()),
            ("replaced", report.replaced.into()),
            ("kept", report.kept_both.into()),
            ("skipped", report.skipped.into()),
            ("unchanged", report.unchanged.into()),
        ],
    );
    if report.versions > 0 {
        text.push('\n');
        let versions = [("versions", report.versions.into())];
        text.push_str(&locale.t_with("restore-report-versions", &versions));
    }
    let mut rows = Vec::new();
    if let Some(snapshot) = undo {
        rows.push(vec![
            Button::UndoRestore.to(locale, RestoreCallback::Undo(snapshot.clone())),
        ]);
    }
    rows.push(vec![
        Button::MyFiles.to(locale, FilesCallback::List { page: 0, tag: None }),
        Button::MainMenu.to(locale, MenuItem::Main),
    ]);
    Screen::new(text, keyboard(rows))
}

/// What an Undo put back, and which files it left because they changed after the restore.
pub fn undone(locale: Locale, report: &UndoReport) -> Screen {
    let mut text = locale.t_with(
        "restore-undone",
        &[
            ("binned", report.binned.into()),
            ("reverted", report.reverted.into()),
        ],
    );
    if report.versions > 0 {
        text.push('\n');
        let versions = [("versions", report.versions.into())];
        text.push_str(&locale.t_with("restore-undone-versions", &versions));
    }
    if !report.left.is_empty() {
        let mut names: Vec<String> = report
            .left
            .iter()
            .take(NAMED_MAX)
            .map(|name| format!("<b>{}</b>", escape(name)))
            .collect();
        if report.left.len() > NAMED_MAX {
            names.push("…".to_owned());
        }
        text.push_str("\n\n");
        text.push_str(&locale.t_with(
            "restore-undone-left",
            &[
                ("count", report.left.len().into()),
                ("names", names.join(", ").into()),
            ],
        ));
    }
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::MyFiles.to(locale, FilesCallback::List { page: 0, tag: None }),
            Button::MainMenu.to(locale, MenuItem::Main),
        ]]),
    )
}
