//! The prompts for a note or tags, showing what is there now.

use crate::{
    bot::{
        callback::{BackupsCallback, FilesCallback, MenuCallback, NotesCallback},
        ui::{Button, Screen, escape, keyboard, shown_name},
    },
    domain::{CodeFile, Id, backup::BackupRecord},
    i18n::Locale,
};

#[derive(Clone, Copy)]
pub enum Field {
    Note,
    Tags,
}

/// Asks for a file's new note or tags.
pub fn ask(locale: Locale, file: &CodeFile, field: Field) -> Screen {
    let key = &file.key;
    let (prompt, current, clear) = match field {
        Field::Note => (
            "note-ask",
            file.note.clone().unwrap_or_default(),
            Button::ClearNote.to(locale, NotesCallback::ClearFileNote(key.clone())),
        ),
        Field::Tags => (
            "tags-ask",
            file.tags.join(" "),
            Button::ClearTags.to(locale, NotesCallback::ClearTags(key.clone())),
        ),
    };
    let current = if current.is_empty() {
        "—".to_owned()
    } else {
        escape(&current)
    };
    let text = locale.t_with(
        prompt,
        &[
            ("name", shown_name(&file.name).into()),
            ("current", current.into()),
        ],
    );
    let rows = vec![
        vec![clear],
        vec![Button::Back.to(locale, FilesCallback::Open(key.clone()))],
    ];
    Screen::new(text, keyboard(rows))
}

/// Asks for a file's new name, showing the one it has.
pub fn ask_name(locale: Locale, file: &CodeFile) -> Screen {
    let text = locale.t_with("rename-ask", &[("name", shown_name(&file.name).into())]);
    let back = Button::Back.to(locale, FilesCallback::Open(file.key.clone()));
    Screen::new(text, keyboard(vec![vec![back]]))
}

/// The new name is another file's: replace it (to the recycle bin), another name, or cancel?
pub fn rename_taken(locale: Locale, file: &Id, name: &str) -> Screen {
    Screen::new(
        locale.t_with("rename-name-taken", &[("name", shown_name(name).into())]),
        keyboard(vec![
            vec![
                Button::Replace.to(locale, NotesCallback::RenameReplacing),
                Button::Rename.to(locale, NotesCallback::RenameFile(file.clone())),
            ],
            vec![Button::Cancel.to(locale, MenuCallback::Cancel)],
        ]),
    )
}

pub fn ask_backup_note(locale: Locale, backup: &BackupRecord) -> Screen {
    let current = backup
        .note
        .as_deref()
        .map_or_else(|| "—".to_owned(), escape);
    Screen::new(
        locale.t_with("backup-note-ask", &[("current", current.into())]),
        keyboard(vec![
            vec![Button::ClearNote.to(locale, NotesCallback::ClearBackupNote(backup.id.clone()))],
            vec![Button::Back.to(locale, BackupsCallback::Open(backup.id.clone()))],
        ]),
    )
}
