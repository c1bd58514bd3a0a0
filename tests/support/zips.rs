//! ZIPs for import tests: archives as real tools write them, and hostile ones made by
//! patching a writer's output (every entry is stored, so signatures cannot hide in data).

use std::io::{Cursor, Write};

use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

pub fn stored() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
}

pub fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// A ZIP of `entries`; a name ending in `/` is a directory.
pub fn zip_of(entries: &[(&str, &[u8])], options: SimpleFileOptions) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        if name.ends_with('/') {
            zip.add_directory(*name, options).unwrap();
        } else {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

fn positions(archive: &[u8], signature: &[u8; 4]) -> Vec<usize> {
    archive
        .windows(4)
        .enumerate()
        .filter(|(_, w)| w == signature)
        .map(|(i, _)| i)
        .collect()
}

/// Offsets of the local headers and the central-directory records, in entry order.
pub fn headers(archive: &[u8]) -> (Vec<usize>, Vec<usize>) {
    (
        positions(archive, b"PK\x03\x04"),
        positions(archive, b"PK\x01\x02"),
    )
}

const LOCAL_FLAGS: usize = 6;
const LOCAL_SIZE: usize = 22;
const LOCAL_NAME: usize = 30;
const CENTRAL_FLAGS: usize = 8;
const CENTRAL_SIZE: usize = 24;
const CENTRAL_OFFSET: usize = 42;
const CENTRAL_NAME: usize = 46;

fn set_u32(archive: &mut [u8], at: usize, value: u32) {
    archive[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// Marks entry `index` as encrypted (general-purpose flag bit 0).
pub fn mark_encrypted(archive: &mut [u8], index: usize) {
    let (local, central) = headers(archive);
    archive[local[index] + LOCAL_FLAGS] |= 1;
    archive[central[index] + CENTRAL_FLAGS] |= 1;
}

/// Overwrites byte `at` of entry `index`'s name in both headers.
pub fn patch_name(archive: &mut [u8], index: usize, at: usize, byte: u8) {
    let (local, central) = headers(archive);
    archive[local[index] + LOCAL_NAME + at] = byte;
    archive[central[index] + CENTRAL_NAME + at] = byte;
}

/// Declares entry `index` smaller than it is, in both headers.
pub fn declare_size(archive: &mut [u8], index: usize, size: u32) {
    let (local, central) = headers(archive);
    set_u32(archive, local[index] + LOCAL_SIZE, size);
    set_u32(archive, central[index] + CENTRAL_SIZE, size);
}

/// Makes entry `index`'s local header alone declare `size`, so a streaming unzip reads other
/// bytes than the central directory lists.
pub fn declare_local_size(archive: &mut [u8], index: usize, size: u32) {
    let (local, _) = headers(archive);
    set_u32(archive, local[index] + LOCAL_SIZE, size);
}

/// Points entry `index`'s central record at entry 0's data: two entries, one set of bytes.
pub fn overlap_with_first(archive: &mut [u8], index: usize) {
    let (local, central) = headers(archive);
    set_u32(
        archive,
        central[index] + CENTRAL_OFFSET,
        u32::try_from(local[0]).unwrap(),
    );
}

/// Flips a byte of entry `index`'s stored data, so its CRC no longer matches.
pub fn corrupt_data(archive: &mut [u8], index: usize) {
    let (local, _) = headers(archive);
    let at = local[index];
    let name_len = u16::from_le_bytes([archive[at + 26], archive[at + 27]]) as usize;
    let extra_len = u16::from_le_bytes([archive[at + 28], archive[at + 29]]) as usize;
    archive[at + LOCAL_NAME + name_len + extra_len] ^= 0x55;
}
