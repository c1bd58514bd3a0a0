//! [`Transfer`] on MongoDB: every record read and written as its document.

mod docs;
mod users;

use async_trait::async_trait;
use futures::TryStreamExt;
use mongodb::{
    Collection,
    bson::{Bson, Document, doc},
    error::ErrorKind,
};
use tokio::io::AsyncRead;

use super::{DUPLICATE_KEY, Mongo, to_oid};
use crate::{
    domain::Id,
    storage::{
        BlobStore, StoreError, StoreResult,
        transfer::{Archive, Key, Kind, Record, Transfer},
    },
};

impl Mongo {
    fn collection_of(&self, kind: Kind) -> Collection<Document> {
        self.db.collection(match kind {
            Kind::User => "users",
            Kind::File => "code_files",
            Kind::Backup => "backups",
            Kind::Dialogue => "dialogues",
            Kind::Job => "jobs",
            Kind::Task => "tasks",
        })
    }
}

/// A key as the `_id` of its kind's documents.
fn id_of(kind: Kind, key: &Key) -> StoreResult<Bson> {
    let unfit = || StoreError::Unrepresentable("a key of another kind");
    Ok(match kind {
        Kind::User | Kind::Dialogue => Bson::Int64(key.int().ok_or_else(unfit)?),
        Kind::File | Kind::Backup => Bson::ObjectId(to_oid(&key.id().ok_or_else(unfit)?)),
        Kind::Job | Kind::Task => Bson::String(key.text().ok_or_else(unfit)?.to_owned()),
    })
}

#[async_trait]
impl Transfer for Mongo {
    async fn page(
        &self,
        kind: Kind,
        after: Option<&Key>,
        limit: usize,
    ) -> StoreResult<Vec<Record>> {
        let filter = match after {
            Some(after) => doc! { "_id": { "$gt": id_of(kind, after)? } },
            None => doc! {},
        };
        let found: Vec<Document> = self
            .collection_of(kind)
            .find(filter)
            .sort(doc! { "_id": 1 })
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .await?
            .try_collect()
            .await?;
        found.into_iter().map(|doc| docs::read(kind, doc)).collect()
    }

    async fn find(&self, kind: Kind, keys: &[Key]) -> StoreResult<Vec<Record>> {
        let ids = keys
            .iter()
            .map(|key| id_of(kind, key))
            .collect::<StoreResult<Vec<_>>>()?;
        let found: Vec<Document> = self
            .collection_of(kind)
            .find(doc! { "_id": { "$in": ids } })
            .await?
            .try_collect()
            .await?;
        found.into_iter().map(|doc| docs::read(kind, doc)).collect()
    }

    async fn insert(&self, records: Vec<Record>) -> StoreResult<Vec<Key>> {
        let Some(kind) = records.first().map(Record::kind) else {
            return Ok(Vec::new());
        };
        let written = records
            .iter()
            .map(docs::write)
            .collect::<StoreResult<Vec<_>>>()?;
        // Unordered: one refused record does not stop the others.
        let result = self
            .collection_of(kind)
            .insert_many(written)
            .ordered(false)
            .await;
        let Err(error) = result else {
            return Ok(Vec::new());
        };
        let ErrorKind::InsertMany(failure) = error.kind.as_ref() else {
            return Err(error.into());
        };
        let errors = failure.write_errors.as_deref().unwrap_or_default();
        if failure.write_concern_error.is_some() || errors.iter().any(|e| e.code != DUPLICATE_KEY) {
            return Err(error.into());
        }
        Ok(errors
            .iter()
            .filter_map(|e| records.get(e.index).map(Record::key))
            .collect())
    }

    async fn count(&self, kind: Kind) -> StoreResult<u64> {
        Ok(self.collection_of(kind).count_documents(doc! {}).await?)
    }

    async fn archive(&self, id: &Id) -> StoreResult<Archive> {
        let stored = self
            .db
            .collection::<Document>("backups.files")
            .find_one(doc! { "_id": to_oid(id) })
            .await?
            .ok_or(StoreError::NotFound)?;
        let file_name = stored
            .get_str("filename")
            .map_err(|source| StoreError::Field {
                field: "backups.files.filename",
                source,
            })?
            .to_owned();
        let reader = self.blobs().get(id).await?;
        Ok(Archive { file_name, reader })
    }

    async fn put_archive(
        &self,
        id: &Id,
        file_name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        let blobs = self.blobs();
        blobs.delete(id).await?;
        blobs.put(id, file_name, archive).await
    }
}
