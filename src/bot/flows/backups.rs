//! 📦 Backup & restore: create (🕘 with history, 🔒 with a password), list, open, download
//! (whole or in parts), rate, delete. A backup's note is the notes flow's, multi-delete the
//! selection flow's.

pub mod callback;
pub mod state;
mod views;

use teloxide::{prelude::*, types::MessageId};

pub use self::views::damaged_notice;
use self::{callback::BackupsCallback, state::BackupsState};

use crate::{
    bot::{
        Ctx, HandlerResult, Target,
        ctx::archive_document,
        input::Input,
        ui::{backups::after_action, format_size, password_problem},
    },
    domain::{
        Id, TaskKind,
        backup::{BackupKind, Rating},
        password::Password,
        progress::Progress,
    },
    service::{BackupError, BackupOptions},
};

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: BackupsCallback,
    _: Option<BackupsState>,
) -> HandlerResult {
    let ctx = &ctx;
    match callback {
        BackupsCallback::Create => create(ctx, target, false).await,
        BackupsCallback::CreateWithHistory => create(ctx, target, true).await,
        BackupsCallback::CreateProtected => ask_password(ctx, target, false).await,
        BackupsCallback::ProtectHistory(history) => ask_password(ctx, target, history).await,
        BackupsCallback::List { page } => list(ctx, target, page).await,
        BackupsCallback::Open(id) => open(ctx, target, &id, None).await,
        BackupsCallback::Download(id) => download(ctx, &id).await,
        BackupsCallback::RateMenu(id) => rate_menu(ctx, target, &id).await,
        BackupsCallback::Rate { backup, rating } => rate(ctx, target, &backup, rating).await,
        BackupsCallback::Delete(id) => delete(ctx, target, &id).await,
        BackupsCallback::ConfirmDelete(id) => confirm_delete(ctx, target, &id).await,
        BackupsCallback::SendInParts(id) => send_in_parts(ctx, &id).await,
    }
}

pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.show(target, views::menu(ctx.locale)).await
}

async fn create(ctx: &Ctx, target: Option<MessageId>, history: bool) -> HandlerResult {
    let protected = false;
    ctx.start_task(target, TaskKind::CreateBackup { history, protected })
        .await?;
    Ok(())
}

/// 🔒 With password: the next message is the password.
async fn ask_password(ctx: &Ctx, target: Option<MessageId>, history: bool) -> HandlerResult {
    ctx.set_state(BackupsState::AwaitingBackupPassword { history })
        .await?;
    ctx.show(target, views::ask_password(ctx.locale, history, None))
        .await
}

/// The password prompt waits for text; the password leaves the chat at once.
pub async fn on_message(
    ctx: Ctx,
    message: Message,
    input: Input,
    state: BackupsState,
) -> HandlerResult {
    let Input::Text { text, .. } = input else {
        return ctx.hint("finish-current-step").await;
    };
    ctx.delete_secret(&message).await;
    let BackupsState::AwaitingBackupPassword { history } = state;
    let password = match Password::new(text) {
        Ok(password) => password,
        // Too short or too long: the prompt stays for another try.
        Err(error) => {
            let problem = password_problem(ctx.locale, error);
            return ctx
                .send(views::ask_password(ctx.locale, history, Some(problem)))
                .await;
        }
    };
    ctx.reset().await?;
    // Held in this process for the task; a refused task forgets it at once.
    ctx.services.passwords.hold(ctx.user, password);
    let protected = true;
    if !ctx
        .start_task(None, TaskKind::CreateBackup { history, protected })
        .await?
    {
        ctx.services.passwords.forget(ctx.user);
    }
    Ok(())
}

/// The task 📦 Create backup (or 🕘 With history, 🔒 With password) started: build, store and
/// check the backup, then show and send it. A protected backup's password is used from memory
/// and forgotten as the task ends.
pub async fn create_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    history: bool,
    protected: bool,
    progress: &dyn Progress,
) -> HandlerResult {
    let password = match protected {
        true => Some((ctx.services.passwords.get(ctx.user)).ok_or(BackupError::PasswordLost)?),
        false => None,
    };
    ctx.services.passwords.forget(ctx.user);
    let locale = ctx.locale;
    let options = BackupOptions::with_history(history).protected_by(password);
    let created = ctx
        .services
        .backups
        .create_full(ctx.user, BackupKind::FullBackup, &options, progress)
        .await?;
    let record = &created.record;
    let mut text = if record.file_count == 0 {
        locale.t("backup-created-empty")
    } else {
        locale.t_with(
            "backup-created",
            &[
                ("files", record.file_count.into()),
                ("size", format_size(locale, record.total_size).into()),
                ("archive", format_size(locale, record.archive_size).into()),
            ],
        )
    };
    if created.versions > 0 {
        text.push('\n');
        text.push_str(&locale.t_with(
            "backup-created-versions",
            &[("versions", created.versions.into())],
        ));
    }
    if record.protected {
        text.push('\n');
        text.push_str(&locale.t("backup-created-protected"));
    }
    ctx.add_pruned_note(&mut text, &created.pruned);
    ctx.show(target, after_action(locale, text, Some(&record.id)))
        .await?;
    ctx.deliver(&created.record, &created.archive).await
}

async fn list(ctx: &Ctx, target: Option<MessageId>, page: u32) -> HandlerResult {
    let backups = &ctx.services.backups;
    let page = backups.list(ctx.user, page).await?;
    let held = backups.holdings(ctx.user).await?;
    let quota = &backups.settings().quota;
    ctx.show(target, views::list(&ctx.reader(), &page, quota, &held))
        .await
}

/// The backup's screen, under `note` (what just ended there), if any.
pub async fn open(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    note: Option<String>,
) -> HandlerResult {
    let backup = ctx.services.backups.get(ctx.user, id).await?;
    ctx.show(target, views::backup(&ctx.reader(), &backup).under(note))
        .await
}

async fn download(ctx: &Ctx, id: &Id) -> HandlerResult {
    let (record, archive) = ctx.services.backups.open_archive(ctx.user, id).await?;
    ctx.deliver(&record, &archive).await
}

async fn send_in_parts(ctx: &Ctx, id: &Id) -> HandlerResult {
    let split = ctx.services.backups.split(ctx.user, id).await?;
    let count = split.count();
    for index in 0..count {
        let part = split.part(index).await?;
        let caption = ctx.locale.t_with(
            "backup-part-caption",
            &[
                ("part", (index + 1).into()),
                ("count", count.into()),
                ("id", id.to_string().into()),
            ],
        );
        let document = archive_document(&part, split.part_name(index));
        if !ctx.send_archive(&split.record, document, caption).await? {
            break;
        }
    }
    Ok(())
}

async fn rate_menu(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    // Only the user's own backup can be rated.
    ctx.services.backups.get(ctx.user, id).await?;
    ctx.show(target, views::rate(ctx.locale, id)).await
}

async fn rate(
    ctx: &Ctx,
    target: Option<MessageId>,
    id: &Id,
    rating: Option<Rating>,
) -> HandlerResult {
    let backup = ctx.services.backups.rate(ctx.user, id, rating).await?;
    ctx.toast(match rating {
        Some(_) => "toast-rated",
        None => "toast-rating-cleared",
    });
    ctx.show(target, views::backup(&ctx.reader(), &backup))
        .await
}

async fn delete(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    let backup = ctx.services.backups.get(ctx.user, id).await?;
    ctx.show(target, views::confirm_delete(&ctx.reader(), &backup))
        .await
}

async fn confirm_delete(ctx: &Ctx, target: Option<MessageId>, id: &Id) -> HandlerResult {
    ctx.services.backups.delete(ctx.user, id).await?;
    ctx.toast("toast-backup-deleted");
    let text = ctx.locale.t("backup-deleted");
    ctx.show(target, after_action(ctx.locale, text, None)).await
}
