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

#[cfg(test)]
impl DriveState {
    pub fn examples() -> Vec<Self> {
        vec![Self::Connecting {
            verification_url: "https://www.google.com/device".to_owned(),
            user_code: "ABCD-EFGH".to_owned(),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(DriveState { Connecting });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&DriveState::examples(), variant_name, VARIANT_NAMES);
    }
}
