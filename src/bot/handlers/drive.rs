//! ☁️ Google Drive: connect with the device flow (the service waits for the answer), back up
//! now, upload a stored backup, schedule, retention, disconnect.

use teloxide::types::MessageId;

use super::backups::add_pruned_note;
use crate::{
    bot::{
        Ctx, HandlerResult, State,
        views::{backups::no_room, drive as screens, format_time},
    },
    domain::{
        DestinationId, Id,
        schedule::{Frequency, Schedule},
    },
    integrations::google::Revocation,
    service::{
        BackupError,
        copies::{CopyError, FailureReason, UploadFailed, Uploaded},
        drive::DriveServiceError,
    },
};

pub async fn menu(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    if !ctx.services.drive.settings().configured {
        return ctx.show(target, screens::not_configured(ctx.locale)).await;
    }
    match ctx.services.drive.status(ctx.user).await {
        Ok(status) => ctx.show(target, screens::menu(ctx.locale, &status)).await,
        Err(error) => fail(ctx, target, &error).await,
    }
}

/// Starts the device flow and shows the code; the Drive service waits for the answer in the
/// background and tells the user how it ended.
pub async fn connect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let code = match ctx.services.drive.start_connect(ctx.user).await {
        Ok(code) => code,
        // Google unreachable, overloaded or rate-limiting: nothing is wrong on our side.
        Err(DriveServiceError::Google(error)) if error.is_transient() => {
            tracing::warn!(%error, user = ctx.user, "cannot start connecting Google Drive");
            let text = ctx.locale.t("drive-connect-failed");
            return ctx
                .show(target, screens::notice_screen(ctx.locale, text))
                .await;
        }
        Err(error) => return fail(ctx, target, &error).await,
    };
    let (url, user_code) = (code.verification_url, code.user_code);
    ctx.set_state(State::ConnectingDrive {
        verification_url: url.clone(),
        user_code: user_code.clone(),
    })
    .await?;
    let screen = screens::connecting(ctx.locale, "drive-connect-instructions", &url, &user_code);
    ctx.show(target, screen).await
}

/// 🔄 Check connection: the status once connected, the code again while waiting.
pub async fn check(ctx: &Ctx, target: Option<MessageId>, state: &State) -> HandlerResult {
    let status = match ctx.services.drive.status(ctx.user).await {
        Ok(status) => status,
        Err(error) => return fail(ctx, target, &error).await,
    };
    match state {
        State::ConnectingDrive {
            verification_url,
            user_code,
        } if !status.profile.connected && ctx.services.drive.is_connecting(ctx.user) => {
            let screen = screens::connecting(
                ctx.locale,
                "drive-connect-waiting",
                verification_url,
                user_code,
            );
            ctx.show(target, screen).await
        }
        State::ConnectingDrive { .. } if !status.profile.connected => {
            // The wait ended (code expired, denied, or the bot restarted): start again.
            ctx.reset().await?;
            let mut screen = screens::menu(ctx.locale, &status);
            screen.text = format!(
                "{}\n\n{}",
                ctx.locale.t("drive-connect-interrupted"),
                screen.text
            );
            ctx.show(target, screen).await
        }
        _ => {
            ctx.reset().await?;
            ctx.show(target, screens::menu(ctx.locale, &status)).await
        }
    }
}

pub async fn cancel_connect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.services.drive.cancel_connect(ctx.user);
    ctx.reset().await?;
    let text = ctx.locale.t("drive-connect-cancelled");
    ctx.show(target, screens::notice_screen(ctx.locale, text))
        .await
}

pub async fn back_up_now(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let target = ctx
        .working(target, ctx.locale.t("drive-backing-up"))
        .await?;
    let result = ctx
        .services
        .copies
        .back_up_now(ctx.user, &DestinationId::DRIVE)
        .await;
    show_upload(ctx, target, result).await
}

/// ☁️ Upload to Drive on a stored backup (ownership is checked by the service).
pub async fn upload_backup(ctx: &Ctx, target: Option<MessageId>, backup: &Id) -> HandlerResult {
    let target = ctx.working(target, ctx.locale.t("drive-uploading")).await?;
    let result = ctx
        .services
        .copies
        .upload_now(ctx.user, &DestinationId::DRIVE, backup)
        .await;
    show_upload(ctx, target, result).await
}

async fn show_upload(
    ctx: &Ctx,
    target: Option<MessageId>,
    result: Result<Uploaded, UploadFailed>,
) -> HandlerResult {
    let locale = ctx.locale;
    match result {
        Ok(uploaded) => {
            let folder = &ctx.services.drive.settings().folder_name;
            let mut screen = screens::uploaded(locale, &uploaded, folder);
            add_pruned_note(ctx, &mut screen.text, &uploaded.quota_pruned);
            ctx.show(target, screen).await
        }
        Err(UploadFailed {
            error,
            retry_at,
            quota_pruned,
        }) => {
            let mut text = copy_text(ctx, &error).unwrap_or_else(|| {
                let keys = ("drive-upload-failed", "drive-upload-failed-kept");
                screens::failure(locale, keys, FailureReason::of(&error), retry_at)
            });
            add_pruned_note(ctx, &mut text, &quota_pruned);
            ctx.show(target, screens::notice_screen(locale, text)).await
        }
    }
}

pub async fn schedule(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    match ctx.services.drive.status(ctx.user).await {
        Ok(status) => {
            let screen = screens::frequencies(ctx.locale, status.profile.schedule);
            ctx.show(target, screen).await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn frequency(
    ctx: &Ctx,
    target: Option<MessageId>,
    frequency: Frequency,
) -> HandlerResult {
    match frequency {
        Frequency::Off => set_schedule(ctx, target, Schedule::OFF).await,
        frequency => {
            ctx.show(target, screens::hours(ctx.locale, frequency))
                .await
        }
    }
}

pub async fn hour(
    ctx: &Ctx,
    target: Option<MessageId>,
    frequency: Frequency,
    hour: u32,
) -> HandlerResult {
    let schedule = u8::try_from(hour)
        .ok()
        .and_then(|hour| Schedule::new(frequency, hour).ok());
    match schedule {
        Some(schedule) => set_schedule(ctx, target, schedule).await,
        None => super::save::stale(ctx, target).await,
    }
}

async fn set_schedule(ctx: &Ctx, target: Option<MessageId>, schedule: Schedule) -> HandlerResult {
    let copies = &ctx.services.copies;
    let status = match copies
        .set_schedule(ctx.user, &DestinationId::DRIVE, schedule)
        .await
    {
        Ok(()) => ctx.services.drive.status(ctx.user).await,
        Err(error) => Err(error.into()),
    };
    let status = match status {
        Ok(status) => status,
        Err(error) => return fail(ctx, target, &error).await,
    };
    let locale = ctx.locale;
    let next_run = status
        .next_run
        .map_or_else(|| locale.t("drive-none"), format_time);
    let text = locale.t_with(
        "drive-schedule-saved",
        &[
            ("schedule", screens::schedule_text(locale, schedule).into()),
            ("next_run", next_run.into()),
        ],
    );
    ctx.show(target, screens::notice_screen(locale, text)).await
}

pub async fn retention(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    match ctx.services.drive.status(ctx.user).await {
        Ok(status) => {
            let screen = screens::retention(ctx.locale, status.retention);
            ctx.show(target, screen).await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn set_retention(ctx: &Ctx, target: Option<MessageId>, keep: u32) -> HandlerResult {
    let copies = &ctx.services.copies;
    match copies
        .set_retention(ctx.user, &DestinationId::DRIVE, keep)
        .await
    {
        Ok(()) => {
            let text = ctx
                .locale
                .t_with("drive-retention-saved", &[("keep", keep.into())]);
            ctx.show(target, screens::notice_screen(ctx.locale, text))
                .await
        }
        Err(error) => fail(ctx, target, &error.into()).await,
    }
}

pub async fn disconnect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    match ctx.services.drive.status(ctx.user).await {
        Ok(status) if status.profile.connected => {
            let screen = screens::confirm_disconnect(ctx.locale, &status);
            ctx.show(target, screen).await
        }
        Ok(status) => ctx.show(target, screens::menu(ctx.locale, &status)).await,
        Err(error) => fail(ctx, target, &error).await,
    }
}

pub async fn confirm_disconnect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    // Revoking may take a few tries at Google.
    let target = ctx
        .working(target, ctx.locale.t("drive-disconnecting"))
        .await?;
    match ctx.services.drive.disconnect(ctx.user).await {
        Ok(revocation) => {
            let text = ctx.locale.t(match revocation {
                Revocation::Confirmed => "drive-disconnected",
                Revocation::Unconfirmed => "drive-disconnected-unconfirmed",
            });
            ctx.show(target, screens::notice_screen(ctx.locale, text))
                .await
        }
        Err(error) => fail(ctx, target, &error).await,
    }
}

/// Errors with their own message; `None` for errors told as a failure (with their reason).
fn special_text(ctx: &Ctx, error: &DriveServiceError) -> Option<String> {
    let locale = ctx.locale;
    Some(match error {
        DriveServiceError::NotConfigured => locale.t("drive-not-configured"),
        DriveServiceError::NoKey => locale.t("drive-error-no-key"),
        DriveServiceError::Copy(error) => return copy_text(ctx, error),
        DriveServiceError::Google(_) | DriveServiceError::Store(_) => return None,
    })
}

/// The copy service's errors with their own message; `None` for upload failures told with
/// their reason.
fn copy_text(ctx: &Ctx, error: &CopyError) -> Option<String> {
    let locale = ctx.locale;
    Some(match error {
        CopyError::NotConnected => locale.t("drive-error-not-connected"),
        CopyError::Reconnect => locale.t("drive-error-reconnect"),
        CopyError::BadRetention => locale.t("error-stale-button"),
        CopyError::Backup(BackupError::NotFound) => locale.t("error-backup-not-found"),
        CopyError::Backup(BackupError::Damaged) => locale.t("error-backup-damaged"),
        CopyError::Backup(BackupError::QuotaFull { stored, limit }) => {
            no_room(locale, *stored, *limit)
        }
        CopyError::Backup(_) => {
            tracing::error!(%error, user = ctx.user, "Drive backup failed");
            locale.t("drive-error-backup")
        }
        CopyError::Unknown(_) | CopyError::Remote(_) | CopyError::Store(_) => return None,
    })
}

async fn fail(ctx: &Ctx, target: Option<MessageId>, error: &DriveServiceError) -> HandlerResult {
    let text = special_text(ctx, error).unwrap_or_else(|| {
        tracing::error!(%error, user = ctx.user, "Drive action failed");
        ctx.locale.t("error-internal")
    });
    ctx.show(target, screens::notice_screen(ctx.locale, text))
        .await
}
