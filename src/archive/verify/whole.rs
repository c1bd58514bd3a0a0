//! Inflates a small deflated entry whole with libdeflate, into buffers each verifying thread
//! reuses from one entry to the next. A library is thousands of small files; streaming each
//! through zip's inflater sets up a fresh inflate state and buffers per entry and took most of
//! verify's time. Entries this does not take (stored, encrypted, another method, large) stream
//! through zip as before.

use std::io::Read;

use libdeflater::Decompressor;
use zip::{CompressionMethod, read::ZipFile};

use crate::archive::source::Source;

/// The largest entry inflated whole, so a thread holds at most about this much twice.
const WHOLE_MAX: u64 = 1 << 20;
/// Deflate's worst case grows data by a few bytes per 64 KiB block; more than this for `size`
/// bytes is not an entry this path takes.
fn compressed_max(size: u64) -> u64 {
    size.saturating_add(size / 8).saturating_add(1024)
}

/// The entry does not inflate, inflates past its declared size, is cut short, or fails its CRC.
#[derive(Debug)]
pub(super) struct Damaged;

pub(super) struct WholeInflater {
    decompressor: Decompressor,
    compressed: Vec<u8>,
    inflated: Vec<u8>,
}

impl WholeInflater {
    pub fn new() -> Self {
        Self {
            decompressor: Decompressor::new(),
            compressed: Vec::new(),
            inflated: Vec::new(),
        }
    }

    /// Whether [`Self::inflate`] takes this entry (opened raw, with `by_index_raw`).
    pub fn takes(entry: &ZipFile<'_, Source>) -> bool {
        Self::takes_up_to(entry, WHOLE_MAX)
    }

    /// Whether [`Self::inflate`] takes this entry if it may inflate to `max` bytes.
    pub fn takes_up_to(entry: &ZipFile<'_, Source>, max: u64) -> bool {
        !entry.encrypted()
            && entry.compression() == CompressionMethod::Deflated
            && entry.size() <= max
            && entry.compressed_size() <= compressed_max(max)
    }

    /// The bytes of an entry [`Self::takes`], never more than it declares (fewer if its data
    /// ends early) and checked against its CRC, as zip checks a streamed entry.
    pub fn inflate(&mut self, mut entry: ZipFile<'_, Source>) -> Result<&[u8], Damaged> {
        let compressed = usize::try_from(entry.compressed_size()).map_err(|_| Damaged)?;
        let size = usize::try_from(entry.size()).map_err(|_| Damaged)?;
        self.compressed.resize(compressed, 0);
        entry
            .read_exact(&mut self.compressed)
            .map_err(|_| Damaged)?;
        if self.inflated.len() < size {
            self.inflated = vec![0; size];
        }
        // Data that would inflate past `size` fails here, for want of room.
        let inflated = self
            .decompressor
            .deflate_decompress(&self.compressed, &mut self.inflated[..size])
            .map_err(|_| Damaged)?;
        let bytes = &self.inflated[..inflated];
        if libdeflater::crc32(bytes) != entry.crc32() {
            return Err(Damaged);
        }
        Ok(bytes)
    }
}

/// An entry [`WholeInflater::takes_up_to`] inflated whole into a buffer of its own: read once
/// and kept (the manifest), so there is nothing to reuse.
pub(super) fn inflate_owned(entry: ZipFile<'_, Source>) -> Result<Vec<u8>, Damaged> {
    let mut inflater = WholeInflater::new();
    let inflated = inflater.inflate(entry)?.len();
    let mut bytes = inflater.inflated;
    bytes.truncate(inflated);
    Ok(bytes)
}
