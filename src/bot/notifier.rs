//! Messages the bot sends on its own, outside any conversation: automatic backups that failed,
//! and how connecting a destination ended.

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::{
    prelude::*,
    types::{ChatId, ParseMode},
};

use super::{Tg, flows::drive};
use crate::{
    domain::{DestinationId, UserId},
    i18n::Locale,
    service::{
        Users,
        copies::{Notice, Notifier},
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
