//! Messages the bot sends on its own, outside any conversation: automatic backups that failed,
//! how connecting a destination ended, a stored backup the scrub found damaged, and the
//! operators' alerts.

mod alerts;

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::{
    RequestError,
    prelude::*,
    types::{ChatId, ParseMode},
};

use super::{
    Tg,
    ctx::Reading,
    flows::{backups, drive},
    ui::{Reader, Screen},
};
use crate::{
    domain::{DestinationId, UserId, schedule::Zone},
    i18n::Locale,
    service::{
        Users,
        alerts::{AdminMessage, AdminNotifier},
        copies::{Notice, Notifier},
        scrub::{DamageNotice, DamageNotifier},
    },
};

pub struct TelegramNotifier {
    bot: Tg,
    users: Arc<Users>,
}

impl TelegramNotifier {
    pub fn new(bot: Tg, users: Arc<Users>) -> Self {
        Self { bot, users }
    }
}

#[async_trait]
impl Notifier for TelegramNotifier {
    async fn notify(&self, user: UserId, destination: &DestinationId, notice: Notice) {
        // Drive is the only destination with screens; another one adds its own here.
        if *destination != DestinationId::DRIVE {
            tracing::warn!(user, %destination, "no screens for this destination's notices");
            return;
        }
        let screen = drive::notice(&self.reader(user).await, &notice);
        if let Err(error) = self.send(user, screen).await {
            tracing::warn!(%error, user, "cannot tell the user about their Drive backup");
        }
    }
}

#[async_trait]
impl DamageNotifier for TelegramNotifier {
    async fn backup_damaged(&self, user: UserId, notice: DamageNotice) {
        let reader = self.reader(user).await;
        let screen = backups::damaged_notice(&reader, &notice.backup, notice.drive_copy);
        if let Err(error) = self.send(user, screen).await {
            tracing::warn!(%error, user, "cannot tell the user about their damaged backup");
        }
    }
}

#[async_trait]
impl AdminNotifier for TelegramNotifier {
    async fn tell_admin(&self, admin: UserId, message: &AdminMessage) -> Result<(), String> {
        // The admin's own language when the bot knows them (without making them a profile),
        // else English.
        let known = self.users.exists(admin).await.unwrap_or(false);
        let reading = if known {
            Reading::of(&self.users, admin, Locale::default()).await
        } else {
            Reading {
                locale: Locale::default(),
                zone: Zone::UTC,
            }
        };
        let reader = reading.now();
        let screen = Screen::notice(reader.locale, alerts::admin_text(&reader, message));
        self.send(admin, screen)
            .await
            .map_err(|error| error.to_string())
    }
}

impl TelegramNotifier {
    /// The user as they read now: their language and time zone.
    async fn reader(&self, user: UserId) -> Reader {
        Reading::of(&self.users, user, Locale::default())
            .await
            .now()
    }

    async fn send(&self, user: UserId, screen: Screen) -> Result<(), RequestError> {
        // In a private chat the chat id is the user id.
        self.bot
            .send_message(ChatId(user), screen.text)
            .parse_mode(ParseMode::Html)
            .reply_markup(screen.keyboard)
            .await
            .map(drop)
    }
}
