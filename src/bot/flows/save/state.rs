//! Where saving code is: waiting for the code, its name, a choice about a taken name, the note.

use serde::{Deserialize, Serialize};

/// Code waiting for a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub code: String,
    pub suggested_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SaveState {
    /// ➕ Save code was tapped: the next text or document is the code.
    AwaitingCode,
    AwaitingName {
        draft: Draft,
    },
    /// The chosen name belongs to a current file: replace, rename or cancel.
    NameTaken {
        draft: Draft,
        name: String,
    },
    AwaitingNote {
        draft: Draft,
        name: String,
        replace: bool,
    },
}
