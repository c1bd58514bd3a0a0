//! The languages the bot speaks; `i18n` holds their texts.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    He,
    Ru,
}

impl Locale {
    pub const ALL: [Self; 3] = [Self::En, Self::He, Self::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::He => "he",
            Self::Ru => "ru",
        }
    }

    /// Whether the language is written right to left (Hebrew).
    pub fn right_to_left(self) -> bool {
        matches!(self, Self::He)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|locale| locale.code() == code)
    }

    /// Telegram's `language_code` (`en-US`, `he`, `ru`, …), falling back to English.
    pub fn from_telegram(language_code: Option<&str>) -> Self {
        language_code
            .and_then(|code| code.split(['-', '_']).next())
            .and_then(|primary| Self::from_code(&primary.to_ascii_lowercase()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_codes_map_to_locales() {
        assert_eq!(Locale::from_telegram(Some("ru")), Locale::Ru);
        assert_eq!(Locale::from_telegram(Some("he-IL")), Locale::He);
        assert_eq!(Locale::from_telegram(Some("en-US")), Locale::En);
        assert_eq!(Locale::from_telegram(Some("de")), Locale::En);
        assert_eq!(Locale::from_telegram(None), Locale::En);
    }
}
