//! 📥 Import ZIP: validate the archive, confirm, keep it as a backup, then restore its files
//! through the same plan and conflict choices (handed over to the restore flow).

pub mod callback;
pub mod state;
mod views;

use teloxide::{
    prelude::*,
    types::{Document, FileId, MessageId},
};

use self::{callback::ImportCallback, state::ImportState};
use super::restore;
use crate::spool::Spooled;
use crate::{
    archive::ReadError,
    bot::{
        BotError, Ctx, HandlerResult, Target, Telling,
        input::Input,
        ui::{Screen, backups::ask_archive_password, message::megabytes, password_problem},
    },
    domain::{
        TaskKind,
        password::Password,
        progress::{Progress, Unwatched},
    },
    service::import::{ImportError, Inspection},
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

/// While an archive is awaited or waits for the go-ahead, any document is taken as the
/// archive; a protected one's password is the text that comes next.
pub async fn on_message(
    ctx: Ctx,
    message: Message,
    input: Input,
    state: ImportState,
) -> HandlerResult {
    match (input, state) {
        (Input::Document(document), _) => received(&ctx, &document).await,
        (
            Input::Text { text, .. },
            ImportState::AwaitingImportPassword {
                file_id,
                document_name,
            },
        ) => password_typed(&ctx, &message, text, file_id, document_name).await,
        (Input::Text { .. }, _) => ctx.hint("finish-current-step").await,
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
    ctx.locale.t_with(
        "import-too-big",
        &[("max", megabytes(ctx.locale, max).into())],
    )
}

/// A ZIP arrived: check it all, then ask before anything is stored (first for its password,
/// when it is protected).
pub async fn received(ctx: &Ctx, document: &Document) -> HandlerResult {
    let declared = u64::from(document.file.size);
    let Some(archive) = fetch(ctx, &document.file.id, declared, &Unwatched).await? else {
        return refuse(ctx, None, too_big(ctx)).await;
    };
    let (file_id, document_name) = (document.file.id.0.clone(), document.file_name.clone());
    inspect(ctx, archive, file_id, document_name, None).await
}

/// Checks the archive (a protected one with `password`) and asks for the go-ahead, or for
/// the password.
async fn inspect(
    ctx: &Ctx,
    archive: Spooled,
    file_id: String,
    document_name: Option<String>,
    password: Option<&Password>,
) -> HandlerResult {
    let import = &ctx.services.import;
    let name = document_name.clone();
    let read = match import.inspect(ctx.user, archive, name, password).await {
        Ok(Inspection::Read(read, _)) => read,
        Ok(Inspection::Protected) => {
            return ask_password(ctx, file_id, document_name, None).await;
        }
        // The password does not open it: asked again, the step kept.
        Err(error @ ImportError::Refused(ReadError::WrongPassword)) => {
            ctx.services.passwords.forget(ctx.user);
            let problem = Some(ctx.explain(&error));
            return ask_password(ctx, file_id, document_name, problem).await;
        }
        // A refused archive ends the import.
        Err(error) => return Err(error).ending_step(),
    };
    let screen = views::confirm(ctx.locale, &read, document_name.as_deref());
    let pending = ImportState::ImportPending {
        file_id,
        document_name,
    };
    ctx.set_state(pending).await?;
    ctx.send(screen).await
}

async fn ask_password(
    ctx: &Ctx,
    file_id: String,
    document_name: Option<String>,
    problem: Option<String>,
) -> HandlerResult {
    let name = document_name
        .clone()
        .unwrap_or_else(|| ctx.locale.t("archive-unnamed"));
    let asking = ImportState::AwaitingImportPassword {
        file_id,
        document_name,
    };
    ctx.set_state(asking).await?;
    ctx.send(ask_archive_password(ctx.locale, &name, problem))
        .await
}

/// A protected archive's password arrived: it leaves the chat first, is held in memory for
/// the import and its restore, and the archive (fetched again) is checked with it.
async fn password_typed(
    ctx: &Ctx,
    message: &Message,
    text: String,
    file_id: String,
    document_name: Option<String>,
) -> HandlerResult {
    ctx.delete_secret(message).await;
    let password = match Password::given(text) {
        Ok(password) => password,
        Err(error) => {
            let problem = Some(password_problem(ctx.locale, error));
            return ask_password(ctx, file_id, document_name, problem).await;
        }
    };
    let Some(archive) = fetch(ctx, &FileId(file_id.clone()), 0, &Unwatched).await? else {
        return refuse(ctx, None, too_big(ctx)).await;
    };
    ctx.services.passwords.hold(ctx.user, password.clone());
    inspect(ctx, archive, file_id, document_name, Some(&password)).await
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
    // A protected archive opens with the password held since it was given; the restore that
    // follows uses it too.
    let password = ctx.services.passwords.get(ctx.user);
    let name = document_name.map(str::to_owned);
    let created = import
        .keep(ctx.user, archive, name, password.as_ref())
        .await?;
    let note = ctx.pruned_note(&created.pruned);
    restore::show_import_plan(ctx, target, &created.record.id, document_name, note).await
}
