//! Zipballs made while they are sent, for repositories too large to hold: `files` files of
//! `file_bytes` each under GitHub's top folder, stored (not deflated), streamed without a
//! `Content-Length` as codeload streams, one file's bytes at a time.

use std::{
    io::{self, Cursor, Write},
    time::Duration,
};

use axum::body::Bytes;
use futures::Stream;
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

/// The shape of a generated repository archive.
#[derive(Clone, Copy, Debug)]
pub struct Generated {
    pub files: usize,
    pub file_bytes: usize,
    /// A pause before each file's bytes, for a download that takes a while.
    pub pause: Duration,
}

impl Generated {
    /// The archive's length, known without making it.
    pub fn len(&self, top: &str) -> u64 {
        (0..self.files)
            .map(|index| {
                let name = entry_name(top, index).len() as u64;
                30 + name + self.file_bytes as u64 + 46 + name
            })
            .sum::<u64>()
            + 22
    }
}

fn entry_name(top: &str, index: usize) -> String {
    format!("{top}/data/part_{index:05}.bin")
}

/// File `index`'s bytes: every file different, no byte pattern a compressor would find.
pub fn file_bytes(index: usize, len: usize) -> Vec<u8> {
    let mut state = 0x9E37_79B9_u32 ^ (index as u32).wrapping_mul(0x85EB_CA6B) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect()
}

/// One file as a ZIP of its own: its local header and data, and its central record (whose
/// offset the caller fills in).
fn entry(top: &str, index: usize, len: usize) -> (Vec<u8>, Vec<u8>) {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(entry_name(top, index), options).unwrap();
    zip.write_all(&file_bytes(index, len)).unwrap();
    let mut bytes = zip.finish().unwrap().into_inner();
    let end = bytes.len() - 22;
    let central_start = u32::from_le_bytes(bytes[end + 16..end + 20].try_into().unwrap()) as usize;
    let central = bytes[central_start..end].to_vec();
    bytes.truncate(central_start);
    (bytes, central)
}

/// The archive as a stream of chunks, a file at a time; at most one file's bytes are held.
pub fn stream(shape: Generated, top: String) -> impl Stream<Item = io::Result<Bytes>> + Send {
    let state = (0usize, 0u64, Vec::<u8>::new(), false);
    futures::stream::unfold(state, move |(index, offset, mut central, done)| {
        let top = top.clone();
        async move {
            if done {
                return None;
            }
            if index == shape.files {
                let count = u16::try_from(shape.files).expect("at most 65535 files");
                let mut end = central;
                let size = u32::try_from(end.len()).unwrap();
                end.extend_from_slice(b"PK\x05\x06");
                end.extend_from_slice(&[0; 4]);
                end.extend_from_slice(&count.to_le_bytes());
                end.extend_from_slice(&count.to_le_bytes());
                end.extend_from_slice(&size.to_le_bytes());
                end.extend_from_slice(&u32::try_from(offset).unwrap().to_le_bytes());
                end.extend_from_slice(&[0; 2]);
                return Some((Ok(Bytes::from(end)), (index, offset, Vec::new(), true)));
            }
            if !shape.pause.is_zero() {
                tokio::time::sleep(shape.pause).await;
            }
            let (local, mut record) = entry(&top, index, shape.file_bytes);
            let at = u32::try_from(offset).expect("under 4 GiB");
            record[42..46].copy_from_slice(&at.to_le_bytes());
            central.extend_from_slice(&record);
            let offset = offset + local.len() as u64;
            Some((Ok(Bytes::from(local)), (index + 1, offset, central, false)))
        }
    })
}
