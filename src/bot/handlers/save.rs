//! Saving code: text or document → name (→ replace / rename / cancel) → note → saved.

use teloxide::types::{Document, MessageId};

use crate::{
    bot::{
        Ctx, HandlerResult,
        errors::{megabytes, typed_name_error_text},
        state::{Draft, SaveState},
        ui::{self, Screen, shown_name},
        views,
    },
    domain::{
        file_name::validate_name,
        language,
        text::{DecodeError, decode_text},
    },
    service::{Library, LibraryError},
};

pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.set_state(SaveState::AwaitingCode).await?;
    ctx.show(target, views::save::ask_code(ctx.locale)).await
}

async fn refuse(ctx: &Ctx, text: String) -> HandlerResult {
    ctx.send(Screen::notice(ctx.locale, text)).await
}

/// Pasted code becomes a draft waiting for its name.
pub async fn from_text(ctx: &Ctx, text: &str) -> HandlerResult {
    if text.trim().is_empty() {
        return refuse(ctx, ctx.locale.t("save-empty-code")).await;
    }
    let language = language::detect(None, text);
    let draft = Draft {
        code: text.to_owned(),
        suggested_name: language::suggest_name(language, text),
    };
    ask_name(ctx, draft, language).await
}

async fn ask_name(ctx: &Ctx, draft: Draft, language: &str) -> HandlerResult {
    let screen = views::save::ask_name(ctx.locale, language, &draft.suggested_name);
    ctx.set_state(SaveState::AwaitingName { draft }).await?;
    ctx.send(screen).await
}

/// A document is checked against the limits before it is downloaded, and decoded after.
pub async fn from_document(ctx: &Ctx, document: &Document) -> HandlerResult {
    let locale = ctx.locale;
    let declared = u64::from(document.file.size);
    let max_download = ctx.services.settings.max_download_bytes;
    let max_file = ctx.library().limits().max_file_bytes;
    if declared > max_download {
        let text = locale.t_with(
            "save-document-too-big-for-telegram",
            &[("max", megabytes(max_download).into())],
        );
        return refuse(ctx, text).await;
    }
    let too_large = locale.t_with(
        "error-file-too-large",
        &[("max", megabytes(max_file).into())],
    );
    if declared > max_file {
        return refuse(ctx, too_large).await;
    }
    // Telegram's declared size can be wrong: the download itself stops at the limit.
    let Some(bytes) = ctx.download(&document.file.id, max_file).await? else {
        return refuse(ctx, too_large).await;
    };
    let code = match decode_text(&bytes) {
        Ok(code) => code,
        Err(DecodeError::Binary) => return refuse(ctx, locale.t("save-binary-refused")).await,
        Err(DecodeError::Empty) => return refuse(ctx, locale.t("save-empty-code")).await,
    };
    // Latin-1 and UTF-16 grow when decoded: the limit is on what would be stored.
    if code.len() as u64 > max_file {
        return refuse(ctx, too_large).await;
    }
    let file_name = document
        .file_name
        .as_deref()
        .and_then(|name| validate_name(name).ok());
    let language = language::detect(file_name.as_deref(), &code);
    let suggested_name = file_name.unwrap_or_else(|| language::suggest_name(language, &code));
    ask_name(
        ctx,
        Draft {
            code,
            suggested_name,
        },
        language,
    )
    .await
}

/// The user typed a name (or took the suggestion).
pub async fn name(
    ctx: &Ctx,
    target: Option<MessageId>,
    draft: Draft,
    typed: &str,
) -> HandlerResult {
    let (name, taken) = match ctx.library().check_name(ctx.user, typed).await {
        Ok(checked) => checked,
        Err(LibraryError::InvalidName(reason)) => {
            let text = format!(
                "{}\n{}",
                typed_name_error_text(ctx.locale, reason, typed),
                ctx.locale.t("save-try-another-name")
            );
            return ctx
                .send(views::save::ask_new_name_with(ctx.locale, text))
                .await;
        }
        Err(error) => return ctx.fail(target, &error).await,
    };
    if taken {
        let screen = views::save::name_taken(ctx.locale, &name);
        ctx.set_state(SaveState::NameTaken { draft, name }).await?;
        return ctx.show(target, screen).await;
    }
    let screen = views::save::ask_note(ctx.locale, &name);
    ctx.set_state(SaveState::AwaitingNote {
        draft,
        name,
        replace: false,
    })
    .await?;
    ctx.show(target, screen).await
}

pub async fn use_suggested_name(
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

pub async fn replace(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<SaveState>,
) -> HandlerResult {
    let Some(SaveState::NameTaken { draft, name }) = state else {
        return ctx.stale(target).await;
    };
    let screen = views::save::ask_note(ctx.locale, &name);
    ctx.set_state(SaveState::AwaitingNote {
        draft,
        name,
        replace: true,
    })
    .await?;
    ctx.show(target, screen).await
}

pub async fn rename(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<SaveState>,
) -> HandlerResult {
    let Some(SaveState::NameTaken { draft, .. }) = state else {
        return ctx.stale(target).await;
    };
    ctx.set_state(SaveState::AwaitingName { draft }).await?;
    ctx.show(target, views::save::ask_new_name(ctx.locale))
        .await
}

pub async fn skip_note(
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
pub async fn finish(
    ctx: &Ctx,
    target: Option<MessageId>,
    draft: Draft,
    name: String,
    replace: bool,
    note: Option<&str>,
) -> HandlerResult {
    let note = match note.map(Library::check_note).transpose() {
        Ok(note) => note.filter(|note| !note.is_empty()),
        Err(error) => return ctx.fail(None, &error).await,
    };
    let library = ctx.library();
    let saved = if replace {
        match library
            .replace(ctx.user, &name, draft.code.clone(), note.clone())
            .await
        {
            // The file was deleted meanwhile: nothing to replace, so save it anew.
            Err(LibraryError::NotFound) => {
                library
                    .create(ctx.user, &name, draft.code.clone(), note)
                    .await
            }
            other => other,
        }
    } else {
        library
            .create(ctx.user, &name, draft.code.clone(), note)
            .await
    };
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
            let screen = views::save::name_taken(ctx.locale, &name);
            ctx.set_state(SaveState::NameTaken { draft, name }).await?;
            ctx.show(target, screen).await
        }
        Err(error) => {
            ctx.reset().await?;
            ctx.fail(target, &error).await
        }
    }
}

pub async fn cancel(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.reset().await?;
    ctx.show(target, super::commands::cancelled(ctx)).await
}
