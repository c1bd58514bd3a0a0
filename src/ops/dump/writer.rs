//! Writing a dump file: members streamed into a temporary file beside where the dump goes, a
//! batch at a time on the blocking pool (the ZIP writer is synchronous), each hashed as it is
//! written; then the digest of the whole file in its comment, and `fsync`.

use std::{
    fs::File,
    io::{self, BufWriter, Write},
    os::unix::fs::FileExt,
    path::Path,
};

use sha2::{Digest, Sha256};
use tempfile::TempPath;
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use super::format::{DIGEST_LEN, TEMP_PREFIX, TEMP_SUFFIX};
use crate::spool::blocking;

/// Bytes gathered before they go to the blocking pool to be written.
const BATCH: usize = 1 << 20;

/// How a member is kept: records compress well; archives are ZIPs already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packing {
    Deflated,
    Stored,
}

/// A member as written: its size and SHA-256 (of its bytes, not of their compressed form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub bytes: u64,
    pub sha256: String,
}

/// The ZIP being written, and the member open in it.
struct Sink {
    zip: ZipWriter<BufWriter<File>>,
    hasher: Sha256,
    bytes: u64,
}

impl Sink {
    fn write(&mut self, batch: &[u8]) -> io::Result<()> {
        self.zip.write_all(batch)?;
        self.hasher.update(batch);
        self.bytes += batch.len() as u64;
        Ok(())
    }
}

/// A dump being written into a temporary file in the dump directory (removed if dropped
/// before [`DumpWriter::finish`]: a dump cut short leaves nothing behind).
pub struct DumpWriter {
    sink: Option<Sink>,
    batch: Vec<u8>,
    path: TempPath,
}

impl DumpWriter {
    /// A new, empty dump in `dir`.
    pub async fn create(dir: &Path) -> io::Result<Self> {
        let dir = dir.to_owned();
        let (file, path) = blocking(move || {
            tempfile::Builder::new()
                .prefix(TEMP_PREFIX)
                .suffix(TEMP_SUFFIX)
                .tempfile_in(&dir)
                .map(tempfile::NamedTempFile::into_parts)
        })
        .await?;
        let zip = ZipWriter::new(BufWriter::with_capacity(BATCH, file));
        Ok(Self {
            sink: Some(Sink {
                zip,
                hasher: Sha256::new(),
                bytes: 0,
            }),
            batch: Vec::with_capacity(BATCH),
            path,
        })
    }

    /// Starts member `name`; what is written next goes into it.
    pub async fn start(&mut self, name: String, packing: Packing) -> io::Result<()> {
        self.flush_batch().await?;
        let method = match packing {
            Packing::Deflated => CompressionMethod::Deflated,
            Packing::Stored => CompressionMethod::Stored,
        };
        // Large: a member may pass 4 GiB (a big library's file versions), which needs ZIP64.
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(true);
        self.with_sink(move |sink| {
            sink.zip
                .start_file(name, options)
                .map_err(io::Error::other)?;
            sink.hasher = Sha256::new();
            sink.bytes = 0;
            Ok(())
        })
        .await
    }

    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.batch.extend_from_slice(bytes);
        if self.batch.len() >= BATCH {
            self.flush_batch().await?;
        }
        Ok(())
    }

    /// The size and SHA-256 of the member written since [`Self::start`].
    pub async fn end_member(&mut self) -> io::Result<Written> {
        self.flush_batch().await?;
        let sink = self.sink.as_mut().ok_or_else(gone)?;
        let hasher = std::mem::take(&mut sink.hasher);
        Ok(Written {
            bytes: sink.bytes,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    /// Adds `manifest` as the last member, closes the ZIP, puts the digest of the file in its
    /// comment and makes it durable; answers the temporary file and its size.
    pub async fn finish(
        mut self,
        manifest_name: &str,
        manifest: Vec<u8>,
    ) -> io::Result<(TempPath, u64)> {
        self.start(manifest_name.to_owned(), Packing::Deflated)
            .await?;
        self.write(&manifest).await?;
        self.flush_batch().await?;
        let mut sink = self.sink.take().ok_or_else(gone)?;
        let len = blocking(move || {
            // A placeholder of the digest's length, replaced once the bytes before it are known.
            sink.zip
                .set_comment("0".repeat(DIGEST_LEN))
                .map_err(io::Error::other)?;
            let file = sink
                .zip
                .finish()
                .map_err(io::Error::other)?
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            let len = file.metadata()?.len();
            let digest = digest_before(&file, len)?;
            file.write_all_at(digest.as_bytes(), len - DIGEST_LEN as u64)?;
            file.sync_all()?;
            Ok(len)
        })
        .await?;
        Ok((self.path, len))
    }

    async fn flush_batch(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let batch = self
            .with_sink(move |sink| sink.write(&batch).map(|()| batch))
            .await?;
        self.batch = batch;
        self.batch.clear();
        Ok(())
    }

    /// Runs `work` on the sink on the blocking pool.
    async fn with_sink<T, F>(&mut self, work: F) -> io::Result<T>
    where
        F: FnOnce(&mut Sink) -> io::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let mut sink = self.sink.take().ok_or_else(gone)?;
        let (sink, result) = blocking(move || {
            let result = work(&mut sink);
            Ok((sink, result))
        })
        .await?;
        self.sink = Some(sink);
        result
    }
}

/// The hex SHA-256 of `file`'s first `len - DIGEST_LEN` bytes: everything but the digest.
pub fn digest_before(file: &File, len: u64) -> io::Result<String> {
    let covered = len
        .checked_sub(DIGEST_LEN as u64)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "shorter than its digest"))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; BATCH];
    let mut at = 0;
    // Read at offsets: the file's own position is the writer's.
    while at < covered {
        let want = usize::try_from((covered - at).min(BATCH as u64)).unwrap_or(BATCH);
        file.read_exact_at(&mut buffer[..want], at)?;
        hasher.update(&buffer[..want]);
        at += want as u64;
    }
    Ok(hex::encode(hasher.finalize()))
}

/// A writer lost to a panic on the blocking pool.
fn gone() -> io::Error {
    io::Error::other("the dump's writer was lost")
}
