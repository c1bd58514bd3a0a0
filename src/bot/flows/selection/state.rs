//! What is ticked in selection mode.

use serde::{Deserialize, Serialize};

use crate::domain::Id;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SelectionState {
    /// The backups ticked so far (ownership is checked again when they are deleted).
    SelectingBackups { selected: Vec<Id> },
}
