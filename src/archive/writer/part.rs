//! One thread's share of a window as a small ZIP of its own: each entry deflated whole with
//! libdeflate (about twice as fast as zlib at the same level, and no smaller archive), under
//! plain local and central headers. The backup is put together from these records as they
//! are (see `assembly`), so they are the backup's headers: every reader has to take them.
//! The manifest is deflated the same way, on its own.

use std::sync::Mutex;

use libdeflater::{CompressionLvl, Compressor};
use zip::{
    DateTime,
    result::{ZipError, ZipResult},
};

use super::assembly::{CENTRAL_HEADER, LOCAL_HEADER, put_end_record, put16, put32};

/// libdeflate's level 5 deflates code as small as zlib's level 6 does (the one Python's
/// `zipfile` and zlib use by default: 3,926,058 bytes against zlib's 3,925,762 for the bench's
/// 10,000 files), in a tenth less time than its own level 6.
const LEVEL: i32 = 5;
/// Version 2.0 of the format: deflate, no ZIP64 (a part never needs it).
const VERSION_NEEDED: u16 = 20;
/// Made on Unix, so readers take the external attributes as a Unix mode.
const VERSION_MADE_BY: u16 = (3 << 8) | VERSION_NEEDED;
const DEFLATED: u16 = 8;
/// General-purpose flag bit 11: the name is UTF-8 (without it, readers decode CP437).
const UTF8_NAME: u16 = 1 << 11;
/// A regular file, `rw-r--r--`.
const REGULAR_FILE_0644: u32 = 0o100_644 << 16;

/// Compressors kept from one window to the next: each holds a few hundred KB of match-finder
/// tables that would otherwise be allocated, faulted in and freed again for every window.
#[derive(Default)]
pub(crate) struct Compressors(Mutex<Vec<Compressor>>);

impl Compressors {
    pub fn take(&self) -> Compressor {
        let kept = crate::sync::lock(&self.0).pop();
        kept.unwrap_or_else(|| Compressor::new(CompressionLvl::new(LEVEL).unwrap_or_default()))
    }

    pub fn give_back(&self, compressor: Compressor) {
        crate::sync::lock(&self.0).push(compressor);
    }
}

/// A ZIP being written in memory, one deflated entry at a time.
pub(super) struct PartWriter {
    compressor: Compressor,
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
    /// Reused for every entry: the deflated bytes before they are copied into `out`.
    /// Replaced, never grown in place, so the allocator hands out zeroed pages that are only
    /// mapped as the compressor writes to them: a 15 MB manifest costs its deflated size in
    /// memory, not its bound.
    scratch: Vec<u8>,
}

impl PartWriter {
    pub fn new(compressor: Compressor) -> Self {
        Self {
            compressor,
            out: Vec::new(),
            central: Vec::new(),
            entries: 0,
            scratch: Vec::new(),
        }
    }

    pub fn add(&mut self, path: &str, modified: DateTime, code: &[u8]) -> ZipResult<()> {
        let bound = self.compressor.deflate_compress_bound(code.len());
        if self.scratch.len() < bound {
            self.scratch = vec![0; bound];
        }
        let deflated = self
            .compressor
            .deflate_compress(code, &mut self.scratch[..bound])
            .map_err(|_| too_big("a deflated entry"))?;
        let header = Header {
            flags: if path.is_ascii() { 0 } else { UTF8_NAME },
            time: modified.timepart(),
            date: modified.datepart(),
            crc32: libdeflater::crc32(code),
            compressed: fits(deflated, "a deflated entry")?,
            size: fits(code.len(), "an entry")?,
            name: path.as_bytes(),
        };
        let offset = fits(self.out.len(), "a part")?;
        header.write_local(&mut self.out)?;
        self.out.extend_from_slice(&self.scratch[..deflated]);
        header.write_central(&mut self.central, offset)?;
        self.entries = self
            .entries
            .checked_add(1)
            .ok_or_else(|| too_big("a part's entry count"))?;
        Ok(())
    }

    /// The part's bytes (its entries, the central directory, its end record), and its
    /// compressor, for another part.
    pub fn finish(mut self) -> ZipResult<(Vec<u8>, Compressor)> {
        self.scratch = Vec::new();
        let directory_offset = fits(self.out.len(), "a part")?;
        let directory_size = fits(self.central.len(), "a part's directory")?;
        self.out.append(&mut self.central);
        put_end_record(
            &mut self.out,
            self.entries,
            directory_size,
            directory_offset,
        );
        Ok((self.out, self.compressor))
    }
}

/// What the local and the central header of an entry share.
struct Header<'a> {
    flags: u16,
    time: u16,
    date: u16,
    crc32: u32,
    compressed: u32,
    size: u32,
    name: &'a [u8],
}

impl Header<'_> {
    fn write_local(&self, out: &mut Vec<u8>) -> ZipResult<()> {
        put32(out, LOCAL_HEADER);
        put16(out, VERSION_NEEDED);
        self.write_common(out)?;
        put16(out, 0); // no extra field
        out.extend_from_slice(self.name);
        Ok(())
    }

    fn write_central(&self, out: &mut Vec<u8>, local_offset: u32) -> ZipResult<()> {
        put32(out, CENTRAL_HEADER);
        put16(out, VERSION_MADE_BY);
        put16(out, VERSION_NEEDED);
        self.write_common(out)?;
        put16(out, 0); // no extra field
        put16(out, 0); // no comment
        put16(out, 0); // disk
        put16(out, 0); // internal attributes
        put32(out, REGULAR_FILE_0644);
        put32(out, local_offset);
        out.extend_from_slice(self.name);
        Ok(())
    }

    /// From the flags to the name's length, the same in both headers.
    fn write_common(&self, out: &mut Vec<u8>) -> ZipResult<()> {
        put16(out, self.flags);
        put16(out, DEFLATED);
        put16(out, self.time);
        put16(out, self.date);
        put32(out, self.crc32);
        put32(out, self.compressed);
        put32(out, self.size);
        put16(out, fits(self.name.len(), "an entry's name")?);
        Ok(())
    }
}

/// A size or offset in a header that has no room for more; files are limited far below it
/// (15 MiB), so this is a refusal rather than ZIP64.
fn fits<T: TryFrom<usize>>(value: usize, what: &'static str) -> ZipResult<T> {
    T::try_from(value).map_err(|_| too_big(what))
}

fn too_big(what: &'static str) -> ZipError {
    ZipError::Io(std::io::Error::other(format!(
        "{what} is too large for a part"
    )))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use zip::{CompressionMethod, ZipArchive};

    use super::*;

    #[test]
    fn the_zip_crate_reads_back_every_field() {
        let modified = DateTime::from_date_and_time(2026, 11, 30, 17, 3, 58).unwrap();
        let mut part = PartWriter::new(Compressors::default().take());
        let code = "fn main() {}\n".repeat(300);
        part.add("src/main.rs", modified, code.as_bytes()).unwrap();
        part.add("ünï/кот.py", modified, b"").unwrap();
        let (bytes, _) = part.finish().unwrap();

        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 2);
        let mut first = zip.by_index(0).unwrap();
        assert_eq!(first.name().unwrap(), "src/main.rs");
        assert_eq!(first.compression(), CompressionMethod::Deflated);
        assert!(first.compressed_size() < first.size());
        assert_eq!(first.size(), code.len() as u64);
        assert_eq!(first.unix_mode(), Some(0o100_644));
        let time = first.last_modified().unwrap();
        assert_eq!((time.year(), time.month(), time.day()), (2026, 11, 30));
        assert_eq!((time.hour(), time.minute(), time.second()), (17, 3, 58));
        let mut read = String::new();
        first.read_to_string(&mut read).unwrap();
        assert_eq!(read, code);
        drop(first);
        let mut second = zip.by_index(1).unwrap();
        assert_eq!(second.name().unwrap(), "ünï/кот.py");
        let mut read = Vec::new();
        second.read_to_end(&mut read).unwrap();
        assert!(read.is_empty());
    }

    #[test]
    fn an_empty_part_is_a_valid_empty_zip() {
        let (bytes, _) = PartWriter::new(Compressors::default().take())
            .finish()
            .unwrap();
        assert_eq!(ZipArchive::new(Cursor::new(bytes)).unwrap().len(), 0);
    }
}
