//! Re-reads a backup archive end to end and checks it against its own manifest.
//!
//! Run after writing (before a backup is listed) and before restoring, so a backup that says it
//! holds a file really holds those bytes.

use std::collections::HashSet;
use std::io::Read;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};

use zip::ZipArchive;

use super::headers::{Zip, check_consistency};
use super::locked::{Locked, locked, open};
use super::manifest::{BadManifest, Listed, MANIFEST_NAME, Manifest, manifest_limit};
use super::source::Source;
use crate::domain::password::Password;
use entries::{Ahead, check_entries, hash_ahead};
use whole::WholeInflater;

mod entries;
mod whole;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VerifyError {
    #[error("not a ZIP archive")]
    NotAZip,
    #[error("the archive has no {MANIFEST_NAME}")]
    MissingManifest,
    #[error("bad manifest: {0}")]
    BadManifest(#[source] BadManifest),
    #[error("{0} is in the manifest but not in the archive")]
    MissingEntry(String),
    #[error("{0} is in the archive but not in the manifest")]
    UnexpectedEntry(String),
    #[error("{0} is damaged")]
    Corrupt(String),
    #[error("{0} does not match its size or SHA-256 in the manifest")]
    ChecksumMismatch(String),
    /// A protected archive, checked without its password.
    #[error("the archive is protected by a password")]
    PasswordRequired,
    #[error("the password does not open the archive")]
    WrongPassword,
}

impl From<Locked> for VerifyError {
    fn from(locked: Locked) -> Self {
        match locked {
            Locked::PasswordRequired => Self::PasswordRequired,
            Locked::WrongPassword => Self::WrongPassword,
        }
    }
}

/// Checks every entry's bytes (and so its CRC) against the manifest and returns the manifest.
pub fn verify(archive: impl Into<Source>) -> Result<Manifest, VerifyError> {
    verify_protected(archive, None)
}

/// [`verify`] of an archive that may be protected, opened with `password`, on every core.
pub fn verify_protected(
    archive: impl Into<Source>,
    password: Option<&Password>,
) -> Result<Manifest, VerifyError> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    verify_with(archive, threads, password)
}

/// [`verify`] on at most `threads` threads (at least one): a check in the background takes
/// one, leaving the other cores to the work people wait for.
pub fn verify_on(archive: impl Into<Source>, threads: usize) -> Result<Manifest, VerifyError> {
    verify_with(archive, threads, None)
}

/// [`verify_on`] of a protected archive, its entries (the manifest too) opened with
/// `password`.
pub fn verify_with(
    archive: impl Into<Source>,
    threads: usize,
    password: Option<&Password>,
) -> Result<Manifest, VerifyError> {
    let archive = archive.into();
    let mut zip = ZipArchive::new(archive.clone()).map_err(|_| VerifyError::NotAZip)?;
    // The structure is checked on another thread while the manifest is read: neither needs
    // the other, and a damaged structure is still the error told first. That thread then
    // hashes entries ahead until the manifest is read, when there are cores for it.
    let stop = AtomicBool::new(false);
    let (structure, manifest, ahead) = std::thread::scope(|scope| {
        let (mut headers, source, stop) = (zip.clone(), &archive, &stop);
        let helper = scope.spawn(move || {
            let structure = check_consistency(&mut headers, source);
            let ahead = if threads > 1 {
                hash_ahead(headers, stop)
            } else {
                Ahead::none()
            };
            (structure, ahead)
        });
        let manifest = read_manifest(&mut zip, password);
        stop.store(true, Ordering::Relaxed);
        let (structure, ahead) = helper
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (structure, manifest, ahead)
    });
    // Duplicate names, overlapping entries, or local headers or data descriptors that disagree
    // with the central directory would let an unzip tool extract other than what we check here.
    structure.map_err(|error| VerifyError::Corrupt(format!("archive structure: {error}")))?;
    let manifest = manifest?;
    check_totals(&manifest)?;
    let listed = listed_paths(&manifest)?;
    check_no_strangers(&zip, &listed)?;
    let entries: Vec<Listed<'_>> = manifest.listed().collect();
    check_entries(&zip, &entries, threads.max(1), password, &ahead)?;
    drop(entries);
    Ok(manifest)
}

fn read_manifest(zip: &mut Zip, password: Option<&Password>) -> Result<Manifest, VerifyError> {
    let limit = manifest_limit(zip.len());
    let Some(index) = zip.index_for_name(MANIFEST_NAME) else {
        return Err(VerifyError::MissingManifest);
    };
    let json = match inflate_manifest(zip, index, limit) {
        Some(json) => json?,
        None => stream_manifest(zip, index, limit, password)?,
    };
    Manifest::from_json(&json).map_err(|error| VerifyError::BadManifest(error.into()))
}

/// The manifest inflated whole by libdeflate when it is plain, deflated and declares no more
/// than `limit` bytes: it is held whole anyway, and zip's streaming inflater takes several
/// times as long over a large one. `None` for any other manifest, which streams.
fn inflate_manifest(
    zip: &mut Zip,
    index: usize,
    limit: u64,
) -> Option<Result<Vec<u8>, VerifyError>> {
    let entry = zip.by_index_raw(index).ok()?;
    if !WholeInflater::takes_up_to(&entry, limit) {
        return None;
    }
    let json = whole::inflate_owned(entry);
    Some(json.map_err(|_| VerifyError::Corrupt(MANIFEST_NAME.to_owned())))
}

fn stream_manifest(
    zip: &mut Zip,
    index: usize,
    limit: u64,
    password: Option<&Password>,
) -> Result<Vec<u8>, VerifyError> {
    let entry = match open(zip, index, password) {
        Ok(entry) => entry,
        Err(error) => match locked(&error) {
            Some(locked) => return Err(locked.into()),
            None => return Err(VerifyError::Corrupt(MANIFEST_NAME.to_owned())),
        },
    };
    let declared = entry.size().min(limit.saturating_add(1));
    // The manifest is the first entry opened: a wrong password that passes WinZip AES's
    // two-byte check (one in 65,536) fails its authentication code, and is still wrong.
    let failed = if entry.encrypted() {
        VerifyError::WrongPassword
    } else {
        VerifyError::Corrupt(MANIFEST_NAME.to_owned())
    };
    let mut json = Vec::with_capacity(usize::try_from(declared).unwrap_or_default());
    // Read one byte past the limit, so an oversized manifest is caught without reading it all.
    entry
        .take(limit + 1)
        .read_to_end(&mut json)
        .map_err(|_| failed)?;
    if json.len() as u64 > limit {
        return Err(rule(format!("larger than {limit} bytes")));
    }
    Ok(json)
}

/// A manifest that reads but breaks a rule.
fn rule(what: String) -> VerifyError {
    VerifyError::BadManifest(BadManifest::Rule(what))
}

fn check_totals(manifest: &Manifest) -> Result<(), VerifyError> {
    let count = manifest.files.len() as u64;
    if manifest.total_files != count {
        let message = format!(
            "total_files is {}, files lists {count}",
            manifest.total_files
        );
        return Err(rule(message));
    }
    let size = manifest
        .files
        .iter()
        .try_fold(0u64, |sum, file| sum.checked_add(file.size))
        .ok_or_else(|| rule("file sizes overflow".to_owned()))?;
    if manifest.total_size != size {
        let message = format!(
            "total_size is {}, files add up to {size}",
            manifest.total_size
        );
        return Err(rule(message));
    }
    Ok(())
}

/// A path listed twice (by two files, two versions, or a file and a version) would let one
/// entry vouch for two.
fn listed_paths(manifest: &Manifest) -> Result<HashSet<&str>, VerifyError> {
    let mut listed = HashSet::with_capacity(manifest.files.len());
    for entry in manifest.listed() {
        let path = entry.path();
        if path == MANIFEST_NAME {
            return Err(rule(format!("a file claims {path}")));
        }
        if !listed.insert(path) {
            return Err(rule(format!("{path} is listed twice")));
        }
    }
    Ok(listed)
}

/// Every entry is the manifest or a listed file: a restore must not skip anything a user
/// would find on unzipping.
fn check_no_strangers(zip: &Zip, listed: &HashSet<&str>) -> Result<(), VerifyError> {
    for name in zip.file_names() {
        let name = name.map_err(|_| VerifyError::Corrupt("an entry name".to_owned()))?;
        if name != MANIFEST_NAME && !listed.contains(name.as_ref()) {
            return Err(VerifyError::UnexpectedEntry(name.into_owned()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::archive::test_support::{backup, noise_hex, raw_zip};

    const CODE_A: &[u8] = b"print('a')\n";
    const CODE_B: &[u8] = b"print('b')\n";

    fn good() -> (Vec<u8>, Manifest) {
        backup(&[("a.py", CODE_A), ("b.py", CODE_B)])
    }

    /// An archive holding `entries` and `manifest` as its metadata.json.
    fn with_manifest(manifest: &Manifest, entries: &[(&str, &[u8])]) -> Vec<u8> {
        let json = manifest.to_json();
        let mut all = entries.to_vec();
        all.push((MANIFEST_NAME, &json));
        raw_zip(&all, true)
    }

    #[test]
    fn a_good_archive_verifies_and_returns_its_manifest() {
        let (archive, manifest) = good();
        assert_eq!(verify(&archive), Ok(manifest.clone()));
        let handmade = with_manifest(&manifest, &[("a.py", CODE_A), ("b.py", CODE_B)]);
        assert_eq!(verify(&handmade), Ok(manifest));
    }

    #[test]
    fn a_flipped_byte_in_an_entrys_data_is_caught() {
        let code = noise_hex(1, 4000);
        let (mut archive, _) = backup(&[("a.py", code.as_bytes())]);
        let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
        let entry = zip.by_name("a.py").unwrap();
        let middle = entry.data_start().unwrap() + entry.compressed_size() / 2;
        drop(entry);
        archive[usize::try_from(middle).unwrap()] ^= 0x01;
        let result = verify(&archive);
        let caught = [
            VerifyError::Corrupt("a.py".into()),
            VerifyError::ChecksumMismatch("a.py".into()),
        ];
        assert!(caught.contains(result.as_ref().unwrap_err()), "{result:?}");
    }

    /// Writes `value` at `offset` into an entry's local header and at `offset + 2` into its
    /// central one (the central header has "version made by" first), so both still agree.
    fn patch_both_headers(archive: &mut [u8], name: &str, offset: usize, value: u32) {
        let zip = ZipArchive::new(Cursor::new(archive.to_vec())).unwrap();
        let index = zip.index_for_name(name).unwrap();
        let mut zip = zip;
        let entry = zip.by_index_raw(index).unwrap();
        let local = usize::try_from(entry.header_start()).unwrap() + offset;
        let central = usize::try_from(entry.central_header_start()).unwrap() + offset + 2;
        drop(entry);
        for at in [local, central] {
            archive[at..at + 4].copy_from_slice(&value.to_le_bytes());
        }
    }

    /// Small entries are inflated whole: a wrong CRC, or data that inflates past the size
    /// both headers and the manifest declare, is still damage, on one thread or several, and a
    /// large entry still streams and verifies.
    #[test]
    fn a_wrong_crc_or_an_entry_inflating_past_its_size_is_caught() {
        let small = noise_hex(2, 3000);
        let large = noise_hex(3, (1 << 20) + 10);
        let files: [(&str, &[u8]); 3] = [
            ("a.py", CODE_A),
            ("b.py", small.as_bytes()),
            ("big.txt", large.as_bytes()),
        ];
        let (archive, manifest) = backup(&files);
        for threads in [1, 2] {
            assert_eq!(verify_on(&archive, threads), Ok(manifest.clone()));
        }

        let mut bad_crc = archive.clone();
        patch_both_headers(&mut bad_crc, "b.py", 14, 0x1234_5678);
        // The manifest and both headers say one byte fewer than the data inflates to.
        let mut shorter = manifest.clone();
        shorter.files[1].size -= 1;
        shorter.total_size -= 1;
        let mut too_long = with_manifest(&shorter, &files);
        patch_both_headers(&mut too_long, "b.py", 22, 2999);
        for threads in [1, 2] {
            let corrupt = Err(VerifyError::Corrupt("b.py".into()));
            assert_eq!(verify_on(&bad_crc, threads), corrupt, "{threads} threads");
            assert_eq!(verify_on(&too_long, threads), corrupt, "{threads} threads");
        }
    }

    /// The manifest is inflated whole, as small entries are: a flipped byte in its data, or
    /// data that inflates past the size both headers declare, is damage, not a bad manifest.
    #[test]
    fn a_damaged_manifest_is_corrupt() {
        let (archive, manifest) = good();
        let corrupt = Err(VerifyError::Corrupt(MANIFEST_NAME.into()));
        for at in [0, 1, 2] {
            let mut flipped = archive.clone();
            let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
            let entry = zip.by_name(MANIFEST_NAME).unwrap();
            let offset = entry.data_start().unwrap() + entry.compressed_size() * at / 3;
            drop(entry);
            flipped[usize::try_from(offset).unwrap()] ^= 0x10;
            assert_eq!(verify(&flipped), corrupt, "byte {offset}");
        }

        let json = manifest.to_json();
        let shorter = u32::try_from(json.len() - 1).unwrap();
        let mut too_long = with_manifest(&manifest, &[("a.py", CODE_A), ("b.py", CODE_B)]);
        patch_both_headers(&mut too_long, MANIFEST_NAME, 22, shorter);
        assert_eq!(verify(&too_long), corrupt);
    }

    #[test]
    fn a_truncated_archive_or_other_bytes_are_not_a_zip() {
        let (archive, _) = good();
        assert_eq!(
            verify(&archive[..archive.len() / 2]),
            Err(VerifyError::NotAZip)
        );
        assert_eq!(
            verify(&archive[..archive.len() - 1]),
            Err(VerifyError::NotAZip)
        );
        assert_eq!(verify(b"just some text"), Err(VerifyError::NotAZip));
        assert_eq!(verify(&[]), Err(VerifyError::NotAZip));
    }

    #[test]
    fn a_wrong_checksum_or_size_is_a_mismatch() {
        let (_, mut manifest) = good();
        manifest.files[1].sha256 = crate::archive::sha256_hex(b"something else");
        let archive = with_manifest(&manifest, &[("a.py", CODE_A), ("b.py", CODE_B)]);
        assert_eq!(
            verify(&archive),
            Err(VerifyError::ChecksumMismatch("b.py".into()))
        );

        let (_, mut manifest) = good();
        manifest.files[0].size += 1;
        manifest.total_size += 1;
        let archive = with_manifest(&manifest, &[("a.py", CODE_A), ("b.py", CODE_B)]);
        assert_eq!(
            verify(&archive),
            Err(VerifyError::ChecksumMismatch("a.py".into()))
        );
    }

    #[test]
    fn every_listed_file_needs_an_entry_and_every_entry_a_listing() {
        let (_, manifest) = good();
        let missing = with_manifest(&manifest, &[("a.py", CODE_A)]);
        assert_eq!(
            verify(&missing),
            Err(VerifyError::MissingEntry("b.py".into()))
        );
        let extra = with_manifest(
            &manifest,
            &[("a.py", CODE_A), ("b.py", CODE_B), ("c.py", b"")],
        );
        assert_eq!(
            verify(&extra),
            Err(VerifyError::UnexpectedEntry("c.py".into()))
        );
        let bare = raw_zip(&[("a.py", CODE_A)], true);
        assert_eq!(verify(&bare), Err(VerifyError::MissingManifest));
    }

    /// Entries are checked on several threads, a chunk at a time; the one reported is still
    /// the first bad one in manifest order, whichever thread meets its bad entry first.
    #[test]
    fn of_several_bad_entries_the_first_listed_is_reported() {
        let names: Vec<String> = (0..300).map(|i| format!("f{i:03}.py")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), CODE_A)).collect();
        let (_, manifest) = backup(&files);
        for (bad, first) in [([9, 50, 40], "f009.py"), ([250, 140, 70], "f070.py")] {
            let mut damaged = files.clone();
            damaged[bad[0]].1 = CODE_B;
            damaged[bad[1]].1 = CODE_B;
            damaged.remove(bad[2]);
            let archive = with_manifest(&manifest, &damaged);
            let error = || match first {
                "f070.py" => VerifyError::MissingEntry(first.into()),
                _ => VerifyError::ChecksumMismatch(first.into()),
            };
            for threads in [1, 2, 3, 8] {
                assert_eq!(verify_on(&archive, threads), Err(error()), "{threads}");
            }
        }
    }

    /// Entries hashed ahead, while the manifest is read, are the entries' own bytes; one that
    /// does not inflate is left to the check, which tells its damage in manifest order, and
    /// one hashed ahead is still held to the manifest.
    #[test]
    fn entries_hashed_ahead_are_checked_as_the_others() {
        let small = noise_hex(4, 3000);
        let large = noise_hex(5, (1 << 20) + 10);
        let files: [(&str, &[u8]); 4] = [
            ("a.py", CODE_A),
            ("b.py", small.as_bytes()),
            ("big.txt", large.as_bytes()),
            ("c.py", CODE_B),
        ];
        let (archive, manifest) = backup(&files);
        let zip = |bytes: &[u8]| ZipArchive::new(Source::memory(bytes.to_vec())).unwrap();
        let listed: Vec<Listed<'_>> = manifest.listed().collect();
        let hashed = |bytes: &[u8]| hash_ahead(zip(bytes), &AtomicBool::new(false));
        let check =
            |bytes: &[u8], ahead: &Ahead| check_entries(&zip(bytes), &listed, 2, None, ahead);

        let ahead = hashed(&archive);
        let index = |name: &str| zip(&archive).index_for_name(name).unwrap();
        for (name, code) in [("a.py", CODE_A), ("b.py", small.as_bytes())] {
            let expected = (code.len() as u64, crate::archive::sha256_hex(code));
            assert_eq!(ahead.get(index(name)), Some(&expected), "{name}");
        }
        // Too large to inflate whole, and the manifest: not hashed ahead.
        assert_eq!(ahead.get(index("big.txt")), None);
        assert_eq!(ahead.get(index(MANIFEST_NAME)), None);
        assert_eq!(check(&archive, &ahead), Ok(()));

        let mut bad_crc = archive.clone();
        patch_both_headers(&mut bad_crc, "b.py", 14, 0x1234_5678);
        let ahead = hashed(&bad_crc);
        assert_eq!(ahead.get(index("b.py")), None);
        assert_eq!(
            check(&bad_crc, &ahead),
            Err(VerifyError::Corrupt("b.py".into()))
        );

        let mut other = manifest.clone();
        other.files[3].sha256 = crate::archive::sha256_hex(b"something else");
        let listed: Vec<Listed<'_>> = other.listed().collect();
        let ahead = hashed(&archive);
        let result = check_entries(&zip(&archive), &listed, 2, None, &ahead);
        assert_eq!(result, Err(VerifyError::ChecksumMismatch("c.py".into())));
    }

    #[test]
    fn on_one_thread_the_same_archives_pass_and_fail_alike() {
        let names: Vec<String> = (0..16).map(|i| format!("f{i:02}.py")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), CODE_A)).collect();
        let (good, manifest) = backup(&files);
        assert_eq!(verify_on(&good, 1), Ok(manifest.clone()));
        let mut damaged = files.clone();
        damaged[7].1 = CODE_B;
        let archive = with_manifest(&manifest, &damaged);
        let error = || Err(VerifyError::ChecksumMismatch("f07.py".into()));
        assert_eq!(verify_on(&archive, 1), error());
        assert_eq!(verify_on(&archive, 0), error(), "none is taken as one");
    }

    #[test]
    fn duplicate_entry_names_are_corrupt() {
        let (_, manifest) = good();
        let mut archive = with_manifest(
            &manifest,
            &[("a.py", CODE_A), ("b.py", CODE_B), ("x.py", b"")],
        );
        // Rename `x.py` to `a.py` in its local and central headers.
        for at in 0..archive.len() - 3 {
            if &archive[at..at + 4] == b"x.py" {
                archive[at] = b'a';
            }
        }
        assert!(matches!(verify(&archive), Err(VerifyError::Corrupt(_))));
    }

    #[test]
    fn an_oversized_or_inconsistent_manifest_is_bad() {
        let mut json = br#"{ "files": [], "padding": ""#.to_vec();
        json.resize(json.len() + 6 * 1024 * 1024, b'a');
        json.extend_from_slice(br#"" }"#);
        let huge = raw_zip(&[(MANIFEST_NAME, &json)], true);
        let result = verify(&huge);
        assert!(
            matches!(&result, Err(VerifyError::BadManifest(m)) if m.to_string().contains("larger")),
            "{result:?}"
        );

        let not_json = raw_zip(&[(MANIFEST_NAME, b"{ files")], true);
        assert!(matches!(
            verify(&not_json),
            Err(VerifyError::BadManifest(_))
        ));

        let (_, mut manifest) = good();
        manifest.total_files = 3;
        let miscounted = with_manifest(&manifest, &[("a.py", CODE_A), ("b.py", CODE_B)]);
        assert!(matches!(
            verify(&miscounted),
            Err(VerifyError::BadManifest(_))
        ));

        let (_, mut manifest) = good();
        manifest.total_size -= 1;
        let missized = with_manifest(&manifest, &[("a.py", CODE_A), ("b.py", CODE_B)]);
        assert!(matches!(
            verify(&missized),
            Err(VerifyError::BadManifest(_))
        ));

        let (_, mut manifest) = good();
        manifest.files[1] = manifest.files[0].clone();
        manifest.total_size = 2 * manifest.files[0].size;
        let twice = with_manifest(&manifest, &[("a.py", CODE_A)]);
        assert!(matches!(verify(&twice), Err(VerifyError::BadManifest(_))));
    }

    #[test]
    fn older_manifests_find_entries_by_file_name() {
        let (_, mut manifest) = good();
        for file in &mut manifest.files {
            file.path.clear();
        }
        let archive = with_manifest(&manifest, &[("a.py", CODE_A), ("b.py", CODE_B)]);
        assert_eq!(verify(&archive), Ok(manifest));
    }
}
