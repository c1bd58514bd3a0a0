//! What is ticked in selection mode.

use serde::{Deserialize, Serialize};

use crate::domain::Id;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SelectionState {
    /// The backups ticked so far (ownership is checked again when they are deleted).
    SelectingBackups { selected: Vec<Id> },
}

#[cfg(test)]
impl SelectionState {
    pub fn examples() -> Vec<Self> {
        vec![Self::SelectingBackups {
            selected: vec![Id::parse("0123456789abcdef01234567").unwrap()],
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(SelectionState { SelectingBackups });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&SelectionState::examples(), variant_name, VARIANT_NAMES);
    }
}
