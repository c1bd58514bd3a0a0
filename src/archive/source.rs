//! Where an archive is read from: bytes in memory, or anything that reads at an offset (a
//! temporary file the service layer spooled it to). The archive code reads through [`Source`]
//! and never knows which, so it stays free of I/O of its own; a clone is cheap and reads on
//! its own, so each thread verifying an archive has one.

use std::{
    fmt,
    io::{self, Read, Seek, SeekFrom},
    sync::Arc,
};

/// Bytes that can be read at any offset, from several threads at once.
pub trait RandomAccess: Send + Sync {
    fn len(&self) -> u64;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Reads into `buf` from `offset`; fewer bytes than asked only at the end.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
}

/// How much a [`Source`] over a [`RandomAccess`] reads at once: zip reads headers a few bytes
/// at a time, and each read of a file is a system call.
const READ_AHEAD: usize = 64 * 1024;

#[derive(Clone)]
enum Backing {
    Memory(Arc<dyn AsRef<[u8]> + Send + Sync>),
    Random(Arc<dyn RandomAccess>),
}

/// A reader over an archive's bytes with its own position: `Read + Seek` for zip.
pub struct Source {
    backing: Backing,
    len: u64,
    position: u64,
    /// Bytes read ahead from a [`RandomAccess`], starting at `buffered_at`.
    buffer: Vec<u8>,
    buffered_at: u64,
}

impl Source {
    /// A source over bytes in memory, without copying them.
    pub fn memory<B>(bytes: B) -> Self
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        let len = bytes.as_ref().len() as u64;
        Self::with(Backing::Memory(Arc::new(bytes)), len)
    }

    pub fn random(access: Arc<dyn RandomAccess>) -> Self {
        let len = access.len();
        Self::with(Backing::Random(access), len)
    }

    fn with(backing: Backing, len: u64) -> Self {
        Self {
            backing,
            len,
            position: 0,
            buffer: Vec::new(),
            buffered_at: 0,
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Up to `buf.len()` bytes at `offset`, without moving this reader (fewer at the end).
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        match &self.backing {
            Backing::Memory(bytes) => {
                let bytes = (**bytes).as_ref();
                let start = usize::try_from(offset)
                    .unwrap_or(usize::MAX)
                    .min(bytes.len());
                let end = start.saturating_add(buf.len()).min(bytes.len());
                buf[..end - start].copy_from_slice(&bytes[start..end]);
                Ok(end - start)
            }
            Backing::Random(access) => {
                let mut filled = 0;
                while filled < buf.len() {
                    let at = offset.saturating_add(filled as u64);
                    match access.read_at(at, &mut buf[filled..]) {
                        Ok(0) => break,
                        Ok(read) => filled += read,
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                        Err(error) => return Err(error),
                    }
                }
                Ok(filled)
            }
        }
    }

    /// Serves a read from the read-ahead buffer, filling it first when the position is past it.
    fn read_buffered(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let buffered_end = self.buffered_at + self.buffer.len() as u64;
        if self.position < self.buffered_at || self.position >= buffered_end {
            // A large read goes straight through: nothing to gain from copying it twice.
            if buf.len() >= READ_AHEAD {
                return self.read_at(self.position, buf);
            }
            let mut ahead = std::mem::take(&mut self.buffer);
            ahead.resize(READ_AHEAD, 0);
            let read = self.read_at(self.position, &mut ahead)?;
            ahead.truncate(read);
            self.buffer = ahead;
            self.buffered_at = self.position;
        }
        let from = usize::try_from(self.position - self.buffered_at).unwrap_or(usize::MAX);
        let available = self.buffer.get(from..).unwrap_or_default();
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        Ok(count)
    }
}

impl Clone for Source {
    /// A new reader at the same position; the read-ahead is not copied.
    fn clone(&self) -> Self {
        Self {
            position: self.position,
            ..Self::with(self.backing.clone(), self.len)
        }
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("len", &self.len)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = match &self.backing {
            Backing::Memory(_) => self.read_at(self.position, buf)?,
            Backing::Random(_) => self.read_buffered(buf)?,
        };
        self.position += read as u64;
        Ok(read)
    }
}

impl Seek for Source {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        self.position = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.position)
    }
}

impl From<Vec<u8>> for Source {
    fn from(bytes: Vec<u8>) -> Self {
        Self::memory(bytes)
    }
}

/// A copy of the bytes: for tests and the fuzzer, which hold archives as slices.
impl From<&[u8]> for Source {
    fn from(bytes: &[u8]) -> Self {
        Self::memory(bytes.to_vec())
    }
}

impl From<&Vec<u8>> for Source {
    fn from(bytes: &Vec<u8>) -> Self {
        Self::from(bytes.as_slice())
    }
}

impl<const N: usize> From<&[u8; N]> for Source {
    fn from(bytes: &[u8; N]) -> Self {
        Self::from(bytes.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes behind the `RandomAccess` door, answering at most `step` bytes a call as a file
    /// may.
    struct Stingy {
        bytes: Vec<u8>,
        step: usize,
    }

    impl RandomAccess for Stingy {
        fn len(&self) -> u64 {
            self.bytes.len() as u64
        }

        fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
            let start = (offset as usize).min(self.bytes.len());
            let end = (start + buf.len().min(self.step)).min(self.bytes.len());
            buf[..end - start].copy_from_slice(&self.bytes[start..end]);
            Ok(end - start)
        }
    }

    fn noise(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 251) as u8).collect()
    }

    /// Reads in pieces of `piece` bytes after seeking to `from`.
    fn read_from(source: &mut Source, from: u64, piece: usize) -> Vec<u8> {
        source.seek(SeekFrom::Start(from)).unwrap();
        let mut out = Vec::new();
        let mut buf = vec![0; piece];
        loop {
            let read = source.read(&mut buf).unwrap();
            if read == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..read]);
        }
    }

    #[test]
    fn both_backings_read_the_same_bytes_from_anywhere() {
        let bytes = noise(3 * READ_AHEAD + 123);
        let random = Arc::new(Stingy {
            bytes: bytes.clone(),
            step: 1000,
        });
        for mut source in [Source::from(&bytes), Source::random(random)] {
            assert_eq!(source.len(), bytes.len() as u64);
            for (from, piece) in [(0, 7), (0, READ_AHEAD * 2), (5, 4096), (70_000, 1), (0, 46)] {
                assert_eq!(
                    read_from(&mut source, from, piece),
                    bytes[from as usize..],
                    "from {from} in pieces of {piece}"
                );
            }
            // Backwards within and before what was read ahead.
            assert_eq!(read_from(&mut source, 100, 10)[..10], bytes[100..110]);
            source.seek(SeekFrom::End(-3)).unwrap();
            let mut tail = Vec::new();
            source.read_to_end(&mut tail).unwrap();
            assert_eq!(tail, bytes[bytes.len() - 3..]);
            assert!(
                source
                    .seek(SeekFrom::Current(-(bytes.len() as i64) - 1))
                    .is_err()
            );
        }
    }

    #[test]
    fn a_clone_keeps_its_own_position() {
        let bytes = noise(1000);
        let mut first = Source::from(&bytes);
        first.seek(SeekFrom::Start(10)).unwrap();
        let mut second = first.clone();
        let mut a = [0; 5];
        first.read_exact(&mut a).unwrap();
        second.seek(SeekFrom::Start(500)).unwrap();
        let mut b = [0; 5];
        second.read_exact(&mut b).unwrap();
        first.read_exact(&mut a).unwrap();
        assert_eq!(
            (a.as_slice(), b.as_slice()),
            (&bytes[15..20], &bytes[500..505])
        );
        let mut at = [0; 3];
        assert_eq!(first.read_at(998, &mut at).unwrap(), 2);
    }
}
