use chrono::{DateTime, Utc};

use super::{Id, UserId};

/// One version of a user's code file, as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeFile {
    /// Identifies the file across all its versions.
    pub key: Id,
    /// Identifies this one version.
    pub version_id: Id,
    pub user_id: UserId,
    pub name: String,
    pub language: String,
    pub code: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub version: u32,
    pub size: u64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl CodeFile {
    /// Its list row.
    pub fn summary(&self) -> FileSummary {
        FileSummary {
            key: self.key.clone(),
            name: self.name.clone(),
            language: self.language.clone(),
            version: self.version,
            size: self.size,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        }
    }
}

/// What a list row needs: everything but the code.
#[derive(Clone, Debug, PartialEq)]
pub struct FileSummary {
    pub key: Id,
    pub name: String,
    pub language: String,
    pub version: u32,
    pub size: u64,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// One entry of a file's history.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionInfo {
    pub version_id: Id,
    /// The file's name in this version: a rename is a version of its own.
    pub name: String,
    pub version: u32,
    pub size: u64,
    pub updated_at: DateTime<Utc>,
    pub current: bool,
}

/// A file about to be created (its first version).
#[derive(Clone, Debug, PartialEq)]
pub struct NewFile {
    pub user_id: UserId,
    pub name: String,
    pub language: String,
    pub code: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
}

/// How much of the per-user limits a library uses (current, active files only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub files: u64,
    pub bytes: u64,
}

/// The hex SHA-256 of a file's content, stored with every version.
pub fn content_sha256(code: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(code.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            content_sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
