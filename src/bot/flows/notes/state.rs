//! The text being typed: a file's note, tags or new name, or a backup's note.

use serde::{Deserialize, Serialize};

use crate::domain::Id;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum NotesState {
    EditingNote {
        file: Id,
    },
    EditingTags {
        file: Id,
    },
    Renaming {
        file: Id,
    },
    /// The new name is another file's: replace that one, pick another name, or cancel?
    RenameTaken {
        file: Id,
        name: String,
    },
    EditingBackupNote {
        backup: Id,
    },
}

#[cfg(test)]
impl NotesState {
    pub fn examples() -> Vec<Self> {
        let id = || Id::parse("0123456789abcdef01234567").unwrap();
        vec![
            Self::EditingNote { file: id() },
            Self::EditingTags { file: id() },
            Self::Renaming { file: id() },
            Self::RenameTaken {
                file: id(),
                name: "taken.rs".into(),
            },
            Self::EditingBackupNote { backup: id() },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(NotesState {
        EditingNote,
        EditingTags,
        Renaming,
        RenameTaken,
        EditingBackupNote
    });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&NotesState::examples(), variant_name, VARIANT_NAMES);
    }
}
