//! Turns checked entries into files: every entry in archive order, then the files a manifest
//! carries inline (the seed's shape), checking a CodeVault backup's files against its manifest.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::inflate::Inflater;
use super::listing::{Listing, incoming, is_manifest};
use super::paths::skip_reason;
use super::structure::Entry;
use super::{IncomingFile, IncomingVersion, ReadError, ReadLimits, SkipReason};
use crate::archive::entry_rules::{is_safe_relative, normalize};
use crate::archive::manifest::{Listed, Manifest, sha256_hex};
use crate::domain::text::{DecodeError, decode_text};

/// A `.git/config` is a few hundred bytes; a larger one is not worth inflating for a hint.
const MAX_GIT_CONFIG_BYTES: u64 = 64 * 1024;
const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

#[derive(Default)]
pub(super) struct Collected {
    pub files: Vec<IncomingFile>,
    pub skipped: BTreeMap<SkipReason, usize>,
    pub codevault_backup: Option<String>,
    /// Earlier versions read so far, by the normalized path of their file.
    versions: Vec<(String, IncomingVersion)>,
}

impl Collected {
    fn skip(&mut self, reason: SkipReason) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// Every returned path is safe: a test build fails loudly on a bug that would break that,
    /// and a release build refuses the archive rather than return the path.
    fn push(&mut self, file: IncomingFile) -> Result<(), ReadError> {
        debug_assert!(is_safe_relative(&file.path), "{:?}", file.path);
        if !is_safe_relative(&file.path) {
            return Err(ReadError::UnsafePath(file.path));
        }
        self.files.push(file);
        Ok(())
    }
}

pub(super) fn collect(
    inflater: &mut Inflater,
    entries: &[Entry],
    manifest: Option<&Manifest>,
    limits: &ReadLimits,
) -> Result<Collected, ReadError> {
    let listing = Listing::new(manifest)?;
    check_versions_present(entries, &listing)?;
    let mut collected = Collected::default();
    for entry in entries.iter().filter(|entry| !is_manifest(entry)) {
        collect_entry(inflater, entry, &listing, limits, &mut collected)?;
    }
    attach_versions(&mut collected);
    if let Some(manifest) = manifest {
        // Inline files are files too: the seed's manifest must not smuggle in more.
        if manifest.files.len() > limits.max_entries {
            return Err(ReadError::TooManyEntries {
                max: limits.max_entries,
            });
        }
        collect_inline(entries, manifest, &listing, limits, &mut collected)?;
    }
    collected.codevault_backup = manifest
        .filter(|_| listing.is_backup())
        .map(|manifest| manifest.backup_id.clone());
    Ok(collected)
}

fn collect_entry(
    inflater: &mut Inflater,
    entry: &Entry,
    listing: &Listing<'_>,
    limits: &ReadLimits,
    collected: &mut Collected,
) -> Result<(), ReadError> {
    // A backup's files are the user's own, whatever they are called (`.DS_Store` included):
    // skipping one would lose it on restore.
    let vouched = listing.get(&entry.path).filter(|_| listing.is_backup());
    let reason = match vouched {
        Some(_) => entry.is_dir.then_some(SkipReason::Directory),
        None => skip_reason(&entry.path, entry.is_dir),
    };
    if let Some(reason) = reason {
        collected.skip(reason);
        return Ok(());
    }
    if entry.size > limits.max_file_bytes {
        if let Some(listed) = vouched {
            listing.verify(listed, &inflater.hash(entry)?)?;
        }
        collected.skip(SkipReason::TooLarge);
        return Ok(());
    }
    let bytes = inflater.read(entry)?;
    let code = match vouched {
        Some(listed) => {
            listing.verify(listed, &sha256_hex(&bytes))?;
            // The writer stores the library's code as UTF-8; keep it to the byte.
            String::from_utf8(bytes).or_else(|error| decode(error.as_bytes()).ok_or(()))
        }
        None => decode(&bytes).ok_or(()),
    };
    let Ok(code) = code else {
        collected.skip(SkipReason::Binary);
        return Ok(());
    };
    match vouched {
        Some(Listed::Version { file, version }) => {
            let owner = normalize(file.entry_path()).unwrap_or_default();
            let past = IncomingVersion {
                version: version.version,
                file_name: version.file_name.clone(),
                code,
                created_at: version.created_at,
            };
            collected.versions.push((owner, past));
        }
        _ => {
            let listed = listing.file(&entry.path);
            collected.push(incoming(entry.path.clone(), code, listed))?;
        }
    }
    Ok(())
}

/// Every version a backup lists is in the archive: a history the manifest promises and the
/// archive lacks is damage, as a missing file is.
fn check_versions_present(entries: &[Entry], listing: &Listing<'_>) -> Result<(), ReadError> {
    let files: HashSet<&str> = entries
        .iter()
        .filter(|entry| !entry.is_dir)
        .map(|entry| entry.path.as_str())
        .collect();
    match listing.versions().find(|(path, _)| !files.contains(path)) {
        Some((_, missing)) => Err(ReadError::ChecksumMismatch(missing.path().to_owned())),
        None => Ok(()),
    }
}

/// Gives each file the versions read for it, oldest first; the versions of a file that was
/// left out (too large, binary) go with it.
fn attach_versions(collected: &mut Collected) {
    let index: HashMap<String, usize> = collected
        .files
        .iter()
        .enumerate()
        .map(|(at, file)| (file.path.clone(), at))
        .collect();
    for (owner, version) in std::mem::take(&mut collected.versions) {
        if let Some(&at) = index.get(&owner) {
            collected.files[at].history.push(version);
        }
    }
    for file in &mut collected.files {
        file.history.sort_by_key(|version| version.version);
    }
}

/// Files whose code is in the manifest and that no entry holds.
fn collect_inline(
    entries: &[Entry],
    manifest: &Manifest,
    listing: &Listing<'_>,
    limits: &ReadLimits,
    collected: &mut Collected,
) -> Result<(), ReadError> {
    let in_entries: HashSet<&str> = entries
        .iter()
        .filter(|entry| !entry.is_dir && !is_manifest(entry))
        .map(|entry| entry.path.as_str())
        .collect();
    let mut inline_paths = HashSet::new();
    for file in &manifest.files {
        let raw_path = file.entry_path();
        let path = normalize(raw_path).filter(|path| !path.is_empty());
        if path
            .as_deref()
            .is_some_and(|path| in_entries.contains(path))
        {
            continue;
        }
        let Some(code) = &file.code else {
            if listing.is_backup() {
                return Err(ReadError::ChecksumMismatch(raw_path.to_owned()));
            }
            continue;
        };
        let path = path.ok_or_else(|| ReadError::UnsafePath(raw_path.to_owned()))?;
        listing.verify(Listed::File(file), &sha256_hex(code.as_bytes()))?;
        if !inline_paths.insert(path.clone()) {
            return Err(ReadError::DuplicateName(path));
        }
        if code.len() as u64 > limits.max_file_bytes {
            collected.skip(SkipReason::TooLarge);
        } else if decode(code.as_bytes()).is_none() {
            collected.skip(SkipReason::Binary);
        } else {
            collected.push(incoming(path, code.clone(), Some(file)))?;
        }
    }
    Ok(())
}

/// Text as the bot reads documents, or `None` for a binary. A file of nothing but whitespace
/// is still a source file (an empty `__init__.py`), so it is kept as it is.
fn decode(bytes: &[u8]) -> Option<String> {
    match decode_text(bytes) {
        Ok(text) => Some(text),
        Err(DecodeError::Empty) => {
            let text = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
            Some(std::str::from_utf8(text).unwrap_or_default().to_owned())
        }
        Err(DecodeError::Binary) => None,
    }
}

/// The text of `.git/config` at the root, a repository hint; a missing, large or unreadable
/// one is no hint rather than an error, like any other skipped entry.
pub(super) fn read_git_config(inflater: &mut Inflater, entries: &[Entry]) -> Option<String> {
    let entry = entries
        .iter()
        .find(|entry| !entry.is_dir && entry.path == ".git/config")?;
    if entry.size > MAX_GIT_CONFIG_BYTES {
        return None;
    }
    decode_text(&inflater.read(entry).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_text_keeps_whitespace_files_and_refuses_binaries() {
        assert_eq!(decode(b"x = 1\n").as_deref(), Some("x = 1\n"));
        assert_eq!(decode(b"\xEF\xBB\xBFx").as_deref(), Some("x"));
        assert_eq!(decode(b"caf\xE9").as_deref(), Some("café"));
        assert_eq!(decode(b"").as_deref(), Some(""));
        assert_eq!(decode(b"\n\n").as_deref(), Some("\n\n"));
        assert_eq!(decode(b"\xEF\xBB\xBF ").as_deref(), Some(" "));
        assert_eq!(decode(b"\x7fELF\x02\x01\x01\0\0\0"), None);
    }
}
