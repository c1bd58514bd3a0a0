//! Code arriving to be saved: pasted text, or a document checked against the limits before
//! it is downloaded and decoded after. Either becomes a draft waiting for its name, or, as a
//! new version of a file, for the user's ✅.

use chrono::{DateTime, Utc};
use teloxide::types::Document;

use super::{Draft, SaveState, views};
use crate::{
    bot::{
        Ctx, HandlerResult,
        ui::{Screen, message::megabytes},
    },
    domain::{
        Id,
        file_name::validate_name,
        language,
        paste::Pieces,
        text::{DecodeError, decode_text},
    },
};

async fn refuse(ctx: &Ctx, text: String) -> HandlerResult {
    ctx.send(Screen::notice(ctx.locale, text)).await
}

/// Pasted code becomes a draft waiting for its name (or for the rest of the paste, when
/// Telegram may have cut it).
pub async fn from_text(
    ctx: &Ctx,
    text: &str,
    sent_at: DateTime<Utc>,
    version_of: Option<Id>,
) -> HandlerResult {
    if text.trim().is_empty() {
        return refuse(ctx, ctx.locale.t("save-empty-code")).await;
    }
    let pieces = Pieces::single(text, sent_at);
    let (draft, language) = draft_of(text.to_owned(), pieces, version_of);
    next_step(ctx, draft, language, None).await
}

/// The next piece of a paste Telegram cut: joined to the draft, whose name is asked again.
pub async fn continue_paste(
    ctx: &Ctx,
    draft: Draft,
    text: &str,
    sent_at: DateTime<Utc>,
) -> HandlerResult {
    let Draft {
        mut code,
        mut pieces,
        version_of,
        ..
    } = draft;
    pieces.push(&mut code, text, sent_at);
    joined(ctx, code, pieces, version_of).await
}

/// A piece in `/long` mode: kept, and the user told how much there is so far.
pub async fn collect(
    ctx: &Ctx,
    mut code: String,
    mut pieces: Pieces,
    text: &str,
    sent_at: DateTime<Utc>,
) -> HandlerResult {
    pieces.push(&mut code, text, sent_at);
    if too_large(ctx, &code) {
        return refuse_too_large(ctx).await;
    }
    let screen = views::piece_received(ctx.locale, pieces.count, code.chars().count());
    ctx.set_state(SaveState::Collecting { code, pieces })
        .await?;
    ctx.send(screen).await
}

/// `/done` in `/long` mode: what was collected is the code.
pub async fn collected(ctx: &Ctx, code: String, pieces: Pieces) -> HandlerResult {
    if code.trim().is_empty() {
        // Nothing yet: still collecting.
        return ctx.hint("save-long-empty").await;
    }
    joined(ctx, code, pieces, None).await
}

/// Code put together from several messages, named like any other; over the limit for one
/// file, none of it is kept, so that no part of it is ever saved as if it were the whole.
async fn joined(ctx: &Ctx, code: String, pieces: Pieces, version_of: Option<Id>) -> HandlerResult {
    if too_large(ctx, &code) {
        return refuse_too_large(ctx).await;
    }
    let note = ctx.locale.t_with(
        "save-pieces-joined",
        &[
            ("count", pieces.count.into()),
            ("chars", code.chars().count().into()),
        ],
    );
    let (draft, language) = draft_of(code, pieces, version_of);
    next_step(ctx, draft, language, Some(note)).await
}

fn too_large(ctx: &Ctx, code: &str) -> bool {
    code.len() as u64 > ctx.library().limits().max_file_bytes
}

async fn refuse_too_large(ctx: &Ctx) -> HandlerResult {
    ctx.reset().await?;
    let max = megabytes(ctx.locale, ctx.library().limits().max_file_bytes);
    refuse(
        ctx,
        ctx.locale
            .t_with("error-file-too-large", &[("max", max.into())]),
    )
    .await
}

/// Typed code as a draft, named after the language it looks like.
fn draft_of(code: String, pieces: Pieces, version_of: Option<Id>) -> (Draft, &'static str) {
    let language = language::detect(None, &code);
    let draft = Draft {
        suggested_name: language::suggest_name(language, &code),
        code,
        pieces,
        version_of,
    };
    (draft, language)
}

/// The draft's next question: its name, or (a new version of a file) the user's ✅; `note`
/// comes first (how the draft was put together).
async fn next_step(ctx: &Ctx, draft: Draft, language: &str, note: Option<String>) -> HandlerResult {
    let screen = match &draft.version_of {
        None => views::ask_name(ctx.locale, language, &draft.suggested_name),
        Some(key) => {
            let file = ctx.library().open(ctx.user, key).await?;
            views::confirm_version(ctx.locale, &file, draft.code.chars().count())
        }
    }
    .under(note);
    let state = match draft.version_of {
        None => SaveState::AwaitingName { draft },
        Some(_) => SaveState::ConfirmingVersion { draft },
    };
    ctx.set_state(state).await?;
    ctx.send(screen).await
}

/// A document is checked against the limits before it is downloaded, and decoded after.
pub async fn from_document(
    ctx: &Ctx,
    document: &Document,
    version_of: Option<Id>,
) -> HandlerResult {
    let locale = ctx.locale;
    let declared = u64::from(document.file.size);
    let max_download = ctx.services.settings.max_download_bytes;
    let max_file = ctx.library().limits().max_file_bytes;
    if declared > max_download {
        let text = locale.t_with(
            "save-document-too-big-for-telegram",
            &[("max", megabytes(ctx.locale, max_download).into())],
        );
        return refuse(ctx, text).await;
    }
    let too_large = locale.t_with(
        "error-file-too-large",
        &[("max", megabytes(ctx.locale, max_file).into())],
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
    let draft = Draft {
        code,
        suggested_name,
        pieces: Pieces::default(),
        version_of,
    };
    next_step(ctx, draft, language, None).await
}
