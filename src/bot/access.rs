//! Updates the bot answers without entering a dialogue: from a group, or from a user the
//! allow-list keeps out.

use teloxide::{prelude::*, types::UpdateKind};

use crate::bot::{HandlerResult, Sender, Tg};

/// In a group the bot only points to the private chat.
pub async fn not_private(bot: Tg, sender: Sender, update: Update) -> HandlerResult {
    if let UpdateKind::CallbackQuery(query) = update.kind {
        bot.answer_callback_query(query.id).await?;
    }
    bot.send_message(sender.chat, sender.telegram_locale.t("private-chat-only"))
        .await?;
    Ok(())
}

pub async fn not_allowed(bot: Tg, sender: Sender, update: Update) -> HandlerResult {
    if let UpdateKind::CallbackQuery(query) = update.kind {
        bot.answer_callback_query(query.id).await?;
    }
    bot.send_message(sender.chat, sender.telegram_locale.t("access-denied"))
        .await?;
    Ok(())
}
