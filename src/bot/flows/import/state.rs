//! An import waiting for its archive, or for the user's go-ahead.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ImportState {
    /// 📥 Import ZIP was tapped: the next document is the archive.
    AwaitingImport,
    /// A valid archive waits for the user's go-ahead. Telegram keeps the file, so only its
    /// id is stored here.
    ImportPending {
        file_id: String,
        document_name: Option<String>,
    },
}
