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
    service::drive::{DriveNotifier, Notice},
    storage::UserStore,
};

pub struct TelegramNotifier {
    bot: Tg,
    users: Arc<dyn UserStore>,
}

impl TelegramNotifier {
    pub fn new(bot: Tg, users: Arc<dyn UserStore>) -> Self {
        Self { bot, users }
    }
}

#[async_trait]
impl DriveNotifier for TelegramNotifier {
    async fn notify(&self, user: UserId, notice: Notice) {
        let locale = match self.users.get_or_create(user, Locale::default()).await {
            Ok(profile) => profile.locale,
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
