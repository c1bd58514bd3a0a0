//! Starting a long action: the handler checks the user may, shows the "⏳" message with
//! ✖️ Cancel, queues the task that message belongs to and returns; a worker does the rest.

use teloxide::types::MessageId;

use super::{Ctx, show_in};
use crate::{
    bot::{
        HandlerResult,
        ui::{Screen, tasks::working},
    },
    domain::TaskKind,
    service::tasks::TaskError,
};

impl Ctx {
    /// Starts a task of `kind`, its progress shown in `target` (or a new message); answers
    /// whether it started. A refusal (one already runs, or the hourly limit is reached) comes
    /// in a new message, so the screen the user acted on stays for a later try.
    pub async fn start_task(
        &self,
        target: Option<MessageId>,
        kind: TaskKind,
    ) -> HandlerResult<bool> {
        let tasks = &self.services.tasks;
        if let Err(refused) = tasks.admit(self.user).await {
            return self.refuse(None, refused).await;
        }
        let mut task = tasks.task(self.user, self.chat.0, 0, self.locale, kind);
        // Shown before it is queued: the worker edits a message that exists.
        let shown = show_in(
            &self.bot,
            self.chat,
            target,
            working(self.locale, &task, None),
        )
        .await?;
        self.progress_shown(shown);
        task.message = shown.0;
        match tasks.start(&task).await {
            Ok(()) => Ok(true),
            // Another start won the race: the "⏳" message says why instead.
            Err(refused) => self.refuse(Some(shown), refused).await,
        }
    }

    async fn refuse(&self, target: Option<MessageId>, refused: TaskError) -> HandlerResult<bool> {
        let text = self.explain(&refused);
        self.show_tracked(target, Screen::notice(self.locale, text))
            .await?;
        Ok(false)
    }
}
