//! Backup archives in the GridFS bucket `backups`, each under its backup's id, streamed
//! through GridFS's upload and download streams a chunk at a time.

use std::collections::HashSet;

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
use tokio_util::compat::FuturesAsyncReadCompatExt;

use super::{to_bson_time, to_oid};
use crate::{
    domain::Id,
    storage::{BlobReader, BlobStore, StoreError, StoreResult},
};

const BUCKET: &str = "backups";
/// Ids asked about in one `$in` query.
const BATCH: usize = 1000;
/// Bytes read from an archive being stored at once (GridFS gathers them into its chunks).
const READ: usize = 256 * 1024;

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
        match self
            .bucket
            .open_download_stream(Bson::ObjectId(to_oid(id)))
            .await
        {
            Ok(download) => Ok(Box::pin(download.compat())),
            Err(error) if is_missing(&error) => Err(StoreError::NotFound),
            Err(error) => Err(error.into()),
        }
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
