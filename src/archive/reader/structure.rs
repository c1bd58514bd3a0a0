//! The checks that read only the central directory, the local headers and data descriptors,
//! never entry data, so a hostile archive is refused before anything is inflated.

use std::collections::HashSet;
use zip::read::ZipFileEntry;

use super::{ReadError, ReadLimits};
use crate::archive::entry_rules::{BadName, Kind, checked_name, kind};
pub(super) use crate::archive::headers::Zip;
use crate::archive::locked::is_aes;
use crate::archive::{headers::check_consistency, source::Source};

/// An entry that passed every structural check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub index: usize,
    /// As written in the archive, for messages.
    pub name: String,
    /// Normalized; relative to the top folder once that is stripped.
    pub path: String,
    pub is_dir: bool,
    /// The declared uncompressed size; reading an entry never yields more.
    pub size: u64,
    /// Encrypted with WinZip AES: it opens only with the archive's password.
    pub encrypted: bool,
}

/// The fixed part of a central directory record.
const CENTRAL_RECORD_BYTES: u64 = 46;

pub(super) fn check(
    zip: &mut Zip,
    source: &Source,
    limits: &ReadLimits,
) -> Result<Vec<Entry>, ReadError> {
    if zip.is_empty() {
        return Err(ReadError::Empty);
    }
    // zip has parsed the central directory by now, in memory bounded by the archive's size
    // (a record takes at least 46 bytes); count before any entry is looked at.
    if zip.len() > limits.max_entries {
        return Err(ReadError::TooManyEntries {
            max: limits.max_entries,
        });
    }
    let mut entries = Vec::with_capacity(zip.len());
    let mut declared_total = 0u64;
    for index in 0..zip.len() {
        let entry = zip.by_index_data(index).map_err(|_| ReadError::NotAZip)?;
        let checked = check_entry(index, &entry, limits)?;
        declared_total = declared_total.saturating_add(checked.size);
        if declared_total > limits.max_total_bytes {
            return Err(ReadError::TooLarge {
                max_bytes: limits.max_total_bytes,
            });
        }
        entries.push(checked);
    }
    if zip.has_duplicate_names() {
        return Err(ReadError::DuplicateName(duplicated_name(zip, source)));
    }
    check_overlaps(zip, &entries)?;
    check_unique(&entries)?;
    check_consistency(zip, source).map_err(|_| ReadError::InconsistentHeaders)?;
    Ok(entries)
}

fn check_entry(
    index: usize,
    entry: &ZipFileEntry<'_>,
    limits: &ReadLimits,
) -> Result<Entry, ReadError> {
    let (name, path) = checked_name(entry).map_err(|bad| match bad {
        BadName::NotUtf8 => ReadError::NonUtf8Name,
        BadName::Unsafe(name) => ReadError::UnsafePath(name),
    })?;
    let kind = kind(entry);
    if kind == Kind::Link {
        return Err(ReadError::Symlink(name));
    }
    // ZipCrypto, the older encryption, is broken: only AES (a protected backup) is read.
    if entry.encrypted() && !is_aes(entry) {
        return Err(ReadError::Encrypted(name));
    }
    let is_dir = kind == Kind::Directory;
    if path.is_empty() && !is_dir {
        return Err(ReadError::UnsafePath(name));
    }
    // In integers, so a compressed size of 0 with any content counts as infinitely compressed.
    if let Some(max_ratio) = limits.max_ratio
        && entry.size() > entry.compressed_size().saturating_mul(max_ratio)
    {
        return Err(ReadError::RatioTooHigh(name));
    }
    Ok(Entry {
        index,
        name,
        path,
        is_dir,
        size: entry.size(),
        encrypted: entry.encrypted(),
    })
}

/// zip keeps one entry per name: the last record's data at the first record's position. So the
/// first entry whose record is not where a walk through the central directory expects it is
/// the repeated one.
fn duplicated_name(zip: &Zip, source: &Source) -> String {
    let mut expected = zip.central_directory_start();
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(index) else {
            break;
        };
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let start = entry.central_header_start();
        match record_len(source, start) {
            Some(len) if start == expected => expected = start + len,
            _ => return name,
        }
    }
    String::new()
}

fn record_len(source: &Source, start: u64) -> Option<u64> {
    let mut fixed = [0; CENTRAL_RECORD_BYTES as usize];
    let read = source.read_at(start, &mut fixed).ok()?;
    let fixed = fixed.get(..read)?;
    let field = |offset: usize| -> Option<u64> {
        let pair = fixed.get(offset..offset + 2)?;
        Some(u16::from_le_bytes([pair[0], pair[1]]).into())
    };
    Some(CENTRAL_RECORD_BYTES + field(28)? + field(30)? + field(32)?)
}

/// Entries sharing bytes (a header or data) are the classic bomb: one small deflate stream
/// listed thousands of times. Each entry's local header and data must lie apart from every
/// other's and before the central directory.
fn check_overlaps(zip: &mut Zip, entries: &[Entry]) -> Result<(), ReadError> {
    let mut ranges = Vec::with_capacity(entries.len());
    for entry in entries {
        let corrupt = || ReadError::Corrupt(entry.name.clone());
        let file = zip.by_index_raw(entry.index).map_err(|_| corrupt())?;
        let data_start = file.data_start().ok_or_else(corrupt)?;
        let end = data_start
            .checked_add(file.compressed_size())
            .ok_or_else(corrupt)?;
        ranges.push((file.header_start(), end));
    }
    ranges.sort_unstable();
    let directory = zip.central_directory_start();
    let overlapping = ranges.windows(2).any(|pair| pair[0].1 > pair[1].0)
        || ranges.iter().any(|&(_, end)| end > directory);
    if overlapping {
        return Err(ReadError::Overlapping);
    }
    Ok(())
}

/// Two files that normalize to one path (`a//b` and `a/b`) would be one file in the library.
fn check_unique(entries: &[Entry]) -> Result<(), ReadError> {
    let mut seen = HashSet::with_capacity(entries.len());
    for entry in entries.iter().filter(|entry| !entry.is_dir) {
        if !seen.insert(entry.path.as_str()) {
            return Err(ReadError::DuplicateName(entry.path.clone()));
        }
    }
    Ok(())
}
