//! Connecting Google Drive with the device flow: the code to enter at Google, then a poll in
//! the background that says in a new message how it ended. 🔄 Check shows the code again.

use teloxide::{
    prelude::*,
    types::{MessageId, ParseMode},
};

use super::{DriveState, views};
use crate::{
    bot::{Ctx, HandlerResult, ui::escape},
    integrations::google::ConnectStatus,
    service::drive::DriveServiceError,
};

/// Starts the device flow: shows the code, then polls for approval in the background and
/// says how it ended in a new message.
pub(super) async fn connect(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let drive = ctx.services.drive.clone();
    let code = match drive.start_connect(ctx.user).await {
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
    let (url, user_code) = (code.verification_url.clone(), code.user_code.clone());
    ctx.set_state(DriveState::Connecting {
        verification_url: url.clone(),
        user_code: user_code.clone(),
    })
    .await?;
    let screen = views::connecting(ctx.locale, "drive-connect-instructions", &url, &user_code);
    ctx.show(target, screen).await?;

    let (bot, chat, locale, user) = (ctx.bot.clone(), ctx.chat, ctx.locale, ctx.user);
    let service = drive.clone();
    let poll = tokio::spawn(async move {
        let text = match service.finish_connect(user, code).await {
            Ok(ConnectStatus::Connected { email }) => {
                let account =
                    email.map_or_else(|| locale.t("drive-account-unknown"), |e| escape(&e));
                locale.t_with(
                    "drive-connected",
                    &[
                        ("account", account.into()),
                        ("folder", service.settings().folder_name.clone().into()),
                    ],
                )
            }
            Ok(ConnectStatus::Denied) => locale.t("drive-connect-denied"),
            Ok(_) => locale.t("drive-connect-expired"),
            Err(error) => {
                tracing::warn!(%error, user, "connecting Google Drive failed");
                locale.t("drive-connect-failed")
            }
        };
        let screen = views::notice_screen(locale, text);
        let sent = bot
            .send_message(chat, screen.text)
            .parse_mode(ParseMode::Html)
            .reply_markup(screen.keyboard)
            .await;
        if let Err(error) = sent {
            tracing::warn!(%error, user, "cannot tell the user how connecting Drive ended");
        }
    });
    drive.track_connect(ctx.user, poll.abort_handle());
    Ok(())
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
            let mut screen = views::menu(ctx.locale, &status);
            screen.text = format!(
                "{}\n\n{}",
                ctx.locale.t("drive-connect-interrupted"),
                screen.text
            );
            ctx.show(target, screen).await
        }
        _ => {
            ctx.reset().await?;
            ctx.show(target, views::menu(ctx.locale, &status)).await
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
