//! The chunks of a resumable upload, read from its source one at a time, and the MD5 of the
//! whole source computed as they are read (each byte once, however often it is sent).

use hyper::body::Bytes;
use md5::{Digest, Md5};
use tokio::io::AsyncReadExt;

use super::{DriveError, ProtocolError};
use crate::integrations::transfer::{SourceReader, UploadSource};

pub(super) struct Chunks<'a> {
    source: &'a dyn UploadSource,
    total: u64,
    chunk: u64,
    /// The open reader and the offset it stands at, kept while chunks follow each other.
    reader: Option<(u64, SourceReader<'a>)>,
    md5: Md5,
    /// Bytes `0..hashed` went into `md5`: the furthest any chunk reached.
    hashed: u64,
}

fn local(error: std::io::Error) -> DriveError {
    DriveError::Local(error)
}

impl<'a> Chunks<'a> {
    pub fn new(source: &'a dyn UploadSource, chunk: u64) -> Self {
        Self {
            source,
            total: source.len(),
            chunk: chunk.max(1),
            reader: None,
            md5: Md5::new(),
            hashed: 0,
        }
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// The furthest byte read so far: Google cannot have kept more.
    pub fn sent(&self) -> u64 {
        self.hashed
    }

    /// Bytes `start..` up to one chunk (fewer at the end). Only this chunk is in memory.
    pub async fn read(&mut self, start: u64) -> Result<Bytes, DriveError> {
        if start > self.hashed {
            // Google kept bytes never sent: the hash would miss them.
            return Err(ProtocolError::new("Google kept more than was sent").into());
        }
        let end = start.saturating_add(self.chunk).min(self.total);
        let wanted = end.saturating_sub(start);
        let mut reader = match self.reader.take() {
            Some((at, reader)) if at == start => reader,
            _ => self.source.open_at(start).await.map_err(local)?,
        };
        let capacity = usize::try_from(wanted).map_err(|_| {
            local(std::io::Error::other(
                "a chunk larger than this machine's memory",
            ))
        })?;
        let mut data = Vec::with_capacity(capacity);
        (&mut reader)
            .take(wanted)
            .read_to_end(&mut data)
            .await
            .map_err(local)?;
        if data.len() != capacity {
            let short = std::io::ErrorKind::UnexpectedEof;
            return Err(local(std::io::Error::new(short, "the source ended early")));
        }
        self.reader = Some((end, reader));
        // A chunk sent again (after Google kept less) starts before `hashed`: only what lies
        // past it is new to the hash.
        if end > self.hashed {
            let new = usize::try_from(self.hashed.saturating_sub(start)).unwrap_or(0);
            self.md5.update(&data[new..]);
            self.hashed = end;
        }
        Ok(Bytes::from(data))
    }

    /// The lowercase hex MD5 of the whole source, reading what no chunk reached (an upload
    /// Google finished without this side sending everything).
    pub async fn md5(mut self) -> Result<String, DriveError> {
        while self.hashed < self.total {
            self.read(self.hashed).await?;
        }
        Ok(hex::encode(self.md5.finalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md5_hex(bytes: &[u8]) -> String {
        hex::encode(Md5::digest(bytes))
    }

    #[tokio::test]
    async fn chunks_sent_again_from_anywhere_hash_each_byte_once() {
        let source: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut chunks = Chunks::new(&source, 300);
        assert_eq!(&chunks.read(0).await.unwrap()[..], &source[..300]);
        assert_eq!(&chunks.read(300).await.unwrap()[..], &source[300..600]);
        // Google kept 0..437: the next chunk starts there, not at 600.
        assert_eq!(&chunks.read(437).await.unwrap()[..], &source[437..737]);
        assert_eq!(chunks.sent(), 737);
        // Google lost everything: from 0 again.
        assert_eq!(&chunks.read(0).await.unwrap()[..], &source[..300]);
        assert!(chunks.read(900).await.is_err(), "past what was read");
        assert_eq!(&chunks.read(737).await.unwrap()[..], &source[737..]);
        assert_eq!(chunks.md5().await.unwrap(), md5_hex(&source));
    }

    #[tokio::test]
    async fn the_md5_covers_what_no_chunk_reached() {
        let source = b"abcdefghij".to_vec();
        let mut chunks = Chunks::new(&source, 4);
        chunks.read(0).await.unwrap();
        assert_eq!(chunks.md5().await.unwrap(), md5_hex(&source));
        let empty = Vec::new();
        assert_eq!(Chunks::new(&empty, 4).md5().await.unwrap(), md5_hex(b""));
    }
}
