//! A restored file's history: the earlier versions a backup with history holds, and which of
//! them the library lacks.
//!
//! A file the restore creates gets every earlier version, oldest first, below its current one.
//! A file already in the library (unchanged, or replaced) keeps its own history and gains the
//! backup's versions whose content none of its versions has (recognised by SHA-256), just below
//! its current version, so restoring the same backup twice adds nothing. Where they go is
//! known before anything is written (the file's current version number), so a restore's undo
//! log can name them and an Undo can take exactly them out again.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{code_file::content_sha256, language};

/// An earlier version of an incoming file.
#[derive(Clone, Debug, PartialEq)]
pub struct PastVersion {
    /// The file's name in that version (a rename is a version of its own).
    pub name: String,
    pub code: String,
    /// When the version was made.
    pub created_at: DateTime<Utc>,
}

impl PastVersion {
    /// The language to store it with: the file's (`file_language`, the file named
    /// `file_name`) when it had the file's name, else detected.
    pub fn language_to_store<'a>(&self, file_name: &str, file_language: &'a str) -> &'a str {
        if self.name == file_name {
            file_language
        } else {
            language::detect(Some(&self.name), &self.code)
        }
    }
}

/// What the library holds of a file that is already there, for merging a history into it.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownFile {
    /// Its current version's number.
    pub version: u32,
    /// The fingerprint of its current version ([`super::Current::state`]).
    pub state: String,
    /// The SHA-256 of every version it has, the current one included.
    pub hashes: HashSet<String>,
}

/// The library's files that an incoming history may be merged into, by current name.
pub type KnownFiles = HashMap<String, KnownFile>;

/// Versions a restore added below a file's current version, kept in its undo log: the file's
/// current version was `current` once the restore was written, and the `count` versions just
/// below it are the ones it added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedHistory {
    pub current: u32,
    pub count: u32,
}

impl AddedHistory {
    /// The version numbers it covers, first to last.
    pub fn range(&self) -> (u32, u32) {
        let first = self.current.saturating_sub(self.count);
        (first, self.current.saturating_sub(1))
    }
}

/// The versions of `history` whose content `known` has none of, in order.
pub fn missing(history: Vec<PastVersion>, known: &KnownFile) -> Vec<PastVersion> {
    history
        .into_iter()
        .filter(|past| !known.hashes.contains(&content_sha256(&past.code)))
        .collect()
}

/// A count of versions as the store numbers them.
pub fn count_versions(versions: &[PastVersion]) -> u32 {
    u32::try_from(versions.len()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn past(code: &str, day: u32) -> PastVersion {
        PastVersion {
            name: "a.py".to_owned(),
            code: code.to_owned(),
            created_at: Utc.with_ymd_and_hms(2025, 1, day, 0, 0, 0).unwrap(),
        }
    }

    #[test]
    fn only_contents_the_file_has_in_no_version_are_missing() {
        let known = KnownFile {
            version: 4,
            state: String::new(),
            hashes: ["one", "three"].map(content_sha256).into_iter().collect(),
        };
        let history = vec![
            past("one", 1),
            past("two", 2),
            past("three", 3),
            past("two", 4),
        ];
        let missing = missing(history, &known);
        assert_eq!(missing, vec![past("two", 2), past("two", 4)]);
    }

    #[test]
    fn added_history_covers_the_versions_below_the_current_one() {
        let added = AddedHistory {
            current: 7,
            count: 3,
        };
        assert_eq!(added.range(), (4, 6));
    }

    #[test]
    fn a_version_under_another_name_has_its_language_detected() {
        assert_eq!(past("x = 1", 1).language_to_store("a.py", "text"), "text");
        let renamed = PastVersion {
            name: "main.rs".to_owned(),
            ..past("fn main() {}", 1)
        };
        assert_eq!(renamed.language_to_store("a.py", "python"), "rust");
    }
}
