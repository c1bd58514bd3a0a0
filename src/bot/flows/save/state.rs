//! Where saving code is: waiting for the code, its name, a choice about a taken name, the note.

use serde::{Deserialize, Serialize};

use crate::domain::{Id, paste::Pieces};

/// Code waiting for a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub code: String,
    pub suggested_name: String,
    /// The messages the code came in; while the last may have been cut from a longer paste,
    /// the next message continues the code instead of naming it.
    #[serde(default)]
    pub pieces: Pieces,
    /// The file this code is to be a new version of; `None` for a new file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_of: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SaveState {
    /// ➕ Save code was tapped: the next text or document is the code.
    AwaitingCode,
    /// `/long`: every text message is a piece of the code, until `/done`.
    Collecting {
        code: String,
        pieces: Pieces,
    },
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
    /// 🆕 New version was tapped on this file's screen: the next text or document is the code.
    AwaitingVersion {
        file: Id,
    },
    /// The code for a new version (its draft says of which file), to be confirmed.
    ConfirmingVersion {
        draft: Draft,
    },
}

#[cfg(test)]
impl SaveState {
    pub fn examples() -> Vec<Self> {
        let draft = || Draft {
            code: "print('שלום')".to_owned(),
            suggested_name: "a.py".to_owned(),
            pieces: Pieces::default(),
            version_of: None,
        };
        let id = || Id::parse("0123456789abcdef01234567").unwrap();
        vec![
            Self::AwaitingCode,
            Self::Collecting {
                code: "fn main() {}".to_owned(),
                pieces: Pieces {
                    count: 1,
                    open_until: None,
                },
            },
            Self::AwaitingName { draft: draft() },
            Self::NameTaken {
                draft: draft(),
                name: "a.py".to_owned(),
            },
            Self::AwaitingNote {
                draft: draft(),
                name: "a.py".to_owned(),
                replace: true,
            },
            Self::AwaitingVersion { file: id() },
            Self::ConfirmingVersion {
                draft: Draft {
                    version_of: Some(id()),
                    ..draft()
                },
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(SaveState {
        AwaitingCode,
        Collecting,
        AwaitingName,
        NameTaken,
        AwaitingNote,
        AwaitingVersion,
        ConfirmingVersion
    });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&SaveState::examples(), variant_name, VARIANT_NAMES);
    }
}
