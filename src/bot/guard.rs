//! The root of the update tree. Whatever a handler does — succeed, fail or panic — the user
//! hears back, the dispatcher lives on (a panic in a chat's worker would otherwise kill it and
//! then the whole process: "TX is dead"), and the chat's backlog is settled.

use std::{any::Any, ops::ControlFlow, panic::AssertUnwindSafe, sync::Arc};

use futures::FutureExt;
use teloxide::{
    dispatching::UpdateHandler,
    dptree::{self, HandlerSignature, Type, di::DependencyMap},
    prelude::*,
    types::{MessageId, UpdateKind},
};

use super::{
    Tg,
    ctx::show_in,
    flood::{ChatLoad, chat_of},
    trace::Trace,
    ui::Screen,
};
use crate::i18n::Locale;

/// Runs `inner` for every update as described in the module; `load` is the backlog the
/// update listener admitted the update against. An error `inner` ends with is logged and
/// answered with an apology (a service's refusal was told to the user before it got here).
pub fn guarded<E>(inner: UpdateHandler<E>, load: Arc<ChatLoad>) -> UpdateHandler<E>
where
    E: std::fmt::Display + Send + Sync + 'static,
{
    let description = inner.description().clone();
    let sig = providing::<Arc<Trace>>(inner.sig());
    dptree::from_fn_with_description(
        description,
        move |mut deps: DependencyMap, cont| {
            let inner = inner.clone();
            let load = load.clone();
            async move {
                let update: Option<Arc<Update>> = deps.try_get();
                let bot: Option<Arc<Tg>> = deps.try_get();
                let trace = Arc::new(Trace::default());
                deps.insert(trace.clone());
                let held = update
                    .as_deref()
                    .and_then(chat_of)
                    .map(|chat| Held::new(load, chat));
                let outcome = AssertUnwindSafe(inner.execute(deps, cont))
                    .catch_unwind()
                    .await;
                let user = user_of(update.as_deref());
                let (flow, failed) = match outcome {
                    Ok(ControlFlow::Break(Err(error))) => {
                        tracing::error!(user, %error, "an update failed");
                        (ControlFlow::Break(Ok(())), true)
                    }
                    Err(panic) => {
                        let panic = panic_text(panic.as_ref());
                        tracing::error!(user, %panic, "a handler panicked");
                        (ControlFlow::Break(Ok(())), true)
                    }
                    Ok(flow) => (flow, false),
                };
                let after = Aftermath { bot, update, trace };
                after.answer_press(failed).await;
                if failed {
                    after.apologize().await;
                }
                if let Some(skipped) = held.and_then(Held::finish) {
                    after.tell_skipped(skipped).await;
                }
                flow
            }
        },
        sig,
    )
}

/// What the guard has to answer with once the handler is done.
struct Aftermath {
    bot: Option<Arc<Tg>>,
    update: Option<Arc<Update>>,
    trace: Arc<Trace>,
}

impl Aftermath {
    /// The chat and language to answer in, and the bot to answer with.
    fn audience(&self) -> Option<(&Tg, ChatId, Locale)> {
        let update = self.update.as_deref()?;
        Some((
            self.bot.as_deref()?,
            chat_of(update)?,
            self.trace.locale(update),
        ))
    }

    /// Answers a press left for its toast: with the toast when the handler set one (a failure
    /// never shows one), else plainly, so the button stops spinning either way.
    async fn answer_press(&self, failed: bool) {
        let (Some(bot), Some((query, toast))) = (self.bot.as_deref(), self.trace.take_unanswered())
        else {
            return;
        };
        let mut answer = bot.answer_callback_query(query);
        if let Some(toast) = toast.filter(|_| !failed) {
            answer = answer.text(toast);
        }
        if let Err(error) = answer.await {
            tracing::warn!(%error, "cannot answer a pressed button");
        }
    }

    /// Best effort: tells the user something went wrong, in the "⏳" message if there was one,
    /// and stops a pressed button spinning.
    async fn apologize(&self) {
        let working: Option<MessageId> = self.trace.take_working();
        let Some((bot, chat, locale)) = self.audience() else {
            return;
        };
        if let Some(UpdateKind::CallbackQuery(query)) = self.update.as_deref().map(|u| &u.kind) {
            // Usually answered already; then Telegram refuses this one, which is fine.
            let _ = bot.answer_callback_query(query.id.clone()).await;
        }
        let screen = Screen::notice(locale, locale.t("error-internal"));
        if let Err(error) = show_in(bot, chat, working, screen).await {
            tracing::warn!(%error, "cannot tell the user an update failed");
        }
    }

    /// One notice per flood, once the chat's backlog has drained.
    async fn tell_skipped(&self, skipped: u32) {
        let Some((bot, chat, locale)) = self.audience() else {
            return;
        };
        tracing::info!(chat = chat.0, skipped, "skipped updates of a flooding chat");
        let text = locale.t_with("flood-skipped", &[("count", skipped.into())]);
        let screen = Screen::new(text, Default::default());
        if let Err(error) = show_in(bot, chat, None, screen).await {
            tracing::warn!(%error, "cannot tell the user updates were skipped");
        }
    }
}

/// `sig` without the obligation the guard meets itself.
fn providing<T>(sig: &HandlerSignature) -> HandlerSignature
where
    T: 'static,
{
    match sig.clone() {
        HandlerSignature::Other {
            mut obligations,
            guaranteed_outcomes,
            conditional_outcomes,
            continues,
        } => {
            obligations.remove(&Type::of::<T>());
            HandlerSignature::Other {
                obligations,
                guaranteed_outcomes,
                conditional_outcomes,
                continues,
            }
        }
        entry => entry,
    }
}

fn user_of(update: Option<&Update>) -> Option<u64> {
    update.and_then(Update::from).map(|user| user.id.0)
}

fn panic_text(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// An update of `chat` in hand; giving it back frees room in the chat's backlog.
struct Held {
    load: Arc<ChatLoad>,
    chat: ChatId,
    done: bool,
}

impl Held {
    fn new(load: Arc<ChatLoad>, chat: ChatId) -> Self {
        Self {
            load,
            chat,
            done: false,
        }
    }

    /// How many updates of the chat were skipped, once its last one in hand is done.
    fn finish(mut self) -> Option<u32> {
        self.done = true;
        self.load.finish(self.chat)
    }
}

impl Drop for Held {
    // Even a handler future dropped half-way gives its room back.
    fn drop(&mut self) {
        if !self.done {
            self.load.finish(self.chat);
        }
    }
}
