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
        restore::{Choice, PlanCounts, Report},
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

pub fn report(locale: Locale, report: &Report, snapshot: &Id) -> Screen {
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
    Screen::new(
        text,
        keyboard(vec![
            vec![Button::UndoRestore.to(locale, Callback::UndoRestore(snapshot.clone()))],
            vec![
                Button::MyFiles.to(locale, Callback::Files { page: 0, tag: None }),
                Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main)),
            ],
        ]),
    )
}

pub fn undone(locale: Locale) -> Screen {
    Screen::new(
        locale.t("restore-undone"),
        keyboard(vec![vec![
            Button::MyFiles.to(locale, Callback::Files { page: 0, tag: None }),
            Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main)),
        ]]),
    )
}
