//! Replies many flows share: a stale button, a hint, the quota's notes.

use teloxide::{
    prelude::*,
    types::{Message, MessageId},
};

use super::Ctx;
use crate::{
    bot::{
        HandlerResult,
        ui::{Screen, backups::pruned_note},
    },
    domain::backup::BackupRecord,
};

impl Ctx {
    /// A button pressed outside the step it answers (an old message): say so, change nothing.
    pub async fn stale(&self, target: Option<MessageId>) -> HandlerResult {
        let text = self.locale.t("error-stale-button");
        self.show(target, Screen::notice(self.locale, text)).await
    }

    /// Deletes the user's message that holds a secret (a token, a password) from the chat, at
    /// once and whatever happens next; a failure is logged (never the secret) and the step
    /// goes on.
    pub async fn delete_secret(&self, message: &Message) {
        if let Err(error) = self.bot.delete_message(self.chat, message.id).await {
            tracing::warn!(%error, user = self.user, "cannot delete the message holding a secret");
        }
    }

    /// A short notice, such as what the current step expects, in a new message.
    pub async fn hint(&self, key: &str) -> HandlerResult {
        self.send(Screen::notice(self.locale, self.locale.t(key)))
            .await
    }

    /// What the quota removed to make room for a new backup, if anything.
    pub fn pruned_note(&self, removed: &[BackupRecord]) -> Option<String> {
        let quota = &self.services.backups.settings().quota;
        pruned_note(&self.reader(), quota, removed)
    }

    /// Appends to a result's `text` what the quota removed to make room, if anything.
    pub fn add_pruned_note(&self, text: &mut String, removed: &[BackupRecord]) {
        if let Some(note) = self.pruned_note(removed) {
            text.push_str("\n\n");
            text.push_str(&note);
        }
    }
}
