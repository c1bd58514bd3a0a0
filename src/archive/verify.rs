//! Re-reads a backup archive end to end and checks it against its own manifest.
//!
//! Run after writing (before a backup is listed) and before restoring, so a backup that says it
//! holds a file really holds those bytes.

use std::collections::HashSet;
use std::io::{self, Read};
use std::num::NonZeroUsize;

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::headers::{Zip, check_consistency};
use super::locked::{Locked, locked, open};
use super::manifest::{BadManifest, Listed, MANIFEST_NAME, Manifest, manifest_limit};
use super::source::Source;
use crate::domain::password::Password;
use whole::WholeInflater;

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
    // the other, and a damaged structure is still the error told first.
    let (structure, manifest) = std::thread::scope(|scope| {
        let (mut headers, source) = (zip.clone(), &archive);
        let structure = scope.spawn(move || check_consistency(&mut headers, source));
        let manifest = read_manifest(&mut zip, password);
        let structure = structure
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (structure, manifest)
    });
    // Duplicate names, overlapping entries, or local headers or data descriptors that disagree
    // with the central directory would let an unzip tool extract other than what we check here.
    structure.map_err(|error| VerifyError::Corrupt(format!("archive structure: {error}")))?;
    let manifest = manifest?;
    check_totals(&manifest)?;
    let listed = listed_paths(&manifest)?;
    check_no_strangers(&zip, &listed)?;
    let entries: Vec<Listed<'_>> = manifest.listed().collect();
    check_entries(&zip, &entries, threads.max(1), password)?;
    drop(entries);
    Ok(manifest)
}

/// Inflates and hashes the listed entries (files and earlier versions alike) on `threads`
/// threads, each a contiguous run of them, so the error reported is the first in manifest
/// order, as when they are checked one by one.
fn check_entries(
    zip: &Zip,
    files: &[Listed<'_>],
    threads: usize,
    password: Option<&Password>,
) -> Result<(), VerifyError> {
    let run_length = files.len().div_ceil(threads).max(1);
    let check_run = |run: &[Listed<'_>]| {
        let mut checker = Checker {
            zip: zip.clone(),
            whole: WholeInflater::new(),
            password,
        };
        run.iter()
            .try_for_each(|file| check_entry(&mut checker, file))
    };
    std::thread::scope(|scope| {
        let mut runs = files.chunks(run_length);
        let first = runs.next();
        let started: Vec<_> = runs
            .map(|run| scope.spawn(move || check_run(run)))
            .collect();
        first.map_or(Ok(()), check_run)?;
        started.into_iter().try_for_each(|helper| {
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

/// One thread's reader of the archive, and its buffers.
struct Checker<'p> {
    zip: Zip,
    whole: WholeInflater,
    password: Option<&'p Password>,
}

fn check_entry(checker: &mut Checker<'_>, file: &Listed<'_>) -> Result<(), VerifyError> {
    let path = file.path();
    let (size, sha256) = hash_entry(checker, path, file.size())?;
    if size != file.size() || sha256 != file.sha256() {
        return Err(VerifyError::ChecksumMismatch(path.to_owned()));
    }
    Ok(())
}

fn read_manifest(zip: &mut Zip, password: Option<&Password>) -> Result<Manifest, VerifyError> {
    let limit = manifest_limit(zip.len());
    let Some(index) = zip.index_for_name(MANIFEST_NAME) else {
        return Err(VerifyError::MissingManifest);
    };
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
    Manifest::from_json(&json).map_err(|error| VerifyError::BadManifest(error.into()))
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

/// The entry's size and SHA-256, its CRC checked: a small deflated entry is inflated whole,
/// any other streamed.
fn hash_entry(
    checker: &mut Checker<'_>,
    path: &str,
    expected_size: u64,
) -> Result<(u64, String), VerifyError> {
    let corrupt = || VerifyError::Corrupt(path.to_owned());
    let Some(index) = checker.zip.index_for_name(path) else {
        return Err(VerifyError::MissingEntry(path.to_owned()));
    };
    let entry = checker.zip.by_index_raw(index).map_err(|_| corrupt())?;
    if !WholeInflater::takes(&entry) {
        drop(entry);
        return stream_entry(checker, index, path, expected_size);
    }
    // The central directory already disagrees: no need to inflate anything.
    if entry.size() != expected_size {
        return Err(VerifyError::ChecksumMismatch(path.to_owned()));
    }
    let bytes = checker.whole.inflate(entry).map_err(|_| corrupt())?;
    Ok((bytes.len() as u64, hex::encode(Sha256::digest(bytes))))
}

/// Streams the entry through the hasher; zip checks the CRC (an encrypted entry's
/// authentication code too) when the read reaches the end.
fn stream_entry(
    checker: &mut Checker<'_>,
    index: usize,
    path: &str,
    expected_size: u64,
) -> Result<(u64, String), VerifyError> {
    let entry = open(&mut checker.zip, index, checker.password).map_err(|error| {
        locked(&error).map_or_else(|| VerifyError::Corrupt(path.to_owned()), VerifyError::from)
    })?;
    // The central directory already disagrees: no need to inflate anything.
    if entry.size() != expected_size {
        return Err(VerifyError::ChecksumMismatch(path.to_owned()));
    }
    let mut hasher = Sha256::new();
    let size = io::copy(
        &mut entry.take(expected_size.saturating_add(1)),
        &mut hasher,
    )
    .map_err(|_| VerifyError::Corrupt(path.to_owned()))?;
    Ok((size, hex::encode(hasher.finalize())))
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

    /// Entries are checked on several threads; the one reported is still the first bad one in
    /// manifest order, whichever thread meets its bad entry first.
    #[test]
    fn of_several_bad_entries_the_first_listed_is_reported() {
        let names: Vec<String> = (0..64).map(|i| format!("f{i:02}.py")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), CODE_A)).collect();
        let (_, manifest) = backup(&files);
        let mut damaged = files.clone();
        damaged[50].1 = CODE_B;
        damaged[9].1 = CODE_B;
        damaged.remove(40);
        let archive = with_manifest(&manifest, &damaged);
        for _ in 0..5 {
            let error = VerifyError::ChecksumMismatch("f09.py".into());
            assert_eq!(verify(&archive), Err(error));
        }
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
