//! Manifest timestamps: written one way, read many ways.
//!
//! We write `2025-01-15T10:30:00Z` (whole seconds, UTC), the seed's shape. Older and foreign
//! manifests were written by other programs, so reading accepts any RFC 3339 offset, fractions
//! of a second, an offset-less ISO 8601 time (Python's `isoformat()`, taken as UTC) and `null`.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

pub fn serialize<S>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
{
    serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// `null` reads as the default (the Unix epoch), like a missing field.
pub fn deserialize<'de, D>(deserializer: D) -> Result<DateTime<Utc>, D::Error>
where
    D: Deserializer<'de>,
{
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(DateTime::default());
    };
    parse(&text).ok_or_else(|| D::Error::custom(format!("not a timestamp: {text:?}")))
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.to_utc());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
}
