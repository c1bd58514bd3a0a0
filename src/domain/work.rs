//! Long actions a chat is waiting for.

use chrono::{DateTime, Utc};

use super::locale::Locale;

/// A long action a chat was shown a "⏳" message for, recorded until its result replaces that
/// message, so one cut short by a crash can be settled at the next start.
#[derive(Clone, Debug, PartialEq)]
pub struct Unfinished {
    pub chat: i64,
    pub message: i32,
    /// The language the chat was answered in.
    pub locale: Locale,
    pub since: DateTime<Utc>,
}
