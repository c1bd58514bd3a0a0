//! What the operator's commands do alike with the files they write and check: a digest read
//! back from the disk, and a rename made durable.

use std::{fs::File, io, path::Path};

use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::spool::blocking;

/// The SHA-256 of what `reader` reads, a buffer at a time.
pub(crate) async fn sha256_of(mut reader: impl AsyncRead + Unpin) -> io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 256 * 1024];
    loop {
        let read = reader.read(&mut buffer).await?;
        if read == 0 {
            return Ok(hasher.finalize().into());
        }
        hasher.update(&buffer[..read]);
    }
}

/// Makes a rename in `dir` durable.
pub(crate) async fn sync_dir(dir: &Path) -> io::Result<()> {
    let dir = dir.to_owned();
    blocking(move || File::open(dir)?.sync_all()).await
}
