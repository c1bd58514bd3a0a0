//! 🌐 Language's screens: the languages and the time zone times are shown in, the list of
//! zones, a typed zone that is none.

use crate::{
    bot::{
        callback::MenuItem,
        ui::{self, Button, Reader, Screen, data_button, escape, keyboard, zone_rows},
    },
    domain::schedule::Zone,
    i18n::Locale,
};

use super::callback::LanguageCallback;

/// The three languages (✅ the reader's), and their zone with the time it shows now.
pub fn choices(reader: &Reader) -> Screen {
    let locale = reader.locale;
    let languages = Locale::ALL
        .into_iter()
        .map(|choice| {
            let mark = if choice == locale { "✅" } else { "🌐" };
            data_button(
                mark,
                &choice.t("language-self"),
                LanguageCallback::Set(choice),
            )
        })
        .collect();
    let zone_name = reader.zone.to_string();
    let zone = locale.t_with(
        "language-zone",
        &[
            ("zone", escape(&zone_name).into()),
            ("time", reader.clock().into()),
        ],
    );
    let zone_button = locale.t_with("btn-time-zone", &[("zone", zone_name.into())]);
    Screen::new(
        format!("{}\n\n{zone}", locale.t("language-choose")),
        keyboard(vec![
            languages,
            vec![data_button("🌍", &zone_button, LanguageCallback::Zones)],
            vec![Button::Back.to(locale, MenuItem::Main)],
        ]),
    )
}

/// 🌍 The short list; any other zone is typed.
pub fn zones(locale: Locale, current: Zone) -> Screen {
    let mut rows = zone_rows(LanguageCallback::SetZone);
    rows.push(vec![Button::Back.to(locale, MenuItem::Language)]);
    let text = locale.t_with(
        "language-zone-choose",
        &[("zone", escape(&current.to_string()).into())],
    );
    Screen::new(text, keyboard(rows))
}

pub fn zone_unknown(locale: Locale, typed: &str) -> Screen {
    Screen::new(
        ui::zone_unknown(locale, typed),
        keyboard(vec![vec![Button::Back.to(locale, MenuItem::Language)]]),
    )
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    #[test]
    fn the_language_screen_shows_the_zone_and_the_time_on_its_clocks() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
        let screen = choices(&Reader::new(Locale::Ru, tokyo, now));
        assert_eq!(
            screen.text,
            format!(
                "{}\n\n{}",
                Locale::Ru.t("language-choose"),
                Locale::Ru.t_with(
                    "language-zone",
                    &[("zone", "Asia/Tokyo".into()), ("time", "21:00".into())]
                )
            )
        );
        let labels: Vec<String> = screen
            .keyboard
            .inline_keyboard
            .concat()
            .into_iter()
            .map(|button| button.text)
            .collect();
        assert_eq!(
            labels,
            [
                "🌐 English".to_owned(),
                "🌐 עברית".to_owned(),
                "✅ Русский".to_owned(),
                "🌍 Часовой пояс: Asia/Tokyo".to_owned(),
                Button::Back.label(Locale::Ru)
            ]
        );
    }
}
