//! Backup & restore: create, list, open, download, rate, note, delete, multi-delete, parts.

use teloxide::{
    prelude::*,
    types::{InputFile, MessageId},
};

use crate::{
    bot::{
        Ctx, HandlerError, HandlerResult, State,
        views::{Screen, backups as screens, format_size},
    },
    domain::{
        Id,
        backup::{BackupKind, BackupRecord, Rating},
    },
    service::BackupError,
};

fn error_text(ctx: &Ctx, error: &BackupError) -> String {
    let locale = ctx.locale;
    match error {
        BackupError::NotFound => locale.t("error-backup-not-found"),
        BackupError::NoteTooLong => locale.t_with(
            "error-note-too-long",
            &[("max", crate::domain::MAX_NOTE_CHARS.into())],
        ),
        BackupError::Damaged => locale.t("error-backup-damaged"),
        BackupError::QuotaFull { stored, limit } => screens::no_room(locale, *stored, *limit),
        BackupError::Build(_)
        | BackupError::Verification(_)
        | BackupError::Repository(_)
        | BackupError::Store(_) => {
            tracing::error!(%error, user = ctx.user, "backup action failed");
            locale.t("error-backup-failed")
        }
    }
}

async fn fail(ctx: &Ctx, target: Option<MessageId>, error: &BackupError) -> HandlerResult {
    ctx.show(target, Screen::notice(ctx.locale, error_text(ctx, error)))
        .await
}

pub async fn menu(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.show(target, screens::menu(ctx.locale)).await
}

/// Sends an archive as one document, or offers parts and Drive when Telegram would refuse it.
pub(super) async fn deliver(ctx: &Ctx, record: &BackupRecord, archive: Vec<u8>) -> HandlerResult {
    let limit = ctx.services.settings.max_upload_bytes;
    if record.archive_size > limit {
        return ctx.send(screens::too_big(ctx.locale, record, limit)).await;
    }
    let document = InputFile::memory(archive).file_name(record.file_name());
    send_archive(ctx, record, document, screens::caption(ctx.locale, record)).await?;
    Ok(())
}

/// Sends an archive or a part of one. When Telegram does not take it, the user is told the
/// backup is stored and offered to download it again; answers whether it went.
async fn send_archive(
    ctx: &Ctx,
    record: &BackupRecord,
    document: InputFile,
    caption: String,
) -> Result<bool, HandlerError> {
    let sent = ctx
        .bot
        .send_document(ctx.chat, document)
        .caption(caption)
        .await;
    if let Err(error) = sent {
        tracing::warn!(%error, user = ctx.user, backup = %record.id, "cannot deliver a backup");
        ctx.send(screens::undelivered(ctx.locale, record)).await?;
        return Ok(false);
    }
    Ok(true)
}

pub async fn create(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let locale = ctx.locale;
    let target = ctx.working(target, locale.t("backup-creating")).await?;
    let created = match ctx
        .services
        .backups
        .create_full(ctx.user, BackupKind::FullBackup)
        .await
    {
        Ok(created) => created,
        Err(error) => return fail(ctx, target, &error).await,
    };
    let record = &created.record;
    let mut text = if record.file_count == 0 {
        locale.t("backup-created-empty")
    } else {
        locale.t_with(
            "backup-created",
            &[
                ("files", record.file_count.into()),
                ("size", format_size(locale, record.total_size).into()),
            ],
        )
    };
    add_pruned_note(ctx, &mut text, &created.pruned);
    ctx.show(
        target,
        screens::after_action(locale, text, Some(&record.id)),
    )
    .await?;
    deliver(ctx, &created.record, created.archive).await
}

/// What the quota removed to make room for a new backup, if anything.
pub(super) fn pruned_note(ctx: &Ctx, removed: &[BackupRecord]) -> Option<String> {
    let limit = ctx.services.backups.settings().max_backups;
    screens::pruned_note(ctx.locale, limit, removed)
}

/// Appends to a result's `text` what the quota removed to make room, if anything.
pub(super) fn add_pruned_note(ctx: &Ctx, text: &mut String, removed: &[BackupRecord]) {
    if let Some(note) = pruned_note(ctx, removed) {
        text.push_str("\n\n");
        text.push_str(&note);
    }
}

pub async fn list(ctx: &Ctx, target: Option<MessageId>, page: u32) -> HandlerResult {
    match ctx.services.backups.list(ctx.user, page).await {
        Ok(page) => ctx.show(target, screens::list(ctx.locale, &page)).await,
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn open(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    match ctx.services.backups.get(ctx.user, id).await {
        Ok(backup) => ctx.show(target, screens::backup(ctx.locale, &backup)).await,
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn download(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    match ctx.services.backups.archive(ctx.user, id).await {
        Ok((record, archive)) => deliver(ctx, &record, archive).await,
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn send_in_parts(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    let split = match ctx.services.backups.split(ctx.user, id).await {
        Ok(split) => split,
        Err(error) => return fail(ctx, target, &error).await,
    };
    let count = split.count();
    let stem = split.record.file_name().trim_end_matches(".zip").to_owned();
    for index in 0..count {
        let part = match split.part(index) {
            Ok(part) => part,
            Err(error) => return fail(ctx, target, &error).await,
        };
        let caption = ctx.locale.t_with(
            "backup-part-caption",
            &[
                ("part", (index + 1).into()),
                ("count", count.into()),
                ("id", id.to_string().into()),
            ],
        );
        let name = format!("{stem}-part{}of{count}.zip", index + 1);
        let document = InputFile::memory(part).file_name(name);
        if !send_archive(ctx, &split.record, document, caption).await? {
            break;
        }
    }
    Ok(())
}

pub async fn rate_menu(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    match ctx.services.backups.get(ctx.user, id).await {
        Ok(_) => ctx.show(target, screens::rate(ctx.locale, id)).await,
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn rate(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    rating: Option<Rating>,
) -> HandlerResult {
    match ctx.services.backups.rate(ctx.user, id, rating).await {
        Ok(backup) => ctx.show(target, screens::backup(ctx.locale, &backup)).await,
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn edit_note(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    let backup = match ctx.services.backups.get(ctx.user, id).await {
        Ok(backup) => backup,
        Err(error) => return fail(ctx, target, &error).await,
    };
    ctx.set_state(State::EditingBackupNote { backup: id.clone() })
        .await?;
    ctx.show(target, screens::ask_note(ctx.locale, &backup))
        .await
}

/// The typed note (or `None` to clear it); a note too long keeps the user in the step.
pub async fn note(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    note: Option<&str>,
) -> HandlerResult {
    match ctx.services.backups.set_note(ctx.user, id, note).await {
        Ok(backup) => {
            ctx.reset().await?;
            let key = if backup.note.is_some() {
                "backup-note-saved"
            } else {
                "backup-note-cleared"
            };
            ctx.show(
                target,
                screens::after_action(ctx.locale, ctx.locale.t(key), Some(id)),
            )
            .await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn delete(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    match ctx.services.backups.get(ctx.user, id).await {
        Ok(backup) => {
            ctx.show(target, screens::confirm_delete(ctx.locale, &backup))
                .await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn confirm_delete(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    match ctx.services.backups.delete(ctx.user, id).await {
        Ok(_) => {
            ctx.show(
                target,
                screens::after_action(ctx.locale, ctx.locale.t("backup-deleted"), None),
            )
            .await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}

fn selection(state: &State) -> Vec<Id> {
    match state {
        State::SelectingBackups { selected } => selected.clone(),
        _ => Vec::new(),
    }
}

/// Shows a page in selection mode, keeping what was ticked.
pub async fn select(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    selected: Vec<Id>,
) -> HandlerResult {
    let backups = match ctx.services.backups.list(ctx.user, page).await {
        Ok(backups) => backups,
        Err(error) => return fail(ctx, target, &error).await,
    };
    let screen = screens::select(ctx.locale, &backups, &selected);
    ctx.set_state(State::SelectingBackups { selected }).await?;
    ctx.show(target, screen).await
}

pub async fn show_selection(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    state: &State,
) -> HandlerResult {
    select(ctx, target, page, selection(state)).await
}

pub async fn toggle(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    page: u32,
    state: &State,
) -> HandlerResult {
    // Only the user's own backups can be ticked.
    if let Err(error) = ctx.services.backups.get(ctx.user, id).await {
        return fail(ctx, target, &error).await;
    }
    let mut selected = selection(state);
    match selected.iter().position(|chosen| chosen == id) {
        Some(index) => {
            selected.remove(index);
        }
        None => selected.push(id.clone()),
    }
    select(ctx, target, page, selected).await
}

pub async fn select_page(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    state: &State,
) -> HandlerResult {
    let backups = match ctx.services.backups.list(ctx.user, page).await {
        Ok(backups) => backups,
        Err(error) => return fail(ctx, target, &error).await,
    };
    let mut selected = selection(state);
    for backup in backups.items {
        if !selected.contains(&backup.id) {
            selected.push(backup.id);
        }
    }
    select(ctx, target, page, selected).await
}

pub async fn delete_selected(ctx: &Ctx, target: Option<MessageId>, state: &State) -> HandlerResult {
    let mut chosen = Vec::new();
    for id in selection(state) {
        if let Ok(backup) = ctx.services.backups.get(ctx.user, &id).await {
            chosen.push(backup);
        }
    }
    if chosen.is_empty() {
        return ctx
            .show(
                target,
                Screen::notice(ctx.locale, ctx.locale.t("error-stale-button")),
            )
            .await;
    }
    ctx.show(
        target,
        screens::confirm_delete_selected(ctx.locale, &chosen),
    )
    .await
}

pub async fn confirm_delete_selected(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: &State,
) -> HandlerResult {
    let State::SelectingBackups { selected } = state else {
        return ctx
            .show(
                target,
                Screen::notice(ctx.locale, ctx.locale.t("error-stale-button")),
            )
            .await;
    };
    match ctx.services.backups.delete_many(ctx.user, selected).await {
        Ok(deleted) => {
            ctx.reset().await?;
            let text = ctx
                .locale
                .t_with("backups-deleted", &[("count", deleted.into())]);
            ctx.show(target, screens::after_action(ctx.locale, text, None))
                .await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}
