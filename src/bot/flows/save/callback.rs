//! ➕ Save code: the answers to its questions (take the suggested name, replace or rename a
//! taken one, skip the note), and 🆕 a new version of a file (ask for it, then save it).

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::Id,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveCallback {
    UseSuggestedName,
    Replace,
    Rename,
    SkipNote,
    /// 🆕 on a file's screen: the next code sent is a new version of this file.
    NewVersion(Id),
    /// ✅ Save the code sent as the new version.
    SaveVersion,
}

impl FlowCallback for SaveCallback {
    fn encode(&self) -> String {
        let answer = match self {
            Self::UseSuggestedName => "name",
            Self::Replace => "replace",
            Self::Rename => "rename",
            Self::SkipNote => "skip",
            Self::NewVersion(file) => return format!("s:version:{file}"),
            Self::SaveVersion => "keep",
        };
        format!("s:{answer}")
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        match fields.shape() {
            ("s", 2) => {}
            ("s", 3) if fields.text(1)? == "version" => {
                return Some(Self::NewVersion(fields.id(2)?));
            }
            _ => return None,
        }
        Some(match fields.text(1)? {
            "name" => Self::UseSuggestedName,
            "replace" => Self::Replace,
            "rename" => Self::Rename,
            "skip" => Self::SkipNote,
            "keep" => Self::SaveVersion,
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::UseSuggestedName
            | Self::Replace
            | Self::Rename
            | Self::SkipNote
            | Self::SaveVersion => true,
            Self::NewVersion(_) => false,
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
            Self::NewVersion(Id::parse("0123456789abcdef01234567").unwrap()),
            Self::SaveVersion,
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
        NewVersion,
        SaveVersion,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = SaveCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<SaveCallback>(&[
            "s",
            "s:delete",
            "s:name:1",
            "s:Name",
            "s:version",
            "s:version:xyz",
            "s:keep:0123456789abcdef01234567",
        ]);
    }
}
