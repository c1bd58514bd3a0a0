//! 🌐 Language: the list of time zones is shown, and one may be typed instead.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum LanguageState {
    /// Not `typing_time_zone`: that step is the Drive schedule's.
    TypingOwnTimeZone,
}

#[cfg(test)]
impl LanguageState {
    pub fn examples() -> Vec<Self> {
        vec![Self::TypingOwnTimeZone]
    }
}
