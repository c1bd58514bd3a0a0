//! A file's note and tags: ask, take the typed text, or clear.

use teloxide::types::MessageId;

use crate::{
    bot::{
        Ctx, HandlerResult,
        callback::{FilesCallback, NotesCallback},
        state::NotesState,
        ui::{self, Button, Screen, escape, keyboard, shown_name},
    },
    domain::{CodeFile, Id},
    service::LibraryResult,
};

#[derive(Clone, Copy)]
enum Field {
    Note,
    Tags,
}

pub async fn edit_note(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    ask(ctx, target, key, Field::Note).await
}

pub async fn edit_tags(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    ask(ctx, target, key, Field::Tags).await
}

/// Shows the current value and waits for the new one (the file must be the user's).
async fn ask(ctx: &Ctx, target: Option<MessageId>, key: &Id, field: Field) -> HandlerResult {
    let file = match ctx.library().open(ctx.user, key).await {
        Ok(file) => file,
        Err(error) => return ctx.fail(target, &error).await,
    };
    let locale = ctx.locale;
    let (prompt, current, clear, state) = match field {
        Field::Note => (
            "note-ask",
            file.note.clone().unwrap_or_default(),
            Button::ClearNote.to(locale, NotesCallback::ClearFileNote(key.clone())),
            NotesState::EditingNote { file: key.clone() },
        ),
        Field::Tags => (
            "tags-ask",
            file.tags.join(" "),
            Button::ClearTags.to(locale, NotesCallback::ClearTags(key.clone())),
            NotesState::EditingTags { file: key.clone() },
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
    ctx.set_state(state).await?;
    ctx.show(target, Screen::new(text, keyboard(rows))).await
}

pub async fn note_typed(ctx: &Ctx, key: &Id, text: &str) -> HandlerResult {
    let result = ctx.library().set_note(ctx.user, key, Some(text)).await;
    done(ctx, None, result, "note-saved").await
}

pub async fn tags_typed(ctx: &Ctx, key: &Id, text: &str) -> HandlerResult {
    let result = ctx.library().set_tags(ctx.user, key, text).await;
    done(ctx, None, result, "tags-saved").await
}

pub async fn clear_note(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    let result = ctx.library().set_note(ctx.user, key, None).await;
    done(ctx, target, result, "note-cleared").await
}

pub async fn clear_tags(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    let result = ctx.library().set_tags(ctx.user, key, "").await;
    done(ctx, target, result, "tags-cleared").await
}

/// On success the flow ends; on a bad value the user stays in it to try again.
async fn done(
    ctx: &Ctx,
    target: Option<MessageId>,
    result: LibraryResult<CodeFile>,
    key: &str,
) -> HandlerResult {
    match result {
        Ok(file) => {
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
        Err(error) => ctx.fail(target, &error).await,
    }
}
