//! Messages the bot sends on its own, outside any conversation: automatic backups that failed.

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::{
    prelude::*,
    types::{ChatId, ParseMode},
};

use super::{Tg, flows::drive};
use crate::{
    domain::UserId,
    i18n::Locale,
    service::{
        Users,
        drive::{DriveNotifier, Notice},
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
impl DriveNotifier for TelegramNotifier {
    async fn notify(&self, user: UserId, notice: Notice) {
        let locale = match self.users.locale_of(user, Locale::default()).await {
            Ok(locale) => locale,
            Err(error) => {
                tracing::warn!(%error, user, "cannot read the user's language; using the default");
                Locale::default()
            }
        };
        let screen = drive::notice(locale, &notice);
        // In a private chat the chat id is the user id.
        let sent = self
            .bot
            .send_message(ChatId(user), screen.text)
            .parse_mode(ParseMode::Html)
            .reply_markup(screen.keyboard)
            .await;
        if let Err(error) = sent {
            tracing::warn!(%error, user, "cannot tell the user about their Drive backup");
        }
    }
}
