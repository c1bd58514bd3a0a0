//! The archive's `metadata.json`, read with the same lenient schema and size limit as our own
//! backups, and what it says about each file.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

use super::inflate::Inflater;
use super::structure::Entry;
use super::{IncomingFile, ReadError};
use crate::archive::entry_rules::normalize;
use crate::archive::manifest::{
    BadManifest, Listed, MANIFEST_NAME, MAX_MANIFEST_BYTES, Manifest, ManifestFile, manifest_limit,
    sha256_hex,
};

/// The manifest at the root (after the top folder is stripped), if there is one.
///
/// Our backups of 20,000 files outgrow a flat 5 MB, so a manifest may grow with the entries as
/// the verifier allows; past 5 MB it must then be a CodeVault backup's, which has to vouch for
/// an entry per record. Either way it is within the archive's total, already checked.
pub(super) fn read_manifest(
    inflater: &mut Inflater,
    entries: &[Entry],
) -> Result<Option<Manifest>, ReadError> {
    let Some(entry) = entries.iter().find(|entry| is_manifest(entry)) else {
        return Ok(None);
    };
    if entry.size > manifest_limit(entries.len()) {
        return Err(ReadError::ManifestTooLarge);
    }
    let json = inflater.read(entry)?;
    let manifest =
        Manifest::from_json(&json).map_err(|error| ReadError::BadManifest(error.into()))?;
    if !manifest.is_codevault() && entry.size > MAX_MANIFEST_BYTES {
        return Err(ReadError::ManifestTooLarge);
    }
    Ok(Some(manifest))
}

pub(super) fn is_manifest(entry: &Entry) -> bool {
    !entry.is_dir && entry.path == MANIFEST_NAME
}

/// The manifest's records (of files and, in a backup with history, of their earlier
/// versions) by normalized path, and whether it is a CodeVault backup's.
pub(super) struct Listing<'m> {
    by_path: HashMap<String, Listed<'m>>,
    backup: bool,
}

impl<'m> Listing<'m> {
    pub fn new(manifest: Option<&'m Manifest>) -> Result<Self, ReadError> {
        let backup = manifest.is_some_and(Manifest::is_codevault);
        let mut by_path = HashMap::new();
        for listed in manifest.iter().flat_map(|manifest| manifest.listed()) {
            // Only a backup's versions are its files' history; elsewhere they are unknown keys.
            if !backup && matches!(listed, Listed::Version { .. }) {
                continue;
            }
            let Some(path) = normalize(listed.path()).filter(|path| !path.is_empty()) else {
                // A version must name an entry that can be checked; a file with an unusable
                // name is only looked for in the manifest's inline code.
                if backup && matches!(listed, Listed::Version { .. }) {
                    return Err(ReadError::UnsafePath(listed.path().to_owned()));
                }
                continue;
            };
            // The first record describes a path. In a backup a second one would vouch for
            // bytes nobody checks against it, as the verifier also holds.
            match by_path.entry(path) {
                Slot::Vacant(slot) => {
                    slot.insert(listed);
                }
                Slot::Occupied(_) if backup => {
                    let path = listed.path();
                    let twice = BadManifest::Rule(format!("{path} is listed twice"));
                    return Err(ReadError::BadManifest(twice));
                }
                Slot::Occupied(_) => {}
            }
        }
        Ok(Self { by_path, backup })
    }

    pub fn get(&self, path: &str) -> Option<Listed<'m>> {
        self.by_path.get(path).copied()
    }

    /// The file's record at `path`, if it is a file's (not a version's).
    pub fn file(&self, path: &str) -> Option<&'m ManifestFile> {
        match self.get(path)? {
            Listed::File(file) => Some(file),
            Listed::Version { .. } => None,
        }
    }

    /// The normalized paths of the versions the backup lists, with their records.
    pub fn versions(&self) -> impl Iterator<Item = (&str, Listed<'m>)> {
        self.by_path
            .iter()
            .filter(|(_, listed)| matches!(listed, Listed::Version { .. }))
            .map(|(path, listed)| (path.as_str(), *listed))
    }

    /// A CodeVault backup's manifest vouches for every file it lists by SHA-256.
    pub fn is_backup(&self) -> bool {
        self.backup
    }

    /// In a backup, `bytes` must be exactly what the entry's record lists, whether a file's
    /// or a version's.
    pub fn verify(&self, listed: Listed<'_>, sha256: &str) -> Result<(), ReadError> {
        if self.backup && listed.sha256() != sha256 {
            return Err(ReadError::ChecksumMismatch(listed.path().to_owned()));
        }
        Ok(())
    }
}

/// A file with what its manifest record (if any) says about it.
pub(super) fn incoming(path: String, code: String, listed: Option<&ManifestFile>) -> IncomingFile {
    let sha256 = sha256_hex(code.as_bytes());
    let Some(file) = listed else {
        return IncomingFile {
            path,
            code,
            language: None,
            note: None,
            tags: Vec::new(),
            sha256,
            history: Vec::new(),
        };
    };
    let language = Some(file.programming_language.clone()).filter(|language| !language.is_empty());
    IncomingFile {
        path,
        code,
        language,
        note: file.note.clone(),
        tags: file.tags.clone(),
        sha256,
        history: Vec::new(),
    }
}
