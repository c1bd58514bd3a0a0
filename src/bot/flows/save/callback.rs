//! ➕ Save code: the answers to its questions (take the suggested name, replace or rename a
//! taken one, skip the note).

use crate::bot::callback::codec::{Fields, FlowCallback};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveCallback {
    UseSuggestedName,
    Replace,
    Rename,
    SkipNote,
}

impl FlowCallback for SaveCallback {
    fn encode(&self) -> String {
        let answer = match self {
            Self::UseSuggestedName => "name",
            Self::Replace => "replace",
            Self::Rename => "rename",
            Self::SkipNote => "skip",
        };
        format!("s:{answer}")
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        if fields.shape() != ("s", 2) {
            return None;
        }
        Some(match fields.text(1)? {
            "name" => Self::UseSuggestedName,
            "replace" => Self::Replace,
            "rename" => Self::Rename,
            "skip" => Self::SkipNote,
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::UseSuggestedName | Self::Replace | Self::Rename | Self::SkipNote => true,
        }
    }
}

#[cfg(test)]
impl SaveCallback {
    pub fn examples() -> Vec<Self> {
        vec![
            Self::UseSuggestedName,
            Self::Replace,
            Self::Rename,
            Self::SkipNote,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(SaveCallback {
        UseSuggestedName,
        Replace,
        Rename,
        SkipNote,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = SaveCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<SaveCallback>(&["s", "s:delete", "s:name:1", "s:Name"]);
    }
}
