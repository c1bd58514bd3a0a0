//! Reads a ZIP someone sent us (an external archive or one of our own backups) into files,
//! refusing any archive that is hostile or damaged as a whole.
//!
//! Pure: bytes in, data out. Nothing is extracted, so no entry name ever reaches a file system;
//! names are still checked strictly, because they become file names in the user's library and
//! the archive itself is kept as a backup that the user may unzip later.
//!
//! Order matters: every structural check (names, flags, declared sizes, ratios, overlaps,
//! duplicates) runs before a single byte is inflated, then the manifest is read, then the files.

mod files;
mod inflate;
mod layout;
mod listing;
mod paths;
mod repo;
mod structure;

#[cfg(test)]
mod craft;
#[cfg(test)]
mod format_tests;
#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
pub(crate) mod path_props;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use zip::ZipArchive;

use super::manifest::{BadManifest, Manifest};
use super::source::Source;
use crate::domain::password::Password;

/// How much of an archive we are willing to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadLimits {
    pub max_entries: usize,
    /// Uncompressed bytes of all entries together, as declared and as actually inflated.
    pub max_total_bytes: u64,
    /// A larger file is skipped ([`SkipReason::TooLarge`]), not refused.
    pub max_file_bytes: u64,
    /// Uncompressed to compressed size, per entry: a heuristic against archives built to
    /// exhaust us, `None` for a backup we wrote and whose bytes matched their SHA-256 (a real
    /// log compresses 1000:1). The limits above bound memory either way.
    pub max_ratio: Option<u64>,
}

impl ReadLimits {
    /// The same bounds for a stored backup, read only once its bytes matched its record.
    pub fn for_verified_backup(&self) -> Self {
        Self {
            max_ratio: None,
            ..self.clone()
        }
    }
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            max_entries: 20_000,
            max_total_bytes: 200 * 1024 * 1024,
            max_file_bytes: 8 * 1024 * 1024,
            max_ratio: Some(200),
        }
    }
}

/// One text file found in the archive (or carried inline by its manifest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingFile {
    /// Relative and `/`-separated, the archive's single top folder stripped; never empty or
    /// absolute, and with no `.`, `..` or empty component, backslash or NUL.
    pub path: String,
    pub code: String,
    /// From the manifest, when it names one.
    pub language: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Lowercase hex SHA-256 of `code`'s UTF-8 bytes, as the library stores them.
    pub sha256: String,
    /// Its earlier versions, oldest first, when it comes from a CodeVault backup with history
    /// (each checked against its SHA-256 in the manifest, as the file is).
    pub history: Vec<IncomingVersion>,
}

/// An earlier version of a file of a backup with history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingVersion {
    pub version: u32,
    /// The file's name in that version, when it was another one.
    pub file_name: Option<String>,
    pub code: String,
    /// When the version was made.
    pub created_at: DateTime<Utc>,
}

/// Why an entry was left out; the rest of the archive is still read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    Directory,
    Binary,
    /// `__MACOSX/` and AppleDouble `._*` files.
    MacOsMetadata,
    GitFolder,
    NodeModules,
    DsStore,
    /// Over [`ReadLimits::max_file_bytes`].
    TooLarge,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReadArchive {
    /// In archive order; files carried inline by the manifest come last, in manifest order.
    pub files: Vec<IncomingFile>,
    pub skipped: BTreeMap<SkipReason, usize>,
    /// `metadata.json` at the root, when there is one (it is never one of `files`).
    pub manifest: Option<Manifest>,
    /// The backup id, when this is a CodeVault backup whose every file matched its SHA-256.
    pub codevault_backup: Option<String>,
    /// `owner/name`, when the archive says which repository it holds.
    pub repo: Option<String>,
    /// Its entries were encrypted (a protected archive, opened with its password).
    pub protected: bool,
}

/// Why a whole archive is refused. Names are the entry names as written in the archive.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not a ZIP archive, or a truncated one")]
    NotAZip,
    #[error("unsafe entry name {0:?}")]
    UnsafePath(String),
    #[error("an entry name is not UTF-8")]
    NonUtf8Name,
    #[error("{0} is a symbolic link")]
    Symlink(String),
    #[error("{0} is encrypted")]
    Encrypted(String),
    /// More than `max` entries (files and folders).
    #[error("too many entries")]
    TooManyEntries { max: usize },
    /// More than `max_bytes` once uncompressed, as declared or as inflated.
    #[error("too large once uncompressed")]
    TooLarge { max_bytes: u64 },
    #[error("{0} is compressed too well to be a real file")]
    RatioTooHigh(String),
    #[error("entries share their bytes")]
    Overlapping,
    /// A local header or data descriptor says other than the central directory, so tools
    /// would unpack different bytes.
    #[error("the local headers disagree with the central directory")]
    InconsistentHeaders,
    #[error("{0} inflates past its declared size")]
    InflatesPastDeclared(String),
    #[error("{0} is damaged")]
    Corrupt(String),
    #[error("{0} is in the archive twice")]
    DuplicateName(String),
    #[error("metadata.json is too large")]
    ManifestTooLarge,
    #[error("bad metadata.json: {0}")]
    BadManifest(#[source] BadManifest),
    #[error("{0} does not match its SHA-256 in the manifest")]
    ChecksumMismatch(String),
    #[error("the archive is empty")]
    Empty,
    /// Its entries are encrypted (a protected backup) and no password was given.
    #[error("the archive is protected by a password")]
    PasswordRequired,
    #[error("the password does not open the archive")]
    WrongPassword,
}

/// Reads `archive` as a ZIP. `document_name` is the name it was sent under, a hint for the
/// repository it holds.
pub fn read_archive(
    archive: impl Into<Source>,
    document_name: Option<&str>,
    limits: &ReadLimits,
) -> Result<ReadArchive, ReadError> {
    read_protected(archive, document_name, limits, None)
}

/// [`read_archive`] of an archive that may be protected: its encrypted (WinZip AES) entries
/// are opened with `password`; without one, such an archive is refused as
/// [`ReadError::PasswordRequired`] before anything is inflated.
pub fn read_protected(
    archive: impl Into<Source>,
    document_name: Option<&str>,
    limits: &ReadLimits,
    password: Option<&Password>,
) -> Result<ReadArchive, ReadError> {
    let archive = archive.into();
    let mut zip = ZipArchive::new(archive.clone()).map_err(|_| ReadError::NotAZip)?;
    let mut entries = structure::check(&mut zip, &archive, limits)?;
    if password.is_none() && entries.iter().any(|entry| entry.encrypted) {
        return Err(ReadError::PasswordRequired);
    }
    let protected = entries.iter().any(|entry| entry.encrypted);
    let top_folder = layout::strip_top_folder(&mut entries);
    let mut inflater = inflate::Inflater::new(zip, limits.max_total_bytes, password);
    let manifest = listing::read_manifest(&mut inflater, &entries)?;
    let collected = files::collect(&mut inflater, &entries, manifest.as_ref(), limits)?;
    let manifest_repo = manifest
        .as_ref()
        .and_then(|manifest| manifest.repo.as_deref());
    let repo = match collected.codevault_backup {
        // A backup's own name (`codevault-2025-01-15-1030-89abcdef.zip`) looks like a
        // zipball's; only its manifest says which repository it holds.
        Some(_) => repo::detect(manifest_repo, None, None, || None),
        None => repo::detect(manifest_repo, top_folder.as_deref(), document_name, || {
            files::read_git_config(&mut inflater, &entries)
        }),
    };
    Ok(ReadArchive {
        files: collected.files,
        skipped: collected.skipped,
        manifest,
        codevault_backup: collected.codevault_backup,
        repo,
        protected,
    })
}
