//! 🔒 A backup with a password waits for the password (deleted from the chat on arrival).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum BackupsState {
    /// 🔒 With password was tapped: the next message is the password (never stored: only
    /// whether the backup takes the history is kept here).
    AwaitingBackupPassword { history: bool },
}

#[cfg(test)]
impl BackupsState {
    pub fn examples() -> Vec<Self> {
        vec![Self::AwaitingBackupPassword { history: true }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(BackupsState {
        AwaitingBackupPassword
    });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&BackupsState::examples(), variant_name, VARIANT_NAMES);
    }
}
