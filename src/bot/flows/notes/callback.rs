//! A file's note, tags and name, a backup's note: ask for the new text, or clear it.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::Id,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotesCallback {
    EditFileNote(Id),
    ClearFileNote(Id),
    EditTags(Id),
    ClearTags(Id),
    RenameFile(Id),
    /// 🔄 Replace: the new name is another file's, and that file goes to the recycle bin.
    RenameReplacing,
    EditBackupNote(Id),
    ClearBackupNote(Id),
}

impl FlowCallback for NotesCallback {
    fn encode(&self) -> String {
        match self {
            Self::EditFileNote(id) => format!("fn:{id}"),
            Self::ClearFileNote(id) => format!("fN:{id}"),
            Self::EditTags(id) => format!("fg:{id}"),
            Self::ClearTags(id) => format!("fG:{id}"),
            Self::RenameFile(id) => format!("fm:{id}"),
            Self::RenameReplacing => "fM".to_owned(),
            Self::EditBackupNote(id) => format!("bn:{id}"),
            Self::ClearBackupNote(id) => format!("bN:{id}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        let id = fields.id(1);
        Some(match fields.shape() {
            ("fn", 2) => Self::EditFileNote(id?),
            ("fN", 2) => Self::ClearFileNote(id?),
            ("fg", 2) => Self::EditTags(id?),
            ("fG", 2) => Self::ClearTags(id?),
            ("fm", 2) => Self::RenameFile(id?),
            ("fM", 1) => Self::RenameReplacing,
            ("bn", 2) => Self::EditBackupNote(id?),
            ("bN", 2) => Self::ClearBackupNote(id?),
            _ => return None,
        })
    }

    /// 🧹 Clear and the 📝 buttons start or end the typing step; only 🔄 Replace answers one.
    fn answers_step(&self) -> bool {
        match self {
            Self::RenameReplacing => true,
            Self::EditFileNote(_)
            | Self::ClearFileNote(_)
            | Self::EditTags(_)
            | Self::ClearTags(_)
            | Self::RenameFile(_)
            | Self::EditBackupNote(_)
            | Self::ClearBackupNote(_) => false,
        }
    }
}

#[cfg(test)]
impl NotesCallback {
    pub fn examples() -> Vec<Self> {
        let id = || Id::parse("0123456789abcdef01234567").unwrap();
        vec![
            Self::EditFileNote(id()),
            Self::ClearFileNote(id()),
            Self::EditTags(id()),
            Self::ClearTags(id()),
            Self::RenameFile(id()),
            Self::RenameReplacing,
            Self::EditBackupNote(id()),
            Self::ClearBackupNote(id()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(NotesCallback {
        EditFileNote,
        ClearFileNote,
        EditTags,
        ClearTags,
        RenameFile,
        RenameReplacing,
        EditBackupNote,
        ClearBackupNote,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = NotesCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<NotesCallback>(&[
            "fn",
            "fN:x",
            "bn:0123456789abcdef01234567:1",
            "bN",
            "fM:0123456789abcdef01234567",
        ]);
    }
}
