//! A restore shown to the user.

use serde::{Deserialize, Serialize};

use crate::domain::{Id, restore::Decisions};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum RestoreState {
    /// The conflicts the restore asks about and the choices so far. Only names and choices
    /// are kept here (as `conflicts` and `choices`); the files are read again from the backup.
    Restoring {
        backup: Id,
        #[serde(flatten)]
        decisions: Decisions,
    },
    /// The backup is protected: the next message is its password (deleted on arrival, held
    /// in memory only, never here).
    AwaitingRestorePassword { backup: Id },
}

#[cfg(test)]
use crate::domain::restore::Choice;

#[cfg(test)]
impl RestoreState {
    pub fn examples() -> Vec<Self> {
        let mut decisions = Decisions::new(vec!["a.py".to_owned(), "b.py".to_owned()]);
        decisions.record(Choice::KeepBoth, false);
        let backup = Id::parse("0123456789abcdef01234567").unwrap();
        vec![
            Self::Restoring {
                backup: backup.clone(),
                decisions,
            },
            Self::AwaitingRestorePassword { backup },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(RestoreState {
        Restoring,
        AwaitingRestorePassword
    });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&RestoreState::examples(), variant_name, VARIANT_NAMES);
    }

    #[test]
    fn a_restore_in_progress_is_stored_as_before_its_decisions_had_a_type() {
        let stored = serde_json::json!({
            "step": "restoring",
            "backup": "0123456789abcdef01234567",
            "conflicts": ["a.py", "b.py"],
            "choices": ["keep_both"],
        });
        let state = RestoreState::examples().remove(0);
        assert_eq!(serde_json::to_value(&state).unwrap(), stored);
        assert_eq!(
            serde_json::from_value::<RestoreState>(stored).unwrap(),
            state
        );
    }
}
