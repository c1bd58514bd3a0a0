//! Destinations: places outside the bot that keep copies of stored backups (Google Drive is the
//! first), and the rules every destination follows alike.

use std::{borrow::Cow, fmt};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{retention::RetentionPolicy, schedule::Schedule};

/// Which destination a remote copy, a job or a setting belongs to: a short lowercase name that
/// is also a key in stored documents (`drive`), so only `a`–`z`, `0`–`9` and `_`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DestinationId(Cow<'static, str>);

impl DestinationId {
    /// Google Drive, the first destination: records written before there were destinations
    /// (a backup's `drive` field, a job without one) belong to it.
    pub const DRIVE: Self = Self::new("drive");

    /// A destination's name, checked when the constant is compiled.
    pub const fn new(name: &'static str) -> Self {
        assert!(is_valid(name.as_bytes()), "not a destination name");
        Self(Cow::Borrowed(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

const fn is_valid(name: &[u8]) -> bool {
    if name.is_empty() || name.len() > 32 {
        return false;
    }
    let mut i = 0;
    while i < name.len() {
        let byte = name[i];
        if !(byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

impl fmt::Display for DestinationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not a destination name")]
pub struct BadDestination;

impl TryFrom<String> for DestinationId {
    type Error = BadDestination;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        if is_valid(name.as_bytes()) {
            Ok(Self(Cow::Owned(name)))
        } else {
            Err(BadDestination)
        }
    }
}

impl From<DestinationId> for String {
    fn from(id: DestinationId) -> Self {
        id.0.into_owned()
    }
}

/// What started an upload to a destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadTrigger {
    /// The user asked for it ("Back up now").
    Manual,
    /// The user's schedule, or the retry of a failed upload.
    Scheduled,
}

impl UploadTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Scheduled => "scheduled",
        }
    }
}

/// A user's settings and last outcome for one destination, whatever the destination.
#[derive(Clone, Debug, PartialEq)]
pub struct DestinationState {
    pub schedule: Schedule,
    /// Which of the bot's copies to keep there; `None` is the operator's default.
    pub retention: Option<RetentionPolicy>,
    /// Backups made for it hold every file's earlier versions (a backup with history).
    pub history: bool,
    /// Backups made for it are protected by a password the user set, kept sealed.
    pub protected: bool,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// The last upload found the destination full (`last_error` says how it put it); the
    /// next outcome clears it.
    pub full: bool,
    /// The fingerprint of the library a scheduled run last uploaded, while that copy is the
    /// newest made there: a run finding the library the same uploads nothing.
    pub uploaded_library: Option<String>,
    /// When a scheduled run last found nothing changed and uploaded nothing.
    pub last_unchanged: Option<DateTime<Utc>>,
}

impl DestinationState {
    /// Nothing set, nothing happened yet.
    pub const NEW: Self = Self {
        schedule: Schedule::OFF,
        retention: None,
        history: false,
        protected: false,
        last_success: None,
        last_error: None,
        full: false,
        uploaded_library: None,
        last_unchanged: None,
    };
}

/// How an upload to a destination failed, as far as its state keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// Anything its error's text says.
    Other,
    /// It had no room for the copy: nothing goes there until the user frees some.
    Full,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_lowercase_keys() {
        assert_eq!(DestinationId::DRIVE.as_str(), "drive");
        for good in ["drive", "s3", "web_dav"] {
            assert!(DestinationId::try_from(good.to_owned()).is_ok(), "{good}");
        }
        for bad in ["", "Drive", "a.b", "$set", "a:b", &"x".repeat(33)] {
            assert!(DestinationId::try_from(bad.to_owned()).is_err(), "{bad}");
        }
        let read: DestinationId = serde_json::from_str("\"drive\"").unwrap();
        assert_eq!(read, DestinationId::DRIVE);
        assert!(serde_json::from_str::<DestinationId>("\"a.b\"").is_err());
    }
}
