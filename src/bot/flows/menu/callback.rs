//! The main menu's buttons: open a destination, or cancel the step in progress.

use crate::bot::callback::codec::{Fields, FlowCallback};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    Main,
    Save,
    Files,
    Backups,
    Drive,
    GitHub,
    Language,
    Help,
    /// The rest of the help, after its short first screen.
    HelpMore,
}

impl MenuItem {
    const ALL: [Self; 9] = [
        Self::Main,
        Self::Save,
        Self::Files,
        Self::Backups,
        Self::Drive,
        Self::GitHub,
        Self::Language,
        Self::Help,
        Self::HelpMore,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::Save => "save",
            Self::Files => "files",
            Self::Backups => "backup",
            Self::Drive => "drive",
            Self::GitHub => "github",
            Self::Language => "lang",
            Self::Help => "help",
            Self::HelpMore => "help2",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuCallback {
    Open(MenuItem),
    /// 🚫 Cancel under a prompt: leaves the step, as /cancel does.
    Cancel,
}

impl FlowCallback for MenuCallback {
    fn encode(&self) -> String {
        match self {
            Self::Open(item) => format!("m:{}", item.code()),
            // The save flow's code, from when only saving had a Cancel button.
            Self::Cancel => "s:cancel".to_owned(),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("m", 2) => {
                let code = fields.text(1)?;
                Self::Open(MenuItem::ALL.into_iter().find(|m| m.code() == code)?)
            }
            ("s", 2) if fields.text(1) == Some("cancel") => Self::Cancel,
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::Open(_) | Self::Cancel => false,
        }
    }
}

#[cfg(test)]
impl MenuCallback {
    pub fn examples() -> Vec<Self> {
        let mut all: Vec<Self> = MenuItem::ALL.into_iter().map(Self::Open).collect();
        all.push(Self::Cancel);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(MenuCallback { Open, Cancel });

    #[test]
    fn every_variant_round_trips() {
        let examples = MenuCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<MenuCallback>(&["m", "m:nope", "m:main:1", "s:cancel:1", "s:delete"]);
    }
}
