//! Backup archives: a ZIP of the user's files plus a `metadata.json` manifest.
//!
//! Pure: archives are read through a [`Source`] and written to any `Write + Seek`; no
//! database, network or filesystem here, so the service layer decides where archives come
//! from and go to (memory, or a temporary file for a large one).

pub mod manifest;
pub mod names;
pub mod parts;
pub mod reader;
pub mod repo_zip;
pub mod source;
pub mod verify;
pub mod writer;

mod entry_rules;
mod headers;
mod locked;
mod timestamp;

#[cfg(test)]
mod end_to_end;
#[cfg(test)]
mod history_tests;
#[cfg(test)]
mod protected_tests;
#[cfg(test)]
pub(crate) mod test_support;

pub use manifest::{
    APP_NAME, BadManifest, FORMAT_VERSION, HISTORY_FORMAT_VERSION, Listed, MANIFEST_NAME,
    MAX_MANIFEST_BYTES, MAX_MANIFEST_BYTES_PER_ENTRY, Manifest, ManifestFile, ManifestHeader,
    ManifestVersion, manifest_limit, sha256_hex,
};
pub use reader::{
    IncomingFile, IncomingVersion, ReadArchive, ReadError, ReadLimits, SkipReason, read_archive,
    read_protected,
};
pub use source::{RandomAccess, Source};
pub use verify::{VerifyError, verify, verify_on, verify_protected, verify_with};
pub use writer::{ArchiveError, BackupWriter, EntrySource};
