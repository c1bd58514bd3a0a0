//! ➕ Save code: text or document → name (→ replace / rename / cancel) → note → saved.
//! Outside any step a message is code to save, too (or an archive, which goes to import).
//! A paste Telegram cut into several messages is joined before it is named; `/long` … `/done`
//! collects pieces sent by hand.

pub mod callback;
mod code;
pub mod state;
mod views;

use teloxide::types::MessageId;

use self::{
    callback::SaveCallback,
    state::{Draft, SaveState},
};

use super::import;
use crate::{
    bot::{
        Ctx, HandlerResult, State, Target, Telling,
        input::Input,
        ui::{self, shown_name},
    },
    domain::{Id, paste::Pieces},
    service::{LibraryError, SaveMode, library::Added},
};

pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.set_state(SaveState::AwaitingCode).await?;
    ctx.show(target, views::ask_code(ctx.locale)).await
}

/// A message outside any step, or when code was asked for: an archive to import, or code.
pub async fn on_free_message(ctx: Ctx, input: Input) -> HandlerResult {
    match &input {
        Input::Document(document) if import::is_zip(document) => {
            import::received(&ctx, document).await
        }
        _ => take_code(&ctx, &input).await,
    }
}

/// The message is code to save, whatever it is (even a ZIP).
pub async fn take_code(ctx: &Ctx, input: &Input) -> HandlerResult {
    match input {
        Input::Document(document) => code::from_document(ctx, document, None).await,
        Input::Text { text, sent_at } => code::from_text(ctx, text, *sent_at, None).await,
    }
}

/// `/long`: code too long for one message, sent in pieces until `/done`.
pub async fn start_long(ctx: &Ctx) -> HandlerResult {
    let collecting = SaveState::Collecting {
        code: String::new(),
        pieces: Pieces::default(),
    };
    ctx.set_state(collecting).await?;
    ctx.send(views::ask_pieces(ctx.locale)).await
}

/// `/done`: the pieces collected since `/long` are the code, to be named.
pub async fn done(ctx: &Ctx, state: State) -> HandlerResult {
    match state {
        State::Save(SaveState::Collecting { code, pieces }) => {
            code::collected(ctx, code, pieces).await
        }
        _ => ctx.hint("save-long-not-collecting").await,
    }
}

pub async fn on_message(ctx: Ctx, input: Input, state: SaveState) -> HandlerResult {
    match (state, input) {
        (SaveState::AwaitingCode, input) => on_free_message(ctx, input).await,
        (SaveState::Collecting { code, pieces }, Input::Text { text, sent_at }) => {
            code::collect(&ctx, code, pieces, &text, sent_at).await
        }
        (SaveState::Collecting { .. }, Input::Document(_)) => ctx.hint("save-long-text-only").await,
        (SaveState::AwaitingVersion { file }, Input::Document(document)) => {
            code::from_document(&ctx, &document, Some(file)).await
        }
        (SaveState::AwaitingVersion { file }, Input::Text { text, sent_at }) => {
            code::from_text(&ctx, &text, sent_at, Some(file)).await
        }
        (_, Input::Document(_)) => ctx.hint("finish-current-step").await,
        // The next piece of a paste Telegram cut, not a name.
        (
            SaveState::AwaitingName { draft } | SaveState::ConfirmingVersion { draft },
            Input::Text { text, sent_at },
        ) if draft.pieces.continued_by(sent_at) => {
            code::continue_paste(&ctx, draft, &text, sent_at).await
        }
        (SaveState::ConfirmingVersion { .. }, Input::Text { .. }) => {
            ctx.hint("save-version-confirm").await
        }
        (SaveState::AwaitingName { draft }, Input::Text { text, .. }) => {
            name(&ctx, None, draft, &text).await
        }
        (SaveState::NameTaken { .. }, Input::Text { .. }) => ctx.hint("save-choose-option").await,
        (
            SaveState::AwaitingNote {
                draft,
                name,
                replace,
            },
            Input::Text { text, .. },
        ) => finish(&ctx, None, draft, name, replace, Some(&text)).await,
    }
}

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: SaveCallback,
    state: Option<SaveState>,
) -> HandlerResult {
    let ctx = &ctx;
    match callback {
        SaveCallback::UseSuggestedName => use_suggested_name(ctx, target, state).await,
        SaveCallback::Replace => replace(ctx, target, state).await,
        SaveCallback::Rename => rename(ctx, target, state).await,
        SaveCallback::SkipNote => skip_note(ctx, target, state).await,
        SaveCallback::NewVersion(key) => ask_version(ctx, target, &key).await,
        SaveCallback::SaveVersion => save_version(ctx, target, state).await,
    }
}

/// 🆕 New version: the next code sent becomes the file's newest version (the file must be the
/// user's).
async fn ask_version(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    let file = ctx.library().open(ctx.user, key).await?;
    ctx.set_state(SaveState::AwaitingVersion { file: key.clone() })
        .await?;
    ctx.show(target, views::ask_version(ctx.locale, &file))
        .await
}

/// ✅ on the code sent for a new version: saved as the file's newest version, unless it is
/// the current one's code.
async fn save_version(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<SaveState>,
) -> HandlerResult {
    let Some(SaveState::ConfirmingVersion {
        draft: Draft {
            code,
            version_of: Some(key),
            ..
        },
    }) = state
    else {
        return ctx.stale(target).await;
    };
    let added = ctx.library().add_version(ctx.user, &key, code).await;
    let (text_key, file) = match added.ending_step()? {
        Added::Version(file) => ("file-saved", file),
        Added::Unchanged(file) => ("version-unchanged", file),
    };
    ctx.reset().await?;
    let text = ctx.locale.t_with(
        text_key,
        &[
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

/// The user typed a name (or took the suggestion).
async fn name(ctx: &Ctx, target: Option<MessageId>, draft: Draft, typed: &str) -> HandlerResult {
    let (name, taken) = match ctx.library().check_name(ctx.user, typed).await {
        Ok(checked) => checked,
        // A bad name keeps the user in the step, asked for another.
        Err(LibraryError::InvalidName(reason)) => {
            return ctx
                .send(ui::files::name_refused(&ctx.reader(), reason, typed))
                .await;
        }
        Err(error) => return Err(error.into()),
    };
    if taken {
        let screen = views::name_taken(ctx.locale, &name);
        ctx.set_state(SaveState::NameTaken { draft, name }).await?;
        return ctx.show(target, screen).await;
    }
    let screen = views::ask_note(ctx.locale, &name);
    ctx.set_state(SaveState::AwaitingNote {
        draft,
        name,
        replace: false,
    })
    .await?;
    ctx.show(target, screen).await
}

async fn use_suggested_name(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<SaveState>,
) -> HandlerResult {
    match state {
        Some(SaveState::AwaitingName { draft }) => {
            let suggested = draft.suggested_name.clone();
            name(ctx, target, draft, &suggested).await
        }
        _ => ctx.stale(target).await,
    }
}

async fn replace(ctx: &Ctx, target: Option<MessageId>, state: Option<SaveState>) -> HandlerResult {
    let Some(SaveState::NameTaken { draft, name }) = state else {
        return ctx.stale(target).await;
    };
    let screen = views::ask_note(ctx.locale, &name);
    ctx.set_state(SaveState::AwaitingNote {
        draft,
        name,
        replace: true,
    })
    .await?;
    ctx.show(target, screen).await
}

async fn rename(ctx: &Ctx, target: Option<MessageId>, state: Option<SaveState>) -> HandlerResult {
    let Some(SaveState::NameTaken { draft, .. }) = state else {
        return ctx.stale(target).await;
    };
    ctx.set_state(SaveState::AwaitingName { draft }).await?;
    ctx.show(target, views::ask_new_name(ctx.locale)).await
}

async fn skip_note(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<SaveState>,
) -> HandlerResult {
    let Some(SaveState::AwaitingNote {
        draft,
        name,
        replace,
    }) = state
    else {
        return ctx.stale(target).await;
    };
    finish(ctx, target, draft, name, replace, None).await
}

/// Saves the draft: a new file, or a new version of the file it replaces.
async fn finish(
    ctx: &Ctx,
    target: Option<MessageId>,
    draft: Draft,
    name: String,
    replace: bool,
    note: Option<&str>,
) -> HandlerResult {
    let mode = if replace {
        SaveMode::Replace
    } else {
        SaveMode::New
    };
    let code = draft.code.clone();
    let saved = ctx.library().save(ctx.user, &name, code, note, mode).await;
    match saved {
        Ok(file) => {
            ctx.reset().await?;
            let text = ctx.locale.t_with(
                "file-saved",
                &[
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
        // Someone (another device) took the name between the question and the answer.
        Err(LibraryError::NameTaken) => {
            let screen = views::name_taken(ctx.locale, &name);
            ctx.set_state(SaveState::NameTaken { draft, name }).await?;
            ctx.show(target, screen).await
        }
        // A note too long keeps the user in the step, to send a shorter one.
        Err(error @ LibraryError::NoteTooLong) => Err(error.into()),
        Err(error) => Err(error).ending_step(),
    }
}
