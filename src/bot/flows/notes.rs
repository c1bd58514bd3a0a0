//! A file's note, tags and name, a backup's note: ask (showing the current value), take the
//! typed text, or clear. A value refused keeps the user in the step to try again.

pub mod callback;
pub mod state;
mod views;

use teloxide::types::MessageId;

use self::{callback::NotesCallback, state::NotesState, views::Field};
use crate::{
    bot::{Ctx, HandlerResult, Target, input::Input, ui, ui::shown_name},
    domain::{CodeFile, Id},
    service::LibraryError,
};

pub async fn on_button(ctx: Ctx, target: Target, callback: NotesCallback) -> HandlerResult {
    let ctx = &ctx;
    let library = ctx.library();
    match callback {
        NotesCallback::EditFileNote(key) => ask(ctx, target, &key, Field::Note).await,
        NotesCallback::ClearFileNote(key) => {
            let file = library.set_note(ctx.user, &key, None).await?;
            done(ctx, target, &file, "note-cleared").await
        }
        NotesCallback::EditTags(key) => ask(ctx, target, &key, Field::Tags).await,
        NotesCallback::ClearTags(key) => {
            let file = library.set_tags(ctx.user, &key, "").await?;
            done(ctx, target, &file, "tags-cleared").await
        }
        NotesCallback::RenameFile(key) => ask_name(ctx, target, &key).await,
        NotesCallback::EditBackupNote(id) => ask_backup_note(ctx, target, &id).await,
        NotesCallback::ClearBackupNote(id) => backup_note(ctx, target, &id, None).await,
    }
}

pub async fn on_message(ctx: Ctx, input: Input, state: NotesState) -> HandlerResult {
    let Input::Text { text, .. } = input else {
        return ctx.hint("finish-current-step").await;
    };
    let ctx = &ctx;
    let library = ctx.library();
    match state {
        // A value refused keeps the user in the step, to try again.
        NotesState::EditingNote { file } => {
            let file = library.set_note(ctx.user, &file, Some(&text)).await?;
            done(ctx, None, &file, "note-saved").await
        }
        NotesState::EditingTags { file } => {
            let file = library.set_tags(ctx.user, &file, &text).await?;
            done(ctx, None, &file, "tags-saved").await
        }
        NotesState::Renaming { file } => rename(ctx, &file, &text).await,
        NotesState::EditingBackupNote { backup } => {
            backup_note(ctx, None, &backup, Some(&text)).await
        }
    }
}

/// Shows the current value and waits for the new one (the file must be the user's).
async fn ask(ctx: &Ctx, target: Option<MessageId>, key: &Id, field: Field) -> HandlerResult {
    let file = ctx.library().open(ctx.user, key).await?;
    let file_id = key.clone();
    let state = match field {
        Field::Note => NotesState::EditingNote { file: file_id },
        Field::Tags => NotesState::EditingTags { file: file_id },
    };
    let screen = views::ask(ctx.locale, &file, field);
    ctx.set_state(state).await?;
    ctx.show(target, screen).await
}

/// The value was taken: the step ends.
async fn done(ctx: &Ctx, target: Option<MessageId>, file: &CodeFile, key: &str) -> HandlerResult {
    ctx.reset().await?;
    let text = ctx
        .locale
        .t_with(key, &[("name", shown_name(&file.name).into())]);
    ctx.show(
        target,
        ui::files::after_action(ctx.locale, text, Some(&file.key)),
    )
    .await
}

/// ✏️ Rename: shows the name now and waits for the new one (the file must be the user's).
async fn ask_name(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    let file = ctx.library().open(ctx.user, key).await?;
    let screen = views::ask_name(ctx.locale, &file);
    ctx.set_state(NotesState::Renaming { file: key.clone() })
        .await?;
    ctx.show(target, screen).await
}

/// The typed name, checked as a name to save under is; refused, it keeps the user in the step.
async fn rename(ctx: &Ctx, key: &Id, typed: &str) -> HandlerResult {
    let old = ctx.library().open(ctx.user, key).await?;
    let renamed = match ctx.library().rename(ctx.user, key, typed).await {
        Ok(renamed) => renamed,
        Err(LibraryError::InvalidName(reason)) => {
            return ctx
                .send(ui::files::name_refused(ctx.locale, reason, typed))
                .await;
        }
        Err(LibraryError::NameTaken) => {
            let taken = shown_name(typed.trim());
            let text = ctx
                .locale
                .t_with("rename-name-taken", &[("name", taken.into())]);
            return ctx.send(ui::Screen::notice(ctx.locale, text)).await;
        }
        Err(error) => return Err(error.into()),
    };
    ctx.reset().await?;
    let text = ctx.locale.t_with(
        "file-renamed",
        &[
            ("old", shown_name(&old.name).into()),
            ("name", shown_name(&renamed.name).into()),
            ("version", renamed.version.into()),
        ],
    );
    ctx.send(ui::files::after_action(
        ctx.locale,
        text,
        Some(&renamed.key),
    ))
    .await
}

async fn ask_backup_note(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    let backup = ctx.services.backups.get(ctx.user, id).await?;
    ctx.set_state(NotesState::EditingBackupNote { backup: id.clone() })
        .await?;
    ctx.show(target, views::ask_backup_note(ctx.locale, &backup))
        .await
}

/// The typed note (or `None` to clear it); a note too long keeps the user in the step.
async fn backup_note(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    note: Option<&str>,
) -> HandlerResult {
    let backup = ctx.services.backups.set_note(ctx.user, id, note).await?;
    ctx.reset().await?;
    let key = if backup.note.is_some() {
        "backup-note-saved"
    } else {
        "backup-note-cleared"
    };
    let text = ctx.locale.t(key);
    ctx.show(
        target,
        ui::backups::after_action(ctx.locale, text, Some(id)),
    )
    .await
}
