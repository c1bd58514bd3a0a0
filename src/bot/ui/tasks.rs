//! How a long action shows while it runs: its "⏳" line, how far it got, and ✖️ Cancel when it
//! can stop.

use super::{Button, Screen, escape, format_size, keyboard, shown_name};
use crate::{
    bot::callback::TaskCallback,
    domain::{Task, TaskKind, progress::Unit},
    i18n::Locale,
    service::tasks::Advance,
};

/// The "⏳" line of a task of `kind`.
pub fn working_text(locale: Locale, kind: &TaskKind) -> String {
    match kind {
        TaskKind::CreateBackup { .. } => locale.t("backup-creating"),
        TaskKind::GithubBackup { repo } => locale.t_with(
            "github-downloading",
            &[("repo", escape(&repo.to_string()).into())],
        ),
        TaskKind::BackUpNow { .. } => locale.t("drive-backing-up"),
        TaskKind::Upload { .. } => locale.t("drive-uploading"),
        TaskKind::RestoreApply { .. } => locale.t("restore-applying"),
        TaskKind::ImportArchive { .. } => locale.t("import-storing"),
        TaskKind::FetchCopy { name, .. } => {
            locale.t_with("drive-fetching", &[("name", shown_name(name).into())])
        }
        TaskKind::ApplyRetention { .. } => locale.t("drive-retention-applying"),
    }
}

/// A running (or queued) task: what it does, how far it got when known, and ✖️ Cancel.
pub fn working(locale: Locale, task: &Task, advance: Option<Advance>) -> Screen {
    let mut text = working_text(locale, &task.kind);
    if let Some(advance) = advance {
        text.push('\n');
        text.push_str(&progress_line(locale, advance));
    }
    let cancel = task
        .kind
        .cancellable()
        .then(|| Button::CancelTask.to(locale, TaskCallback::Cancel(task.id.clone())));
    Screen::new(text, keyboard(vec![cancel.into_iter().collect()]))
}

/// "3.2 MB of 10.0 MB (32%)", "1.5 MB so far", "120 of 400 files (30%)", "120 files so far".
pub fn progress_line(locale: Locale, advance: Advance) -> String {
    let percent = advance
        .total
        .filter(|total| *total > 0)
        .map(|total| advance.done.min(total).saturating_mul(100) / total);
    match (advance.unit, advance.total.zip(percent)) {
        (Unit::Bytes, Some((total, percent))) => locale.t_with(
            "task-progress-bytes",
            &[
                ("done", format_size(locale, advance.done).into()),
                ("size", format_size(locale, total).into()),
                ("percent", percent.into()),
            ],
        ),
        (Unit::Bytes, None) => locale.t_with(
            "task-progress-bytes-so-far",
            &[("done", format_size(locale, advance.done).into())],
        ),
        (Unit::Files, Some((total, percent))) => locale.t_with(
            "task-progress-files",
            &[
                ("done", advance.done.into()),
                ("total", total.into()),
                ("percent", percent.into()),
            ],
        ),
        (Unit::Files, None) => locale.t_with(
            "task-progress-files-so-far",
            &[("done", advance.done.into())],
        ),
    }
}

/// The user asked a running task to stop: it does at its next chance.
pub fn stopping(locale: Locale, kind: &TaskKind) -> Screen {
    let text = format!(
        "{}\n{}",
        working_text(locale, kind),
        locale.t("task-stopping")
    );
    Screen::new(text, keyboard(Vec::new()))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::domain::{Id, restore::Decisions};

    fn task(kind: TaskKind) -> Task {
        Task::queued(1, 1, 5, Locale::En, kind, Utc::now())
    }

    #[test]
    fn progress_reads_in_bytes_or_files_with_a_percentage_when_the_total_is_known() {
        let en = Locale::En;
        let bytes = |done, total| Advance {
            unit: Unit::Bytes,
            done,
            total,
        };
        assert_eq!(
            progress_line(en, bytes(3 * 1024 * 1024, Some(12 * 1024 * 1024))),
            "3.0 MB of 12.0 MB (25%)"
        );
        assert_eq!(
            progress_line(en, bytes(2048, None)),
            "2.0 KB received so far"
        );
        let files = |done, total| Advance {
            unit: Unit::Files,
            done,
            total,
        };
        assert_eq!(
            progress_line(en, files(120, Some(400))),
            "120 of 400 files (30%)"
        );
        assert_eq!(progress_line(en, files(1, None)), "1 file so far");
        assert_eq!(progress_line(en, files(7, None)), "7 files so far");
        // A total that turns out wrong never shows more than 100%.
        assert_eq!(progress_line(en, files(9, Some(4))), "9 of 4 files (100%)");
    }

    #[test]
    fn a_task_that_can_stop_offers_cancel_with_its_own_id_and_a_restore_does_not() {
        let backup = task(TaskKind::CreateBackup {
            history: false,
            protected: false,
        });
        let screen = working(Locale::En, &backup, None);
        assert_eq!(screen.text, Locale::En.t("backup-creating"));
        let buttons: Vec<_> = screen.keyboard.inline_keyboard.concat();
        assert_eq!(buttons.len(), 1);
        assert_eq!(buttons[0].text, "✖️ Cancel");
        let data = match &buttons[0].kind {
            teloxide::types::InlineKeyboardButtonKind::CallbackData(data) => data.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(data, format!("tx:{}", backup.id));
        let restore = task(TaskKind::RestoreApply {
            backup: Id::generate(),
            decisions: Decisions::default(),
        });
        assert!(
            working(Locale::En, &restore, None)
                .keyboard
                .inline_keyboard
                .concat()
                .is_empty()
        );
    }
}
