//! A repository archive (GitHub's zipball) kept as a backup: its entries copied byte for byte,
//! plus a `metadata.json` that records the repository, ref and commit and vouches for every
//! file by SHA-256, so the stored copy verifies like any backup.

use std::io::{self, Read, Seek, Write};

use sha2::{Digest, Sha256};
use zip::{ZipArchive, ZipWriter, read::ZipFileEntry};

use super::entry_rules::{BadName, Kind, checked_name, is_safe_relative, kind};
use super::headers::{Zip, check_consistency};
use super::manifest::{MANIFEST_NAME, Manifest, ManifestFile, ManifestHeader, build_manifest};
use super::source::Source;
use super::writer::{ArchiveError, write_manifest};
use crate::domain::{
    language,
    progress::{Progress, Unit},
};

#[derive(Debug, thiserror::Error)]
pub enum RepackError {
    #[error("the download is not a ZIP archive")]
    NotAZip,
    /// No regular file at all: GitHub answers an empty repository this way too.
    #[error("the repository has no files")]
    Empty,
    #[error("{0} is damaged")]
    Corrupt(String),
    #[error("the files inflate past {0} bytes")]
    TooLarge(u64),
    #[error("cannot write the archive: {0}")]
    Write(#[source] ArchiveError),
    /// The user asked to stop.
    #[error("cancelled")]
    Cancelled,
}

impl From<zip::result::ZipError> for RepackError {
    fn from(error: zip::result::ZipError) -> Self {
        Self::Write(error.into())
    }
}

/// Writing failures are equal when they say the same.
impl PartialEq for RepackError {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::NotAZip, Self::NotAZip)
            | (Self::Empty, Self::Empty)
            | (Self::Cancelled, Self::Cancelled) => true,
            (Self::Corrupt(one), Self::Corrupt(other)) => one == other,
            (Self::TooLarge(one), Self::TooLarge(other)) => one == other,
            (Self::Write(one), Self::Write(other)) => one.to_string() == other.to_string(),
            _ => false,
        }
    }
}

impl Eq for RepackError {}

/// Entries of the repository that the kept archive leaves out, for the user to know.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// They point outside the archive.
    pub symlinks: usize,
    /// Names git allows but an unzip tool cannot be trusted with (absolute, with `..`, a
    /// drive letter, a backslash, a NUL, not UTF-8), or our own manifest's.
    pub unsafe_names: usize,
}

impl LeftOut {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A repository archive ready to keep, written to `archive`.
#[derive(Debug)]
pub struct Repackaged<W> {
    pub archive: W,
    pub manifest: Manifest,
    pub left_out: LeftOut,
}

/// Copies every regular file of `zipball` whose name the importer takes as it is (directories
/// are implied by paths; links and unsafe names are left out and counted) into `out` and
/// appends the manifest. Inflates each file once, to hash it, never more than
/// `max_total_bytes` in all. Counts the files copied to `progress`, and stops when it is
/// cancelled.
pub fn repackage<W>(
    zipball: impl Into<Source>,
    header: ManifestHeader,
    max_total_bytes: u64,
    out: W,
    progress: &dyn Progress,
) -> Result<Repackaged<W>, RepackError>
where
    W: Write + Seek,
{
    let zipball = zipball.into();
    let mut zip = ZipArchive::new(zipball.clone()).map_err(|_| RepackError::NotAZip)?;
    // Entries are copied raw, headers and all: headers that disagree with the central directory
    // (or duplicate names) would be kept as they are and the copy would not verify.
    check_consistency(&mut zip, &zipball)
        .map_err(|_| RepackError::Corrupt("the archive's structure".to_owned()))?;
    let (kept, left_out) = select(&zip)?;
    let top = top_folder(kept.iter().map(|(_, name)| name.as_str()));
    let mut out = ZipWriter::new(out);
    let total = kept.len() as u64;
    let mut files = Vec::with_capacity(kept.len());
    let mut budget = max_total_bytes;
    for (index, name) in kept {
        if progress.cancelled() {
            return Err(RepackError::Cancelled);
        }
        let file = {
            let mut entry = zip
                .by_index(index)
                .map_err(|_| RepackError::Corrupt(name.clone()))?;
            let declared = entry.size();
            let (size, sha256, head) = hash(&mut entry, &name, &mut budget, max_total_bytes)?;
            if size != declared {
                return Err(RepackError::Corrupt(name));
            }
            let file_name = top
                .as_deref()
                .and_then(|top| name.strip_prefix(top))
                .unwrap_or(&name)
                .to_owned();
            let language = language::detect(Some(&file_name), &head).to_owned();
            ManifestFile {
                file_name,
                path: name.clone(),
                programming_language: language,
                note: None,
                tags: Vec::new(),
                version: 1,
                size,
                sha256,
                created_at: header.created_at,
                updated_at: header.created_at,
                code: None,
                versions: Vec::new(),
            }
        };
        let raw = zip
            .by_index_raw(index)
            .map_err(|_| RepackError::Corrupt(name))?;
        out.raw_copy_file(raw)?;
        files.push(file);
        progress.advance(Unit::Files, files.len() as u64, Some(total));
    }
    if files.is_empty() {
        return Err(RepackError::Empty);
    }
    let manifest = build_manifest(header, files);
    write_manifest(&mut out, &manifest, None).map_err(RepackError::Write)?;
    let archive = out.finish()?;
    Ok(Repackaged {
        archive,
        manifest,
        left_out,
    })
}

/// The files to keep, by index and name, and what is left out.
fn select(zip: &Zip) -> Result<(Vec<(usize, String)>, LeftOut), RepackError> {
    let mut kept = Vec::new();
    let mut left_out = LeftOut::default();
    for index in 0..zip.len() {
        let entry = zip
            .by_index_data(index)
            .map_err(|_| RepackError::Corrupt(format!("entry {index}")))?;
        match kind(&entry) {
            Kind::Directory => {}
            Kind::Link => left_out.symlinks += 1,
            Kind::File => match storable_name(&entry) {
                Some(name) => kept.push((index, name)),
                None => left_out.unsafe_names += 1,
            },
        }
    }
    Ok((kept, left_out))
}

/// The entry's name when the importer takes it exactly as it is: safe and already in normal
/// form (so the manifest's path is the entry's), read the same by every tool (zip decodes a
/// name without the UTF-8 flag as CP437), and not our manifest's.
fn storable_name(entry: &ZipFileEntry<'_>) -> Option<String> {
    let name = match checked_name(entry) {
        Ok((name, path)) if name == path && is_safe_relative(&path) => name,
        Ok(_) | Err(BadName::NotUtf8 | BadName::Unsafe(_)) => return None,
    };
    let decoded_alike = entry.name().is_ok_and(|decoded| decoded == name);
    let ours = name.eq_ignore_ascii_case(MANIFEST_NAME);
    (decoded_alike && !ours).then_some(name)
}

/// Size and SHA-256 of an entry's bytes, and its first KiB as text for language hints.
fn hash(
    entry: &mut impl Read,
    name: &str,
    budget: &mut u64,
    max_total_bytes: u64,
) -> Result<(u64, String, String), RepackError> {
    let mut hasher = Sha256::new();
    let mut head = Vec::new();
    let mut size = 0u64;
    let mut limited = entry.take(budget.saturating_add(1));
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let read = match limited.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(RepackError::Corrupt(name.to_owned())),
        };
        if head.len() < 1024 {
            head.extend_from_slice(&buffer[..read.min(1024 - head.len())]);
        }
        hasher.update(&buffer[..read]);
        size += read as u64;
    }
    if size > *budget {
        return Err(RepackError::TooLarge(max_total_bytes));
    }
    *budget -= size;
    let head = String::from_utf8_lossy(&head).into_owned();
    Ok((size, hex::encode(hasher.finalize()), head))
}

/// `owner-repo-1a2b3c4/` when every kept file lies under that one folder, as in a zipball.
fn top_folder<'a>(mut names: impl Iterator<Item = &'a str> + Clone) -> Option<String> {
    let first = names.clone().next()?;
    let top = format!("{}/", first.split('/').next()?);
    names.all(|name| name.starts_with(&top)).then_some(top)
}

#[cfg(test)]
mod tests;
