//! Connecting Google Drive: waiting for the user to approve the code at Google; picking a copy
//! to restore from Drive; typing the schedule's time zone.

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
    /// 📥 Restore from Drive shows a page of the user's copies: the copies on it, in the order
    /// shown, under the number `listing` that the page's buttons carry.
    #[serde(rename = "picking_drive_copy")]
    PickingCopy {
        listing: u32,
        copies: Vec<ListedCopy>,
    },
    /// 🌍 The list of time zones is shown; one may be typed instead.
    #[serde(rename = "typing_time_zone")]
    TypingZone,
    /// 🔒 Protect Drive backups was tapped: the next message is the password (deleted on
    /// arrival, then kept sealed by the copy service, never here).
    AwaitingDrivePassword,
}

/// A copy on the page shown: its id at the destination and its name there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListedCopy {
    pub id: String,
    pub name: String,
}

#[cfg(test)]
impl DriveState {
    pub fn examples() -> Vec<Self> {
        vec![
            Self::Connecting {
                verification_url: "https://www.google.com/device".to_owned(),
                user_code: "ABCD-EFGH".to_owned(),
            },
            Self::PickingCopy {
                listing: 7,
                copies: vec![ListedCopy {
                    id: "1Zx9_Y-abcdefghijklmnopqrstuvwxyz0".to_owned(),
                    name: "codevault-2026-11-30-1703-01234567.zip".to_owned(),
                }],
            },
            Self::TypingZone,
            Self::AwaitingDrivePassword,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(DriveState {
        Connecting,
        TypingZone,
        PickingCopy,
        AwaitingDrivePassword
    });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&DriveState::examples(), variant_name, VARIANT_NAMES);
    }
}
