//! Restore screens: the plan, one conflict at a time, the report with its undo.

use super::{Screen, escape, format_time};
use crate::{
    bot::{
        buttons::{Button, keyboard},
        callback::{Callback, MenuItem},
    },
    domain::{
        Id,
        backup::BackupRecord,
        restore::{Choice, PlanCounts, Report, UndoReport},
    },
    i18n::Locale,
};

pub fn plan(locale: Locale, backup: &BackupRecord, counts: PlanCounts) -> Screen {
    let text = locale.t_with(
        "restore-plan",
        &[
            ("date", format_time(backup.created_at).into()),
            (
                "total",
                (counts.new + counts.unchanged + counts.conflicts).into(),
            ),
            ("new", counts.new.into()),
            ("unchanged", counts.unchanged.into()),
            ("conflicts", counts.conflicts.into()),
        ],
    );
    Screen::new(
        text,
        keyboard(vec![
            vec![Button::StartRestore.to(locale, Callback::StartRestore)],
            vec![Button::Cancel.to(locale, Callback::Cancel)],
        ]),
    )
}

pub fn conflict(locale: Locale, name: &str, index: usize, total: usize) -> Screen {
    let text = locale.t_with(
        "restore-conflict",
        &[
            ("name", escape(name).into()),
            ("index", (index + 1).into()),
            ("total", total.into()),
        ],
    );
    let resolve = |button: Button, choice: Choice, all: bool| {
        button.to(locale, Callback::Resolve { choice, all })
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
    rows.push(vec![Button::Cancel.to(locale, Callback::Cancel)]);
    Screen::new(text, keyboard(rows))
}

/// The names of files an Undo left alone are listed up to this many.
const NAMED_MAX: usize = 10;

/// The report; `undo` is the safety snapshot whose ↩️ Undo reverts the restore, if any.
pub fn report(locale: Locale, report: &Report, undo: Option<&Id>) -> Screen {
    let text = locale.t_with(
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
    let mut rows = Vec::new();
    if let Some(snapshot) = undo {
        rows.push(vec![
            Button::UndoRestore.to(locale, Callback::UndoRestore(snapshot.clone())),
        ]);
    }
    rows.push(vec![
        Button::MyFiles.to(locale, Callback::Files { page: 0, tag: None }),
        Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main)),
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
            Button::MyFiles.to(locale, Callback::Files { page: 0, tag: None }),
            Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main)),
        ]]),
    )
}
