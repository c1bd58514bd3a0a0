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
