use std::fmt;

use serde::{Deserialize, Serialize};

/// An opaque record id: 24 lowercase hex digits (a MongoDB ObjectId).
///
/// Ids travel in callback data, so parsing is strict: anything else is rejected.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

impl Id {
    pub const LEN: usize = 24;

    pub fn parse(text: &str) -> Option<Self> {
        let valid = text.len() == Self::LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| Self(text.to_owned()))
    }

    /// A new unique id (an ObjectId: time-ordered, unique across processes).
    pub fn generate() -> Self {
        Self(mongodb::bson::oid::ObjectId::new().to_hex())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Id {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("not an id: {value:?}"))
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_24_lowercase_hex_digits() {
        assert!(Id::parse("0123456789abcdef01234567").is_some());
        assert!(Id::parse("0123456789ABCDEF01234567").is_none());
        assert!(Id::parse("0123456789abcdef0123456").is_none());
        assert!(Id::parse("0123456789abcdef012345678").is_none());
        assert!(Id::parse("0123456789abcdef0123456g").is_none());
        assert!(Id::parse("").is_none());
    }
}
