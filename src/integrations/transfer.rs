//! Archives moved to and from outside services without being held whole: the source an upload
//! reads chunk by chunk (and reads again from an earlier offset when the other side kept less
//! than was sent), what a streamed download reports, and the wait for a user's cancel.

use std::{
    io::{self, SeekFrom},
    path::{Path, PathBuf},
    time::Duration,
};

use async_trait::async_trait;
use tokio::io::{AsyncRead, AsyncSeekExt};

use crate::{domain::progress::Progress, spool::Spooled};

/// A reader of an [`UploadSource`] from some offset on.
pub type SourceReader<'a> = Box<dyn AsyncRead + Send + Unpin + 'a>;

/// Bytes an upload reads, as often as it needs and from any offset.
#[async_trait]
pub trait UploadSource: Send + Sync {
    /// How many bytes there are.
    fn len(&self) -> u64;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A reader of the bytes from `offset` (at most `len`) to the end. An upload opens one
    /// reader at a time, and opens another to go back.
    async fn open_at(&self, offset: u64) -> io::Result<SourceReader<'_>>;
}

fn past_the_end(offset: u64, len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("offset {offset} is past the end ({len} bytes)"),
    )
}

/// Bytes already in memory (small archives, and stored archives until the stores hand out
/// files).
#[async_trait]
impl UploadSource for [u8] {
    fn len(&self) -> u64 {
        u64::try_from(<[u8]>::len(self)).unwrap_or(u64::MAX)
    }

    async fn open_at(&self, offset: u64) -> io::Result<SourceReader<'_>> {
        let start = usize::try_from(offset)
            .ok()
            .filter(|start| *start <= <[u8]>::len(self))
            .ok_or_else(|| past_the_end(offset, UploadSource::len(self)))?;
        Ok(Box::new(&self[start..]))
    }
}

#[async_trait]
impl UploadSource for Vec<u8> {
    fn len(&self) -> u64 {
        UploadSource::len(self.as_slice())
    }

    async fn open_at(&self, offset: u64) -> io::Result<SourceReader<'_>> {
        self.as_slice().open_at(offset).await
    }
}

#[async_trait]
impl UploadSource for &[u8] {
    fn len(&self) -> u64 {
        UploadSource::len(*self)
    }

    async fn open_at(&self, offset: u64) -> io::Result<SourceReader<'_>> {
        (*self).open_at(offset).await
    }
}

#[async_trait]
impl<const N: usize> UploadSource for [u8; N] {
    fn len(&self) -> u64 {
        UploadSource::len(self.as_slice())
    }

    async fn open_at(&self, offset: u64) -> io::Result<SourceReader<'_>> {
        self.as_slice().open_at(offset).await
    }
}

/// A file on disk. Each reader opens the file anew, so readers never share a position.
#[derive(Clone, Debug)]
pub struct FileSource {
    path: PathBuf,
    len: u64,
}

impl FileSource {
    /// The file at `path` as it is now; it must not change while it is uploaded.
    pub async fn open(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref().to_owned();
        let len = tokio::fs::metadata(&path).await?.len();
        Ok(Self { path, len })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[async_trait]
impl UploadSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    async fn open_at(&self, offset: u64) -> io::Result<SourceReader<'_>> {
        if offset > self.len {
            return Err(past_the_end(offset, self.len));
        }
        let mut file = tokio::fs::File::open(&self.path).await?;
        file.seek(SeekFrom::Start(offset)).await?;
        Ok(Box::new(file))
    }
}

/// A stored archive handed out by the backups (in memory or in its temporary file).
#[async_trait]
impl UploadSource for Spooled {
    fn len(&self) -> u64 {
        Spooled::len(self)
    }

    async fn open_at(&self, offset: u64) -> io::Result<SourceReader<'_>> {
        if offset > Spooled::len(self) {
            return Err(past_the_end(offset, Spooled::len(self)));
        }
        Ok(Box::new(self.async_reader_at(offset)))
    }
}

/// A download that arrived whole and matched the other side's checksum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloaded {
    pub size: u64,
    /// Lowercase hex MD5 of the bytes written.
    pub md5: String,
}

/// How often a transfer waiting on the network looks whether its user cancelled.
const CANCEL_POLL: Duration = Duration::from_millis(100);

/// Resolves once `progress` says the action is cancelled (never for an unwatched one), so that
/// a wait on the network can be raced against it.
pub(crate) async fn cancellation(progress: &dyn Progress) {
    while !progress.cancelled() {
        tokio::time::sleep(CANCEL_POLL).await;
    }
}

/// Sleeps for `delay`, or less when the action is cancelled meanwhile; says whether it was.
pub(crate) async fn sleep_unless_cancelled(delay: Duration, progress: &dyn Progress) -> bool {
    tokio::select! {
        () = tokio::time::sleep(delay) => progress.cancelled(),
        () = cancellation(progress) => true,
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    async fn read_from(source: &dyn UploadSource, offset: u64) -> Vec<u8> {
        let mut read = Vec::new();
        let mut reader = source.open_at(offset).await.unwrap();
        reader.read_to_end(&mut read).await.unwrap();
        read
    }

    #[tokio::test]
    async fn memory_reads_from_any_offset_up_to_the_end() {
        let bytes = b"0123456789".to_vec();
        assert_eq!(UploadSource::len(&bytes), 10);
        assert_eq!(read_from(&bytes, 0).await, b"0123456789");
        assert_eq!(read_from(&bytes, 7).await, b"789");
        assert_eq!(read_from(&bytes, 10).await, b"");
        assert!(bytes.open_at(11).await.is_err());
    }

    #[tokio::test]
    async fn a_file_is_read_again_from_any_offset() {
        let dir = std::env::temp_dir().join(format!("codevault-source-{}", std::process::id()));
        tokio::fs::create_dir_all(&dir).await.unwrap();
        let path = dir.join("archive.bin");
        tokio::fs::write(&path, b"abcdefghij").await.unwrap();
        let source = FileSource::open(&path).await.unwrap();
        assert_eq!(source.len(), 10);
        // Two readers at once keep their own positions.
        let mut first = source.open_at(2).await.unwrap();
        let second = read_from(&source, 6).await;
        let mut rest = Vec::new();
        first.read_to_end(&mut rest).await.unwrap();
        assert_eq!(rest, b"cdefghij");
        assert_eq!(second, b"ghij");
        assert!(source.open_at(11).await.is_err());
        tokio::fs::remove_dir_all(&dir).await.unwrap();
    }

    #[derive(Default)]
    struct Flag(std::sync::atomic::AtomicBool);

    impl Progress for Flag {
        fn advance(&self, _: crate::domain::progress::Unit, _: u64, _: Option<u64>) {}
        fn cancelled(&self) -> bool {
            self.0.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    #[tokio::test]
    async fn a_sleep_ends_early_when_cancelled() {
        let flag = Flag::default();
        assert!(!sleep_unless_cancelled(Duration::from_millis(10), &flag).await);
        flag.0.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(sleep_unless_cancelled(Duration::from_secs(3600), &flag).await);
    }
}
