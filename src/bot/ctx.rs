//! The per-update context handlers work with, and the few ways they talk back: screens here,
//! shared replies in `replies`, why an action failed in `failure`, documents in `documents`.

mod documents;
mod failure;
mod replies;

pub use documents::archive_document;

use std::sync::Arc;

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{MessageId, ParseMode, UpdateKind},
};

use super::{
    BotDialogue, BotError, HandlerResult, Sender, Services, State, Tg, trace::Trace, ui::Screen,
};
use crate::{
    domain::{Unfinished, UserId},
    i18n::Locale,
    service::Library,
};

#[derive(Clone)]
pub struct Ctx {
    pub bot: Tg,
    pub dialogue: BotDialogue,
    pub services: Arc<Services>,
    pub user: UserId,
    pub chat: ChatId,
    pub locale: Locale,
    /// The message whose button was pressed, if a button was.
    pressed: Option<MessageId>,
    trace: Arc<Trace>,
}

/// The language a user is answered in.
#[derive(Clone, Copy, Debug)]
pub struct UserLocale(pub Locale);

impl Ctx {
    /// The user's language (creating their profile on first contact), noted in the update's
    /// trace so that even a failure later on is answered in it.
    pub async fn locale_of(
        services: Arc<Services>,
        sender: Sender,
        trace: Arc<Trace>,
    ) -> UserLocale {
        let locale = match services
            .users
            .locale_of(sender.user, sender.telegram_locale)
            .await
        {
            Ok(locale) => locale,
            Err(error) => {
                tracing::error!(%error, "cannot load the user profile; using the Telegram language");
                sender.telegram_locale
            }
        };
        trace.set_locale(locale);
        UserLocale(locale)
    }

    pub fn build(
        bot: Tg,
        dialogue: BotDialogue,
        services: Arc<Services>,
        sender: Sender,
        locale: UserLocale,
        trace: Arc<Trace>,
        update: Update,
    ) -> Self {
        let pressed = match &update.kind {
            UpdateKind::CallbackQuery(query) => query.message.as_ref().map(|message| message.id()),
            _ => None,
        };
        Self {
            bot,
            dialogue,
            services,
            user: sender.user,
            chat: sender.chat,
            locale: locale.0,
            pressed,
            trace,
        }
    }

    pub fn library(&self) -> &Library {
        &self.services.library
    }

    pub async fn set_state(&self, state: impl Into<State>) -> HandlerResult {
        self.dialogue
            .update(state.into())
            .await
            .map_err(BotError::Dialogue)
    }

    /// Leaves whatever flow the chat was in.
    pub async fn reset(&self) -> HandlerResult {
        self.set_state(State::Idle).await
    }

    pub async fn send(&self, screen: Screen) -> HandlerResult {
        show_in(&self.bot, self.chat, None, screen).await?;
        Ok(())
    }

    /// Shows a "⏳ working…" screen in `target`, or in a new message, and returns the message
    /// that now holds it, so the result replaces it instead of arriving beside it. The action
    /// is recorded until then, so one cut short by a crash is settled at the next start.
    pub async fn working(
        &self,
        target: Option<MessageId>,
        text: String,
    ) -> HandlerResult<Option<MessageId>> {
        // Recorded before it shows: a crash from here on leaves a record to settle.
        if let Some(target) = target {
            self.begin_work(target).await?;
        }
        let screen = Screen::new(text, Default::default());
        let shown = show_in(&self.bot, self.chat, target, screen).await?;
        if Some(shown) != target {
            self.begin_work(shown).await?;
        }
        Ok(Some(shown))
    }

    async fn begin_work(&self, message: MessageId) -> HandlerResult {
        self.trace.set_working(message);
        let work = Unfinished {
            chat: self.chat.0,
            message: message.0,
            locale: self.locale,
            since: chrono::Utc::now(),
        };
        self.services.work.begin(&work).await?;
        Ok(())
    }

    /// Replaces the screen in `target` (the message whose button was pressed), or sends a new
    /// message when there is none or it cannot be edited.
    pub async fn show(&self, target: Option<MessageId>, screen: Screen) -> HandlerResult {
        if target.is_some() && target == self.trace.working() {
            self.trace.take_working();
            // Ended before the result shows: a crash in between must not turn a result into
            // "this did not finish".
            if let Err(error) = self.services.work.end(self.chat.0).await {
                tracing::error!(%error, user = self.user, "cannot record the end of a long action");
            }
        }
        show_in(&self.bot, self.chat, target, screen).await?;
        Ok(())
    }
}

/// Shows `screen` in `target` (edited), or in a new message when there is none or it cannot be
/// edited; answers the message that shows it.
pub(super) async fn show_in(
    bot: &Tg,
    chat: ChatId,
    target: Option<MessageId>,
    screen: Screen,
) -> Result<MessageId, RequestError> {
    if let Some(message) = target {
        let edited = bot
            .edit_message_text(chat, message, screen.text.clone())
            .parse_mode(ParseMode::Html)
            .reply_markup(screen.keyboard.clone())
            .await;
        match edited {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => return Ok(message),
            Err(error) => tracing::debug!(%error, "cannot edit the screen; sending a new one"),
        }
    }
    let sent = bot
        .send_message(chat, screen.text)
        .parse_mode(ParseMode::Html)
        .reply_markup(screen.keyboard)
        .await?;
    Ok(sent.id)
}
