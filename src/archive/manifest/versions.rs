//! Format 1.1: a backup with history lists, under each file, its earlier versions, each kept
//! in an entry of its own. A 1.0 reader ignores the list it does not know; every check of an
//! entry against the manifest (the verifier's, the reader's) goes through [`Manifest::listed`],
//! so a version's entry is held to exactly what a file's is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Manifest, ManifestFile, first_version, first_version_if_null, null_as_default};
use crate::archive::timestamp;

/// The format of a backup that holds its files' earlier versions.
pub const HISTORY_FORMAT_VERSION: &str = "1.1";

/// One earlier version of a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestVersion {
    #[serde(default = "first_version", deserialize_with = "first_version_if_null")]
    pub version: u32,
    /// Lowercase hex SHA-256 of the entry's bytes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub sha256: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub size: u64,
    /// When this version was made.
    #[serde(default, with = "timestamp")]
    pub created_at: DateTime<Utc>,
    /// The entry holding its bytes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub path: String,
    /// The file's name in this version, when it was not the file's name now (a rename is a
    /// version of its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
}

/// An entry the manifest vouches for: a file's, or one of its earlier versions'.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Listed<'m> {
    File(&'m ManifestFile),
    Version {
        file: &'m ManifestFile,
        version: &'m ManifestVersion,
    },
}

impl<'m> Listed<'m> {
    /// The entry's name in the ZIP.
    pub fn path(&self) -> &'m str {
        match self {
            Self::File(file) => file.entry_path(),
            Self::Version { version, .. } => &version.path,
        }
    }

    pub fn sha256(&self) -> &'m str {
        match self {
            Self::File(file) => &file.sha256,
            Self::Version { version, .. } => &version.sha256,
        }
    }

    pub fn size(&self) -> u64 {
        match self {
            Self::File(file) => file.size,
            Self::Version { version, .. } => version.size,
        }
    }
}

impl Manifest {
    /// Every entry the manifest vouches for by size and SHA-256: each file, then its earlier
    /// versions.
    pub fn listed(&self) -> impl Iterator<Item = Listed<'_>> {
        self.files.iter().flat_map(|file| {
            std::iter::once(Listed::File(file)).chain(
                file.versions
                    .iter()
                    .map(move |version| Listed::Version { file, version }),
            )
        })
    }

    /// How many earlier versions the backup holds.
    pub fn version_count(&self) -> usize {
        self.files.iter().map(|file| file.versions.len()).sum()
    }
}
