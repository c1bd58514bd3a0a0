//! What a message that is not a command brings: a document or text. Anything else, and text
//! that looks like a command no one knows, gets a hint whatever the step.

use chrono::{DateTime, Utc};
use teloxide::types::{Document, Message};

use super::{Ctx, HandlerResult};

#[derive(Clone, Debug)]
pub enum Input {
    Document(Box<Document>),
    /// `sent_at` is Telegram's date of the message: it tells a paste's pieces apart from the
    /// next answer, however late the bot receives them.
    Text {
        text: String,
        sent_at: DateTime<Utc>,
    },
}

impl Input {
    pub fn of(message: Message) -> Option<Self> {
        if let Some(document) = message.document() {
            return Some(Self::Document(Box::new(document.clone())));
        }
        let text = message.text()?.to_owned();
        Some(Self::Text {
            text,
            sent_at: message.date,
        })
    }
}

/// Neither text nor a document (a sticker, a photo…).
pub fn is_unsupported(message: Message) -> bool {
    message.document().is_none() && message.text().is_none()
}

pub fn is_unknown_command(message: Message) -> bool {
    message.text().is_some_and(looks_like_command)
}

pub async fn unsupported(ctx: Ctx) -> HandlerResult {
    ctx.hint("unsupported-message").await
}

pub async fn unknown_command(ctx: Ctx) -> HandlerResult {
    ctx.hint("unknown-command").await
}

/// `/word` or `/word@bot` that no command matched; code such as `/* note */` is not one.
fn looks_like_command(text: &str) -> bool {
    text.strip_prefix('/').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
    })
}

#[cfg(test)]
mod tests {
    use super::looks_like_command;

    #[test]
    fn tells_unknown_commands_from_code() {
        assert!(looks_like_command("/nosuch"));
        assert!(looks_like_command("/files@codevault_bot"));
        assert!(!looks_like_command("/* a comment */"));
        assert!(!looks_like_command("// rust comment"));
        assert!(!looks_like_command("/"));
    }
}
