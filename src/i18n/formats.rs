//! Numbers and times as each language writes them, from the Unicode CLDR data ICU4X carries:
//! `1,5` and `10 000` in Russian, `Nov 30, 2026, 5:03 PM` in English, `30.11.2026, 17:03` in
//! Hebrew and Russian. Each formatter is made once per language and thread (ICU4X's are not
//! shared across threads).

use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike};
use icu_datetime::{
    DateTimeFormatter, NoCalendarFormatter,
    fieldsets::{T, YMD, YMDT},
    input::{Date, DateTime, Time},
};
use icu_decimal::{DecimalFormatter, input::Decimal};

use fluent_templates::fluent_bundle::FluentValue;

use super::Locale;

struct Formats {
    date_time: DateTimeFormatter<YMDT>,
    time: NoCalendarFormatter<T>,
    number: DecimalFormatter,
}

impl Formats {
    fn of(locale: Locale) -> Self {
        let icu: icu_locale_core::Locale = locale.code().parse().expect("a valid language tag");
        // English reads a month's name best; Hebrew and Russian readers expect 30.11.2026.
        let date = match locale {
            Locale::En => YMD::medium(),
            Locale::He | Locale::Ru => YMD::short(),
        };
        Self {
            date_time: DateTimeFormatter::try_new(icu.clone().into(), date.with_time_hm())
                .expect("the built-in data has every language's dates"),
            time: NoCalendarFormatter::try_new(icu.clone().into(), T::hm())
                .expect("the built-in data has every language's times"),
            number: DecimalFormatter::try_new(icu.into(), Default::default())
                .expect("the built-in data has every language's numbers"),
        }
    }
}

thread_local! {
    static FORMATS: [Formats; 3] = Locale::ALL.map(Formats::of);
}

/// What `write` makes with the formatters of `locale`.
fn with_formats<T>(locale: Locale, write: impl FnOnce(&Formats) -> T) -> T {
    let index = Locale::ALL
        .iter()
        .position(|known| *known == locale)
        .unwrap_or_default();
    FORMATS.with(|all| write(&all[index]))
}

/// A date and time of day: `Nov 30, 2026, 5:03 PM`, `30.11.2026, 17:03`.
pub fn date_time(locale: Locale, local: NaiveDateTime) -> String {
    let date = Date::try_new_iso(local.year(), narrow(local.month()), narrow(local.day()));
    match date {
        Ok(date) => {
            let time = icu_time(local.time());
            with_formats(locale, |formats| {
                formats
                    .date_time
                    .format(&DateTime { date, time })
                    .to_string()
            })
        }
        // Outside the years ICU counts (none a user meets): the ISO form.
        Err(_) => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A time of day: `5:03 PM`, `17:03`.
pub fn time_of_day(locale: Locale, time: NaiveTime) -> String {
    with_formats(locale, |formats| {
        formats.time.format(&icu_time(time)).to_string()
    })
}

fn icu_time(time: NaiveTime) -> Time {
    Time::try_new(narrow(time.hour()), narrow(time.minute()), 0, 0)
        .expect("chrono's hours and minutes are in range")
}

/// Months, days, hours and minutes all fit a byte.
fn narrow(value: u32) -> u8 {
    u8::try_from(value).unwrap_or(u8::MAX)
}

/// A message's number as the language writes it (`10,000`, `10 000`): Fluent's own way
/// writes every number bare. Whole numbers only; a fraction keeps Fluent's way.
pub(super) fn fluent_number(locale: Locale, value: &FluentValue<'_>) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let whole = number.value.fract() == 0.0 && number.value.abs() < 1e15;
    whole.then(|| decimal(locale, number.value, 0))
}

/// `amount` with `places` decimals (rounded), grouped and separated as the language writes
/// numbers: `1.5`, `1,5`, `12,345.0`, `12 345,0`.
pub fn decimal(locale: Locale, amount: f64, places: u8) -> String {
    let scaled = (amount * 10f64.powi(i32::from(places))).round();
    // Far beyond any size shown; saturating keeps it a number.
    let mut number = Decimal::from(scaled as i64);
    number.multiply_pow10(-i16::from(places));
    with_formats(locale, |formats| formats.number.format(&number).to_string())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
    }

    #[test]
    fn dates_and_times_are_written_as_each_language_writes_them() {
        assert_eq!(
            date_time(Locale::En, at(17, 3)),
            "Nov 30, 2026, 5:03\u{202F}PM"
        );
        assert_eq!(date_time(Locale::Ru, at(17, 3)), "30.11.2026, 17:03");
        assert_eq!(date_time(Locale::He, at(9, 5)), "30.11.2026, 9:05");
        assert_eq!(time_of_day(Locale::En, at(9, 5).time()), "9:05\u{202F}AM");
        assert_eq!(time_of_day(Locale::Ru, at(9, 5).time()), "09:05");
    }

    #[test]
    fn numbers_in_messages_are_grouped_as_each_language_writes_them() {
        assert_eq!(
            Locale::Ru.t_with("files-count", &[("count", 10_000.into())]),
            "10\u{A0}000 файлов"
        );
        assert_eq!(
            Locale::En.t_with("files-count", &[("count", 12_345.into())]),
            "12,345 files"
        );
        assert_eq!(
            Locale::En.t_with("files-count", &[("count", 1.into())]),
            "1 file"
        );
    }

    #[test]
    fn numbers_are_grouped_and_separated_as_each_language_writes_them() {
        assert_eq!(decimal(Locale::En, 1.5, 1), "1.5");
        assert_eq!(decimal(Locale::Ru, 1.5, 1), "1,5");
        assert_eq!(decimal(Locale::Ru, 2.0, 1), "2,0");
        assert_eq!(decimal(Locale::En, 12_345.04, 1), "12,345.0");
        assert_eq!(decimal(Locale::Ru, 12_345.04, 1), "12\u{A0}345,0");
        assert_eq!(decimal(Locale::He, 0.014, 2), "0.01");
        assert_eq!(decimal(Locale::En, 3.0, 0), "3");
    }
}
