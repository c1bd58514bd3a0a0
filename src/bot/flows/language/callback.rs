//! 🌐 Language: the button that picks one.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    i18n::Locale,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LanguageCallback {
    Set(Locale),
}

impl FlowCallback for LanguageCallback {
    fn encode(&self) -> String {
        match self {
            Self::Set(locale) => format!("l:{}", locale.code()),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("l", 2) => Self::Set(Locale::from_code(fields.text(1)?)?),
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::Set(_) => false,
        }
    }
}

#[cfg(test)]
impl LanguageCallback {
    pub fn examples() -> Vec<Self> {
        Locale::ALL.into_iter().map(Self::Set).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(LanguageCallback { Set });

    #[test]
    fn every_variant_round_trips() {
        let examples = LanguageCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<LanguageCallback>(&["l", "l:de", "l:en:1", "l:EN"]);
    }
}
