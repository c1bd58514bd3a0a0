//! The text being typed: a file's note or tags, or a backup's note.

use serde::{Deserialize, Serialize};

use crate::domain::Id;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum NotesState {
    EditingNote { file: Id },
    EditingTags { file: Id },
    EditingBackupNote { backup: Id },
}
