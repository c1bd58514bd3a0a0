//! Start-up: settles the long actions a crash or a kill cut short, before any update is
//! handled. Each chat left with a "⏳" message is told the action did not finish and nothing
//! half-done was kept, and leaves whatever step it was in (a restore waiting on its "⏳ Restoring…"
//! would otherwise answer "choose one of the buttons" with no buttons left).

use std::sync::Arc;

use teloxide::{
    dispatching::dialogue::ErasedStorage,
    types::{ChatId, MessageId},
};

use super::{State, Tg, ctx::show_in, ui::Screen};
use crate::storage::WorkStore;

/// Settles every unfinished action; answers how many there were.
pub async fn settle_unfinished(
    bot: &Tg,
    work: &dyn WorkStore,
    dialogues: Arc<ErasedStorage<State>>,
) -> usize {
    let unfinished = match work.unfinished().await {
        Ok(unfinished) => unfinished,
        Err(error) => {
            tracing::error!(%error, "cannot read the actions a restart cut short");
            return 0;
        }
    };
    for action in &unfinished {
        let chat = ChatId(action.chat);
        let locale = action.locale;
        let screen = Screen::notice(locale, locale.t("work-interrupted"));
        if let Err(error) = show_in(bot, chat, Some(MessageId(action.message)), screen).await {
            tracing::warn!(chat = action.chat, %error, "cannot tell a user their action was cut short");
        }
        // Settled even when the user could not be told (say they blocked the bot), or it would
        // be tried again at every start.
        if let Err(error) = dialogues.clone().update_dialogue(chat, State::Idle).await {
            tracing::error!(chat = action.chat, %error, "cannot reset a dialogue cut short");
        }
        if let Err(error) = work.end(action.chat).await {
            tracing::error!(chat = action.chat, %error, "cannot record a settled action");
        }
    }
    if !unfinished.is_empty() {
        tracing::info!(
            count = unfinished.len(),
            "settled actions a restart cut short"
        );
    }
    unfinished.len()
}
