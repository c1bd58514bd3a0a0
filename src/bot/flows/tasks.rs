//! ✖️ Cancel on a long action's progress message: a queued task ends at once, a running one
//! is stopped by the instance running it (whichever it is), which then says so in the message.
//! Only the presser's own running task is touched.

pub mod callback;

use teloxide::types::MessageId;

use self::callback::TaskCallback;
use crate::{
    bot::{
        Ctx, HandlerResult, Target,
        ui::{Screen, tasks},
    },
    domain::{Id, task::CancelRequest},
};

pub async fn on_button(ctx: Ctx, _target: Target, callback: TaskCallback) -> HandlerResult {
    match callback {
        TaskCallback::Cancel(id) => cancel(&ctx, &id).await,
    }
}

async fn cancel(ctx: &Ctx, id: &Id) -> HandlerResult {
    let locale = ctx.locale;
    match ctx.services.tasks.cancel(ctx.user, id).await? {
        CancelRequest::Cancelled(task) => {
            let text = locale.t("task-cancelled");
            ctx.show(Some(MessageId(task.message)), Screen::notice(locale, text))
                .await
        }
        CancelRequest::Stopping(task) => {
            let screen = tasks::stopping(locale, &task.kind);
            ctx.show(Some(MessageId(task.message)), screen).await
        }
        // Ended meanwhile, or not this user's: the message says what it ended with.
        CancelRequest::NotFound => ctx.hint("task-not-running").await,
    }
}
