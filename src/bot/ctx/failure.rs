//! Why an action failed, told to the user in their words and logged once, by its severity.

use std::error::Error;

use super::Ctx;
use crate::{
    bot::{Failure, HandlerResult, ui::message::render},
    domain::TaskState,
    service::{Explain, Severity},
};

impl Ctx {
    /// Tells the user why an action failed, on the screen they acted on: the "⏳" message of a
    /// long action, or the message whose button they pressed (else in a new message). A
    /// failure that ends the step leaves it first (in a handler; a task leaves the chat's step
    /// alone).
    pub async fn report(&self, failure: Failure) -> HandlerResult {
        // A task runs beside the chat, whose dialogue may be in another step by now: it stays.
        if failure.ends_step && !self.in_task() {
            self.reset().await?;
        }
        let text = self.explain(failure.error.as_ref());
        let target = self.trace.working().or(self.pressed);
        self.settle_task(target, TaskState::Failed).await;
        self.show(target, (failure.screen)(self.locale, text)).await
    }

    /// The user's words for `error`, which is logged here (the bot logs a service's error
    /// nowhere else), by its severity.
    pub fn explain(&self, error: &dyn Explain) -> String {
        let message = error.message();
        let key = message.key();
        let user = self.user;
        match error.severity() {
            // What the user sent may be in the error: only its kind is logged.
            Severity::User => tracing::debug!(user, key, "refused"),
            Severity::Outside => {
                tracing::warn!(user, key, error = %chain(error), "an outside service failed");
            }
            Severity::Ours => tracing::error!(user, key, error = %chain(error), "an action failed"),
        }
        render(&self.reader(), &message)
    }
}

/// `error` and its causes, each cause once (an error's text often repeats its source's).
fn chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(source) = cause {
        let said = source.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        cause = source.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer: {0}")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("inner")]
    struct Inner(#[source] std::io::Error);

    #[test]
    fn a_chain_says_each_cause_once() {
        let error = Outer(Inner(std::io::Error::other("disk gone")));
        assert_eq!(chain(&error), "outer: inner: disk gone");
    }
}
