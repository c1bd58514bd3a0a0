//! Hashes the small deflated entries on other threads while the caller reads and checks the
//! manifest, which is work for one thread (a third of verify's time at 10,000 files). Nothing
//! is decided here: a result is used only for an entry the manifest lists, and the checks then
//! report the first bad entry in manifest order exactly as when they hash it themselves.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::whole::WholeInflater;
use crate::archive::headers::Zip;
use crate::archive::manifest::MANIFEST_NAME;

/// What became of one entry inflated whole.
pub(super) enum Hashed {
    /// As many bytes as it inflated to (never more than it declares), CRC checked.
    Bytes { size: u64, sha256: [u8; 32] },
    /// It did not inflate, inflated past its declared size or failed its CRC.
    Damaged,
}

/// The entries hashed ahead, by their index in the archive.
pub(super) struct Ahead {
    slots: Vec<OnceLock<Hashed>>,
}

impl Ahead {
    /// Nothing hashed ahead: every entry is hashed when it is checked.
    pub fn none() -> Self {
        Self { slots: Vec::new() }
    }

    pub fn get(&self, index: usize) -> Option<&Hashed> {
        self.slots.get(index)?.get()
    }
}

/// Runs `read` on the caller's thread while `helpers` threads hash the entries of `zip` that
/// [`WholeInflater`] takes. Once `read` succeeds the caller hashes too, so every such entry is
/// hashed when this returns; when it fails, the helpers stop at their next entry.
pub(super) fn hash_while<T, E>(
    zip: &Zip,
    helpers: usize,
    read: impl FnOnce() -> Result<T, E>,
) -> Result<(T, Ahead), E> {
    let slots: Vec<OnceLock<Hashed>> = (0..zip.len()).map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let work = || {
        let mut zip = zip.clone();
        let mut whole = WholeInflater::new();
        while !stop.load(Ordering::Relaxed) {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(index) else {
                break;
            };
            if let Some(hashed) = hash_at(&mut zip, &mut whole, index) {
                // Each index is taken once, so the slot is still empty.
                let _ = slot.set(hashed);
            }
        }
    };
    let result = std::thread::scope(|scope| {
        let started: Vec<_> = (0..helpers).map(|_| scope.spawn(work)).collect();
        let result = read();
        if result.is_ok() {
            work();
        } else {
            stop.store(true, Ordering::Relaxed);
        }
        for helper in started {
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        result
    });
    result.map(|value| (value, Ahead { slots }))
}

/// `None` for an entry that is not inflated whole (or cannot even be opened): the checks
/// deal with it themselves.
fn hash_at(zip: &mut Zip, whole: &mut WholeInflater, index: usize) -> Option<Hashed> {
    let entry = zip.by_index_raw(index).ok()?;
    if entry.name_raw() == MANIFEST_NAME.as_bytes() || !WholeInflater::takes(&entry) {
        return None;
    }
    Some(match whole.inflate(entry) {
        Ok(bytes) => Hashed::Bytes {
            size: bytes.len() as u64,
            sha256: Sha256::digest(bytes).into(),
        },
        Err(_) => Hashed::Damaged,
    })
}
