//! Backup archives in the GridFS bucket `backups`, each under its backup's id: stored through
//! GridFS's upload stream a chunk at a time, read back by a chunk reader of our own.
//!
//! The driver's download stream asks for its chunks in batches of the server's choosing (the
//! first 101 chunks, 26 MB, then up to 16 MB at a time) and copies each batch whole into a
//! buffer: 40–50 MB held per archive read. Ours asks for a few chunks at a time.

use std::{collections::HashSet, io};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::{AsyncWriteExt, TryStreamExt};
use mongodb::{
    Collection, Database,
    bson::{Bson, Document, doc, oid::ObjectId},
    error::{ErrorKind, GridFsErrorKind},
    gridfs::{GridFsBucket, GridFsUploadStream},
    options::GridFsBucketOptions,
};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio_util::{bytes::Bytes, io::StreamReader};

use super::{to_bson_time, to_oid, whole_number};
use crate::{
    domain::Id,
    storage::{BlobReader, BlobStore, StoreError, StoreResult},
};

const BUCKET: &str = "backups";
/// Ids asked about in one `$in` query.
const BATCH: usize = 1000;
/// Bytes read from an archive being stored at once (GridFS gathers them into its chunks).
const READ: usize = 256 * 1024;
/// Chunks fetched per round trip when reading an archive (GridFS's chunks are 255 KiB: 2 MB).
const CHUNKS_PER_BATCH: u32 = 8;

#[derive(Clone)]
pub struct GridFsBlobs {
    bucket: GridFsBucket,
    /// The backup records, which name the blobs that are not orphans.
    records: Collection<Document>,
    /// GridFS's own collections, read to find orphans.
    files: Collection<Document>,
    chunks: Collection<Document>,
}

impl GridFsBlobs {
    pub(super) fn new(db: &Database) -> Self {
        let options = GridFsBucketOptions::builder()
            .bucket_name(BUCKET.to_owned())
            .build();
        Self {
            bucket: db.gridfs_bucket(options),
            records: db.collection("backups"),
            files: db.collection(&format!("{BUCKET}.files")),
            chunks: db.collection(&format!("{BUCKET}.chunks")),
        }
    }

    /// Those of `ids` that have a document in `collection`.
    async fn present(
        collection: &Collection<Document>,
        ids: &[ObjectId],
    ) -> StoreResult<HashSet<ObjectId>> {
        let mut present = HashSet::new();
        for batch in ids.chunks(BATCH) {
            let found: Vec<Document> = collection
                .find(doc! { "_id": { "$in": batch.to_vec() } })
                .projection(doc! { "_id": 1 })
                .await?
                .try_collect()
                .await?;
            present.extend(found.iter().filter_map(|doc| doc.get_object_id("_id").ok()));
        }
        Ok(present)
    }

    /// Blobs complete before `before` (their `uploadDate`), and blobs whose upload never
    /// completed (chunks without a files document) begun before `before` (the time in their
    /// ObjectId, made when the backup started).
    async fn candidates(
        &self,
        before: DateTime<Utc>,
    ) -> StoreResult<(Vec<ObjectId>, Vec<ObjectId>)> {
        let complete: Vec<Document> = self
            .files
            .find(doc! { "uploadDate": { "$lt": to_bson_time(before) } })
            .projection(doc! { "_id": 1 })
            .await?
            .try_collect()
            .await?;
        let complete = complete
            .iter()
            .filter_map(|doc| doc.get_object_id("_id").ok())
            .collect();
        let started_before = ObjectId::from_parts(
            u32::try_from(before.timestamp()).unwrap_or_default(),
            [0; 5],
            [0; 3],
        );
        let begun: Vec<ObjectId> = self
            .chunks
            .distinct("files_id", doc! { "files_id": { "$lt": started_before } })
            .await?
            .into_iter()
            .filter_map(|id| id.as_object_id())
            .collect();
        let with_files = Self::present(&self.files, &begun).await?;
        let incomplete = begun
            .into_iter()
            .filter(|id| !with_files.contains(id))
            .collect();
        Ok((complete, incomplete))
    }
}

/// Copies `archive` into `upload` to its end; answers how many bytes.
async fn copy(
    archive: &mut (dyn AsyncRead + Send + Unpin),
    upload: &mut GridFsUploadStream,
) -> std::io::Result<u64> {
    let mut buffer = vec![0; READ];
    let mut copied = 0u64;
    loop {
        let read = archive.read(&mut buffer).await?;
        if read == 0 {
            return Ok(copied);
        }
        upload.write_all(&buffer[..read]).await?;
        copied += read as u64;
    }
}

/// A stored archive's length and chunk size, from its GridFS files document: which chunks it
/// has and how long each must be.
#[derive(Clone, Copy)]
struct Layout {
    length: u64,
    chunk_size: u64,
}

impl Layout {
    fn of(file: &Document) -> io::Result<Self> {
        let number = |field: &str| whole_number(file.get(field));
        match (number("length"), number("chunkSize")) {
            (Some(length), Some(chunk_size)) if chunk_size > 0 => Ok(Self { length, chunk_size }),
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("an archive's GridFS files document is damaged: {file}"),
            )),
        }
    }

    fn chunks(self) -> u64 {
        self.length.div_ceil(self.chunk_size)
    }

    /// The bytes of chunk number `n`, checked to be that chunk and as long as it must be.
    fn check(self, chunk: &Document, n: u64) -> io::Result<Vec<u8>> {
        let damaged = |what: String| io::Error::new(io::ErrorKind::InvalidData, what);
        if whole_number(chunk.get("n")) != Some(n) {
            return Err(damaged(format!("the archive's chunk {n} is missing")));
        }
        let data = match chunk.get("data") {
            Some(Bson::Binary(binary)) => &binary.bytes,
            _ => return Err(damaged(format!("the archive's chunk {n} holds no bytes"))),
        };
        let start = n.saturating_mul(self.chunk_size);
        let expected = self.chunk_size.min(self.length.saturating_sub(start));
        if data.len() as u64 != expected {
            return Err(damaged(format!(
                "the archive's chunk {n} has {} bytes, not {expected}",
                data.len()
            )));
        }
        Ok(data.clone())
    }
}

fn is_missing(error: &mongodb::error::Error) -> bool {
    matches!(
        error.kind.as_ref(),
        ErrorKind::GridFs(GridFsErrorKind::FileNotFound { .. })
    )
}

#[async_trait]
impl BlobStore for GridFsBlobs {
    async fn put(
        &self,
        id: &Id,
        file_name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        let mut upload = self
            .bucket
            .open_upload_stream(file_name)
            .id(Bson::ObjectId(to_oid(id)))
            .await?;
        let stored = match copy(archive, &mut upload).await {
            Ok(stored) => stored,
            // The chunks written so far would stay behind; abort removes them (as dropping
            // the stream unclosed would, later).
            Err(source) => {
                if let Err(error) = upload.abort().await {
                    tracing::warn!(%error, backup = %id, "cannot remove an aborted archive's chunks");
                }
                return Err(StoreError::Archive {
                    action: "store",
                    source,
                });
            }
        };
        upload.close().await.map_err(|source| StoreError::Archive {
            action: "store",
            source,
        })?;
        Ok(stored)
    }

    async fn get(&self, id: &Id) -> StoreResult<BlobReader> {
        let oid = to_oid(id);
        let file = self
            .files
            .find_one(doc! { "_id": oid })
            .projection(doc! { "length": 1, "chunkSize": 1 })
            .await?
            .ok_or(StoreError::NotFound)?;
        let layout = Layout::of(&file).map_err(|source| StoreError::Archive {
            action: "read",
            source,
        })?;
        let cursor = self
            .chunks
            .find(doc! { "files_id": oid })
            .sort(doc! { "n": 1 })
            .batch_size(CHUNKS_PER_BATCH)
            .await?;
        let chunks =
            futures::stream::try_unfold((cursor, 0u64), move |(mut cursor, n)| async move {
                match cursor.try_next().await.map_err(io::Error::other)? {
                    Some(chunk) => Ok(Some((
                        Bytes::from(layout.check(&chunk, n)?),
                        (cursor, n + 1),
                    ))),
                    None if n == layout.chunks() => Ok(None),
                    None => Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("the archive has {n} of its {} chunks", layout.chunks()),
                    )),
                }
            });
        Ok(Box::pin(StreamReader::new(chunks)))
    }

    async fn delete(&self, id: &Id) -> StoreResult<()> {
        match self.bucket.delete(Bson::ObjectId(to_oid(id))).await {
            Err(error) if !is_missing(&error) => Err(error.into()),
            _ => Ok(()),
        }
    }

    async fn remove_orphans(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let (complete, incomplete) = self.candidates(before).await?;
        let all: Vec<ObjectId> = complete.iter().chain(&incomplete).copied().collect();
        let recorded = Self::present(&self.records, &all).await?;
        let mut removed = 0;
        for id in complete.iter().filter(|id| !recorded.contains(id)) {
            match self.bucket.delete(Bson::ObjectId(*id)).await {
                Err(error) if !is_missing(&error) => return Err(error.into()),
                _ => removed += 1,
            }
        }
        for id in incomplete.iter().filter(|id| !recorded.contains(id)) {
            self.chunks.delete_many(doc! { "files_id": id }).await?;
            removed += 1;
        }
        Ok(removed)
    }
}
