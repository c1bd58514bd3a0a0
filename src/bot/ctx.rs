//! The context handlers work with — one per update, or per task a worker runs — and the few
//! ways they talk back: screens here, shared replies in `replies`, why an action failed in
//! `failure`, documents in `documents`, long actions started in `tasks`.

mod documents;
mod failure;
mod replies;
mod tasks;

pub use documents::archive_document;

use std::sync::Arc;

use chrono::Utc;

use teloxide::{
    ApiError, RequestError,
    dispatching::dialogue::ErasedStorage,
    prelude::*,
    types::{CallbackQueryId, MessageId, ParseMode, UpdateKind},
};

use super::{
    BotDialogue, BotError, HandlerResult, Sender, Services, State, Tg,
    trace::Trace,
    ui::{Reader, Screen},
};
use crate::{
    domain::{TaskState, UserId, schedule::Zone},
    i18n::Locale,
    service::{Library, Users, tasks::RunningTask},
};

#[derive(Clone)]
pub struct Ctx {
    pub bot: Tg,
    pub dialogue: BotDialogue,
    pub services: Arc<Services>,
    pub user: UserId,
    pub chat: ChatId,
    pub locale: Locale,
    /// The time zone the user reads times in.
    pub zone: Zone,
    /// The message whose button was pressed, if a button was.
    pressed: Option<MessageId>,
    trace: Arc<Trace>,
    /// The task a worker runs with this context, if it is one.
    task: Option<Arc<RunningTask>>,
}

/// How a user reads what they are answered: their language and time zone.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    pub locale: Locale,
    pub zone: Zone,
}

impl Reading {
    /// The user's, from their profile (made in `first` on first contact); `first` and UTC when
    /// the profile cannot be read, so that they are answered anyway.
    pub async fn of(users: &Users, user: UserId, first: Locale) -> Self {
        match users.profile_of(user, first).await {
            Ok(profile) => Self {
                locale: profile.locale,
                zone: profile.zone,
            },
            Err(error) => {
                tracing::error!(%error, user, "cannot read the user's profile; using {first:?} and UTC");
                Self {
                    locale: first,
                    zone: Zone::UTC,
                }
            }
        }
    }

    /// The user reading now.
    pub fn now(self) -> Reader {
        Reader::new(self.locale, self.zone, Utc::now())
    }
}

impl Ctx {
    /// How the user reads, their language noted in the update's trace so that even a failure
    /// later on is answered in it.
    pub async fn reading_of(services: Arc<Services>, sender: Sender, trace: Arc<Trace>) -> Reading {
        let reading = Reading::of(&services.users, sender.user, sender.telegram_locale).await;
        trace.set_locale(reading.locale);
        reading
    }

    pub fn build(
        bot: Tg,
        dialogue: BotDialogue,
        services: Arc<Services>,
        sender: Sender,
        reading: Reading,
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
            locale: reading.locale,
            zone: reading.zone,
            pressed,
            trace,
            task: None,
        }
    }

    /// The context a worker runs `task` in: its user's chat, language (as when they asked
    /// for it) and time zone, its progress message as the "⏳" message its result replaces.
    pub fn for_task(
        bot: Tg,
        dialogues: Arc<ErasedStorage<State>>,
        services: Arc<Services>,
        task: Arc<RunningTask>,
        zone: Zone,
    ) -> Self {
        let (chat, message) = (ChatId(task.task().chat), MessageId(task.task().message));
        let trace = Arc::new(Trace::default());
        trace.set_working(message);
        Self {
            bot,
            dialogue: BotDialogue::new(dialogues, chat),
            services,
            user: task.task().user,
            chat,
            locale: task.task().locale,
            zone,
            pressed: Some(message),
            trace,
            task: Some(task),
        }
    }

    /// Leaves the pressed button's answer to the guard, for a toast (see [`Self::toast`]).
    pub fn defer_answer(&self, query: CallbackQueryId) {
        self.trace.defer_answer(query);
    }

    /// A short note over the chat, once the change a button asked for is made: `key`'s text.
    /// Shown only for a button that [toasts](crate::bot::callback::FlowCallback::toasts).
    pub fn toast(&self, key: &str) {
        self.trace.set_toast(self.locale.t(key));
    }

    /// The user reading now, for the times a screen shows.
    pub fn reader(&self) -> Reader {
        Reading {
            locale: self.locale,
            zone: self.zone,
        }
        .now()
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

    /// Enters `state` only when the chat is in no step (a task finishing must not take the
    /// user out of one they went on to); answers whether it did.
    pub async fn set_state_if_idle(&self, state: impl Into<State>) -> HandlerResult<bool> {
        let current = self.dialogue.get().await.map_err(BotError::Dialogue)?;
        if current.is_some_and(|current| current != State::Idle) {
            return Ok(false);
        }
        self.set_state(state).await?;
        Ok(true)
    }

    pub async fn send(&self, screen: Screen) -> HandlerResult {
        self.show_tracked(None, screen).await?;
        Ok(())
    }

    /// [`show_in`], keeping the chat to one live menu: a screen with buttons becomes it, and
    /// the menu before loses its buttons; a screen without any is no menu. A task's screens
    /// are its progress and its result, which stay as they are.
    async fn show_tracked(
        &self,
        target: Option<MessageId>,
        screen: Screen,
    ) -> Result<MessageId, RequestError> {
        let has_buttons = !screen.keyboard.inline_keyboard.is_empty();
        let shown = show_in(&self.bot, self.chat, target, screen).await?;
        if self.in_task() {
            return Ok(shown);
        }
        let menus = &self.services.live_menus;
        if !has_buttons {
            menus.forget(self.chat, shown);
        } else if let Some(older) = menus.replace(self.chat, shown) {
            // Best effort: a menu already gone is left as it is.
            if let Err(error) = self.bot.edit_message_reply_markup(self.chat, older).await {
                tracing::debug!(%error, "cannot take the buttons off an older menu");
            }
        }
        Ok(shown)
    }

    /// The message `shown` holds a long action's progress now: never a menu to retire.
    pub(super) fn progress_shown(&self, shown: MessageId) {
        self.services.live_menus.forget(self.chat, shown);
    }

    /// Shows a "⏳ working…" screen in `target`, or in a new message, for a short wait in the
    /// handler (long actions are tasks, see `start_task`), and returns the message that now
    /// holds it, so the result (or the failure) replaces it instead of arriving beside it.
    pub async fn working(
        &self,
        target: Option<MessageId>,
        text: String,
    ) -> HandlerResult<Option<MessageId>> {
        let screen = Screen::new(text, Default::default());
        let shown = self.show_tracked(target, screen).await?;
        self.trace.set_working(shown);
        Ok(Some(shown))
    }

    /// Replaces the screen in `target` (the message whose button was pressed), or sends a new
    /// message when there is none or it cannot be edited.
    pub async fn show(&self, target: Option<MessageId>, screen: Screen) -> HandlerResult {
        self.settle_task(target, TaskState::Done).await;
        self.show_tracked(target, screen).await?;
        Ok(())
    }

    /// Shows a failure told by its own screen (not through [`Self::report`]) like a result;
    /// a task it ends is recorded as failed.
    pub async fn show_failure(&self, target: Option<MessageId>, screen: Screen) -> HandlerResult {
        self.settle_task(target, TaskState::Failed).await;
        self.show(target, screen).await
    }

    /// A task's result is about to replace its progress message: its end is recorded first,
    /// so a crash in between never turns a result into "this did not finish", and no progress
    /// edit lands on the result.
    async fn settle_task(&self, target: Option<MessageId>, state: TaskState) {
        if target.is_none() || target != self.trace.working() {
            return;
        }
        self.trace.take_working();
        if let Some(task) = &self.task {
            task.settle(state).await;
        }
    }

    /// Whether this context runs a task (not an update).
    fn in_task(&self) -> bool {
        self.task.is_some()
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
