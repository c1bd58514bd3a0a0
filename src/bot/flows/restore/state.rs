//! A restore shown to the user.

use serde::{Deserialize, Serialize};

use crate::domain::{Id, restore::Choice};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum RestoreState {
    /// The conflicts the restore asks about and the choices so far. Only names and choices
    /// are kept here; the files are read again from the backup.
    Restoring {
        backup: Id,
        conflicts: Vec<String>,
        choices: Vec<Choice>,
    },
}

#[cfg(test)]
impl RestoreState {
    pub fn examples() -> Vec<Self> {
        vec![Self::Restoring {
            backup: Id::parse("0123456789abcdef01234567").unwrap(),
            conflicts: vec!["a.py".to_owned()],
            choices: vec![Choice::KeepBoth],
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(RestoreState { Restoring });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&RestoreState::examples(), variant_name, VARIANT_NAMES);
    }
}
