//! 🌐 Language: the button that picks one, and the time zone times are shown in.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::schedule::ZONE_CHOICES,
    i18n::Locale,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LanguageCallback {
    Set(Locale),
    /// 🌍 The list of time zones (one may be typed instead).
    Zones,
    /// One of [`ZONE_CHOICES`], by its place in the list.
    SetZone(usize),
}

impl FlowCallback for LanguageCallback {
    fn encode(&self) -> String {
        match self {
            Self::Set(locale) => format!("l:{}", locale.code()),
            Self::Zones => "lz".to_owned(),
            Self::SetZone(index) => format!("lZ:{index}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("l", 2) => Self::Set(Locale::from_code(fields.text(1)?)?),
            ("lz", 1) => Self::Zones,
            ("lZ", 2) => Self::SetZone(fields.choice(1, ZONE_CHOICES.len())?),
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::SetZone(_) => true,
            Self::Set(_) | Self::Zones => false,
        }
    }

    fn toasts(&self) -> bool {
        matches!(self, Self::SetZone(_))
    }
}

#[cfg(test)]
impl LanguageCallback {
    pub fn examples() -> Vec<Self> {
        let mut all: Vec<Self> = Locale::ALL.into_iter().map(Self::Set).collect();
        all.extend([Self::Zones, Self::SetZone(0), Self::SetZone(11)]);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(LanguageCallback {
        Set,
        Zones,
        SetZone
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = LanguageCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<LanguageCallback>(&[
            "l", "l:de", "l:en:1", "l:EN", "lz:1", "lZ", "lZ:12", "lZ:-1", "lZ:x", "lZ:01",
        ]);
    }
}
