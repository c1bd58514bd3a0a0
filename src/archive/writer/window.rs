//! Deflates and hashes a window of entries on every core; the writer then copies them into
//! the ZIP in order, so the archive's bytes never depend on which thread finished first.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use zip::{PreparedZipFile, result::ZipResult, write::SimpleFileOptions};

use super::super::manifest::sha256_hex;

/// A window ends at whichever comes first: the number of entries bounds the bookkeeping, the
/// bytes bound the memory (the window's sources and their compressed copies).
pub(super) const WINDOW_ENTRIES: usize = 512;
pub(super) const WINDOW_BYTES: usize = 4 << 20;

/// An entry waiting for its turn: the name it was given and its own copy of the code.
pub(super) struct Pending {
    pub path: String,
    pub code: Vec<u8>,
    pub options: SimpleFileOptions,
}

/// An entry ready to be copied into the archive as it is.
pub(super) struct Prepared {
    pub entry: PreparedZipFile,
    pub sha256: String,
}

/// Prepares every entry of `window`, in `window`'s order. The calling thread works too, so
/// one thread means no thread is started.
pub(super) fn prepare(window: &[Pending], threads: NonZeroUsize) -> Vec<ZipResult<Prepared>> {
    let next = AtomicUsize::new(0);
    // Entries are taken one at a time rather than in fixed chunks: sizes vary, and a thread
    // that meets small files takes more of them.
    let take = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(pending) = window.get(index) else {
                break done;
            };
            done.push((index, prepare_one(pending)));
        }
    };
    let helpers = threads.get().min(window.len()).saturating_sub(1);
    let mut done: Vec<(usize, ZipResult<Prepared>)> = std::thread::scope(|scope| {
        let started: Vec<_> = (0..helpers).map(|_| scope.spawn(take)).collect();
        let mut done = take();
        for helper in started {
            match helper.join() {
                Ok(theirs) => done.extend(theirs),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|&(index, _)| index);
    done.into_iter().map(|(_, prepared)| prepared).collect()
}

fn prepare_one(pending: &Pending) -> ZipResult<Prepared> {
    Ok(Prepared {
        entry: PreparedZipFile::from_data(&pending.path, pending.options, &pending.code)?,
        sha256: sha256_hex(&pending.code),
    })
}
