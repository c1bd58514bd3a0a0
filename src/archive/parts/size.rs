//! How big a part archive can get: an upper bound built from each entry's compressed size and
//! headers, and from the part manifest's JSON, so planning never needs a trial build.

use crate::archive::headers::Zip;

use crate::archive::manifest::{
    MANIFEST_NAME, Manifest, ManifestFile, ManifestHeader, build_manifest, header_of,
};
use crate::archive::writer::ArchiveError;

/// Local header (30) and central record (46), each with a ZIP64 extra field (20 and 32), and a
/// ZIP64 data descriptor (24) in case a writer uses one: more than any entry here takes, so the
/// estimate stays an upper bound.
const ENTRY_OVERHEAD: u64 = 30 + 46 + 20 + 32 + 24;
/// End of central directory (22), ZIP64 end record (56) and its locator (20).
const END_RECORDS: u64 = 22 + 56 + 20;

/// What every part pays whatever its files: its manifest without files, the manifest's entry,
/// and the end records.
pub(super) fn fixed_cost(manifest: &Manifest) -> u64 {
    let json = empty_manifest_len(manifest);
    deflated_bound(json) + ENTRY_OVERHEAD + 2 * MANIFEST_NAME.len() as u64 + END_RECORDS
}

/// A part's manifest with no files, with the widest part label and totals, plus room for the
/// line breaks a non-empty `files` array adds around its items.
fn empty_manifest_len(manifest: &Manifest) -> u64 {
    let widest = ManifestHeader {
        part: Some(format!("{}/{}", usize::MAX, usize::MAX)),
        ..header_of(manifest)
    };
    let mut empty = build_manifest(widest, Vec::new());
    empty.total_files = u64::MAX;
    empty.total_size = u64::MAX;
    empty.to_json().len() as u64 + 16
}

/// The file's entry and its earlier versions' entries, their compressed bytes and headers,
/// plus the file's record (its versions' records in it) in the part's manifest.
pub(super) fn entry_cost(zip: &mut Zip, file: &ManifestFile) -> Result<u64, ArchiveError> {
    let paths = std::iter::once(file.entry_path())
        .chain(file.versions.iter().map(|version| version.path.as_str()));
    let mut cost = deflated_bound(record_len(file));
    for path in paths {
        cost += stored_cost(zip, path)?;
    }
    Ok(cost)
}

/// One entry's compressed bytes and headers.
fn stored_cost(zip: &mut Zip, path: &str) -> Result<u64, ArchiveError> {
    let missing = || ArchiveError::MissingEntry {
        path: path.to_owned(),
    };
    // Raw: sizes and headers only, without setting up a decompressor per entry.
    let entry = zip.by_index_raw(zip.index_for_name(path).ok_or_else(missing)?)?;
    let name = entry.name_raw().len() as u64;
    let extra = entry.extra_data().map_or(0, |extra| extra.len() as u64);
    let comment = entry.comment().len() as u64;
    let headers = ENTRY_OVERHEAD + 2 * (name + extra) + comment;
    Ok(entry.compressed_size() + headers)
}

/// An upper bound on `file`'s bytes in a pretty-printed `files` array: its own pretty JSON
/// indented four more spaces on every line, and the `,\n` that separates it from the next.
fn record_len(file: &ManifestFile) -> u64 {
    let json = serde_json::to_vec_pretty(file).expect("a manifest file always serializes");
    let lines = json.iter().filter(|&&byte| byte == b'\n').count() as u64 + 1;
    json.len() as u64 + 4 * lines + 2
}

/// Deflate never grows data by more than a few bytes per stored block; this is generous.
fn deflated_bound(len: u64) -> u64 {
    len + len / 1024 + 64
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use sha2::{Digest, Sha256};
    use zip::ZipArchive;

    use super::super::{PartPlan, build_part};
    use super::*;
    use crate::archive::test_support::{backup, noise_hex, raw_zip};

    /// Each piece of the estimate covers what it stands for, so a smaller slack elsewhere
    /// could not hide a wrong one.
    #[test]
    fn each_piece_of_the_estimate_is_an_upper_bound() {
        let names = ["a.py", "a much longer name with spaces.txt", "ŝ€ℓ.rs"];
        let codes: Vec<String> = (0..3)
            .map(|i| noise_hex(i, 500 + 2000 * i as usize))
            .collect();
        let files: Vec<(&str, &[u8])> = names
            .into_iter()
            .zip(&codes)
            .map(|(n, c)| (n, c.as_bytes()))
            .collect();
        let (archive, manifest) = backup(&files);
        let plan = PartPlan {
            paths: names.iter().map(|&name| name.to_owned()).collect(),
        };
        let part = build_part(&archive, &manifest, &plan, 0, 1, Cursor::new(Vec::new()))
            .map(Cursor::into_inner)
            .unwrap();
        let mut zip = ZipArchive::new(Cursor::new(part.as_slice())).unwrap();
        for index in 0..zip.len() {
            let entry = zip.by_index_raw(index).unwrap();
            let local = entry.data_start().unwrap() - entry.header_start();
            let (name, comment) = (entry.name_raw().len() as u64, entry.comment().len() as u64);
            let extra = entry.extra_data().map_or(0, |extra| extra.len() as u64);
            let central = 46 + name + extra + comment;
            assert!(local + central <= ENTRY_OVERHEAD + 2 * (name + extra) + comment);
        }
        let records: u64 = manifest.files.iter().map(record_len).sum();
        let no_files = Manifest {
            files: Vec::new(),
            ..manifest.clone()
        };
        let listing = manifest.to_json().len() - no_files.to_json().len();
        assert!(listing as u64 <= records + 16, "{listing} > {records} + 16");
        let written = zip.by_name(MANIFEST_NAME).unwrap();
        assert!(written.size() <= empty_manifest_len(&manifest) + records);
        // Deflate's worst case is data it cannot compress at all.
        let noise: Vec<u8> = (0..4000u64)
            .flat_map(|i| Sha256::digest(i.to_le_bytes()))
            .collect();
        let stored = raw_zip(&[("noise", &noise)], true);
        let noise = ZipArchive::new(Cursor::new(stored.as_slice()))
            .unwrap()
            .by_index_raw(0)
            .unwrap()
            .compressed_size();
        assert!(
            noise > 128_000 && noise <= deflated_bound(128_000),
            "{noise}"
        );
    }
}
