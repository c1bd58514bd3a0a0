//! ☁️ Google Drive: connect with the device flow (the service waits for the answer), back up
//! now, upload a stored backup, schedule, retention, disconnect, restore from Drive
//! (`copies`). What goes wrong is told with a way back to the Drive screen.

pub mod callback;
mod connect;
mod copies;
mod retention;
mod schedule;
pub mod state;
mod views;

use teloxide::{prelude::*, types::MessageId};

use self::{callback::DriveCallback, state::DriveState};
use super::save;
use crate::{
    bot::{BotError, Ctx, HandlerResult, Target, Telling, input::Input, ui::password_problem},
    domain::{DestinationId, Id, TaskKind, password::Password, progress::Progress},
    service::{
        copies::{UploadFailed, Uploaded},
        drive::Revocation,
    },
};

/// What an automatic backup, or the wait for a connection, tells its user, for the notifier.
pub use self::views::notice;
pub use self::{copies::fetch_task, retention::apply_task as apply_retention_task};

pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    if !ctx.services.drive.settings().configured {
        return ctx.show(target, views::not_configured(ctx.locale)).await;
    }
    let status = (ctx.services.drive.status(ctx.user).await).told_in(views::notice_screen)?;
    ctx.show(target, views::menu(&ctx.reader(), &status)).await
}

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: DriveCallback,
    state: Option<DriveState>,
) -> HandlerResult {
    let ctx = &ctx;
    let done = match callback {
        DriveCallback::Connect => connect::connect(ctx, target).await,
        DriveCallback::Check => connect::check(ctx, target, state).await,
        DriveCallback::CancelConnect => connect::cancel_connect(ctx, target).await,
        DriveCallback::BackUpNow => back_up_now(ctx, target).await,
        DriveCallback::Upload(backup) => upload_backup(ctx, target, &backup).await,
        DriveCallback::Schedule => schedule::show(ctx, target).await,
        DriveCallback::Frequency(pick) => schedule::pick(ctx, target, pick).await,
        DriveCallback::SetSchedule { pick, hour } => schedule::hour(ctx, target, pick, hour).await,
        DriveCallback::Zones => schedule::zones(ctx, target).await,
        DriveCallback::SetZone(index) => schedule::zone_picked(ctx, target, index).await,
        DriveCallback::Retention => retention::choose(ctx, target).await,
        DriveCallback::PickDays => retention::pick_days(ctx, target).await,
        DriveCallback::PickWeeks { daily } => retention::pick_weeks(ctx, target, daily).await,
        DriveCallback::PickMonths { daily, weekly } => {
            retention::pick_months(ctx, target, daily, weekly).await
        }
        DriveCallback::PreviewRetention(policy) => retention::preview(ctx, target, policy).await,
        DriveCallback::ApplyRetention(policy) => retention::apply(ctx, target, policy).await,
        DriveCallback::History(on) => set_history(ctx, target, on).await,
        DriveCallback::Password => ask_password(ctx, target).await,
        DriveCallback::RemovePassword => set_password(ctx, target, None).await,
        DriveCallback::Disconnect => disconnect(ctx, target).await,
        DriveCallback::ConfirmDisconnect => confirm_disconnect(ctx, target).await,
        DriveCallback::Copies { page } => copies::list(ctx, target, page).await,
        DriveCallback::PickCopy { listing, index } => {
            copies::pick(ctx, target, state, listing, index).await
        }
    };
    done.told_in(views::notice_screen)
}

/// A time zone or a password may be typed; connecting waits on Google, and a page of copies on
/// a button, not on a message: code sent meanwhile is saved (even a ZIP).
pub async fn on_message(
    ctx: Ctx,
    message: Message,
    input: Input,
    state: DriveState,
) -> HandlerResult {
    match (input, state) {
        (Input::Text { text, .. }, DriveState::TypingZone) => {
            schedule::zone_typed(&ctx, &text).await
        }
        (Input::Text { text, .. }, DriveState::AwaitingDrivePassword) => {
            password_typed(&ctx, &message, text)
                .await
                .told_in(views::notice_screen)
        }
        (Input::Document(_), DriveState::AwaitingDrivePassword) => {
            ctx.hint("finish-current-step").await
        }
        (input, _) => save::take_code(&ctx, &input).await,
    }
}

/// 🔒 Protect Drive backups: the next message is the password.
async fn ask_password(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.set_state(DriveState::AwaitingDrivePassword).await?;
    ctx.show(target, views::ask_password(ctx.locale, None))
        .await
}

/// The password arrived: it leaves the chat first; a good one is kept sealed.
async fn password_typed(ctx: &Ctx, message: &Message, text: String) -> HandlerResult {
    ctx.delete_secret(message).await;
    match Password::new(text) {
        Ok(password) => {
            ctx.reset().await?;
            set_password(ctx, None, Some(&password)).await
        }
        Err(error) => {
            let problem = password_problem(ctx.locale, error);
            ctx.send(views::ask_password(ctx.locale, Some(problem)))
                .await
        }
    }
}

/// Protects the backups for Drive with `password`, or (`None`) no longer.
async fn set_password(
    ctx: &Ctx,
    target: Option<MessageId>,
    password: Option<&Password>,
) -> HandlerResult {
    ctx.services
        .copies
        .set_password(ctx.user, &DestinationId::DRIVE, password)
        .await?;
    ctx.toast("toast-saved");
    let key = if password.is_some() {
        "drive-password-set"
    } else {
        "drive-password-removed"
    };
    let text = ctx.locale.t(key);
    ctx.show(target, views::notice_screen(ctx.locale, text))
        .await
}

async fn back_up_now(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let destination = DestinationId::DRIVE;
    ctx.start_task(target, TaskKind::BackUpNow { destination })
        .await?;
    Ok(())
}

/// ☁️ Upload to Drive on a stored backup (ownership is checked by the service, in the task).
async fn upload_backup(ctx: &Ctx, target: Option<MessageId>, backup: &Id) -> HandlerResult {
    let (destination, backup) = (DestinationId::DRIVE, backup.clone());
    ctx.start_task(
        target,
        TaskKind::Upload {
            destination,
            backup,
        },
    )
    .await?;
    Ok(())
}

/// The task ☁️ Back up now: a new backup, uploaded.
pub async fn back_up_now_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    destination: &DestinationId,
    progress: &dyn Progress,
) -> HandlerResult {
    let copies = &ctx.services.copies;
    let result = copies.back_up_now(ctx.user, destination, progress).await;
    show_upload(ctx, target, result, progress).await
}

/// The task ☁️ Upload to Drive of a stored backup.
pub async fn upload_task(
    ctx: &Ctx,
    target: Option<MessageId>,
    destination: &DestinationId,
    backup: &Id,
    progress: &dyn Progress,
) -> HandlerResult {
    let copies = &ctx.services.copies;
    let result = copies
        .upload_now(ctx.user, destination, backup, progress)
        .await;
    show_upload(ctx, target, result, progress).await
}

async fn show_upload(
    ctx: &Ctx,
    target: Option<MessageId>,
    result: Result<Uploaded, UploadFailed>,
    progress: &dyn Progress,
) -> HandlerResult {
    let locale = ctx.locale;
    match result {
        // Whatever stopped it, the user asked it to: the worker says so.
        Err(_) if progress.cancelled() => Err(BotError::Cancelled),
        Ok(uploaded) => {
            let folder = &ctx.services.drive.settings().folder_name;
            let mut screen = views::uploaded(locale, &uploaded, folder);
            ctx.add_pruned_note(&mut screen.text, &uploaded.quota_pruned);
            ctx.show(target, screen).await
        }
        Err(UploadFailed {
            error,
            retry_at,
            quota_pruned,
        }) => {
            let keys = ("drive-upload-failed", "drive-upload-failed-kept");
            let mut text = match error.upload_reason() {
                Some(reason) => views::failure(&ctx.reader(), keys, reason, retry_at),
                None => ctx.explain(&error),
            };
            ctx.add_pruned_note(&mut text, &quota_pruned);
            ctx.show_failure(target, views::notice_screen(locale, text))
                .await
        }
    }
}

async fn set_history(ctx: &Ctx, target: Option<MessageId>, on: bool) -> HandlerResult {
    ctx.services
        .copies
        .set_history(ctx.user, &DestinationId::DRIVE, on)
        .await?;
    ctx.toast("toast-saved");
    let status = ctx.services.drive.status(ctx.user).await?;
    ctx.show(target, views::menu(&ctx.reader(), &status)).await
}

async fn disconnect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let status = ctx.services.drive.status(ctx.user).await?;
    if !status.profile.connected {
        return ctx.show(target, views::menu(&ctx.reader(), &status)).await;
    }
    let screen = views::confirm_disconnect(ctx.locale, &status);
    ctx.show(target, screen).await
}

async fn confirm_disconnect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    // Revoking may take a few tries at Google.
    let target = ctx
        .working(target, ctx.locale.t("drive-disconnecting"))
        .await?;
    let revocation = ctx.services.drive.disconnect(ctx.user).await?;
    let text = ctx.locale.t(match revocation {
        Revocation::Confirmed => "drive-disconnected",
        Revocation::Unconfirmed => "drive-disconnected-unconfirmed",
    });
    ctx.show(target, views::notice_screen(ctx.locale, text))
        .await
}
