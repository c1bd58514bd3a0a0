//! Localized text from `locales/` (Fluent). Every user-visible string comes from here.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::{LanguageIdentifier, Loader, fluent_bundle::FluentValue, static_loader};

pub use crate::domain::locale::Locale;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Hebrew is right-to-left: isolate inserted names and numbers so they keep their
        // direction; left-to-right languages need no invisible marks.
        customise: |bundle| {
            let rtl = bundle.locales.first().is_some_and(|l| l.language.as_str() == "he");
            bundle.set_use_isolating(rtl);
        },
    };
}

/// One argument of a localized message.
pub type Arg<'a> = (&'static str, FluentValue<'a>);

/// Translation: the language itself is a domain type (stored with the user and their chats).
impl Locale {
    fn id(self) -> LanguageIdentifier {
        self.code()
            .parse()
            .expect("locale codes are valid language identifiers")
    }

    /// The message `key`; a missing key is a bug caught by the locale tests, so it shows the key.
    pub fn t(self, key: &str) -> String {
        self.t_with(key, &[])
    }

    pub fn t_with(self, key: &str, args: &[Arg<'_>]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone().into_owned()))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id(), key, &args)
            .unwrap_or_else(|| {
                tracing::error!(key, locale = self.code(), "missing locale key");
                key.to_owned()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_key_of_english() {
        let keys = |locale: &str| -> Vec<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(locale);
            let mut keys = Vec::new();
            for entry in std::fs::read_dir(dir).expect("locale folder") {
                let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
                keys.extend(text.lines().filter_map(|line| {
                    let (key, _) = line.split_once(" =")?;
                    let starts_key = key.chars().next().is_some_and(|c| c.is_ascii_lowercase());
                    starts_key.then(|| key.trim().to_owned())
                }));
            }
            keys.sort();
            keys
        };
        let english = keys("en");
        assert!(
            english.len() > 20,
            "English has too few keys: {}",
            english.len()
        );
        for locale in ["he", "ru"] {
            assert_eq!(keys(locale), english, "{locale} differs from en");
        }
    }

    #[test]
    fn every_key_resolves_in_every_locale() {
        for locale in Locale::ALL {
            let text = locale.t_with(
                "file-saved",
                &[("name", "a.py".into()), ("version", 2.into())],
            );
            assert!(text.contains("a.py"), "{locale:?}: {text}");
            assert_ne!(locale.t("menu-title"), "menu-title");
        }
    }

    /// Users are told what the bot can do, never how its operator set it up; only the
    /// admins' alerts speak of that.
    #[test]
    fn texts_for_users_never_mention_the_operator_or_the_configuration() {
        let words = [
            "operator",
            "configur",
            "encryption key",
            "оператор",
            "настро",
            "ключ шифрования",
            "מפעיל",
            "מפתח ההצפנה",
            "מפתח הצפנה",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        for locale in Locale::ALL {
            for entry in std::fs::read_dir(root.join(locale.code())).expect("locale folder") {
                let path = entry.expect("entry").path();
                if path.file_name().is_some_and(|name| name == "alerts.ftl") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("ftl").to_lowercase();
                for line in text.lines().filter(|line| !line.starts_with('#')) {
                    // A key's name may say what it is for; its text is what users read.
                    let line = line.split_once(" = ").map_or(line, |(_, text)| text);
                    for word in words {
                        assert!(!line.contains(word), "{}: {line}", path.display());
                    }
                }
            }
        }
    }

    #[test]
    fn russian_plurals_follow_russian_rules() {
        let files = |n: i64| Locale::Ru.t_with("files-count", &[("count", n.into())]);
        assert_ne!(files(1), files(2));
        assert_ne!(files(2), files(5));
        assert_eq!(files(2), files(3).replace('3', "2"));
    }
}
