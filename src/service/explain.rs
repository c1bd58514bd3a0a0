//! How a service's error reads to the user, said without saying how it shows: a locale key with
//! typed arguments, and how serious the failure is. The Telegram adapter renders the message
//! (escaping, names made visible, sizes, times) and logs the error by its severity, once; no
//! formatting and no markup here.

use chrono::{DateTime, Utc};

/// An error a user can be told about. Every service error type implements it, so a handler
/// only passes the error on.
pub trait Explain: std::error::Error + Send + Sync {
    /// What the user reads.
    fn message(&self) -> UserMessage;
    /// How it is logged.
    fn severity(&self) -> Severity;
}

/// How serious a failure is, which says how it is logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The user's input or their data: nothing to fix (logged without its details, which may
    /// be what the user typed or sent).
    User,
    /// Something outside us: GitHub, Google, the network, an archive made elsewhere.
    Outside,
    /// Our storage, our configuration or a bug.
    Ours,
}

/// One value inserted into a message, typed so that it is shown the one right way.
#[derive(Clone, Debug, PartialEq)]
pub enum MessageArg {
    /// A number; plural selectors read it.
    Number(u64),
    /// A name the user or an archive gave: shown with every hidden character written out.
    Name(String),
    /// Plain text, shown as it is.
    Text(String),
    /// A size in bytes, shown in megabytes.
    Megabytes(u64),
    /// A size in bytes, shown in the unit that suits it (bytes, KB, MB, GB).
    Size(u64),
    Time(DateTime<Utc>),
    /// Another message, by its key, in the same language.
    Phrase(&'static str),
}

impl From<u64> for MessageArg {
    fn from(number: u64) -> Self {
        Self::Number(number)
    }
}

impl From<usize> for MessageArg {
    fn from(number: usize) -> Self {
        Self::Number(u64::try_from(number).unwrap_or(u64::MAX))
    }
}

impl From<u32> for MessageArg {
    fn from(number: u32) -> Self {
        Self::Number(number.into())
    }
}

impl From<u16> for MessageArg {
    fn from(number: u16) -> Self {
        Self::Number(number.into())
    }
}

/// One localized line: its key and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub key: &'static str,
    pub args: Vec<(&'static str, MessageArg)>,
}

/// What the user reads: one line, or a few shown one under the other (a reason, then what
/// the user can do about it).
#[derive(Clone, Debug, PartialEq)]
pub struct UserMessage {
    lines: Vec<Line>,
}

impl UserMessage {
    pub fn new(key: &'static str) -> Self {
        Self {
            lines: vec![Line {
                key,
                args: Vec::new(),
            }],
        }
    }

    /// Adds an argument to the last line.
    pub fn with(mut self, name: &'static str, value: impl Into<MessageArg>) -> Self {
        if let Some(line) = self.lines.last_mut() {
            line.args.push((name, value.into()));
        }
        self
    }

    /// `next`'s lines under these.
    pub fn then(mut self, next: Self) -> Self {
        self.lines.extend(next.lines);
        self
    }

    /// The key of the first line: what the message is about.
    pub fn key(&self) -> &'static str {
        self.lines.first().map_or("", |line| line.key)
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The argument `name` of the first line that has one.
    pub fn arg(&self, name: &str) -> Option<&MessageArg> {
        self.lines
            .iter()
            .flat_map(|line| &line.args)
            .find(|(arg, _)| *arg == name)
            .map(|(_, value)| value)
    }
}

impl From<&'static str> for UserMessage {
    fn from(key: &'static str) -> Self {
        Self::new(key)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Each example explains itself with its expected key (the key of its first line).
    pub fn assert_keys<E>(examples: &[(E, &'static str)])
    where
        E: Explain,
    {
        for (error, key) in examples {
            assert_eq!(error.message().key(), *key, "{error:?}");
        }
    }

    #[test]
    fn a_message_is_built_line_by_line() {
        let message = UserMessage::new("first")
            .with("count", 2_usize)
            .then(UserMessage::new("second").with("name", MessageArg::Name("a".to_owned())));
        assert_eq!(message.key(), "first");
        assert_eq!(message.lines().len(), 2);
        assert_eq!(message.arg("count"), Some(&MessageArg::Number(2)));
        assert_eq!(message.lines()[1].args.len(), 1);
        assert_eq!(message.arg("name"), Some(&MessageArg::Name("a".to_owned())));
    }
}
