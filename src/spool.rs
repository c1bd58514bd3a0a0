//! Archives on their way (built, downloaded, read back from the store, sent): kept in memory
//! up to a threshold and beyond it in an unnamed temporary file under `TMPDIR`, which the
//! system removes as soon as it is closed — after a crash too, so none is ever left behind.
//! The bytes are hashed (SHA-256) as they are written, so an archive is never read again just
//! to learn its hash. A finished archive, [`Spooled`], is read from any number of places at
//! once: by the ZIP reader (through [`Source`]) and as an async stream.

use std::{
    fmt,
    fs::File,
    io::{self, BufWriter, Seek, SeekFrom, Write},
    os::{fd::AsRawFd, unix::fs::FileExt},
    path::PathBuf,
    pin::Pin,
    sync::Arc,
};

use sha2::{Digest, Sha256};
use tokio::{
    io::{AsyncRead, AsyncReadExt},
    sync::mpsc,
};
use tokio_util::{bytes::Bytes, io::StreamReader};

use crate::archive::{RandomAccess, Source};

/// An archive read as a stream: what a store takes and gives, and what Telegram is sent.
pub type AsyncReader = Pin<Box<dyn AsyncRead + Send>>;

/// Bytes gathered from an async source before they go to the blocking pool to be written.
const BATCH: usize = 1 << 20;
/// Bytes an async reader of a spooled file reads at once.
const CHUNK: usize = 256 * 1024;

enum Sink {
    Memory(Vec<u8>),
    File(BufWriter<File>),
}

/// An archive being written: `Write`, and `Seek` only to where it is (zip asks where it is
/// writing; an archive is only ever appended to here, which is what lets it be hashed as it
/// is written).
pub struct Spool {
    memory_limit: u64,
    sink: Sink,
    len: u64,
    hasher: Sha256,
}

impl Spool {
    /// A spool that keeps up to `memory_limit` bytes in memory, and moves to a temporary file
    /// when it would hold more.
    pub fn new(memory_limit: u64) -> Self {
        Self {
            memory_limit,
            sink: Sink::Memory(Vec::new()),
            len: 0,
            hasher: Sha256::new(),
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The archive as written, with its length and SHA-256.
    pub fn finish(self) -> io::Result<Spooled> {
        let data = match self.sink {
            Sink::Memory(bytes) => Data::Memory(Bytes::from(bytes)),
            Sink::File(writer) => {
                let file = writer
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)?;
                Data::File(Arc::new(SpoolFile {
                    file,
                    len: self.len,
                }))
            }
        };
        Ok(Spooled {
            data,
            len: self.len,
            sha256: self.hasher.finalize().into(),
        })
    }

    /// Moves what is in memory to a new temporary file.
    fn spill(&mut self) -> io::Result<()> {
        let Sink::Memory(bytes) = &self.sink else {
            return Ok(());
        };
        let mut file = BufWriter::with_capacity(CHUNK, tempfile::tempfile()?);
        file.write_all(bytes)?;
        self.sink = Sink::File(file);
        Ok(())
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = self.len.saturating_add(buf.len() as u64);
        if matches!(self.sink, Sink::Memory(_)) && len > self.memory_limit {
            self.spill()?;
        }
        match &mut self.sink {
            Sink::Memory(bytes) => bytes.extend_from_slice(buf),
            Sink::File(file) => file.write_all(buf)?,
        }
        self.hasher.update(buf);
        self.len = len;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Memory(_) => Ok(()),
            Sink::File(file) => file.flush(),
        }
    }
}

impl Seek for Spool {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) | SeekFrom::Current(delta) => self.len.checked_add_signed(delta),
        };
        if target == Some(self.len) {
            Ok(self.len)
        } else {
            Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "a spooled archive is only appended to",
            ))
        }
    }
}

/// A spooled temporary file: its bytes never change once written.
struct SpoolFile {
    file: File,
    len: u64,
}

impl RandomAccess for SpoolFile {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.len.saturating_sub(offset);
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        self.file.read_at(&mut buf[..want], offset)
    }
}

/// A finished file that no longer changes (a dump being checked), read at any offset by the
/// ZIP code as a spooled archive is.
pub fn file_source(file: File) -> io::Result<Source> {
    let len = file.metadata()?.len();
    Ok(Source::random(Arc::new(SpoolFile { file, len })))
}

#[derive(Clone)]
enum Data {
    Memory(Bytes),
    File(Arc<SpoolFile>),
}

/// A finished archive, in memory or in its temporary file (removed when the last clone is
/// dropped); cheap to clone.
#[derive(Clone)]
pub struct Spooled {
    data: Data,
    len: u64,
    sha256: [u8; 32],
}

impl Spooled {
    /// Bytes already in memory (a small archive, a test's).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        let sha256 = Sha256::digest(&bytes).into();
        Self {
            len: bytes.len() as u64,
            data: Data::Memory(Bytes::from(bytes)),
            sha256,
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Lowercase hex SHA-256 of the bytes, as records keep it.
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }

    /// Whether it stayed in memory (it was no larger than its spool's threshold).
    pub fn is_in_memory(&self) -> bool {
        matches!(self.data, Data::Memory(_))
    }

    /// The bytes themselves when they are in memory (shared, not copied).
    pub fn bytes(&self) -> Option<Bytes> {
        match &self.data {
            Data::Memory(bytes) => Some(bytes.clone()),
            Data::File(_) => None,
        }
    }

    /// A path that opens the bytes anew, with a position of its own, while this archive lives
    /// (Linux's `/proc/self/fd/…` of its unnamed file): for a client that reads a file once
    /// per attempt, as Telegram's does when it retries an upload. `None` in memory, or on a
    /// system without `/proc`.
    pub fn reopenable_path(&self) -> Option<PathBuf> {
        let Data::File(file) = &self.data else {
            return None;
        };
        let path = PathBuf::from(format!("/proc/self/fd/{}", file.file.as_raw_fd()));
        path.exists().then_some(path)
    }

    /// A reader for the ZIP code, at the start.
    pub fn source(&self) -> Source {
        match &self.data {
            Data::Memory(bytes) => Source::memory(bytes.clone()),
            Data::File(file) => Source::random(file.clone()),
        }
    }

    /// The bytes as a stream, from the start. A file is read on the blocking pool a chunk
    /// ahead of the reader, so it must be called within the runtime.
    pub fn async_reader(&self) -> AsyncReader {
        self.async_reader_at(0)
    }

    /// The bytes as a stream from `offset` on (nothing past the end), as [`Self::async_reader`].
    pub fn async_reader_at(&self, offset: u64) -> AsyncReader {
        let offset = offset.min(self.len);
        match &self.data {
            Data::Memory(bytes) => {
                let start = usize::try_from(offset).unwrap_or(bytes.len());
                Box::pin(io::Cursor::new(bytes.slice(start..)))
            }
            Data::File(file) => file_reader(file.clone(), offset),
        }
    }

    /// All the bytes in one vector, for the callers that still need them so.
    pub async fn to_vec(&self) -> io::Result<Vec<u8>> {
        if let Data::Memory(bytes) = &self.data {
            return Ok(bytes.to_vec());
        }
        let mut all = Vec::with_capacity(usize::try_from(self.len).unwrap_or_default());
        self.async_reader().read_to_end(&mut all).await?;
        Ok(all)
    }
}

impl fmt::Debug for Spooled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Spooled")
            .field("len", &self.len)
            .field("in_memory", &self.is_in_memory())
            .field("sha256", &self.sha256_hex())
            .finish()
    }
}

/// Reads `file` from `from` on, on the blocking pool, a chunk or two ahead of whoever reads the stream; the
/// reading stops when the stream is dropped.
fn file_reader(file: Arc<SpoolFile>, from: u64) -> AsyncReader {
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(2);
    tokio::task::spawn_blocking(move || {
        let mut at = from;
        while at < file.len {
            let want = usize::try_from((file.len - at).min(CHUNK as u64)).unwrap_or(CHUNK);
            let mut chunk = vec![0; want];
            let read = file.file.read_exact_at(&mut chunk, at);
            let failed = read.is_err();
            if sender
                .blocking_send(read.map(|()| Bytes::from(chunk)))
                .is_err()
                || failed
            {
                return;
            }
            at += want as u64;
        }
    });
    channel_reader(receiver)
}

/// The chunks a producer on the blocking pool sends, read as a stream (an error ends it).
pub(crate) fn channel_reader(receiver: mpsc::Receiver<io::Result<Bytes>>) -> AsyncReader {
    let chunks = futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    Box::pin(StreamReader::new(chunks))
}

/// A spool filled from async sources (the network, a store): writes are gathered and handed
/// to the blocking pool a batch at a time once the archive is bound for a file.
pub struct AsyncSpool {
    spool: Option<Spool>,
    batch: Vec<u8>,
}

impl AsyncSpool {
    pub fn new(memory_limit: u64) -> Self {
        Self {
            spool: Some(Spool::new(memory_limit)),
            batch: Vec::new(),
        }
    }

    /// Bytes written so far.
    pub fn len(&self) -> u64 {
        let spooled = self.spool.as_ref().map_or(0, Spool::len);
        spooled.saturating_add(self.batch.len() as u64)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.batch.extend_from_slice(bytes);
        if self.batch.len() >= BATCH {
            self.flush_batch().await?;
        }
        Ok(())
    }

    pub async fn finish(mut self) -> io::Result<Spooled> {
        self.flush_batch().await?;
        let spool = self.spool.take().ok_or_else(gone)?;
        blocking(move || spool.finish()).await
    }

    async fn flush_batch(&mut self) -> io::Result<()> {
        let mut spool = self.spool.take().ok_or_else(gone)?;
        let mut batch = std::mem::take(&mut self.batch);
        let stays_in_memory = matches!(spool.sink, Sink::Memory(_))
            && spool.len.saturating_add(batch.len() as u64) <= spool.memory_limit;
        if stays_in_memory {
            spool.write_all(&batch)?;
        } else {
            (spool, batch) = blocking(move || {
                spool.write_all(&batch)?;
                Ok((spool, batch))
            })
            .await?;
        }
        batch.clear();
        self.spool = Some(spool);
        self.batch = batch;
        Ok(())
    }
}

/// Copies `reader` to its end into a spool keeping up to `memory_limit` bytes in memory.
pub async fn spool_reader<R>(reader: &mut R, memory_limit: u64) -> io::Result<Spooled>
where
    R: AsyncRead + Unpin + ?Sized,
{
    let mut spool = AsyncSpool::new(memory_limit);
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = reader.read(&mut buffer).await?;
        if read == 0 {
            return spool.finish().await;
        }
        spool.write(&buffer[..read]).await?;
    }
}

/// A spool whose writer was lost to a panic on the blocking pool.
fn gone() -> io::Error {
    io::Error::other("the spool was lost")
}

/// Runs `work` on the blocking pool (a panic there is an I/O error here).
pub(crate) async fn blocking<T, F>(work: F) -> io::Result<T>
where
    F: FnOnce() -> io::Result<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(io::Error::other)?
}

#[cfg(test)]
mod tests;
