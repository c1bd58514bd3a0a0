//! Two versions of one file compared: the older on the left, whichever was picked first.

use super::{Library, LibraryError, LibraryResult};
use crate::domain::{CodeFile, Id, UserId, diff};

/// What changed from the older of two versions of a file to the newer.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub name: String,
    pub key: Id,
    pub older: u32,
    pub newer: u32,
    /// The unified diff; `None` when both have the same content.
    pub diff: Option<String>,
}

impl Library {
    /// Compares two of the user's versions of the same file; a version of another user or of
    /// another file is not found, whatever its id.
    pub async fn compare(&self, user: UserId, one: &Id, other: &Id) -> LibraryResult<Comparison> {
        let one = self.version(user, one).await?;
        let other = self.version(user, other).await?;
        if one.key != other.key {
            return Err(LibraryError::NotFound);
        }
        let (older, newer) = if one.version <= other.version {
            (one, other)
        } else {
            (other, one)
        };
        let label = |file: &CodeFile| format!("{} v{}", file.name, file.version);
        let (old_label, new_label) = (label(&older), label(&newer));
        let (name, key) = (newer.name.clone(), newer.key.clone());
        let (older_number, newer_number) = (older.version, newer.version);
        // A diff of two large files is CPU work: off the async workers.
        let diff = tokio::task::spawn_blocking(move || {
            diff::unified(&old_label, &new_label, &older.code, &newer.code)
        })
        .await
        .map_err(|error| LibraryError::Worker(error.to_string()))?;
        Ok(Comparison {
            name,
            key,
            older: older_number,
            newer: newer_number,
            diff,
        })
    }
}
