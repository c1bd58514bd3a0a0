//! Replies many flows share: why an action failed, a stale button, a hint, the quota's notes.

use teloxide::types::MessageId;

use super::Ctx;
use crate::{
    bot::{
        HandlerResult,
        errors::library_error_text,
        ui::{Screen, backups::no_room, backups::pruned_note},
    },
    domain::{MAX_NOTE_CHARS, backup::BackupRecord},
    service::{BackupError, LibraryError},
};

impl Ctx {
    /// Tells the user why a library action failed, in their language.
    pub async fn fail(&self, target: Option<MessageId>, error: &LibraryError) -> HandlerResult {
        let text = library_error_text(self.locale, error, self.library().limits());
        self.show(target, Screen::notice(self.locale, text)).await
    }

    /// Tells the user why an action on a backup failed.
    pub async fn fail_backup(
        &self,
        target: Option<MessageId>,
        error: &BackupError,
    ) -> HandlerResult {
        let text = self.backup_error_text(error);
        self.show(target, Screen::notice(self.locale, text)).await
    }

    fn backup_error_text(&self, error: &BackupError) -> String {
        let locale = self.locale;
        match error {
            BackupError::NotFound => locale.t("error-backup-not-found"),
            BackupError::NoteTooLong => {
                locale.t_with("error-note-too-long", &[("max", MAX_NOTE_CHARS.into())])
            }
            BackupError::Damaged => locale.t("error-backup-damaged"),
            BackupError::QuotaFull { stored, limit } => no_room(locale, *stored, *limit),
            BackupError::Build(_)
            | BackupError::Verification(_)
            | BackupError::Repository(_)
            | BackupError::Store(_) => {
                tracing::error!(%error, user = self.user, "backup action failed");
                locale.t("error-backup-failed")
            }
        }
    }

    /// A button pressed outside the step it answers (an old message): say so, change nothing.
    pub async fn stale(&self, target: Option<MessageId>) -> HandlerResult {
        let text = self.locale.t("error-stale-button");
        self.show(target, Screen::notice(self.locale, text)).await
    }

    /// A short notice, such as what the current step expects, in a new message.
    pub async fn hint(&self, key: &str) -> HandlerResult {
        self.send(Screen::notice(self.locale, self.locale.t(key)))
            .await
    }

    /// What the quota removed to make room for a new backup, if anything.
    pub fn pruned_note(&self, removed: &[BackupRecord]) -> Option<String> {
        let limit = self.services.backups.settings().max_backups;
        pruned_note(self.locale, limit, removed)
    }

    /// Appends to a result's `text` what the quota removed to make room, if anything.
    pub fn add_pruned_note(&self, text: &mut String, removed: &[BackupRecord]) {
        if let Some(note) = self.pruned_note(removed) {
            text.push_str("\n\n");
            text.push_str(&note);
        }
    }
}
