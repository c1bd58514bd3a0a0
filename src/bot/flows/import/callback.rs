//! 📥 Import ZIP: ask for the archive, then go ahead with it.

use crate::bot::callback::codec::{Fields, FlowCallback};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportCallback {
    Ask,
    Confirm,
}

impl FlowCallback for ImportCallback {
    fn encode(&self) -> String {
        match self {
            Self::Ask => "bi",
            Self::Confirm => "ig",
        }
        .to_owned()
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("bi", 1) => Self::Ask,
            ("ig", 1) => Self::Confirm,
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::Confirm => true,
            Self::Ask => false,
        }
    }
}

#[cfg(test)]
impl ImportCallback {
    pub fn examples() -> Vec<Self> {
        vec![Self::Ask, Self::Confirm]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(ImportCallback { Ask, Confirm });

    #[test]
    fn every_variant_round_trips() {
        let examples = ImportCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<ImportCallback>(&["bi:1", "ig:0", "ig:"]);
    }
}
