//! The time zone a schedule's hour is read in: a place's zone from the tz database (daylight
//! saving and all), or a fixed offset from UTC.

use std::{fmt, str::FromStr};

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Offsets in use reach from −12:00 to +14:00.
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// The zones offered as buttons; any other is typed (a tz database name or an offset).
pub const ZONE_CHOICES: [&str; 12] = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Jerusalem",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Zone(Kind);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
enum Kind {
    #[default]
    Utc,
    Named(Tz),
    /// East of UTC, in minutes (`UTC+05:30` is 330).
    Offset(i32),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a time zone: {0:?}")]
pub struct UnknownZone(pub String);

impl Zone {
    pub const UTC: Self = Self(Kind::Utc);

    /// The zone at `place` in [`ZONE_CHOICES`], as a button names it.
    pub fn choice(place: usize) -> Option<Self> {
        ZONE_CHOICES.get(place)?.parse().ok()
    }

    /// The instant the clocks of this zone show `hour`:00 on `day`. An hour that a change to
    /// summer time skips is read as the first one after the gap (02:00 → 03:00); an hour that
    /// the change back repeats, as its first occurrence: the run happens once either way.
    pub fn at_hour(self, day: NaiveDate, hour: u32) -> Option<DateTime<Utc>> {
        let local = day.and_hms_opt(hour, 0, 0)?;
        match self.0 {
            Kind::Utc => Some(local.and_utc()),
            Kind::Offset(minutes) => first(FixedOffset::east_opt(minutes * 60)?, local),
            Kind::Named(tz) => first(tz, local),
        }
    }

    /// The day the clocks of this zone show at `instant`.
    pub fn date_of(self, instant: DateTime<Utc>) -> NaiveDate {
        self.local_time(instant).date()
    }

    /// What the clocks of this zone show at `instant`.
    pub fn local_time(self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self.0 {
            Kind::Utc => instant.naive_utc(),
            Kind::Offset(minutes) => FixedOffset::east_opt(minutes * 60).map_or_else(
                || instant.naive_utc(),
                |offset| instant.with_timezone(&offset).naive_local(),
            ),
            Kind::Named(tz) => instant.with_timezone(&tz).naive_local(),
        }
    }
}

/// The earliest instant showing `local`, or, in a gap, the first after it (gaps are whole
/// hours or less in the tz database).
fn first<Z: TimeZone>(zone: Z, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    [0, 30, 60, 90, 120].into_iter().find_map(|minutes| {
        let shifted = local.checked_add_signed(TimeDelta::minutes(minutes))?;
        match zone.from_local_datetime(&shifted) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.with_timezone(&Utc)),
            LocalResult::None => None,
        }
    })
}

impl FromStr for Zone {
    type Err = UnknownZone;

    /// A tz database name in any case (`europe/berlin`), `UTC`, or an offset: `UTC+3`,
    /// `GMT-4:30`, `+05:30`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownZone(text.to_owned());
        let trimmed = text.trim();
        let upper = trimmed.to_ascii_uppercase();
        if matches!(
            upper.as_str(),
            "UTC" | "GMT" | "Z" | "UTC+0" | "UTC-0" | "+0" | "+00:00"
        ) {
            return Ok(Self::UTC);
        }
        let offset = upper
            .strip_prefix("UTC")
            .or_else(|| upper.strip_prefix("GMT"))
            .unwrap_or(&upper);
        if offset.starts_with(['+', '-']) {
            let minutes = parse_offset(offset).ok_or_else(unknown)?;
            return Ok(if minutes == 0 {
                Self::UTC
            } else {
                Self(Kind::Offset(minutes))
            });
        }
        // Etc/GMT+3 means three hours *west*; typed, it is better asked as UTC-3.
        if upper.starts_with("ETC/") {
            return Err(unknown());
        }
        Tz::from_str_insensitive(trimmed)
            .map(|tz| Self(Kind::Named(tz)))
            .map_err(|_| unknown())
    }
}

/// `+3`, `-04:30`, `+0530` → minutes east of UTC; quarter hours only, within ±14:00.
fn parse_offset(text: &str) -> Option<i32> {
    let (sign, rest) = match text.split_at(1) {
        ("+", rest) => (1, rest),
        ("-", rest) => (-1, rest),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((hours, minutes)) => (hours, minutes),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let all_digits = |part: &str| {
        !part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    let total = hours.checked_mul(60)?.checked_add(minutes)?;
    (minutes % 15 == 0 && minutes < 60 && total <= MAX_OFFSET_MINUTES).then_some(sign * total)
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::Utc => f.write_str("UTC"),
            Kind::Named(tz) => f.write_str(tz.name()),
            Kind::Offset(minutes) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.unsigned_abs();
                write!(f, "UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
        }
    }
}

impl TryFrom<String> for Zone {
    type Error = UnknownZone;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Zone> for String {
    fn from(zone: Zone) -> Self {
        zone.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(text: &str) -> Zone {
        text.parse().unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn names_and_offsets_are_read_and_written_back_the_same() {
        for (typed, shown) in [
            ("europe/berlin", "Europe/Berlin"),
            (" Asia/Jerusalem ", "Asia/Jerusalem"),
            ("utc", "UTC"),
            ("GMT", "UTC"),
            ("UTC+3", "UTC+03:00"),
            ("gmt-4:30", "UTC-04:30"),
            ("+0545", "UTC+05:45"),
            ("UTC+14", "UTC+14:00"),
            ("-12", "UTC-12:00"),
            ("+0", "UTC"),
        ] {
            let read = zone(typed);
            assert_eq!(read.to_string(), shown, "{typed}");
            assert_eq!(zone(shown), read, "{shown}");
        }
        for bad in [
            "",
            "Mars/Olympus",
            "UTC+15",
            "+3:20",
            "+3:60",
            "UTC+",
            "+-3",
            "+123",
            "Etc/GMT+3",
            "Europe/Berlin; DROP",
        ] {
            assert_eq!(
                bad.parse::<Zone>(),
                Err(UnknownZone(bad.to_owned())),
                "{bad}"
            );
        }
        for choice in ZONE_CHOICES {
            assert_eq!(zone(choice).to_string(), choice);
        }
    }

    #[test]
    fn stored_as_its_name_and_refused_when_unknown() {
        let stored = serde_json::to_value(zone("Europe/Moscow")).unwrap();
        assert_eq!(stored, serde_json::json!("Europe/Moscow"));
        assert_eq!(
            serde_json::from_value::<Zone>(stored).unwrap(),
            zone("Europe/Moscow")
        );
        assert!(serde_json::from_value::<Zone>(serde_json::json!("Nowhere/Else")).is_err());
    }

    #[test]
    fn an_hour_is_read_on_the_zone_clock_across_daylight_saving() {
        let berlin = zone("Europe/Berlin");
        // Winter UTC+1, summer UTC+2.
        assert_eq!(
            berlin.at_hour(day(2026, 1, 10), 9),
            Some(utc("2026-01-10T08:00:00Z"))
        );
        assert_eq!(
            berlin.at_hour(day(2026, 7, 10), 9),
            Some(utc("2026-07-10T07:00:00Z"))
        );
        // 2026-03-29: 02:00 → 03:00 does not exist; it runs at 03:00 summer time.
        assert_eq!(
            berlin.at_hour(day(2026, 3, 29), 2),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        // 2026-10-25: 02:00 happens twice; the first (still summer time) is taken.
        assert_eq!(
            berlin.at_hour(day(2026, 10, 25), 2),
            Some(utc("2026-10-25T00:00:00Z"))
        );
        let india = zone("UTC+05:30");
        assert_eq!(
            india.at_hour(day(2026, 1, 10), 0),
            Some(utc("2026-01-09T18:30:00Z"))
        );
        assert_eq!(
            Zone::UTC.at_hour(day(2026, 1, 10), 23),
            Some(utc("2026-01-10T23:00:00Z"))
        );
    }

    #[test]
    fn the_date_is_the_one_the_zone_clocks_show() {
        let instant = utc("2026-01-09T23:30:00Z");
        assert_eq!(Zone::UTC.date_of(instant), day(2026, 1, 9));
        assert_eq!(zone("Asia/Tokyo").date_of(instant), day(2026, 1, 10));
        assert_eq!(zone("UTC-04:00").date_of(instant), day(2026, 1, 9));
        assert_eq!(
            zone("America/Los_Angeles").date_of(utc("2026-01-10T07:59:00Z")),
            day(2026, 1, 9)
        );
    }
}
