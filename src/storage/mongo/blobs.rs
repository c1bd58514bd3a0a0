//! Backup archives in the GridFS bucket `backups`, each under its backup's id.

use async_trait::async_trait;
use futures::{AsyncReadExt, AsyncWriteExt};
use mongodb::{
    Database,
    bson::Bson,
    error::{ErrorKind, GridFsErrorKind},
    gridfs::GridFsBucket,
    options::GridFsBucketOptions,
};

use super::to_oid;
use crate::{
    domain::Id,
    storage::{BlobStore, StoreError, StoreResult},
};

#[derive(Clone)]
pub struct GridFsBlobs {
    bucket: GridFsBucket,
}

impl GridFsBlobs {
    pub(super) fn new(db: &Database) -> Self {
        let options = GridFsBucketOptions::builder()
            .bucket_name("backups".to_owned())
            .build();
        Self {
            bucket: db.gridfs_bucket(options),
        }
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
    async fn put(&self, id: &Id, file_name: &str, bytes: &[u8]) -> StoreResult<()> {
        let mut upload = self
            .bucket
            .open_upload_stream(file_name)
            .id(Bson::ObjectId(to_oid(id)))
            .await?;
        // A failed write leaves chunks behind; abort removes them.
        if let Err(error) = upload.write_all(bytes).await {
            let _ = upload.abort().await;
            return Err(StoreError::Other(format!(
                "cannot store the archive: {error}"
            )));
        }
        upload
            .close()
            .await
            .map_err(|error| StoreError::Other(format!("cannot store the archive: {error}")))
    }

    async fn get(&self, id: &Id) -> StoreResult<Vec<u8>> {
        let mut download = match self
            .bucket
            .open_download_stream(Bson::ObjectId(to_oid(id)))
            .await
        {
            Ok(download) => download,
            Err(error) if is_missing(&error) => return Err(StoreError::NotFound),
            Err(error) => return Err(error.into()),
        };
        let mut bytes = Vec::new();
        download
            .read_to_end(&mut bytes)
            .await
            .map_err(|error| StoreError::Other(format!("cannot read the archive: {error}")))?;
        Ok(bytes)
    }

    async fn delete(&self, id: &Id) -> StoreResult<()> {
        match self.bucket.delete(Bson::ObjectId(to_oid(id))).await {
            Err(error) if !is_missing(&error) => Err(error.into()),
            _ => Ok(()),
        }
    }
}
