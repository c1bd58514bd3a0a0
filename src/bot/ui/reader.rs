//! Who reads a screen: their language, the time zone they chose (UTC until they do) and the
//! moment they read it, so that a time reads as on their clocks, relative to now where that
//! reads better ("today, 17:03", "yesterday, 9:12 AM").

use chrono::{DateTime, Utc};

use crate::{
    domain::schedule::Zone,
    i18n::{Locale, date_time, time_of_day},
};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reader {
    pub locale: Locale,
    pub zone: Zone,
    /// What "today" is measured from.
    pub now: DateTime<Utc>,
}

impl Reader {
    pub fn new(locale: Locale, zone: Zone, now: DateTime<Utc>) -> Self {
        Self { locale, zone, now }
    }

    /// `at` on the reader's clocks: "today, 17:03", "30.11.2026, 17:03"; followed by "UTC"
    /// while that is their zone, so that nobody takes it for their own time.
    pub fn time(&self, at: DateTime<Utc>) -> String {
        let shown = self.on_clocks_of(self.zone, at);
        if self.zone == Zone::UTC {
            format!("{shown} UTC")
        } else {
            shown
        }
    }

    /// The time of day the reader's clocks show now: `5:03 PM`, `17:03`.
    pub fn clock(&self) -> String {
        time_of_day(self.locale, self.zone.local_time(self.now).time())
    }

    /// `at` on the clocks of `zone`, which is named: a schedule's hour is set in its own zone.
    pub fn time_in(&self, zone: Zone, at: DateTime<Utc>) -> String {
        format!("{} {zone}", self.on_clocks_of(zone, at))
    }

    fn on_clocks_of(&self, zone: Zone, at: DateTime<Utc>) -> String {
        let local = zone.local_time(at);
        let days_from_today = local
            .date()
            .signed_duration_since(zone.date_of(self.now))
            .num_days();
        let relative = match days_from_today {
            -1 => "time-yesterday",
            0 => "time-today",
            1 => "time-tomorrow",
            _ => return date_time(self.locale, local),
        };
        let time = time_of_day(self.locale, local.time());
        // One run of text, isolated (in Hebrew) where it is inserted, not twice.
        self.locale
            .t_with(relative, &[("time", time.into())])
            .replace(['\u{2068}', '\u{2069}'], "")
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn zone(name: &str) -> Zone {
        name.parse().unwrap()
    }

    /// The clock injected: "now" is 30 November 2026, 12:00 UTC.
    fn reader(locale: Locale, zone: Zone) -> Reader {
        Reader::new(locale, zone, utc(2026, 11, 30, 12, 0))
    }

    #[test]
    fn recent_times_read_as_today_yesterday_and_tomorrow_in_every_language() {
        let en = reader(Locale::En, zone("Europe/London"));
        assert_eq!(en.time(utc(2026, 11, 30, 17, 3)), "today, 5:03\u{202F}PM");
        assert_eq!(
            en.time(utc(2026, 11, 29, 9, 12)),
            "yesterday, 9:12\u{202F}AM"
        );
        assert_eq!(en.time(utc(2026, 12, 1, 9, 0)), "tomorrow, 9:00\u{202F}AM");
        assert_eq!(
            en.time(utc(2026, 11, 28, 17, 3)),
            "Nov 28, 2026, 5:03\u{202F}PM"
        );

        let ru = reader(Locale::Ru, zone("Europe/Moscow"));
        assert_eq!(ru.time(utc(2026, 11, 30, 14, 3)), "сегодня в 17:03");
        assert_eq!(ru.time(utc(2026, 11, 29, 14, 3)), "вчера в 17:03");
        assert_eq!(ru.time(utc(2026, 11, 20, 14, 3)), "20.11.2026, 17:03");

        let he = reader(Locale::He, zone("Asia/Jerusalem"));
        assert_eq!(he.time(utc(2026, 11, 30, 15, 3)), "היום, 17:03");
        assert_eq!(he.time(utc(2026, 11, 29, 15, 3)), "אתמול, 17:03");
        assert_eq!(he.time(utc(2026, 10, 30, 15, 3)), "30.10.2026, 17:03");
    }

    #[test]
    fn times_are_on_the_clocks_of_the_readers_zone_even_across_midnight() {
        let at = utc(2026, 11, 30, 23, 30);
        // Already 1 December in Tokyo, still 30 November in New York.
        let tokyo = reader(Locale::Ru, zone("Asia/Tokyo"));
        assert_eq!(tokyo.time(at), "завтра в 08:30");
        let new_york = reader(Locale::Ru, zone("America/New_York"));
        assert_eq!(new_york.time(at), "сегодня в 18:30");
        let offset = reader(Locale::Ru, zone("UTC+05:30"));
        assert_eq!(offset.time(at), "завтра в 05:00");
        // Summer time is followed: 17:03 UTC is 19:03 in Berlin in July, 18:03 in November.
        let berlin = Reader::new(Locale::Ru, zone("Europe/Berlin"), utc(2026, 7, 1, 12, 0));
        assert_eq!(berlin.time(utc(2026, 7, 1, 17, 3)), "сегодня в 19:03");
        assert_eq!(berlin.time(utc(2026, 11, 30, 17, 3)), "30.11.2026, 18:03");
    }

    #[test]
    fn a_reader_who_has_not_chosen_a_zone_is_told_the_times_are_utc() {
        let en = reader(Locale::En, Zone::UTC);
        assert_eq!(
            en.time(utc(2026, 11, 30, 17, 3)),
            "today, 5:03\u{202F}PM UTC"
        );
        assert_eq!(
            en.time(utc(2026, 1, 2, 3, 4)),
            "Jan 2, 2026, 3:04\u{202F}AM UTC"
        );
    }

    #[test]
    fn a_time_in_another_zone_names_it() {
        let he = reader(Locale::He, zone("Asia/Jerusalem"));
        assert_eq!(
            he.time_in(zone("Europe/Berlin"), utc(2026, 12, 1, 8, 0)),
            "מחר, 9:00 Europe/Berlin"
        );
    }

    #[test]
    fn the_clock_shows_the_time_of_day_in_the_readers_zone() {
        assert_eq!(reader(Locale::Ru, zone("Asia/Tokyo")).clock(), "21:00");
        assert_eq!(reader(Locale::En, Zone::UTC).clock(), "12:00\u{202F}PM");
    }

    #[test]
    fn a_relative_time_is_one_run_of_text_in_hebrew() {
        let he = reader(Locale::He, zone("Asia/Jerusalem"));
        let shown = he.time(utc(2026, 11, 30, 15, 3));
        assert!(!shown.contains(['\u{2068}', '\u{2069}']), "{shown:?}");
    }
}
