//! What handling one update leaves for the guard around it (see `guard`).

use std::sync::Mutex;

use teloxide::types::{CallbackQueryId, MessageId, Update};

use crate::{i18n::Locale, sync::lock};

/// What handling one update leaves for the guard around it: the language the user was
/// answered in, the "⏳" message of a long action not yet replaced by its result, and a
/// pressed button left unanswered for its toast.
#[derive(Debug, Default)]
pub struct Trace {
    locale: Mutex<Option<Locale>>,
    working: Mutex<Option<MessageId>>,
    unanswered: Mutex<Option<CallbackQueryId>>,
    toast: Mutex<Option<String>>,
}

impl Trace {
    pub fn set_locale(&self, locale: Locale) {
        *lock(&self.locale) = Some(locale);
    }

    pub fn set_working(&self, message: MessageId) {
        *lock(&self.working) = Some(message);
    }

    pub fn working(&self) -> Option<MessageId> {
        *lock(&self.working)
    }

    pub fn take_working(&self) -> Option<MessageId> {
        lock(&self.working).take()
    }

    /// The press whose answer waits for the handler (see `FlowCallback::toasts`).
    pub fn defer_answer(&self, query: CallbackQueryId) {
        *lock(&self.unanswered) = Some(query);
    }

    /// What the deferred answer says, once the change it tells of is made.
    pub fn set_toast(&self, text: String) {
        *lock(&self.toast) = Some(text);
    }

    /// The press still to answer, and its toast if the handler set one.
    pub fn take_unanswered(&self) -> Option<(CallbackQueryId, Option<String>)> {
        let query = lock(&self.unanswered).take()?;
        Some((query, lock(&self.toast).take()))
    }

    /// The user's language, or Telegram's when the handler never learnt it.
    pub fn locale(&self, update: &Update) -> Locale {
        lock(&self.locale).unwrap_or_else(|| {
            Locale::from_telegram(update.from().and_then(|user| user.language_code.as_deref()))
        })
    }
}
