//! Connecting Google Drive: waiting for the user to approve the code at Google.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum DriveState {
    /// ☁️ Connect was tapped: the code the user must enter, shown again by 🔄 Check connection.
    /// (The device code itself stays with the background poll, never in the database.)
    #[serde(rename = "connecting_drive")]
    Connecting {
        verification_url: String,
        user_code: String,
    },
}
