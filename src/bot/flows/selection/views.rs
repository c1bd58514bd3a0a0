//! Selection mode's screens: My backups with a tick box on every row, and the confirmation.

use teloxide::types::InlineKeyboardButton;

use crate::{
    bot::{
        callback::{BackupsCallback, SelectionCallback},
        ui::{
            Button, Reader, Screen,
            backups::{bullet, row_label},
            data_button, keyboard, paging_row,
        },
    },
    domain::{Id, backup::BackupRecord, paging::Page},
};

/// Selection mode: every row toggles ⬜️/✅.
pub fn select(reader: &Reader, page: &Page<BackupRecord>, selected: &[Id]) -> Screen {
    let locale = reader.locale;
    let text = locale.t_with("backups-select", &[("count", selected.len().into())]);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = page
        .items
        .iter()
        .map(|backup| {
            let mark = if selected.contains(&backup.id) {
                "✅"
            } else {
                "⬜️"
            };
            let toggle = SelectionCallback::Toggle {
                backup: backup.id.clone(),
                page: page.number,
            };
            vec![data_button(
                mark,
                &format!("{} {}", backup.kind.emoji(), row_label(reader, backup)),
                toggle,
            )]
        })
        .collect();
    rows.push(paging_row(locale, page, |page| SelectionCallback::Show {
        page,
    }));
    rows.push(vec![
        Button::SelectPage.to(locale, SelectionCallback::SelectPage { page: page.number }),
    ]);
    if !selected.is_empty() {
        rows.push(vec![Button::DeleteSelected.to_with(
            locale,
            &[("count", selected.len().into())],
            SelectionCallback::DeleteSelected,
        )]);
    }
    rows.push(vec![
        Button::Cancel.to(locale, BackupsCallback::List { page: 0 }),
    ]);
    Screen::new(text, keyboard(rows))
}

/// The confirmation before a multi-delete, naming every chosen backup.
pub fn confirm_delete(reader: &Reader, chosen: &[BackupRecord]) -> Screen {
    let locale = reader.locale;
    let lines: Vec<String> = chosen.iter().map(|backup| bullet(reader, backup)).collect();
    let text = format!(
        "{}\n\n{}",
        locale.t_with(
            "backups-confirm-delete-selected",
            &[("count", chosen.len().into())]
        ),
        lines.join("\n")
    );
    Screen::new(
        text,
        keyboard(vec![
            vec![Button::ConfirmDelete.to(locale, SelectionCallback::ConfirmDelete)],
            vec![Button::Cancel.to(locale, SelectionCallback::Show { page: 0 })],
        ]),
    )
}
