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
    service::{
        LibraryError,
        library::{IfTaken, Renamed},
    },
};

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: NotesCallback,
    state: Option<NotesState>,
) -> HandlerResult {
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
        NotesCallback::RenameReplacing => replace_on_rename(ctx, target, state).await,
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
        NotesState::Renaming { file } => rename(ctx, None, &file, &text, IfTaken::Refuse).await,
        NotesState::RenameTaken { .. } => ctx.hint("save-choose-option").await,
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

/// The typed name, checked as a name to save under is; refused, it keeps the user in the step,
/// and taken, it asks what to do.
async fn rename(
    ctx: &Ctx,
    target: Option<MessageId>,
    key: &Id,
    typed: &str,
    if_taken: IfTaken,
) -> HandlerResult {
    let renamed = match ctx.library().rename(ctx.user, key, typed, if_taken).await {
        Ok(renamed) => renamed,
        Err(LibraryError::InvalidName(reason)) => {
            return ctx
                .send(ui::files::name_refused(&ctx.reader(), reason, typed))
                .await;
        }
        // Also when the file that had the name was replaced meanwhile by yet another.
        Err(LibraryError::NameTaken) => {
            let name = typed.trim().to_owned();
            let screen = views::rename_taken(ctx.locale, key, &name);
            ctx.set_state(NotesState::RenameTaken {
                file: key.clone(),
                name,
            })
            .await?;
            return ctx.show(target, screen).await;
        }
        Err(error) => return Err(error.into()),
    };
    ctx.reset().await?;
    let Renamed { from, file, binned } = renamed;
    let text_key = if binned {
        "file-renamed-replacing"
    } else {
        "file-renamed"
    };
    let text = ctx.locale.t_with(
        text_key,
        &[
            ("old", shown_name(&from).into()),
            ("name", shown_name(&file.name).into()),
            ("version", file.version.into()),
        ],
    );
    ctx.show(
        target,
        ui::files::after_action(ctx.locale, text, Some(&file.key)),
    )
    .await
}

/// 🔄 Replace on a taken name: the file that has it goes to the recycle bin.
async fn replace_on_rename(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<NotesState>,
) -> HandlerResult {
    let Some(NotesState::RenameTaken { file, name }) = state else {
        return ctx.stale(target).await;
    };
    rename(ctx, target, &file, &name, IfTaken::Bin).await
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
