//! Code arriving to be saved: pasted text, or a document checked against the limits before
//! it is downloaded and decoded after. Either becomes a draft waiting for its name.

use teloxide::types::Document;

use super::{Draft, SaveState, views};
use crate::{
    bot::{
        Ctx, HandlerResult,
        ui::{Screen, message::megabytes},
    },
    domain::{
        file_name::validate_name,
        language,
        progress::Unwatched,
        text::{DecodeError, decode_text},
    },
};

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
    let screen = views::ask_name(ctx.locale, language, &draft.suggested_name);
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
    let Some(bytes) = ctx
        .download(&document.file.id, max_file, &Unwatched)
        .await?
    else {
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
