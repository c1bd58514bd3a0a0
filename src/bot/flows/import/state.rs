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
    /// The archive is protected: the next message is its password (deleted on arrival, held
    /// in memory only, never here).
    AwaitingImportPassword {
        file_id: String,
        document_name: Option<String>,
    },
}

#[cfg(test)]
impl ImportState {
    pub fn examples() -> Vec<Self> {
        vec![
            Self::AwaitingImport,
            Self::ImportPending {
                file_id: "file".to_owned(),
                document_name: None,
            },
            Self::AwaitingImportPassword {
                file_id: "file".to_owned(),
                document_name: Some("secret.zip".to_owned()),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(ImportState {
        AwaitingImport,
        ImportPending,
        AwaitingImportPassword
    });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&ImportState::examples(), variant_name, VARIANT_NAMES);
    }
}
