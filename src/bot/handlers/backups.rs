//! Backup & restore: create, list, open, download, rate, note, delete, multi-delete, parts.

use teloxide::types::{InputFile, MessageId};

use crate::{
    bot::{
        Ctx, HandlerResult,
        state::{NotesState, SelectionState},
        ui::{backups::after_action, format_size},
        views::backups as screens,
    },
    domain::{
        Id,
        backup::{BackupKind, Rating},
    },
    service::BackupError,
};

async fn fail(ctx: &Ctx, target: Option<MessageId>, error: &BackupError) -> HandlerResult {
    ctx.fail_backup(target, error).await
}

pub async fn menu(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.show(target, screens::menu(ctx.locale)).await
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
    ctx.add_pruned_note(&mut text, &created.pruned);
    ctx.show(target, after_action(locale, text, Some(&record.id)))
        .await?;
    ctx.deliver(&created.record, created.archive).await
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
        Ok((record, archive)) => ctx.deliver(&record, archive).await,
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
        if !ctx.send_archive(&split.record, document, caption).await? {
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
    ctx.set_state(NotesState::EditingBackupNote { backup: id.clone() })
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
                after_action(ctx.locale, ctx.locale.t(key), Some(id)),
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
                after_action(ctx.locale, ctx.locale.t("backup-deleted"), None),
            )
            .await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}

fn selection(state: Option<SelectionState>) -> Vec<Id> {
    match state {
        Some(SelectionState::SelectingBackups { selected }) => selected,
        None => Vec::new(),
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
    ctx.set_state(SelectionState::SelectingBackups { selected })
        .await?;
    ctx.show(target, screen).await
}

pub async fn show_selection(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    state: Option<SelectionState>,
) -> HandlerResult {
    select(ctx, target, page, selection(state)).await
}

pub async fn toggle(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    page: u32,
    state: Option<SelectionState>,
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
    state: Option<SelectionState>,
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

pub async fn delete_selected(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<SelectionState>,
) -> HandlerResult {
    let mut chosen = Vec::new();
    for id in selection(state) {
        if let Ok(backup) = ctx.services.backups.get(ctx.user, &id).await {
            chosen.push(backup);
        }
    }
    if chosen.is_empty() {
        return ctx.stale(target).await;
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
    state: Option<SelectionState>,
) -> HandlerResult {
    let Some(SelectionState::SelectingBackups { selected }) = state else {
        return ctx.stale(target).await;
    };
    match ctx.services.backups.delete_many(ctx.user, &selected).await {
        Ok(deleted) => {
            ctx.reset().await?;
            let text = ctx
                .locale
                .t_with("backups-deleted", &[("count", deleted.into())]);
            ctx.show(target, after_action(ctx.locale, text, None)).await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}
