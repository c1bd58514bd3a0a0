//! A service's message in the user's language: each argument shown the one way its kind is
//! shown (names made visible, text escaped, sizes in megabytes, times on the reader's
//! clocks), lines one under the other.

use fluent_templates::fluent_bundle::FluentValue;

use super::{Reader, decimal, escape, format_size, shown_name};
use crate::{
    i18n::{Arg, Locale},
    service::{MessageArg, UserMessage},
};

pub fn render(reader: &Reader, message: &UserMessage) -> String {
    let locale = reader.locale;
    let lines: Vec<String> = message
        .lines()
        .iter()
        .map(|line| {
            let args: Vec<Arg<'_>> = line
                .args
                .iter()
                .map(|(name, value)| (*name, shown(reader, value)))
                .collect();
            locale.t_with(line.key, &args)
        })
        .collect();
    lines.join("\n")
}

/// One argument as it is inserted into the message; numbers stay numbers, so that plural
/// selectors read them.
fn shown(reader: &Reader, value: &MessageArg) -> FluentValue<'static> {
    let locale = reader.locale;
    match value {
        MessageArg::Number(number) => (*number).into(),
        MessageArg::Name(name) => shown_name(name).into(),
        MessageArg::Text(text) => escape(text).into(),
        MessageArg::Megabytes(bytes) => megabytes(locale, *bytes).into(),
        MessageArg::Size(bytes) => format_size(locale, *bytes).into(),
        MessageArg::Time(time) => reader.time(*time).into(),
        MessageArg::Phrase(key) => locale.t(key).into(),
    }
}

/// Bytes in megabytes as the language writes numbers: whole ones bare, others with one
/// decimal, or two under 0.1 MB so that a small limit never reads as "0.0".
pub fn megabytes(locale: Locale, bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    match mb {
        mb if mb.fract() == 0.0 => decimal(locale, mb, 0),
        mb if mb >= 0.1 => decimal(locale, mb, 1),
        mb => decimal(locale, mb.max(0.01), 2),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::schedule::Zone;
    use crate::service::{Explain, backup, copies, drive, github, import, library, restore, tasks};

    fn reader(locale: Locale) -> Reader {
        Reader::new(locale, Zone::UTC, Utc::now())
    }

    /// Every example of every service error, with the key it reads as.
    fn every_example() -> Vec<(Box<dyn Explain>, &'static str)> {
        fn boxed<E>(examples: Vec<(E, &'static str)>) -> Vec<(Box<dyn Explain>, &'static str)>
        where
            E: Explain + 'static,
        {
            examples
                .into_iter()
                .map(|(error, key)| (Box::new(error) as Box<dyn Explain>, key))
                .collect()
        }
        [
            boxed(library::explain::tests::examples()),
            boxed(backup::explain::tests::examples()),
            boxed(restore::explain::tests::examples()),
            boxed(import::explain::tests::examples()),
            boxed(github::explain::tests::examples()),
            boxed(drive::explain::tests::examples()),
            boxed(copies::explain::tests::examples()),
            boxed(copies::explain::tests::fetch_examples()),
            boxed(tasks::explain::tests::examples()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    #[test]
    fn every_service_error_reads_in_every_language_with_its_values_filled_in() {
        // A message with a value left out reads as its bare key, as a missing message does.
        let unfilled = render(
            &reader(Locale::En),
            &UserMessage::new("error-file-too-large"),
        );
        assert_eq!(unfilled, "error-file-too-large");
        for (error, key) in every_example() {
            for locale in Locale::ALL {
                let text = render(&reader(locale), &error.message());
                assert_ne!(text, key, "{locale:?} has no {key}");
                assert!(!text.contains(key), "{locale:?} {key}: {text}");
            }
        }
    }

    #[test]
    fn each_kind_of_value_is_shown_its_own_way() {
        let time = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 0).unwrap();
        let message = UserMessage::new("github-error-ref-not-found")
            .with("ref", MessageArg::Text("<b>".to_owned()))
            .with("repo", MessageArg::Name("a\u{202E}b".to_owned()))
            .then(
                UserMessage::new("github-error-rate-limited").with("reset", MessageArg::Time(time)),
            )
            .then(
                UserMessage::new("error-file-too-large")
                    .with("max", MessageArg::Megabytes(3 << 19)),
            )
            .then(
                UserMessage::new("drive-upload-failed-kept")
                    .with("reason", MessageArg::Phrase("drive-reason-network")),
            );
        let en = Locale::En;
        let tokyo = Reader::new(en, "Asia/Tokyo".parse().unwrap(), time);
        let text = render(&tokyo, &message);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[0].contains("&lt;b&gt;") && lines[0].contains("a⟨U+202E⟩b"),
            "{text}"
        );
        // On the reader's clocks: 03:04 UTC is 12:04 in Tokyo.
        assert!(lines[1].contains("today, 12:04\u{202F}PM"), "{text}");
        assert!(lines[2].contains("1.5 MB"), "{text}");
        assert!(lines[3].contains(&en.t("drive-reason-network")), "{text}");
        assert_eq!(megabytes(en, 8 << 20), "8");
        assert_eq!(megabytes(en, 6_000), "0.01");
        assert_eq!(megabytes(en, 60_000), "0.06");
        assert_eq!(megabytes(Locale::Ru, 3 << 19), "1,5");
    }
}
