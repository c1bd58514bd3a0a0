//! The task worker's Telegram side: each kind of task runs through its flow in a context like
//! a handler's, so it shows its result, tells its failure and delivers its archive the way the
//! handlers do; progress and the endings the worker tells edit the task's message.

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::{
    dispatching::dialogue::ErasedStorage,
    prelude::*,
    types::{MessageId, ParseMode},
};

use super::{
    BotError, Ctx, HandlerResult, Services, State, Tg,
    ctx::{Reading, show_in},
    flows::{backups, drive, github, import, restore},
    ui::{Screen, tasks::working},
};
use crate::{
    domain::{Task, TaskKind, TaskState, progress::Progress},
    service::tasks::{Advance, Ending, RunningTask, TaskEnd, TaskRunner},
};

pub struct TelegramTasks {
    bot: Tg,
    dialogues: Arc<ErasedStorage<State>>,
    services: Arc<Services>,
}

impl TelegramTasks {
    pub fn new(bot: Tg, dialogues: Arc<ErasedStorage<State>>, services: Arc<Services>) -> Self {
        Self {
            bot,
            dialogues,
            services,
        }
    }

    /// The flow's part of the task, as a handler's result.
    async fn run_flow(ctx: &Ctx, task: &RunningTask) -> HandlerResult {
        let target = Some(MessageId(task.task().message));
        let progress: &dyn Progress = task;
        match &task.task().kind {
            TaskKind::CreateBackup { history, protected } => {
                backups::create_task(ctx, target, *history, *protected, progress).await
            }
            TaskKind::GithubBackup { repo } => {
                github::back_up_task(ctx, target, repo, progress).await
            }
            TaskKind::BackUpNow { destination } => {
                drive::back_up_now_task(ctx, target, destination, progress).await
            }
            TaskKind::Upload {
                destination,
                backup,
            } => drive::upload_task(ctx, target, destination, backup, progress).await,
            TaskKind::RestoreApply { backup, decisions } => {
                restore::apply_task(ctx, target, backup, decisions).await
            }
            TaskKind::ImportArchive {
                file_id,
                document_name,
            } => {
                let name = document_name.as_deref();
                import::keep_task(ctx, target, file_id, name, progress).await
            }
            TaskKind::FetchCopy {
                destination,
                remote_id,
                ..
            } => drive::fetch_task(ctx, target, destination, remote_id, progress).await,
            TaskKind::ApplyRetention {
                destination,
                policy,
            } => drive::apply_retention_task(ctx, target, destination, *policy).await,
        }
    }
}

#[async_trait]
impl TaskRunner for TelegramTasks {
    async fn run(&self, task: Arc<RunningTask>) -> TaskEnd {
        let user = task.task().user;
        let zone = Reading::of(&self.services.users, user, task.task().locale)
            .await
            .zone;
        let ctx = Ctx::for_task(
            self.bot.clone(),
            self.dialogues.clone(),
            self.services.clone(),
            task.clone(),
            zone,
        );
        match Self::run_flow(&ctx, &task).await {
            Ok(()) => TaskEnd::Done,
            // However it stopped, the user asked it to: nothing is reported as a failure.
            Err(BotError::Cancelled) => TaskEnd::Cancelled,
            Err(BotError::Service(_)) if task.cancelled() => TaskEnd::Cancelled,
            Err(BotError::Service(failure)) => {
                if let Err(error) = ctx.report(failure).await {
                    tracing::warn!(%error, user, "cannot tell the user why a task failed");
                }
                TaskEnd::Failed
            }
            Err(error) => {
                tracing::error!(%error, user, task = %task.task().id, "a task failed");
                // Unless its result already shows (delivering it failed), it says so.
                if task.settle(TaskState::Failed).await {
                    self.show_end(task.task(), Ending::Failed).await;
                }
                TaskEnd::Failed
            }
        }
    }

    async fn show_progress(&self, task: &Task, advance: Advance) {
        let screen = working(task.locale, task, Some(advance));
        // Only an edit: a progress line never arrives as a message of its own.
        let edited = self
            .bot
            .edit_message_text(ChatId(task.chat), MessageId(task.message), screen.text)
            .parse_mode(ParseMode::Html)
            .reply_markup(screen.keyboard)
            .await;
        if let Err(error) = edited {
            tracing::debug!(%error, task = %task.id, "cannot show a task's progress");
        }
    }

    async fn show_end(&self, task: &Task, ending: Ending) {
        let locale = task.locale;
        let key = match ending {
            Ending::Cancelled => "task-cancelled",
            Ending::Interrupted => "work-interrupted",
            Ending::Failed => "error-internal",
        };
        let screen = Screen::notice(locale, locale.t(key));
        let (chat, message) = (ChatId(task.chat), Some(MessageId(task.message)));
        if let Err(error) = show_in(&self.bot, chat, message, screen).await {
            tracing::warn!(%error, task = %task.id, "cannot tell a user how their task ended");
        }
    }
}
