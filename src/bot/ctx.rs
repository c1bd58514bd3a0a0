//! The per-update context handlers work with, and the few ways they talk back.

use std::sync::Arc;

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InputFile, MessageId, ParseMode},
};

use super::{
    BotDialogue, HandlerError, HandlerResult, Sender, Services, State, Tg, errors, views::Screen,
};
use crate::{
    domain::UserId,
    i18n::Locale,
    service::{Library, LibraryError},
};

#[derive(Clone)]
pub struct Ctx {
    pub bot: Tg,
    pub dialogue: BotDialogue,
    pub services: Arc<Services>,
    pub user: UserId,
    pub chat: ChatId,
    pub locale: Locale,
}

impl Ctx {
    /// Loads the user's language (creating their profile on first contact).
    pub async fn build(
        bot: Tg,
        dialogue: BotDialogue,
        services: Arc<Services>,
        sender: Sender,
    ) -> Self {
        let locale = match services
            .users
            .get_or_create(sender.user, sender.telegram_locale)
            .await
        {
            Ok(profile) => profile.locale,
            Err(error) => {
                tracing::error!(%error, "cannot load the user profile; using the Telegram language");
                sender.telegram_locale
            }
        };
        Self {
            bot,
            dialogue,
            services,
            user: sender.user,
            chat: sender.chat,
            locale,
        }
    }

    pub fn library(&self) -> &Library {
        &self.services.library
    }

    pub async fn set_state(&self, state: State) -> HandlerResult {
        self.dialogue.update(state).await?;
        Ok(())
    }

    /// Leaves whatever flow the chat was in.
    pub async fn reset(&self) -> HandlerResult {
        self.set_state(State::Idle).await
    }

    pub async fn send(&self, screen: Screen) -> HandlerResult {
        self.send_for_id(screen).await.map(drop)
    }

    /// Sends `screen` and returns its message, so a later screen can replace it (a
    /// "working…" message followed by its result).
    pub async fn send_for_id(&self, screen: Screen) -> Result<MessageId, HandlerError> {
        let sent = self
            .bot
            .send_message(self.chat, screen.text)
            .parse_mode(ParseMode::Html)
            .reply_markup(screen.keyboard)
            .await?;
        Ok(sent.id)
    }

    /// Shows a "⏳ working…" screen in `target`, or in a new message, and returns the message
    /// that now holds it, so the result replaces it instead of arriving beside it.
    pub async fn working(
        &self,
        target: Option<MessageId>,
        text: String,
    ) -> Result<Option<MessageId>, HandlerError> {
        let screen = Screen::new(text, Default::default());
        match target {
            Some(target) => self.show(Some(target), screen).await.map(|()| Some(target)),
            None => self.send_for_id(screen).await.map(Some),
        }
    }

    /// Replaces the screen in `target` (the message whose button was pressed), or sends a new
    /// message when there is none or it cannot be edited.
    pub async fn show(&self, target: Option<MessageId>, screen: Screen) -> HandlerResult {
        let Some(message) = target else {
            return self.send(screen).await;
        };
        let edited = self
            .bot
            .edit_message_text(self.chat, message, screen.text.clone())
            .parse_mode(ParseMode::Html)
            .reply_markup(screen.keyboard.clone())
            .await;
        match edited {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
            Err(error) => {
                tracing::debug!(%error, "cannot edit the screen; sending a new one");
                self.send(screen).await
            }
        }
    }

    pub async fn send_file(&self, name: &str, content: Vec<u8>) -> HandlerResult {
        self.bot
            .send_document(
                self.chat,
                InputFile::memory(content).file_name(name.to_owned()),
            )
            .await?;
        Ok(())
    }

    /// Tells the user why a library action failed, in their language.
    pub async fn fail(&self, target: Option<MessageId>, error: &LibraryError) -> HandlerResult {
        let text = errors::library_error_text(self.locale, error, self.library().limits());
        self.show(target, Screen::notice(self.locale, text)).await
    }
}
