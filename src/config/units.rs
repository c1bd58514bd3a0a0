//! Sizes and durations as people write them (`"8 MiB"`, `"30s"`), and as plain numbers (bytes,
//! seconds) as the flat keys of earlier releases held them. Printed back exactly, so what
//! `check-config` shows reads in again as the same value.

use std::{fmt, time::Duration};

use serde::{
    Deserializer, Serializer,
    de::{self, Unexpected, Visitor},
};

const KIB: u64 = 1 << 10;

/// `#[serde(with = "size")]` for a `u64` count of bytes.
pub mod size {
    use super::*;

    pub fn serialize<S>(bytes: &u64, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        serializer.serialize_str(&format_size(*bytes))
    }

    pub fn deserialize<'de, D>(deserializer: D) -> Result<u64, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserializer.deserialize_any(SizeVisitor)
    }
}

/// `#[serde(with = "duration")]` for a `Duration`.
pub mod duration {
    use super::*;

    pub fn serialize<S>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        serializer.serialize_str(&humantime::format_duration(*duration).to_string())
    }

    pub fn deserialize<'de, D>(deserializer: D) -> Result<Duration, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserializer.deserialize_any(DurationVisitor)
    }
}

/// The largest binary unit that divides `bytes` exactly, so nothing is rounded.
pub fn format_size(bytes: u64) -> String {
    let units = [
        ("TiB", KIB.pow(4)),
        ("GiB", KIB.pow(3)),
        ("MiB", KIB.pow(2)),
        ("KiB", KIB),
    ];
    units
        .iter()
        .find(|(_, factor)| bytes >= *factor && bytes.is_multiple_of(*factor))
        .map_or_else(
            || format!("{bytes} B"),
            |(unit, factor)| format!("{} {unit}", bytes / factor),
        )
}

/// `"8 MiB"`, `"1.5GiB"`, `"500 KB"`, `"1024"`: binary units are powers of 1024, decimal ones
/// of 1000; a fraction of a byte is dropped. `None` for anything else or past `u64`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let end = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(end);
    let factor = unit_factor(unit.trim())?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    // Past 18 digits a fraction means nothing for bytes, and 10^18 still fits in a u128 sum.
    if (whole.is_empty() && fraction.is_empty()) || fraction.len() > 18 || fraction.contains('.') {
        return None;
    }
    let scale = 10u128.pow(u32::try_from(fraction.len()).ok()?);
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    let scaled = whole.checked_mul(scale)?.checked_add(fraction)?;
    u64::try_from(scaled.checked_mul(u128::from(factor))? / scale).ok()
}

fn unit_factor(unit: &str) -> Option<u64> {
    let factor = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000u64.pow(2),
        "gb" => 1000u64.pow(3),
        "tb" => 1000u64.pow(4),
        "kib" => KIB,
        "mib" => KIB.pow(2),
        "gib" => KIB.pow(3),
        "tib" => KIB.pow(4),
        _ => return None,
    };
    Some(factor)
}

struct SizeVisitor;

impl Visitor<'_> for SizeVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a size such as "8 MiB" or a number of bytes"#)
    }

    fn visit_u64<E: de::Error>(self, bytes: u64) -> Result<u64, E> {
        Ok(bytes)
    }

    fn visit_i64<E: de::Error>(self, bytes: i64) -> Result<u64, E> {
        u64::try_from(bytes).map_err(|_| E::invalid_value(Unexpected::Signed(bytes), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
        parse_size(text).ok_or_else(|| E::invalid_value(Unexpected::Str(text), &self))
    }
}

struct DurationVisitor;

impl Visitor<'_> for DurationVisitor {
    type Value = Duration;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a duration such as "30s" or "1h", or a number of seconds"#)
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Duration, E> {
        Ok(Duration::from_secs(seconds))
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Duration, E> {
        u64::try_from(seconds)
            .map(Duration::from_secs)
            .map_err(|_| E::invalid_value(Unexpected::Signed(seconds), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Duration, E> {
        humantime::parse_duration(text.trim())
            .map_err(|_| E::invalid_value(Unexpected::Str(text), &self))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Both {
        #[serde(with = "size")]
        size: u64,
        #[serde(with = "duration")]
        wait: Duration,
    }

    fn read(text: &str) -> Result<Both, String> {
        toml::from_str(text).map_err(|error| error.to_string())
    }

    #[test]
    fn sizes_read_in_units_and_as_plain_bytes() {
        let cases = [
            ("8 MiB", 8 << 20),
            ("8MiB", 8 << 20),
            ("8 mib", 8 << 20),
            ("1.5 GiB", 3 << 29),
            ("64 KiB", 65_536),
            ("500 KB", 500_000),
            ("2 MB", 2_000_000),
            ("1 TiB", 1 << 40),
            ("100000 B", 100_000),
            (" 7 ", 7),
            ("0.5 B", 0),
        ];
        for (text, bytes) in cases {
            assert_eq!(parse_size(text), Some(bytes), "{text}");
        }
        for text in [
            "",
            "MiB",
            "8 MeB",
            "-1 MiB",
            "1.2.3 KiB",
            "99999999 TiB",
            "8 M",
        ] {
            assert_eq!(parse_size(text), None, "{text}");
        }
        assert_eq!(read("size = 1048576\nwait = 1").unwrap().size, 1 << 20);
        assert!(read("size = -1\nwait = 1").is_err());
    }

    #[test]
    fn durations_read_in_units_and_as_plain_seconds() {
        let cases = [
            ("size = 1\nwait = \"30s\"", Duration::from_secs(30)),
            ("size = 1\nwait = \"1h\"", Duration::from_secs(3600)),
            ("size = 1\nwait = \"10m\"", Duration::from_secs(600)),
            ("size = 1\nwait = \"1h 30m\"", Duration::from_secs(5400)),
            ("size = 1\nwait = \"250ms\"", Duration::from_millis(250)),
            ("size = 1\nwait = 600", Duration::from_secs(600)),
        ];
        for (text, wait) in cases {
            assert_eq!(read(text).unwrap().wait, wait, "{text}");
        }
        let error = read("size = 1\nwait = \"soon\"").unwrap_err();
        assert!(error.contains("a duration such as"), "{error}");
        assert!(read("size = 1\nwait = -5").is_err());
    }

    #[test]
    fn sizes_and_durations_print_exactly_and_read_back() {
        let cases = [
            (8 << 20, "8 MiB"),
            (45 << 20, "45 MiB"),
            (500 << 20, "500 MiB"),
            (65_536, "64 KiB"),
            (100_000, "100000 B"),
            (3 << 29, "1536 MiB"),
            (0, "0 B"),
        ];
        for (bytes, text) in cases {
            assert_eq!(format_size(bytes), text);
            assert_eq!(parse_size(text), Some(bytes));
        }
        let both = Both {
            size: 5 << 20,
            wait: Duration::from_millis(1500),
        };
        let text = toml::to_string(&both).unwrap();
        assert_eq!(text, "size = \"5 MiB\"\nwait = \"1s 500ms\"\n");
        assert_eq!(read(&text).unwrap(), both);
    }
}
