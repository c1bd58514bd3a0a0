//! Archives read whole out of a store (they stream out), for tests that compare small ones.

use codevault::{
    domain::Id,
    storage::{BlobReader, BlobStore, StoreResult},
};
use tokio::io::AsyncReadExt;

/// Everything `reader` reads.
pub async fn read_all(mut reader: BlobReader) -> Vec<u8> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .await
        .expect("the archive reads to its end");
    bytes
}

/// The bytes of blob `id`; `NotFound` when there is none.
pub async fn blob(blobs: &dyn BlobStore, id: &Id) -> StoreResult<Vec<u8>> {
    Ok(read_all(blobs.get(id).await?).await)
}
