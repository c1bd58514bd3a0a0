//! 📥 Import ZIP: validate the archive, confirm, keep it as a backup, then restore its files
//! through the same plan and conflict choices (handed over to the restore flow).

pub mod callback;
pub mod state;
mod views;

use teloxide::types::{Document, FileId, MessageId};

use self::{callback::ImportCallback, state::ImportState};
use super::restore;
use crate::spool::Spooled;
use crate::{
    bot::{
        BotError, Ctx, HandlerResult, Target, Telling,
        input::Input,
        ui::{Screen, message::megabytes},
    },
    domain::{
        TaskKind,
        progress::{Progress, Unwatched},
    },
};

/// A document is taken as an archive when it says it is a ZIP.
pub fn is_zip(document: &Document) -> bool {
    let named_zip = document
        .file_name
        .as_deref()
        .is_some_and(|name| name.to_lowercase().ends_with(".zip"));
    let typed_zip = document.mime_type.as_ref().is_some_and(|mime| {
        matches!(
            mime.essence_str(),
            "application/zip" | "application/x-zip-compressed"
        )
    });
    named_zip || typed_zip
}

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: ImportCallback,
    state: Option<ImportState>,
) -> HandlerResult {
    match callback {
        ImportCallback::Ask => {
            ctx.set_state(ImportState::AwaitingImport).await?;
            ctx.show(target, views::ask(ctx.locale)).await
        }
        ImportCallback::Confirm => confirm(&ctx, target, state).await,
    }
}

/// While an archive is awaited or waits for the go-ahead, any document is taken as the archive.
pub async fn on_message(ctx: Ctx, input: Input, _: ImportState) -> HandlerResult {
    match input {
        Input::Document(document) => received(&ctx, &document).await,
        Input::Text { .. } => ctx.hint("finish-current-step").await,
    }
}

async fn refuse(ctx: &Ctx, target: Option<MessageId>, text: String) -> HandlerResult {
    ctx.reset().await?;
    ctx.show(target, Screen::notice(ctx.locale, text)).await
}

/// The archive, or a refusal when Telegram cannot hand it over.
async fn fetch(
    ctx: &Ctx,
    file_id: &FileId,
    declared: u64,
    progress: &dyn Progress,
) -> HandlerResult<Option<Spooled>> {
    let max = ctx.services.settings.max_download_bytes;
    if declared > max {
        return Ok(None);
    }
    ctx.download_archive(file_id, max, progress).await
}

fn too_big(ctx: &Ctx) -> String {
    let max = ctx.services.settings.max_download_bytes;
    ctx.locale
        .t_with("import-too-big", &[("max", megabytes(max).into())])
}

/// A ZIP arrived: check it all, then ask before anything is stored.
pub async fn received(ctx: &Ctx, document: &Document) -> HandlerResult {
    let declared = u64::from(document.file.size);
    let Some(archive) = fetch(ctx, &document.file.id, declared, &Unwatched).await? else {
        return refuse(ctx, None, too_big(ctx)).await;
    };
    // A refused archive ends the import.
    let (read, _) = ctx
        .services
        .import
        .inspect(ctx.user, archive, document.file_name.clone())
        .await
        .ending_step()?;
    let screen = views::confirm(ctx.locale, &read, document.file_name.as_deref());
    let pending = ImportState::ImportPending {
        file_id: document.file.id.0.clone(),
        document_name: document.file_name.clone(),
    };
    ctx.set_state(pending).await?;
    ctx.send(screen).await
}

/// The user said yes: the archive is kept as a backup, and its restore plan shown, by a task.
async fn confirm(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<ImportState>,
) -> HandlerResult {
    let Some(ImportState::ImportPending {
        file_id,
        document_name,
    }) = state
    else {
        return ctx.stale(target).await;
    };
    let kind = TaskKind::ImportArchive {
        file_id,
        document_name,
    };
    if ctx.start_task(target, kind).await? {
        ctx.reset().await?;
    }
    Ok(())
}

/// The task of a confirmed import: fetch the archive again, keep it as a backup, show its
/// restore plan.
pub async fn keep_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    file_id: &str,
    document_name: Option<&str>,
    progress: &dyn Progress,
) -> HandlerResult {
    let Some(archive) = fetch(ctx, &FileId(file_id.to_owned()), 0, progress).await? else {
        return ctx
            .show(target, Screen::notice(ctx.locale, too_big(ctx)))
            .await;
    };
    if progress.cancelled() {
        return Err(BotError::Cancelled);
    }
    let import = &ctx.services.import;
    let created = import
        .keep(ctx.user, archive, document_name.map(str::to_owned))
        .await?;
    let note = ctx.pruned_note(&created.pruned);
    restore::show_import_plan(ctx, target, &created.record.id, document_name, note).await
}
