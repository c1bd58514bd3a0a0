//! Checks the listed entries against the manifest on several threads, and hashes entries
//! ahead while the manifest is still being read.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::VerifyError;
use super::whole::WholeInflater;
use crate::archive::headers::Zip;
use crate::archive::locked::{locked, open};
use crate::archive::manifest::{Listed, MANIFEST_NAME, sha256_hex};
use crate::domain::password::Password;

/// Listed entries a thread claims at a time: small enough that the threads finish together,
/// large enough that claiming costs nothing next to inflating.
const CHUNK: usize = 64;

/// An entry's inflated size and hex SHA-256.
type Hashed = (u64, String);

/// Entries hashed before the manifest was read, by their index in the central directory;
/// `None` for those not reached, not taken whole, or that did not inflate (they are checked
/// again, and their error told, in manifest order).
pub(super) struct Ahead(Vec<Option<Hashed>>);

impl Ahead {
    pub fn none() -> Self {
        Self(Vec::new())
    }

    pub(super) fn get(&self, index: usize) -> Option<&Hashed> {
        self.0.get(index)?.as_ref()
    }
}

/// Hashes the small plain entries in central-directory order until `stop` is set: what the
/// manifest's reader leaves of a core is spent on work the check needs anyway.
pub(super) fn hash_ahead(mut zip: Zip, stop: &AtomicBool) -> Ahead {
    let mut whole = WholeInflater::new();
    let mut hashed = Vec::with_capacity(zip.len());
    let manifest = zip.index_for_name(MANIFEST_NAME);
    for index in 0..zip.len() {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let entry = Some(index)
            .filter(|index| Some(*index) != manifest)
            .and_then(|index| zip.by_index_raw(index).ok())
            .filter(WholeInflater::takes);
        let entry_hash = entry
            .and_then(|entry| whole.inflate(entry).ok())
            .map(digest);
        hashed.push(entry_hash);
    }
    Ahead(hashed)
}

fn digest(bytes: &[u8]) -> Hashed {
    (bytes.len() as u64, sha256_hex(bytes))
}

/// Inflates and hashes the listed entries (files and earlier versions alike) on `threads`
/// threads, which claim them a chunk at a time in manifest order. The error reported is the
/// first in manifest order, as when they are checked one by one: a chunk past one found bad
/// is skipped, but every chunk before it is checked to its end.
pub(super) fn check_entries(
    zip: &Zip,
    files: &[Listed<'_>],
    threads: usize,
    password: Option<&Password>,
    ahead: &Ahead,
) -> Result<(), VerifyError> {
    let chunks: Vec<&[Listed<'_>]> = files.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    let first_bad = AtomicUsize::new(usize::MAX);
    let check_chunks = || {
        let mut checker = Checker {
            zip: zip.clone(),
            whole: WholeInflater::new(),
            password,
            ahead,
        };
        let mut bad = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            if at >= chunks.len() || at > first_bad.load(Ordering::Relaxed) {
                return bad;
            }
            let checked = chunks[at]
                .iter()
                .try_for_each(|file| check_entry(&mut checker, file));
            if let Err(error) = checked {
                first_bad.fetch_min(at, Ordering::Relaxed);
                bad.push((at, error));
            }
        }
    };
    let bad = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(chunks.len()))
            .map(|_| scope.spawn(check_chunks))
            .collect();
        let mut bad = check_chunks();
        for helper in helpers {
            let found = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            bad.extend(found);
        }
        bad
    });
    match bad.into_iter().min_by_key(|(at, _)| *at) {
        Some((_, error)) => Err(error),
        None => Ok(()),
    }
}

/// One thread's reader of the archive, and its buffers.
struct Checker<'a> {
    zip: Zip,
    whole: WholeInflater,
    password: Option<&'a Password>,
    ahead: &'a Ahead,
}

fn check_entry(checker: &mut Checker<'_>, file: &Listed<'_>) -> Result<(), VerifyError> {
    let path = file.path();
    let (size, sha256) = hash_entry(checker, path, file.size())?;
    if size != file.size() || sha256 != file.sha256() {
        return Err(VerifyError::ChecksumMismatch(path.to_owned()));
    }
    Ok(())
}

/// The entry's size and SHA-256, its CRC checked: hashed ahead, or a small deflated entry
/// inflated whole, or any other streamed.
fn hash_entry(
    checker: &mut Checker<'_>,
    path: &str,
    expected_size: u64,
) -> Result<Hashed, VerifyError> {
    let corrupt = || VerifyError::Corrupt(path.to_owned());
    let Some(index) = checker.zip.index_for_name(path) else {
        return Err(VerifyError::MissingEntry(path.to_owned()));
    };
    if let Some(hashed) = checker.ahead.get(index) {
        return Ok(hashed.clone());
    }
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
    Ok(digest(bytes))
}

/// Streams the entry through the hasher; zip checks the CRC (an encrypted entry's
/// authentication code too) when the read reaches the end.
fn stream_entry(
    checker: &mut Checker<'_>,
    index: usize,
    path: &str,
    expected_size: u64,
) -> Result<Hashed, VerifyError> {
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
