//! Manifest timestamps: written one way, read many ways.
//!
//! We write `2025-01-15T10:30:00Z` (whole seconds, UTC), the seed's shape. Older and foreign
//! manifests were written by other programs, so reading accepts any RFC 3339 offset, fractions
//! of a second, an offset-less ISO 8601 time (Python's `isoformat()`, taken as UTC) and `null`.
//! A manifest holds two for every file: our own shape is written and read without allocating
//! or going through chrono's general formatter and parser.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Timelike, Utc};
use serde::{Deserializer, Serializer, de};

/// `YYYY-MM-DDTHH:MM:SSZ`.
const OUR_SHAPE_LEN: usize = 20;

pub fn serialize<S>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
{
    let mut text = [0; OUR_SHAPE_LEN];
    match write_our_shape(time, &mut text) {
        Some(text) => serializer.serialize_str(text),
        None => serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, true)),
    }
}

/// `time` as chrono's `to_rfc3339_opts(SecondsFormat::Secs, true)` writes it, for the years
/// that take four digits; `None` for others, and for a leap second (written as `:60`).
fn write_our_shape<'a>(time: &DateTime<Utc>, text: &'a mut [u8; OUR_SHAPE_LEN]) -> Option<&'a str> {
    let year = u32::try_from(time.year())
        .ok()
        .filter(|year| *year <= 9999)?;
    if time.nanosecond() >= 1_000_000_000 {
        return None;
    }
    *text = *b"0000-00-00T00:00:00Z";
    let fields = [
        (0, 4, year),
        (5, 2, time.month()),
        (8, 2, time.day()),
        (11, 2, time.hour()),
        (14, 2, time.minute()),
        (17, 2, time.second()),
    ];
    for (start, digits, mut value) in fields {
        for at in (start..start + digits).rev() {
            // A digit: `value % 10` is below ten.
            text[at] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    std::str::from_utf8(text).ok()
}

/// `null` reads as the default (the Unix epoch), like a missing field.
pub fn deserialize<'de, D>(deserializer: D) -> Result<DateTime<Utc>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_option(TimestampVisitor)
}

/// Takes the text where the parser has it (borrowed from the manifest, or its own buffer
/// when the string has escapes): nothing is allocated for a timestamp that reads.
struct TimestampVisitor;

impl<'de> de::Visitor<'de> for TimestampVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a timestamp or null")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        parse(text).ok_or_else(|| E::custom(format!("not a timestamp: {text:?}")))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(DateTime::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(DateTime::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(time) = parse_our_shape(text) {
        return Some(time);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.to_utc());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}

/// Exactly `YYYY-MM-DDTHH:MM:SSZ` naming a real time; `None` leaves anything else (a leap
/// second too) to chrono's parser.
fn parse_our_shape(text: &str) -> Option<DateTime<Utc>> {
    let bytes: &[u8; OUR_SHAPE_LEN] = text.as_bytes().try_into().ok()?;
    let separators = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'Z'),
    ];
    if separators
        .iter()
        .any(|&(at, separator)| bytes[at] != separator)
    {
        return None;
    }
    let number = |start: usize, digits: usize| {
        bytes[start..start + digits]
            .iter()
            .try_fold(0u32, |sum, &byte| {
                byte.is_ascii_digit()
                    .then(|| sum * 10 + u32::from(byte - b'0'))
            })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5, 2)?, number(8, 2)?)?;
    let time = date.and_hms_opt(number(11, 2)?, number(14, 2)?, number(17, 2)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn reads_rfc3339_and_offsetless_iso_times() {
        let expected = Utc.with_ymd_and_hms(2025, 1, 15, 10, 30, 0).unwrap();
        for text in [
            "2025-01-15T10:30:00Z",
            "2025-01-15T12:30:00+02:00",
            "2025-01-15t10:30:00z",
            "2025-01-15T10:30:00",
            "2025-01-15 10:30:00",
        ] {
            assert_eq!(parse(text), Some(expected), "{text}");
        }
        let fraction = parse("2025-01-15T10:30:00.250000").unwrap();
        assert_eq!(fraction.timestamp_subsec_millis(), 250);
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse("2025-01-15"), None);
    }

    /// Times across the years our shape covers and past its edges, a leap second and
    /// fractions among them.
    fn times() -> Vec<DateTime<Utc>> {
        let mut times = vec![
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(2016, 12, 31, 23, 59, 59).unwrap() + Duration::milliseconds(1500),
            NaiveDate::from_ymd_opt(2016, 12, 31)
                .and_then(|date| date.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
                .unwrap()
                .and_utc(),
        ];
        let mut time = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap();
        while time.year() < 2100 {
            times.push(time);
            time += Duration::seconds(7_654_321) + Duration::milliseconds(123);
        }
        times
    }

    #[test]
    fn writes_as_chrono_does_and_reads_back_what_it_writes() {
        for time in times() {
            let json = serde_json::to_string(&Wrapped(time)).unwrap();
            let chrono = time.to_rfc3339_opts(SecondsFormat::Secs, true);
            assert_eq!(json, format!("\"{chrono}\""), "{time:?}");
            // Years past four digits do not read back, as before.
            if let Ok(written_as) = DateTime::parse_from_rfc3339(&chrono) {
                let read: Read = serde_json::from_str(&json).unwrap();
                assert_eq!(read.0, written_as.to_utc(), "{json}");
            }
        }
    }

    /// Our shape read by hand agrees with chrono's parser, down to the dates that do not
    /// exist and the texts that only nearly have our shape.
    #[test]
    fn our_shape_reads_as_chrono_reads_it() {
        for text in [
            "2025-02-28T23:59:59Z",
            "2024-02-29T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T00:60:00Z",
            "2016-12-31T23:59:60Z",
            "2025-01-01T00:00:00z",
            "2025-01-01X00:00:00Z",
            "2025-01-0aT00:00:00Z",
            "+025-01-01T00:00:00Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc());
            assert_eq!(parse(text), chrono, "{text}");
        }
    }

    #[test]
    fn null_and_escaped_text_read_too() {
        let read: Read = serde_json::from_str("null").unwrap();
        assert_eq!(read.0, DateTime::<Utc>::default());
        let read: Read = serde_json::from_str(r#""2025-01-15T10:30:00\u005a""#).unwrap();
        assert_eq!(
            read.0,
            Utc.with_ymd_and_hms(2025, 1, 15, 10, 30, 0).unwrap()
        );
        let error = serde_json::from_str::<Read>(r#""soon""#).unwrap_err();
        assert!(
            error.to_string().contains("not a timestamp: \"soon\""),
            "{error}"
        );
    }

    #[derive(serde::Serialize)]
    struct Wrapped(#[serde(with = "super")] DateTime<Utc>);

    #[derive(Debug, serde::Deserialize)]
    struct Read(#[serde(with = "super")] DateTime<Utc>);
}
