//! The dialogue state: what a conversation has collected so far. Stored in MongoDB, so a
//! flow in progress survives a restart.

use serde::{Deserialize, Serialize};

use crate::domain::{Id, restore::Choice};

/// Code waiting for a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub code: String,
    pub suggested_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
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
    EditingNote {
        file: Id,
    },
    EditingTags {
        file: Id,
    },
    EditingBackupNote {
        backup: Id,
    },
    /// My backups in selection mode: the backups ticked so far (ownership is checked again
    /// when they are deleted).
    SelectingBackups {
        selected: Vec<Id>,
    },
    /// 📥 Import ZIP was tapped: the next document is the archive.
    AwaitingImport,
    /// A valid archive waits for the user's go-ahead. Telegram keeps the file, so only its
    /// id is stored here.
    ImportPending {
        file_id: String,
        document_name: Option<String>,
    },
    /// 🔑 Connect token was tapped: the next message is the token (deleted on arrival).
    AwaitingGithubToken,
    /// 📦 Back up a repository was tapped: the next message names it.
    AwaitingRepo,
    /// ☁️ Connect was tapped: the code the user must enter, shown again by 🔄 Check connection.
    /// (The device code itself stays with the background poll, never in the database.)
    ConnectingDrive {
        verification_url: String,
        user_code: String,
    },
    /// A restore shown to the user: the conflicts it asks about and the choices so far.
    /// Only names and choices are kept here; the files are read again from the backup.
    Restoring {
        backup: Id,
        conflicts: Vec<String>,
        choices: Vec<Choice>,
    },
}
