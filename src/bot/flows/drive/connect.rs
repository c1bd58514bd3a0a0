//! Connecting Google Drive with the device flow: the code to enter at Google; the Drive
//! service waits for the answer and the notifier says how it ended. 🔄 Check shows the code
//! again.

use teloxide::types::MessageId;

use super::{DriveState, views};
use crate::{
    bot::{Ctx, HandlerResult},
    service::drive::DriveServiceError,
};

/// Starts the device flow and shows the code; the Drive service waits for the answer in the
/// background and tells the user how it ended (through the notifier).
pub(super) async fn connect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let code = match ctx.services.drive.start_connect(ctx.user).await {
        Ok(code) => code,
        // Google unreachable, overloaded or rate-limiting: nothing is wrong on our side.
        Err(DriveServiceError::Google(error)) if error.is_transient() => {
            tracing::warn!(%error, user = ctx.user, "cannot start connecting Google Drive");
            let text = ctx.locale.t("drive-connect-failed");
            return ctx
                .show(target, views::notice_screen(ctx.locale, text))
                .await;
        }
        Err(error) => return Err(error.into()),
    };
    let (url, user_code) = (code.verification_url, code.user_code);
    ctx.set_state(DriveState::Connecting {
        verification_url: url.clone(),
        user_code: user_code.clone(),
    })
    .await?;
    let screen = views::connecting(ctx.locale, "drive-connect-instructions", &url, &user_code);
    ctx.show(target, screen).await
}

/// 🔄 Check connection: the status once connected, the code again while waiting.
pub(super) async fn check(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<DriveState>,
) -> HandlerResult {
    let status = ctx.services.drive.status(ctx.user).await?;
    match state {
        Some(DriveState::Connecting {
            verification_url,
            user_code,
        }) if !status.profile.connected && ctx.services.drive.is_connecting(ctx.user) => {
            let screen = views::connecting(
                ctx.locale,
                "drive-connect-waiting",
                &verification_url,
                &user_code,
            );
            ctx.show(target, screen).await
        }
        Some(DriveState::Connecting { .. }) if !status.profile.connected => {
            // The wait ended (code expired, denied, or the bot restarted): start again.
            ctx.reset().await?;
            let interrupted = ctx.locale.t("drive-connect-interrupted");
            ctx.show(
                target,
                views::menu(&ctx.reader(), &status).under(interrupted),
            )
            .await
        }
        _ => {
            ctx.reset().await?;
            ctx.show(target, views::menu(&ctx.reader(), &status)).await
        }
    }
}

pub(super) async fn cancel_connect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.services.drive.cancel_connect(ctx.user);
    ctx.reset().await?;
    let text = ctx.locale.t("drive-connect-cancelled");
    ctx.show(target, views::notice_screen(ctx.locale, text))
        .await
}
