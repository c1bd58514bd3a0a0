//! ZIPs for the reader's tests: what real tools write, and the hostile shapes no writer makes
//! on purpose, made by patching a writer's output in place.

use std::io::{Cursor, Write};

use zip::result::ZipResult;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{ReadArchive, ReadError, ReadLimits, read_archive};

pub use crate::archive::test_support::{backup, noise_hex, raw_zip};

pub type Writer = ZipWriter<Cursor<Vec<u8>>>;

// Offsets of fields in a local file header and a central directory record (APPNOTE 4.3.7, 4.3.12).
pub const LOCAL_FLAGS: usize = 6;
pub const LOCAL_METHOD: usize = 8;
pub const LOCAL_CRC: usize = 14;
pub const LOCAL_COMPRESSED: usize = 18;
pub const LOCAL_SIZE: usize = 22;
pub const LOCAL_NAME: usize = 30;
pub const CENTRAL_FLAGS: usize = 8;
pub const CENTRAL_CRC: usize = 16;
pub const CENTRAL_SIZE: usize = 24;
pub const CENTRAL_OFFSET: usize = 42;
pub const CENTRAL_NAME: usize = 46;

pub fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

pub fn stored() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
}

/// The archive `build` writes into a fresh writer.
pub fn zip_with(build: impl FnOnce(&mut Writer) -> ZipResult<()>) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    build(&mut zip).unwrap();
    zip.finish().unwrap().into_inner()
}

pub fn add(
    zip: &mut Writer,
    name: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
) -> ZipResult<()> {
    zip.start_file(name, options)?;
    zip.write_all(bytes)?;
    Ok(())
}

pub fn read(archive: &[u8]) -> Result<ReadArchive, ReadError> {
    read_archive(archive, None, &ReadLimits::default())
}

/// Where `name`'s local header and central record start.
pub fn headers(archive: &[u8], name: &str) -> (usize, usize) {
    let zip = ZipArchive::new(Cursor::new(archive)).unwrap();
    let index = zip.index_for_name(name).unwrap();
    let entry = zip.by_index_data(index).unwrap();
    let at = |offset: u64| usize::try_from(offset).unwrap();
    (at(entry.header_start()), at(entry.central_header_start()))
}

pub fn set_u16(archive: &mut [u8], at: usize, value: u16) {
    archive[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

pub fn set_u32(archive: &mut [u8], at: usize, value: u32) {
    archive[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn get_u16(archive: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([archive[at], archive[at + 1]])
}

/// Sets general-purpose flag bits in both of `name`'s headers.
pub fn set_flags(archive: &mut [u8], name: &str, bits: u16) {
    let (local, central) = headers(archive, name);
    let (local, central) = (local + LOCAL_FLAGS, central + CENTRAL_FLAGS);
    set_u16(archive, local, get_u16(archive, local) | bits);
    set_u16(archive, central, get_u16(archive, central) | bits);
}

/// Makes both of `name`'s headers declare `size` uncompressed bytes.
pub fn declare_size(archive: &mut [u8], name: &str, size: u32) {
    let (local, central) = headers(archive, name);
    set_u32(archive, local + LOCAL_SIZE, size);
    set_u32(archive, central + CENTRAL_SIZE, size);
}

/// Makes both of `name`'s headers carry `crc`.
pub fn declare_crc(archive: &mut [u8], name: &str, crc: u32) {
    let (local, central) = headers(archive, name);
    set_u32(archive, local + LOCAL_CRC, crc);
    set_u32(archive, central + CENTRAL_CRC, crc);
}

/// Overwrites the start of `name` with `bytes` in both headers, keeping its length.
pub fn rename_raw(archive: &mut [u8], name: &str, bytes: &[u8]) {
    assert!(bytes.len() <= name.len());
    let (local, central) = headers(archive, name);
    archive[local + LOCAL_NAME..][..bytes.len()].copy_from_slice(bytes);
    archive[central + CENTRAL_NAME..][..bytes.len()].copy_from_slice(bytes);
}

/// Flips one bit in the middle of `name`'s stored or compressed data.
pub fn flip_data_byte(archive: &mut [u8], name: &str) {
    let mut zip = ZipArchive::new(Cursor::new(&archive[..])).unwrap();
    let entry = zip.by_name(name).unwrap();
    let middle = entry.data_start().unwrap() + entry.compressed_size() / 2;
    drop(entry);
    archive[usize::try_from(middle).unwrap()] ^= 0x01;
}

/// Where the data descriptor after `name`'s data starts.
pub fn descriptor_at(archive: &[u8], name: &str) -> usize {
    let mut zip = ZipArchive::new(Cursor::new(archive)).unwrap();
    let entry = zip.by_name(name).unwrap();
    usize::try_from(entry.data_start().unwrap() + entry.compressed_size()).unwrap()
}

/// Points `alias`'s central record at `target`'s local header, so both list the same bytes.
pub fn alias_local_header(archive: &mut [u8], alias: &str, target: &str) {
    let (target_local, _) = headers(archive, target);
    let (_, alias_central) = headers(archive, alias);
    set_u32(
        archive,
        alias_central + CENTRAL_OFFSET,
        u32::try_from(target_local).unwrap(),
    );
}
