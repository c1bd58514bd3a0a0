//! `metadata.json`: what a backup holds, with a SHA-256 for every file.
//!
//! Writing follows the current format exactly; reading is lenient, because users send back
//! archives made by older versions, by the seed's bot (code inline in `files`) and by the
//! original Python bot (no `files` at all, `backup_type: "manual"`): every field but a file's
//! `file_name` has a default; `null` for a string, number, list or time reads as its default;
//! a `backup_type` we do not know reads as the default; unknown keys are ignored. Only JSON
//! that lists `files` or names a `backup_id` is a manifest at all.

use std::{fmt, sync::Arc};

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Deserializer, Serialize, de::IgnoredAny};
use sha2::{Digest, Sha256};

use super::timestamp;
use crate::domain::backup::BackupKind;

mod pretty;
pub(crate) use pretty::FilesJson;
mod versions;

pub use versions::{HISTORY_FORMAT_VERSION, Listed, ManifestVersion};

/// The manifest's entry name; no file entry may take it.
pub const MANIFEST_NAME: &str = "metadata.json";
/// The format of a backup without history, which every reader since the first reads.
pub const FORMAT_VERSION: &str = "1.0";
/// How `app` starts in every manifest CodeVault writes (`codevault 0.1.0`).
pub const APP_NAME: &str = "codevault";
/// The most manifest we read into memory for an archive with few entries.
pub const MAX_MANIFEST_BYTES: u64 = 5 * 1024 * 1024;
/// Extra allowance per ZIP entry: a file's record is at most about 20 KB (a 1000-character note
/// and 20 tags of 150 characters, escaped), and a 20,000-file library must still verify.
pub const MAX_MANIFEST_BYTES_PER_ENTRY: u64 = 24 * 1024;

/// The most manifest worth reading for an archive of `entry_count` entries.
pub fn manifest_limit(entry_count: usize) -> u64 {
    let entries = u64::try_from(entry_count).unwrap_or(u64::MAX);
    MAX_MANIFEST_BYTES.saturating_add(entries.saturating_mul(MAX_MANIFEST_BYTES_PER_ENTRY))
}

/// What is wrong with an archive's `metadata.json`.
#[derive(Clone, Debug)]
pub enum BadManifest {
    /// It is not JSON, or not a manifest: the parser's error, shared so the errors that carry
    /// it stay `Clone`.
    Json(Arc<serde_json::Error>),
    /// It reads as a manifest but breaks a rule (a total, a path listed twice, its size).
    Rule(String),
}

impl fmt::Display for BadManifest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(error) => error.fmt(f),
            Self::Rule(rule) => f.write_str(rule),
        }
    }
}

/// The parser's error is the source itself, not the `Arc` it is shared in.
impl std::error::Error for BadManifest {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(error) => Some(error.as_ref()),
            Self::Rule(_) => None,
        }
    }
}

impl From<serde_json::Error> for BadManifest {
    fn from(error: serde_json::Error) -> Self {
        Self::Json(Arc::new(error))
    }
}

/// The parser's errors are equal when they report the same thing at the same place.
impl PartialEq for BadManifest {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Json(one), Self::Json(other)) => one.to_string() == other.to_string(),
            (Self::Rule(one), Self::Rule(other)) => one == other,
            _ => false,
        }
    }
}

impl Eq for BadManifest {}

/// Lowercase hex SHA-256, the form manifests and backup records use. Written through a
/// slice, which `hex` fills from a table, rather than `hex::encode`'s char by char: this runs
/// for every entry written or checked.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut hex = [0; 64];
    hex::encode_to_slice(Sha256::digest(bytes), &mut hex).expect("64 hex digits for 32 bytes");
    String::from_utf8_lossy(&hex).into_owned()
}

/// The manifest fields that describe the backup as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct ManifestHeader {
    pub backup_id: String,
    pub backup_type: BackupKind,
    pub created_at: DateTime<Utc>,
    pub user_id: i64,
    pub app: String,
    pub part: Option<String>,
    pub repo: Option<String>,
    pub git_ref: Option<String>,
    pub commit: Option<String>,
}

/// The manifest for `files`, with totals counted from them; "1.1" only when a file lists
/// earlier versions, so that a backup without them stays readable by every 1.0 reader.
pub(crate) fn build_manifest(header: ManifestHeader, files: Vec<ManifestFile>) -> Manifest {
    let has_history = files.iter().any(|file| !file.versions.is_empty());
    Manifest {
        version: if has_history {
            HISTORY_FORMAT_VERSION
        } else {
            FORMAT_VERSION
        }
        .to_owned(),
        backup_id: header.backup_id,
        backup_type: header.backup_type,
        created_at: header.created_at.trunc_subsecs(0),
        user_id: header.user_id,
        total_files: files.len() as u64,
        total_size: files.iter().map(|file| file.size).sum(),
        app: header.app,
        part: header.part,
        repo: header.repo,
        git_ref: header.git_ref,
        commit: header.commit,
        files,
    }
}

/// The identity of the backup `manifest` describes, for the manifests of its parts.
pub(crate) fn header_of(manifest: &Manifest) -> ManifestHeader {
    ManifestHeader {
        backup_id: manifest.backup_id.clone(),
        backup_type: manifest.backup_type,
        created_at: manifest.created_at,
        user_id: manifest.user_id,
        app: manifest.app.clone(),
        part: None,
        repo: manifest.repo.clone(),
        git_ref: manifest.git_ref.clone(),
        commit: manifest.commit.clone(),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    #[serde(
        default = "format_version",
        deserialize_with = "format_version_if_null"
    )]
    pub version: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub backup_id: String,
    /// A kind we do not know reads as `full_backup`: only our own manifests' kinds are used.
    #[serde(default = "full_backup", deserialize_with = "known_kind_or_default")]
    pub backup_type: BackupKind,
    #[serde(default, with = "timestamp")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_id: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_files: u64,
    /// Uncompressed bytes of the files in this archive (a part counts only its own).
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_size: u64,
    /// The program and version that wrote the archive, e.g. `codevault 0.1.0`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub app: String,
    /// `2/3` in the second of three part archives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// `owner/name` for repository backups and imports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Absent from the original bot's manifests, whose files are the archive's entries.
    #[serde(default, deserialize_with = "null_as_default")]
    pub files: Vec<ManifestFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// The user's name for the file, which may differ from its entry name.
    pub file_name: String,
    /// The entry name inside the ZIP; empty in manifests that predate it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub path: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub programming_language: String,
    /// Always written, as `null` when absent, as the seed's manifest did.
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default = "first_version", deserialize_with = "first_version_if_null")]
    pub version: u32,
    #[serde(default, deserialize_with = "null_as_default")]
    pub size: u64,
    /// Lowercase hex SHA-256 of the entry's bytes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub sha256: String,
    #[serde(default, with = "timestamp")]
    pub created_at: DateTime<Utc>,
    #[serde(default, with = "timestamp")]
    pub updated_at: DateTime<Utc>,
    /// Older manifests carried the code inline; we read it but never write it, since the code
    /// lives in the ZIP entries.
    #[serde(default, skip_serializing)]
    pub code: Option<String>,
    /// The file's earlier versions, oldest first, each in an entry of its own (format 1.1).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub versions: Vec<ManifestVersion>,
}

impl Manifest {
    /// Pretty UTF-8 JSON, so a user who opens the archive can read it.
    pub fn to_json(&self) -> Vec<u8> {
        pretty::to_json(self)
    }

    /// The SHA-256 of [`Self::to_json`], hashed as it is written: equal manifests, equal
    /// digests, so one can be checked against another that is no longer held.
    pub fn sha256(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        serde_json::to_writer_pretty(&mut hasher, self).expect("a manifest always serializes");
        hasher.finalize().into()
    }

    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        let manifest: Self = serde_json::from_slice(bytes)?;
        // Only the original bot's manifests, which name their backup, leave `files` out; other
        // JSON without them describes no archive.
        if manifest.files.is_empty() && manifest.backup_id.is_empty() && !lists_files(bytes)? {
            return Err(serde::de::Error::missing_field("files"));
        }
        Ok(manifest)
    }

    /// Written by CodeVault, and so vouching for every file it lists by SHA-256. Rests on what
    /// a foreign manifest does not carry by accident: any bot may write a `backup_id` (the
    /// original one did), but not our `app` with a SHA-256 for every file.
    pub fn is_codevault(&self) -> bool {
        self.app.starts_with(APP_NAME)
            && !self.backup_id.is_empty()
            && self.listed().all(|listed| is_sha256_hex(listed.sha256()))
    }
}

/// Whether the JSON has a `files` key at all (`[]` or not).
fn lists_files(bytes: &[u8]) -> Result<bool, serde_json::Error> {
    #[derive(Deserialize)]
    struct Keys {
        #[serde(default)]
        files: Option<IgnoredAny>,
    }
    Ok(serde_json::from_slice::<Keys>(bytes)?.files.is_some())
}

/// Lowercase hex, as [`crate::archive::sha256_hex`] writes it.
fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl ManifestFile {
    /// Where the file's bytes are in the ZIP: older manifests had no `path`, and stored each
    /// file under its own name.
    pub fn entry_path(&self) -> &str {
        if self.path.is_empty() {
            &self.file_name
        } else {
            &self.path
        }
    }
}

fn format_version() -> String {
    FORMAT_VERSION.to_owned()
}

fn full_backup() -> BackupKind {
    BackupKind::FullBackup
}

fn first_version() -> u32 {
    1
}

fn format_version_if_null<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::deserialize(deserializer)?.unwrap_or_else(format_version))
}

fn first_version_if_null<'de, D>(deserializer: D) -> Result<u32, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::deserialize(deserializer)?.unwrap_or_else(first_version))
}

fn known_kind_or_default<'de, D>(deserializer: D) -> Result<BackupKind, D::Error>
where
    D: Deserializer<'de>,
{
    let kind = Option::<String>::deserialize(deserializer)?;
    Ok(BackupKind::ALL
        .into_iter()
        .find(|known| kind.as_deref() == Some(known.as_str()))
        .unwrap_or_else(full_backup))
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests;
