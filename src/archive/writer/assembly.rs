//! The backup's ZIP put together from its parts' entries: each entry's local record is copied
//! as its part wrote it, and its central record with the offset the entry has in the backup;
//! then the central directory and the end records. The writer thus never parses a part into
//! the `zip` crate's structures nor keeps them per entry, and only ever appends, so whatever
//! it writes to can hash the archive as it goes. ZIP64 where the format needs it (APPNOTE
//! 4.3.14–4.3.15, 4.5.3): past 65,535 entries, or an offset or size past 4 GiB.

use std::io::{self, Write};
use std::ops::Range;

pub(super) const LOCAL_HEADER: u32 = 0x0403_4b50;
pub(super) const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_END_OF_DIRECTORY: u32 = 0x0606_4b50;
const ZIP64_END_LOCATOR: u32 = 0x0706_4b50;
/// Fixed parts of the records, before their variable fields.
const LOCAL_FIXED: usize = 30;
const CENTRAL_FIXED: usize = 46;
const END_FIXED: usize = 22;
/// Where a central record keeps its local record's offset.
const CENTRAL_OFFSET_AT: usize = 42;
/// The extra field that carries ZIP64 values, and the version that reads it.
const ZIP64_EXTRA: u16 = 0x0001;
const ZIP64_VERSION: u16 = 45;
/// Made on Unix, by a 4.5 writer: the ZIP64 end record's "made by".
const ZIP64_MADE_BY: u16 = (3 << 8) | ZIP64_VERSION;
/// A 32-bit field holding this means "see the ZIP64 record".
const SATURATED: u32 = u32::MAX;

/// Where one entry of a part lies in the part's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PartEntry {
    /// The local header, the name and extra field, and the compressed data.
    pub local: Range<usize>,
    pub central: Range<usize>,
}

/// The entries of `part`, a ZIP made in memory by this writer (plain or protected), in the
/// order of its central directory. A part is small: one with ZIP64 values, a comment or a
/// record that does not add up is refused, as it is not one the writer made.
pub(super) fn part_entries(part: &[u8]) -> io::Result<Vec<PartEntry>> {
    let end = part
        .len()
        .checked_sub(END_FIXED)
        .filter(|&at| {
            u32_at(part, at) == Some(END_OF_DIRECTORY) && u16_at(part, at + 20) == Some(0)
        })
        .ok_or_else(|| unexpected("no end record"))?;
    let count = u16_at(part, end + 10).ok_or_else(|| unexpected("no entry count"))?;
    let directory = u32_at(part, end + 16).ok_or_else(|| unexpected("no directory offset"))?;
    let mut at = usize::try_from(directory).map_err(|_| unexpected("a far directory"))?;
    let mut entries = Vec::with_capacity(count.into());
    for _ in 0..count {
        let central = record(part, at, CENTRAL_HEADER, CENTRAL_FIXED, &[28, 30, 32])?;
        let compressed = u32_at(part, at + 20).filter(|&size| size != SATURATED);
        let size = u32_at(part, at + 24).filter(|&size| size != SATURATED);
        let offset = u32_at(part, at + CENTRAL_OFFSET_AT).filter(|&offset| offset != SATURATED);
        let (Some(compressed), Some(_), Some(offset)) = (compressed, size, offset) else {
            return Err(unexpected("ZIP64 values"));
        };
        let local_start = usize::try_from(offset).map_err(|_| unexpected("a far entry"))?;
        let header = record(part, local_start, LOCAL_HEADER, LOCAL_FIXED, &[26, 28])?;
        let local_end = usize::try_from(compressed)
            .ok()
            .and_then(|compressed| header.end.checked_add(compressed))
            .filter(|&local_end| local_end <= part.len())
            .ok_or_else(|| unexpected("data past the end"))?;
        entries.push(PartEntry {
            local: local_start..local_end,
            central: central.clone(),
        });
        at = central.end;
    }
    Ok(entries)
}

/// The record at `at`: its signature checked, its length the fixed part and the lengths read
/// at `lengths` (offsets into it).
fn record(
    bytes: &[u8],
    at: usize,
    signature: u32,
    fixed: usize,
    lengths: &[usize],
) -> io::Result<Range<usize>> {
    if u32_at(bytes, at) != Some(signature) {
        return Err(unexpected("a record without its signature"));
    }
    let mut end = at.checked_add(fixed);
    for &length in lengths {
        let length = u16_at(bytes, at + length).map(usize::from);
        end = end
            .zip(length)
            .and_then(|(end, length)| end.checked_add(length));
    }
    end.filter(|&end| end <= bytes.len())
        .map(|end| at..end)
        .ok_or_else(|| unexpected("a record past the end"))
}

/// The backup being put together: entries are appended in order, then [`Self::finish`] writes
/// the central directory and the end records.
pub(super) struct Assembly<W> {
    out: W,
    /// Bytes written so far: the next entry's offset.
    written: u64,
    central: Vec<u8>,
    entries: u64,
}

impl<W: Write> Assembly<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            written: 0,
            central: Vec::new(),
            entries: 0,
        }
    }

    /// Appends `entry` of `part` (found by [`part_entries`]).
    pub fn append(&mut self, part: &[u8], entry: &PartEntry) -> io::Result<()> {
        let local = part
            .get(entry.local.clone())
            .ok_or_else(|| unexpected("an entry past the end"))?;
        let central = part
            .get(entry.central.clone())
            .ok_or_else(|| unexpected("a record past the end"))?;
        self.out.write_all(local)?;
        push_central(&mut self.central, central, self.written);
        self.written += local.len() as u64;
        self.entries += 1;
        Ok(())
    }

    /// Writes the central directory and the end records, and gives the output back.
    pub fn finish(mut self) -> io::Result<W> {
        let directory_offset = self.written;
        let directory_size = self.central.len() as u64;
        self.out.write_all(&self.central)?;
        let count = u16::try_from(self.entries)
            .ok()
            .filter(|&count| count != u16::MAX);
        let size = u32::try_from(directory_size)
            .ok()
            .filter(|&size| size != SATURATED);
        let offset = u32::try_from(directory_offset)
            .ok()
            .filter(|&at| at != SATURATED);
        let mut end = Vec::with_capacity(END_FIXED + 56 + 20);
        if count.is_none() || size.is_none() || offset.is_none() {
            let zip64_end = directory_offset + directory_size;
            put32(&mut end, ZIP64_END_OF_DIRECTORY);
            put64(&mut end, 44); // the record's size after this field
            put16(&mut end, ZIP64_MADE_BY);
            put16(&mut end, ZIP64_VERSION);
            put32(&mut end, 0); // this disk
            put32(&mut end, 0); // the disk the directory starts on
            put64(&mut end, self.entries); // on this disk
            put64(&mut end, self.entries);
            put64(&mut end, directory_size);
            put64(&mut end, directory_offset);
            put32(&mut end, ZIP64_END_LOCATOR);
            put32(&mut end, 0); // the disk with the ZIP64 end record
            put64(&mut end, zip64_end);
            put32(&mut end, 1); // disks in all
        }
        put_end_record(
            &mut end,
            count.unwrap_or(u16::MAX),
            size.unwrap_or(SATURATED),
            offset.unwrap_or(SATURATED),
        );
        self.out.write_all(&end)?;
        Ok(self.out)
    }
}

/// The end of central directory record, on one disk and without a comment: a part's, or the
/// backup's (whose fields say "see the ZIP64 record" when they do not fit).
pub(super) fn put_end_record(out: &mut Vec<u8>, entries: u16, size: u32, offset: u32) {
    put32(out, END_OF_DIRECTORY);
    put16(out, 0); // this disk
    put16(out, 0); // the disk the directory starts on
    put16(out, entries); // on this disk
    put16(out, entries);
    put32(out, size);
    put32(out, offset);
    put16(out, 0); // no comment
}

/// Appends a part's central `record` to `directory`, pointing at `offset`: in its own field
/// when it fits, else in a ZIP64 extra field added to the record's (a part's records have none,
/// as [`part_entries`] checks).
fn push_central(directory: &mut Vec<u8>, record: &[u8], offset: u64) {
    let start = directory.len();
    match u32::try_from(offset)
        .ok()
        .filter(|&offset| offset != SATURATED)
    {
        Some(offset) => {
            directory.extend_from_slice(record);
            directory[start + CENTRAL_OFFSET_AT..start + CENTRAL_OFFSET_AT + 4]
                .copy_from_slice(&offset.to_le_bytes());
        }
        None => {
            let name = usize::from(u16_at(record, 28).unwrap_or(0));
            let extra = usize::from(u16_at(record, 30).unwrap_or(0));
            let extra_end = CENTRAL_FIXED + name + extra;
            directory.extend_from_slice(&record[..extra_end]);
            put16(directory, ZIP64_EXTRA);
            put16(directory, 8);
            put64(directory, offset);
            directory.extend_from_slice(&record[extra_end..]);
            let needed = u16_at(record, 6).unwrap_or(0).max(ZIP64_VERSION);
            // The extra field grew by the 12 bytes above; a part's is far below 64 KiB.
            let extra = u16::try_from(extra + 12).unwrap_or(u16::MAX);
            directory[start + 6..start + 8].copy_from_slice(&needed.to_le_bytes());
            directory[start + 30..start + 32].copy_from_slice(&extra.to_le_bytes());
            directory[start + CENTRAL_OFFSET_AT..start + CENTRAL_OFFSET_AT + 4]
                .copy_from_slice(&SATURATED.to_le_bytes());
        }
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let field = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([field[0], field[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let field = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([field[0], field[1], field[2], field[3]]))
}

pub(super) fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

pub(super) fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// A part that is not one the writer made: a bug here, not a user's input.
fn unexpected(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a part of the backup has {what}"),
    )
}

#[cfg(test)]
impl<W: Write> Assembly<W> {
    /// An assembly whose first entry goes `written` bytes into `out`, as if they held an
    /// archive's earlier entries: how offsets past 4 GiB are tested without writing them.
    fn continuing(out: W, written: u64) -> Self {
        Self {
            written,
            ..Self::new(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Seek, SeekFrom};

    use zip::{DateTime, ZipArchive};

    use super::super::part::{Compressors, PartWriter};
    use super::*;
    use crate::archive::test_support::python_on;

    fn part(files: &[(&str, &[u8])]) -> Vec<u8> {
        let modified = DateTime::from_date_and_time(2026, 12, 3, 12, 0, 0).unwrap();
        let mut part = PartWriter::new(Compressors::default().take());
        for (name, code) in files {
            part.add(name, modified, code).unwrap();
        }
        part.finish().unwrap().0
    }

    fn contents(zip: &mut ZipArchive<impl Read + Seek>) -> Vec<(String, Vec<u8>)> {
        (0..zip.len())
            .map(|index| {
                let mut entry = zip.by_index(index).unwrap();
                let mut code = Vec::new();
                entry.read_to_end(&mut code).unwrap();
                (entry.name().unwrap().into_owned(), code)
            })
            .collect()
    }

    #[test]
    fn a_part_is_cut_into_its_records() {
        let bytes = part(&[("a.py", b"print(1)\n"), ("ünï/b.rs", b"")]);
        let entries = part_entries(&bytes).unwrap();
        assert_eq!(entries.len(), 2);
        // Local records follow each other from the start, the central ones up to the end record.
        assert_eq!(entries[0].local.start, 0);
        assert_eq!(entries[0].local.end, entries[1].local.start);
        assert_eq!(entries[1].local.end, entries[0].central.start);
        assert_eq!(entries[0].central.end, entries[1].central.start);
        assert_eq!(entries[1].central.end, bytes.len() - END_FIXED);
        assert_eq!(
            &bytes[entries[1].local.start + LOCAL_FIXED..][..10],
            "ünï/b.rs".as_bytes()
        );
    }

    #[test]
    fn entries_from_several_parts_read_back_in_the_order_appended() {
        let first = part(&[("one.txt", b"1"), ("three.txt", b"333")]);
        let second = part(&[("two.txt", b"22")]);
        let (first_entries, second_entries) = (
            part_entries(&first).unwrap(),
            part_entries(&second).unwrap(),
        );
        let mut assembly = Assembly::new(Vec::new());
        assembly.append(&first, &first_entries[0]).unwrap();
        assembly.append(&second, &second_entries[0]).unwrap();
        assembly.append(&first, &first_entries[1]).unwrap();
        let archive = assembly.finish().unwrap();
        let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
        let expected = [("one.txt", "1"), ("two.txt", "22"), ("three.txt", "333")]
            .map(|(name, code)| (name.to_owned(), code.as_bytes().to_vec()));
        assert_eq!(contents(&mut zip), expected);
        // No ZIP64 end records where none is needed.
        assert!(!archive.windows(4).any(|window| window == b"PK\x06\x06"));
    }

    #[test]
    fn an_empty_assembly_is_a_valid_empty_zip() {
        let archive = Assembly::new(Vec::new()).finish().unwrap();
        assert_eq!(archive.len(), END_FIXED);
        assert_eq!(ZipArchive::new(Cursor::new(archive)).unwrap().len(), 0);
    }

    #[test]
    fn a_part_the_writer_did_not_make_is_refused() {
        let bytes = part(&[("a.py", b"print(1)\n")]);
        let entries = part_entries(&bytes).unwrap();
        let mut commented = bytes.clone();
        commented[bytes.len() - 2] = 1;
        commented.push(b'!');
        let mut zip64 = bytes.clone();
        let size_at = entries[0].central.start + 24;
        zip64[size_at..size_at + 4].copy_from_slice(&SATURATED.to_le_bytes());
        let mut past_the_end = bytes.clone();
        let compressed_at = entries[0].central.start + 20;
        past_the_end[compressed_at..compressed_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        past_the_end[compressed_at] = 0xF0;
        let mut unsigned = bytes.clone();
        unsigned[entries[0].local.start] = b'Q';
        for (broken, why) in [
            (&bytes[..bytes.len() - 1], "no end record"),
            (&commented[..], "no end record"),
            (&zip64[..], "ZIP64 values"),
            (&past_the_end[..], "data past the end"),
            (&unsigned[..], "a record without its signature"),
            (
                &bytes[entries[0].central.start + 8..],
                "a record without its signature",
            ),
        ] {
            let error = part_entries(broken).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData);
            assert!(error.to_string().ends_with(why), "{error} for {why}");
        }
    }

    /// Entries past 4 GiB: their offsets go to ZIP64 extra fields and the directory's to the
    /// ZIP64 end records, read back by the `zip` crate and by Python's `zipfile` from a sparse
    /// file whose first 4 GiB were never written.
    #[test]
    fn offsets_past_4_gib_are_written_as_zip64() {
        let far = (4u64 << 30) + 7;
        let bytes = part(&[("far.py", b"print('far')\n"), ("farther.py", b"x = 1\n")]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("far.zip");
        let mut file = std::fs::File::create(&path).unwrap();
        file.seek(SeekFrom::Start(far)).unwrap();
        let mut assembly = Assembly::continuing(file, far);
        for entry in part_entries(&bytes).unwrap() {
            assembly.append(&bytes, &entry).unwrap();
        }
        assembly.finish().unwrap().sync_all().unwrap();

        let mut zip = ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(zip.by_index_raw(0).unwrap().header_start(), far);
        let expected = [("far.py", "print('far')\n"), ("farther.py", "x = 1\n")]
            .map(|(name, code)| (name.to_owned(), code.as_bytes().to_vec()));
        assert_eq!(contents(&mut zip), expected);
        let script = "import sys, zipfile\n\
                      z = zipfile.ZipFile(sys.argv[1])\n\
                      assert z.testzip() is None\n\
                      for i in z.infolist():\n    \
                          print(i.filename, i.header_offset, z.read(i).decode().strip())\n";
        let listed = python_on(script, &path);
        let second = far + part_entries(&bytes).unwrap()[0].local.len() as u64;
        assert_eq!(
            listed,
            format!("far.py {far} print('far')\nfarther.py {second} x = 1\n")
        );
    }
}
