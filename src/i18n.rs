//! Localized text from `locales/` (Fluent). Every user-visible string comes from here.

use std::{borrow::Cow, collections::HashMap};

mod formats;

use fluent_templates::{LanguageIdentifier, Loader, fluent_bundle::FluentValue, static_loader};

pub use self::formats::{date_time, decimal, time_of_day};
pub use crate::domain::locale::Locale;

/// Numbers in messages as each language writes them (see [`formats`]); a formatter is a plain
/// function, so one per language.
fn english_number<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    formats::fluent_number(Locale::En, value)
}

fn hebrew_number<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    formats::fluent_number(Locale::He, value)
}

fn russian_number<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    formats::fluent_number(Locale::Ru, value)
}

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Hebrew is right-to-left: isolate inserted names and numbers so they keep their
        // direction; left-to-right languages need no invisible marks.
        customise: |bundle| {
            let locale = bundle
                .locales
                .first()
                .and_then(|l| Locale::from_code(l.language.as_str()))
                .unwrap_or_default();
            bundle.set_use_isolating(locale.right_to_left());
            bundle.set_formatter(Some(match locale {
                Locale::En => english_number,
                Locale::He => hebrew_number,
                Locale::Ru => russian_number,
            }));
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

    /// Every message of `locale` as written: its key and its source lines.
    fn messages(locale: Locale) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(locale.code());
        let mut messages: Vec<(String, String)> = Vec::new();
        for entry in std::fs::read_dir(dir).expect("locale folder") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
            let mut open = false;
            for line in text.lines() {
                let key = line
                    .split_once(" =")
                    .map(|(key, _)| key)
                    .filter(|key| key.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
                if let Some(key) = key {
                    messages.push((key.trim().to_owned(), line.to_owned()));
                    open = true;
                } else if line.starts_with(' ') || line.is_empty() {
                    if open && let Some((_, source)) = messages.last_mut() {
                        source.push('\n');
                        source.push_str(line);
                    }
                } else {
                    open = false;
                }
            }
        }
        messages.sort();
        messages
    }

    #[test]
    fn every_locale_has_every_key_of_english() {
        let keys = |locale: Locale| -> Vec<String> {
            messages(locale).into_iter().map(|(key, _)| key).collect()
        };
        let english = keys(Locale::En);
        assert!(
            english.len() > 20,
            "English has too few keys: {}",
            english.len()
        );
        for locale in [Locale::He, Locale::Ru] {
            assert_eq!(keys(locale), english, "{locale:?} differs from en");
        }
    }

    /// Whether a Hebrew line shows right to left: a line holding Hebrew must have a Hebrew
    /// letter or a right-to-left mark as its first strong character outside isolated runs,
    /// markup and code (a line starting with `SHA-256` or `ZIP` needs the mark, or clients lay
    /// it out left to right). A line of Latin only has nothing to put out of order.
    fn reads_right_to_left(line: &str) -> bool {
        let hebrew = |c: char| ('\u{0590}'..='\u{05FF}').contains(&c);
        if !line.chars().any(hebrew) {
            return true;
        }
        let mut outside_code = String::new();
        for (index, part) in line.split("<code>").enumerate() {
            let kept = match (index, part.split_once("</code>")) {
                (0, _) => part,
                (_, Some((_, after))) => after,
                (_, None) => "",
            };
            outside_code.push_str(kept);
        }
        let (mut depth, mut in_tag) = (0, false);
        for c in outside_code.chars() {
            match c {
                '\u{2066}'..='\u{2068}' => depth += 1,
                '\u{2069}' => depth -= 1,
                '<' => in_tag = true,
                '>' => in_tag = false,
                '\u{200F}' if depth == 0 => return true,
                c if depth == 0 && !in_tag && hebrew(c) => return true,
                c if depth == 0
                    && !in_tag
                    && (c.is_ascii_alphabetic() || ('À'..='ӿ').contains(&c)) =>
                {
                    return false;
                }
                _ => {}
            }
        }
        true
    }

    /// Each message rendered with every variable it names: nothing left unresolved, and in
    /// Hebrew no isolated run inside another (a number isolated twice shows stray marks in
    /// some clients); left-to-right languages carry no marks at all.
    #[test]
    fn every_message_renders_whole_and_is_never_isolated_twice() {
        let mut problems = Vec::new();
        let mut isolated = 0;
        for locale in Locale::ALL {
            let all = messages(locale);
            for (key, own) in &all {
                // The variables of the messages it takes in (`{ files-count }`) are its own too.
                let mut source = own.clone();
                for (other, text) in &all {
                    if own.contains(&format!("{{ {other} }}")) {
                        source.push_str(text);
                    }
                }
                let mut names: Vec<&'static str> = source
                    .split('$')
                    .skip(1)
                    .map(|rest| {
                        let end = rest
                            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                            .unwrap_or(rest.len());
                        &*Box::leak(rest[..end].to_owned().into_boxed_str())
                    })
                    .collect();
                names.sort_unstable();
                names.dedup();
                let args: Vec<Arg<'_>> = names.iter().map(|name| (*name, 2.into())).collect();
                let text = locale.t_with(key, &args);
                if text == *key || text.contains("{$") || text.contains("{ $") {
                    problems.push(format!("{locale:?} {key}: unresolved: {text}"));
                }
                isolated += usize::from(text.contains('\u{2068}'));
                if locale == Locale::He
                    && let Some(line) = text.lines().find(|line| !reads_right_to_left(line))
                {
                    problems.push(format!("He {key}: a line reads left to right: {line:?}"));
                }
                let mut depth = 0;
                for c in text.chars() {
                    match c {
                        '\u{2066}'..='\u{2068}' => {
                            depth += 1;
                            if depth > 1 || locale != Locale::He {
                                problems
                                    .push(format!("{locale:?} {key}: isolated twice: {text:?}"));
                                break;
                            }
                        }
                        '\u{2069}' => depth -= 1,
                        _ => {}
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(isolated > 100, "Hebrew isolates its placeables: {isolated}");
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
