//! 🔎 Search: ask for words, and the pages of what they found.

use crate::bot::callback::codec::{Fields, FlowCallback};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchCallback {
    /// 🔎 Search: asks for the words.
    Ask,
    /// A page of the results of the search the dialogue holds.
    Page(u32),
}

impl FlowCallback for SearchCallback {
    fn encode(&self) -> String {
        match self {
            Self::Ask => "qa".to_owned(),
            Self::Page(page) => format!("qp:{page}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("qa", 1) => Self::Ask,
            ("qp", 2) => Self::Page(fields.number(1)?),
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        // A page belongs to the search the dialogue holds; after another step it is stale.
        matches!(self, Self::Page(_))
    }
}

#[cfg(test)]
impl SearchCallback {
    pub fn examples() -> Vec<Self> {
        vec![Self::Ask, Self::Page(0), Self::Page(u32::MAX)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(SearchCallback { Ask, Page });

    #[test]
    fn every_variant_round_trips() {
        let examples = SearchCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<SearchCallback>(&[
            "qa:1",
            "qp",
            "qp:-1",
            "qp:x",
            "qp:1:2",
            "qp:4294967296",
        ]);
    }
}
