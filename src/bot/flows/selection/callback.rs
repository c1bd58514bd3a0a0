//! My backups in selection mode: tick backups page by page, then delete them together.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::Id,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectionCallback {
    /// Selection mode at a page, keeping what was ticked.
    Show {
        page: u32,
    },
    Toggle {
        backup: Id,
        page: u32,
    },
    SelectPage {
        page: u32,
    },
    DeleteSelected,
    ConfirmDelete,
}

impl FlowCallback for SelectionCallback {
    fn encode(&self) -> String {
        match self {
            Self::Show { page } => format!("bm:{page}"),
            Self::Toggle { backup, page } => format!("bs:{backup}:{page}"),
            Self::SelectPage { page } => format!("bS:{page}"),
            Self::DeleteSelected => "bD".to_owned(),
            Self::ConfirmDelete => "bY".to_owned(),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("bm", 2) => Self::Show {
                page: fields.number(1)?,
            },
            ("bs", 3) => Self::Toggle {
                backup: fields.id(1)?,
                page: fields.number(2)?,
            },
            ("bS", 2) => Self::SelectPage {
                page: fields.number(1)?,
            },
            ("bD", 1) => Self::DeleteSelected,
            ("bY", 1) => Self::ConfirmDelete,
            _ => return None,
        })
    }

    /// Every button of selection mode keeps what was ticked.
    fn answers_step(&self) -> bool {
        match self {
            Self::Show { .. }
            | Self::Toggle { .. }
            | Self::SelectPage { .. }
            | Self::DeleteSelected
            | Self::ConfirmDelete => true,
        }
    }
}

#[cfg(test)]
impl SelectionCallback {
    pub fn examples() -> Vec<Self> {
        vec![
            Self::Show { page: 0 },
            Self::Toggle {
                backup: Id::parse("0123456789abcdef01234567").unwrap(),
                page: u32::MAX,
            },
            Self::SelectPage { page: 1 },
            Self::DeleteSelected,
            Self::ConfirmDelete,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(SelectionCallback {
        Show,
        Toggle,
        SelectPage,
        DeleteSelected,
        ConfirmDelete,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = SelectionCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<SelectionCallback>(&[
            "bD:1",
            "bY:0",
            "bs:0123456789abcdef01234567",
            "bm",
            "bS:x",
        ]);
    }
}
