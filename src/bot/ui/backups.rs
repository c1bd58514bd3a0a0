//! How a backup is described wherever it shows: its row, the quota's notes, the caption and the
//! screens that deliver its archive.

use super::{
    Button, Reader, Screen, escape, format_size, isolate, keyboard, message::render, shown_name,
};
use crate::{
    bot::callback::{BackupsCallback, DriveCallback, MenuCallback, MenuItem},
    domain::{
        Id,
        backup::{
            BackupKind, BackupRecord,
            quota::{BackupClass, BackupQuota, Holdings, NoRoom},
        },
    },
    i18n::Locale,
    service::backup::class_key,
};

/// 🔒 The password prompt of a protected archive `name` (a stored backup, or one sent to be
/// imported), after what was wrong with the last password given, if anything.
pub fn ask_archive_password(locale: Locale, name: &str, problem: Option<String>) -> Screen {
    let mut text = problem
        .map(|problem| format!("{problem}\n\n"))
        .unwrap_or_default();
    text.push_str(&locale.t_with("archive-ask-password", &[("name", shown_name(name).into())]));
    Screen::new(
        text,
        keyboard(vec![vec![Button::Cancel.to(locale, MenuCallback::Cancel)]]),
    )
}

/// One row: type emoji, date and time, files, the archive's size, rating emoji, 📝 for a note and ⚠️ when
/// it was found damaged.
pub fn row_label(reader: &Reader, backup: &BackupRecord) -> String {
    let locale = reader.locale;
    let mut label = format!(
        "{} · {} · {}",
        isolate(locale, &reader.time(backup.created_at)),
        locale.t_with("files-count", &[("count", backup.file_count.into())]),
        locale.t_with(
            "backup-row-archive",
            &[("size", format_size(locale, backup.archive_size).into())]
        )
    );
    if let Some(rating) = backup.rating {
        label.push(' ');
        label.push_str(rating.emoji());
    }
    if backup.note.is_some() {
        label.push_str(" 📝");
    }
    if backup.is_damaged() {
        label.push_str(" ⚠️");
    }
    label
}

/// A backup on a line of its own: "• 📦 today, 5:03 PM · 3 files · archive 1.2 KB".
pub fn bullet(reader: &Reader, backup: &BackupRecord) -> String {
    format!(
        "• {} {}",
        backup.kind.emoji(),
        escape(&row_label(reader, backup))
    )
}

/// Its kind in words: "☁️ Google Drive backup".
pub fn kind_label(locale: Locale, kind: BackupKind) -> String {
    locale.t(&format!("backup-type-{}", kind.as_str().replace('_', "-")))
}

/// What the quota removed to make room for a new backup (all of one class), each backup
/// named by its kind, date, files and size; `None` when nothing was removed.
pub fn pruned_note(
    reader: &Reader,
    quota: &BackupQuota,
    removed: &[BackupRecord],
) -> Option<String> {
    let locale = reader.locale;
    let class = BackupClass::of(removed.first()?.kind);
    let mut note = locale.t_with(
        "backup-quota-pruned",
        &[
            ("count", removed.len().into()),
            ("class", locale.t(class_key(class)).into()),
            ("limit", quota.limit(class).into()),
            ("quota", format_size(locale, quota.max_bytes).into()),
        ],
    );
    for backup in removed {
        note.push_str(&format!(
            "\n• {} · {}",
            kind_label(locale, backup.kind),
            escape(&row_label(reader, backup))
        ));
    }
    Some(note)
}

/// Why no backup was stored: the quota could not make room for it.
pub fn no_room(reader: &Reader, refusal: &NoRoom) -> String {
    render(reader, &crate::service::backup::no_room(refusal))
}

/// What the user's backups take of the quota: bytes, and backups of each class.
pub fn usage(locale: Locale, quota: &BackupQuota, held: &Holdings) -> String {
    let of = |class: BackupClass| format!("{}/{}", held.of(class).count, quota.limit(class));
    locale.t_with(
        "backups-usage",
        &[
            ("used", format_size(locale, held.total().bytes).into()),
            ("quota", format_size(locale, quota.max_bytes).into()),
            ("manual", of(BackupClass::Manual).into()),
            ("scheduled", of(BackupClass::Scheduled).into()),
            ("snapshots", of(BackupClass::Snapshot).into()),
            ("imports", of(BackupClass::Imported).into()),
        ],
    )
}

/// Too big for one Telegram message: offer parts or Drive.
pub fn too_big(locale: Locale, backup: &BackupRecord, limit: u64) -> Screen {
    let text = locale.t_with(
        "backup-too-big",
        &[
            ("size", format_size(locale, backup.archive_size).into()),
            ("limit", format_size(locale, limit).into()),
        ],
    );
    Screen::new(
        text,
        keyboard(vec![
            vec![Button::SendInParts.to(locale, BackupsCallback::SendInParts(backup.id.clone()))],
            vec![Button::UploadToDrive.to(locale, DriveCallback::Upload(backup.id.clone()))],
            vec![Button::Back.to(locale, BackupsCallback::Open(backup.id.clone()))],
        ]),
    )
}

/// Telegram did not take the archive: it is still stored, and can be downloaded again.
pub fn undelivered(locale: Locale, backup: &BackupRecord) -> Screen {
    let id = &backup.id;
    Screen::new(
        locale.t_with("backup-undelivered", &[("id", id.to_string().into())]),
        keyboard(vec![
            vec![Button::Download.to(locale, BackupsCallback::Download(id.clone()))],
            vec![
                Button::Back.to(locale, BackupsCallback::Open(id.clone())),
                Button::MyBackups.to(locale, BackupsCallback::List { page: 0 }),
            ],
        ]),
    )
}

/// After an action on backups: back to the backup or the list.
pub fn after_action(locale: Locale, text: String, backup: Option<&Id>) -> Screen {
    let mut row = Vec::new();
    if let Some(id) = backup {
        row.push(Button::Back.to(locale, BackupsCallback::Open(id.clone())));
    }
    row.push(Button::MyBackups.to(locale, BackupsCallback::List { page: 0 }));
    Screen::new(
        text,
        keyboard(vec![row, vec![Button::MainMenu.to(locale, MenuItem::Main)]]),
    )
}

/// The caption of a sent backup: file count, both sizes, id.
pub fn caption(locale: Locale, backup: &BackupRecord) -> String {
    locale.t_with(
        "backup-caption",
        &[
            ("files", backup.file_count.into()),
            ("size", format_size(locale, backup.total_size).into()),
            ("archive", format_size(locale, backup.archive_size).into()),
            ("id", backup.id.to_string().into()),
        ],
    )
}
