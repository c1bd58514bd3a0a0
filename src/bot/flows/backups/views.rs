//! 📦 Backup & restore: the menu, My backups, a backup's screen, rating, deleting.

use teloxide::types::InlineKeyboardButton;

use crate::{
    bot::{
        callback::{
            BackupsCallback, DriveCallback, ImportCallback, MenuCallback, MenuItem, NotesCallback,
            RestoreCallback, SelectionCallback,
        },
        ui::{
            Button, Reader, Screen,
            backups::{kind_label, row_label, usage},
            data_button, escape, format_size, keyboard, paging_row,
        },
    },
    domain::{
        Id,
        backup::{
            BackupRecord, Rating,
            quota::{BackupQuota, Holdings},
        },
        paging::Page,
        password::MIN_PASSWORD_CHARS,
    },
    i18n::Locale,
};

pub fn menu(locale: Locale) -> Screen {
    Screen::new(
        locale.t("backups-menu"),
        keyboard(vec![
            vec![Button::CreateBackup.to(locale, BackupsCallback::Create)],
            vec![
                Button::BackupWithHistory.to(locale, BackupsCallback::CreateWithHistory),
                Button::BackupWithPassword.to(locale, BackupsCallback::CreateProtected),
            ],
            vec![Button::MyBackups.to(locale, BackupsCallback::List { page: 0 })],
            vec![Button::ImportZip.to(locale, ImportCallback::Ask)],
            vec![Button::Back.to(locale, MenuItem::Main)],
        ]),
    )
}

/// 🔒 The password prompt: what it protects, whether the history goes in (a button turns it
/// around), and what was wrong with the last password typed, if anything.
pub fn ask_password(locale: Locale, history: bool, problem: Option<String>) -> Screen {
    let mut text = problem
        .map(|problem| format!("{problem}\n\n"))
        .unwrap_or_default();
    text.push_str(&locale.t_with("backup-ask-password", &[("min", MIN_PASSWORD_CHARS.into())]));
    text.push('\n');
    text.push_str(&locale.t(if history {
        "backup-ask-password-history"
    } else {
        "backup-ask-password-plain"
    }));
    let toggle = if history {
        "btn-protect-history-off"
    } else {
        "btn-protect-history-on"
    };
    Screen::new(
        text,
        keyboard(vec![
            vec![data_button(
                Button::BackupWithHistory.emoji(),
                &locale.t(toggle),
                BackupsCallback::ProtectHistory(!history),
            )],
            vec![Button::Cancel.to(locale, MenuCallback::Cancel)],
        ]),
    )
}

/// A page of My backups, under what they take of the `quota`.
pub fn list(
    reader: &Reader,
    page: &Page<BackupRecord>,
    quota: &BackupQuota,
    held: &Holdings,
) -> Screen {
    let locale = reader.locale;
    let mut text = locale.t_with(
        "backups-title",
        &[
            ("page", page.ordinal().into()),
            ("pages", page.page_count().into()),
            ("count", page.total.into()),
        ],
    );
    text.push('\n');
    text.push_str(&usage(locale, quota, held));
    if page.items.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locale.t("backups-empty"));
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = page
        .items
        .iter()
        .map(|backup| {
            vec![data_button(
                backup.kind.emoji(),
                &row_label(reader, backup),
                BackupsCallback::Open(backup.id.clone()),
            )]
        })
        .collect();
    rows.push(paging_row(locale, page, |page| BackupsCallback::List {
        page,
    }));
    if !page.items.is_empty() {
        rows.push(vec![
            Button::SelectSeveral.to(locale, SelectionCallback::Show { page: page.number }),
        ]);
    }
    rows.push(vec![
        Button::CreateBackup.to(locale, BackupsCallback::Create),
        Button::Back.to(locale, MenuItem::Backups),
    ]);
    Screen::new(text, keyboard(rows))
}

pub fn backup(reader: &Reader, backup: &BackupRecord) -> Screen {
    let locale = reader.locale;
    let none = "—".to_owned();
    let rating = backup.rating.map_or_else(
        || none.clone(),
        |rating| format!("{} {}", rating.emoji(), locale.t(rating_key(rating))),
    );
    let mut text = locale.t_with(
        "backup-details",
        &[
            ("type", kind_label(locale, backup.kind).into()),
            ("created", reader.time(backup.created_at).into()),
            ("files", backup.file_count.into()),
            ("size", format_size(locale, backup.total_size).into()),
            ("archive", format_size(locale, backup.archive_size).into()),
            ("sha256", backup.sha256.clone().into()),
            ("id", backup.id.to_string().into()),
            ("rating", rating.into()),
            ("note", backup.note.as_deref().map_or(none, escape).into()),
        ],
    );
    if let Some(repo) = &backup.repo {
        let git_ref = backup.git_ref.as_deref().unwrap_or("—");
        let commit = backup.commit.as_deref().unwrap_or("—");
        text.push('\n');
        text.push_str(&locale.t_with(
            "backup-repo",
            &[
                ("repo", escape(repo).into()),
                ("ref", escape(git_ref).into()),
                ("commit", escape(commit).into()),
            ],
        ));
    }
    if backup.protected {
        text.push('\n');
        text.push_str(&locale.t("backup-protected"));
    }
    let id = &backup.id;
    // A damaged backup cannot be sent or restored: what is left is to keep, note or delete it.
    let intact = !backup.is_damaged();
    let mut rows = Vec::new();
    if intact {
        rows.push(vec![
            Button::Download.to(locale, BackupsCallback::Download(id.clone())),
            Button::Restore.to(locale, RestoreCallback::Plan(id.clone())),
        ]);
    }
    rows.push(vec![
        Button::Rate.to(locale, BackupsCallback::RateMenu(id.clone())),
        Button::Note.to(locale, NotesCallback::EditBackupNote(id.clone())),
    ]);
    if intact {
        rows.push(vec![
            Button::UploadToDrive.to(locale, DriveCallback::Upload(id.clone())),
        ]);
    }
    rows.push(vec![
        Button::Delete.to(locale, BackupsCallback::Delete(id.clone())),
        Button::Back.to(locale, BackupsCallback::List { page: 0 }),
    ]);
    if let Some(found) = backup.damaged_at {
        let line = locale.t_with(
            "backup-damaged-line",
            &[("date", reader.time(found).into())],
        );
        text = format!("{line}\n\n{text}");
    }
    Screen::new(text, keyboard(rows))
}

/// Told on its own when the scrub finds one of the user's backups damaged: which one, and
/// whether a copy in Google Drive can bring it back.
pub fn damaged_notice(reader: &Reader, backup: &BackupRecord, drive_copy: bool) -> Screen {
    let locale = reader.locale;
    let text = locale.t_with(
        "backup-damaged-notice",
        &[
            ("date", reader.time(backup.created_at).into()),
            ("id", backup.id.to_string().into()),
        ],
    );
    let copy = if drive_copy {
        "backup-damaged-drive-copy"
    } else {
        "backup-damaged-no-copy"
    };
    let mut rows = vec![vec![data_button(
        backup.kind.emoji(),
        &row_label(reader, backup),
        BackupsCallback::Open(backup.id.clone()),
    )]];
    if drive_copy {
        rows.push(vec![Button::GoogleDrive.to(locale, MenuItem::Drive)]);
    }
    rows.push(vec![
        Button::MyBackups.to(locale, BackupsCallback::List { page: 0 }),
    ]);
    Screen::new(format!("{text}\n\n{}", locale.t(copy)), keyboard(rows))
}

fn rating_key(rating: Rating) -> &'static str {
    match rating {
        Rating::Excellent => "btn-rate-excellent",
        Rating::Good => "btn-rate-good",
        Rating::Ok => "btn-rate-ok",
    }
}

pub fn rate(locale: Locale, backup: &Id) -> Screen {
    let rate = |button: Button, rating: Option<Rating>| {
        button.to(
            locale,
            BackupsCallback::Rate {
                backup: backup.clone(),
                rating,
            },
        )
    };
    Screen::new(
        locale.t("backup-rate-ask"),
        keyboard(vec![
            vec![
                rate(Button::RateExcellent, Some(Rating::Excellent)),
                rate(Button::RateGood, Some(Rating::Good)),
            ],
            vec![
                rate(Button::RateOk, Some(Rating::Ok)),
                rate(Button::RateClear, None),
            ],
            vec![Button::Back.to(locale, BackupsCallback::Open(backup.clone()))],
        ]),
    )
}

pub fn confirm_delete(reader: &Reader, backup: &BackupRecord) -> Screen {
    let locale = reader.locale;
    let text = locale.t_with(
        "backup-confirm-delete",
        &[("backup", escape(&row_label(reader, backup)).into())],
    );
    Screen::new(
        text,
        keyboard(vec![
            vec![
                Button::ConfirmDelete.to(locale, BackupsCallback::ConfirmDelete(backup.id.clone())),
            ],
            vec![Button::Cancel.to(locale, BackupsCallback::Open(backup.id.clone()))],
        ]),
    )
}
