//! `backups`: one record per stored backup archive (a restore's safety snapshot also holds
//! the restore's undo log).

mod copies;
mod integrity;
mod undo;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use mongodb::{
    Collection, Database,
    bson::{self, doc, oid::ObjectId, to_bson},
};
use serde::{Deserialize, Serialize};

use super::{from_bson_time, to_bson_time, to_id, to_oid, unreadable, whole_number};
use crate::{
    domain::{
        Id, UserId,
        backup::{BackupKind, BackupRecord, Integrity, Rating, RemoteCopy, quota::Holdings},
        restore::UndoLog,
    },
    storage::{BackupStore, StoreError, StoreResult},
};
use copies::{CopyDoc, LegacyDriveDoc};
use undo::{UndoDoc, WithUndo};

/// Records are read without their undo log, which can be large and only Undo needs.
fn without_undo() -> bson::Document {
    doc! { "undo": 0 }
}

#[derive(Debug, Serialize, Deserialize)]
struct BackupDoc {
    #[serde(rename = "_id")]
    id: ObjectId,
    user_id: i64,
    backup_type: BackupKind,
    created_at: bson::DateTime,
    file_count: i64,
    total_size: i64,
    archive_size: i64,
    sha256: String,
    version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rating: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repo: Option<String>,
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    git_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    commit: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    copies: Vec<CopyDoc>,
    #[serde(default, rename = "drive", skip_serializing)]
    legacy_drive: Option<LegacyDriveDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    checked_at: Option<bson::DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    damaged_at: Option<bson::DateTime>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    protected: bool,
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

impl BackupDoc {
    fn from_record(record: &BackupRecord) -> Self {
        Self {
            id: to_oid(&record.id),
            user_id: record.user_id,
            backup_type: record.kind,
            created_at: to_bson_time(record.created_at),
            file_count: to_i64(record.file_count),
            total_size: to_i64(record.total_size),
            archive_size: to_i64(record.archive_size),
            sha256: record.sha256.clone(),
            version: record.version.clone(),
            rating: record.rating,
            note: record.note.clone(),
            repo: record.repo.clone(),
            git_ref: record.git_ref.clone(),
            commit: record.commit.clone(),
            copies: record.copies.iter().map(CopyDoc::from_copy).collect(),
            legacy_drive: None,
            checked_at: record.checked_at.map(to_bson_time),
            damaged_at: record.damaged_at.map(to_bson_time),
            protected: record.protected,
        }
    }

    fn into_record(self) -> BackupRecord {
        BackupRecord {
            id: to_id(self.id),
            user_id: self.user_id,
            kind: self.backup_type,
            created_at: from_bson_time(self.created_at),
            file_count: to_u64(self.file_count),
            total_size: to_u64(self.total_size),
            archive_size: to_u64(self.archive_size),
            sha256: self.sha256,
            version: self.version,
            rating: self.rating,
            note: self.note,
            repo: self.repo,
            git_ref: self.git_ref,
            commit: self.commit,
            copies: copies::read(self.copies, self.legacy_drive),
            checked_at: self.checked_at.map(from_bson_time),
            damaged_at: self.damaged_at.map(from_bson_time),
            protected: self.protected,
        }
    }
}

/// A stored record whole, undo log included (a copy of the store carries both).
pub(super) fn read_whole(doc: bson::Document) -> StoreResult<(BackupRecord, Option<UndoLog>)> {
    let undo = bson::from_document::<WithUndo>(doc.clone())?.undo;
    let record = bson::from_document::<BackupDoc>(doc)?.into_record();
    Ok((record, undo.map(UndoDoc::into_log)))
}

/// The document of a record with its undo log, as [`read_whole`] reads it.
pub(super) fn whole(record: &BackupRecord, undo: Option<&UndoLog>) -> StoreResult<bson::Document> {
    let mut doc = bson::to_document(&BackupDoc::from_record(record))?;
    if let Some(log) = undo {
        doc.insert("undo", bson::to_bson(&UndoDoc::from_log(log))?);
    }
    Ok(doc)
}

#[derive(Clone)]
pub struct MongoBackups {
    backups: Collection<BackupDoc>,
}

impl MongoBackups {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            backups: db.collection("backups"),
        }
    }

    /// Updates the user's backup `id` if it also matches `extra`; whether one matched.
    async fn update_if(
        &self,
        user: UserId,
        id: &Id,
        extra: bson::Document,
        update: bson::Document,
    ) -> StoreResult<bool> {
        let mut filter = doc! { "_id": to_oid(id), "user_id": user };
        filter.extend(extra);
        let result = self.backups.update_one(filter, update).await?;
        Ok(result.matched_count > 0)
    }

    async fn update(&self, user: UserId, id: &Id, update: bson::Document) -> StoreResult<()> {
        if self.update_if(user, id, doc! {}, update).await? {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }
}

#[async_trait]
impl BackupStore for MongoBackups {
    async fn insert(&self, record: &BackupRecord) -> StoreResult<()> {
        self.backups
            .insert_one(BackupDoc::from_record(record))
            .await?;
        Ok(())
    }

    async fn get(&self, user: UserId, id: &Id) -> StoreResult<Option<BackupRecord>> {
        let found = self
            .backups
            .find_one(doc! { "_id": to_oid(id), "user_id": user })
            .projection(without_undo())
            .await?;
        Ok(found.map(BackupDoc::into_record))
    }

    async fn list(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<BackupRecord>, u64)> {
        let filter = doc! { "user_id": user };
        let total = self.backups.count_documents(filter.clone()).await?;
        let docs: Vec<BackupDoc> = self
            .backups
            .find(filter)
            .projection(without_undo())
            .sort(doc! { "created_at": -1, "_id": -1 })
            .skip(skip)
            .limit(i64::from(limit))
            .await?
            .try_collect()
            .await?;
        Ok((
            docs.into_iter().map(BackupDoc::into_record).collect(),
            total,
        ))
    }

    async fn count(&self, user: UserId) -> StoreResult<u64> {
        Ok(self
            .backups
            .count_documents(doc! { "user_id": user })
            .await?)
    }

    async fn holdings(&self, user: UserId) -> StoreResult<Holdings> {
        // A missing rating groups as null: unrated.
        let pipeline = [
            doc! { "$match": { "user_id": user } },
            doc! { "$group": {
                "_id": { "kind": "$backup_type", "rating": "$rating" },
                "count": { "$sum": 1 },
                "bytes": { "$sum": "$archive_size" },
            } },
        ];
        let mut groups = self.backups.aggregate(pipeline).await?;
        let mut held = Holdings::default();
        while let Some(group) = groups.try_next().await? {
            let key = group.get_document("_id").map_err(unreadable("_id"))?;
            let kind: BackupKind = bson::from_bson(key.get("kind").cloned().unwrap_or_default())?;
            let rated = !matches!(key.get("rating"), None | Some(bson::Bson::Null));
            let number = |name| whole_number(group.get(name)).unwrap_or(0);
            held.add(kind, rated, number("count"), number("bytes"));
        }
        Ok(held)
    }

    async fn set_rating(&self, user: UserId, id: &Id, rating: Option<Rating>) -> StoreResult<()> {
        let update = match rating {
            Some(rating) => doc! { "$set": { "rating": to_bson(&rating)? } },
            None => doc! { "$unset": { "rating": "" } },
        };
        self.update(user, id, update).await
    }

    async fn set_note(&self, user: UserId, id: &Id, note: Option<String>) -> StoreResult<()> {
        let update = match note {
            Some(note) => doc! { "$set": { "note": note } },
            None => doc! { "$unset": { "note": "" } },
        };
        self.update(user, id, update).await
    }

    async fn set_copy(&self, user: UserId, id: &Id, copy: &RemoteCopy) -> StoreResult<()> {
        let [replace, add] = copies::updates(copy)?;
        // Twice: a copy another writer added between the two updates is replaced the next time.
        for _ in 0..2 {
            for (filter, update) in [replace.clone(), add.clone()] {
                if self.update_if(user, id, filter, update).await? {
                    return Ok(());
                }
            }
        }
        match self.get(user, id).await? {
            Some(_) => Err(StoreError::Conflict),
            None => Err(StoreError::NotFound),
        }
    }

    async fn delete(&self, user: UserId, id: &Id) -> StoreResult<()> {
        let result = self
            .backups
            .delete_one(doc! { "_id": to_oid(id), "user_id": user })
            .await?;
        if result.deleted_count == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn oldest_unrated(
        &self,
        user: UserId,
        kinds: &[BackupKind],
        limit: u64,
        except: &Id,
    ) -> StoreResult<Vec<BackupRecord>> {
        let kinds = to_bson(kinds)?;
        let filter = doc! {
            "user_id": user,
            "backup_type": { "$in": kinds },
            "rating": { "$exists": false },
            "_id": { "$ne": to_oid(except) },
        };
        let docs: Vec<BackupDoc> = self
            .backups
            .find(filter)
            .projection(without_undo())
            .sort(doc! { "created_at": 1, "_id": 1 })
            .limit(to_i64(limit))
            .await?
            .try_collect()
            .await?;
        Ok(docs.into_iter().map(BackupDoc::into_record).collect())
    }

    async fn set_undo(&self, user: UserId, snapshot: &Id, log: &UndoLog) -> StoreResult<()> {
        let undo = bson::to_bson(&UndoDoc::from_log(log))?;
        self.update(user, snapshot, doc! { "$set": { "undo": undo } })
            .await
    }

    async fn undo_log(&self, user: UserId, id: &Id) -> StoreResult<Option<UndoLog>> {
        let found = self
            .backups
            .clone_with_type::<WithUndo>()
            .find_one(doc! { "_id": to_oid(id), "user_id": user })
            .projection(doc! { "undo": 1 })
            .await?;
        Ok(found.and_then(|record| record.undo).map(UndoDoc::into_log))
    }

    async fn claim_undo(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<bool> {
        let unused = doc! { "undo": { "$exists": true }, "undo.undone_at": { "$exists": false } };
        let update = doc! { "$set": { "undo.undone_at": to_bson_time(at) } };
        self.update_if(user, id, unused, update).await
    }

    async fn release_undo(&self, user: UserId, id: &Id) -> StoreResult<()> {
        self.update(user, id, doc! { "$unset": { "undo.undone_at": "" } })
            .await
    }

    async fn set_checked(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<()> {
        let update = doc! { "$set": { "checked_at": to_bson_time(at) } };
        self.update(user, id, update).await
    }

    async fn mark_damaged(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<bool> {
        let unmarked = doc! { "damaged_at": { "$exists": false } };
        let update = doc! { "$set": { "damaged_at": to_bson_time(at) } };
        if self.update_if(user, id, unmarked, update).await? {
            return Ok(true);
        }
        match self.get(user, id).await? {
            Some(_) => Ok(false),
            None => Err(StoreError::NotFound),
        }
    }

    async fn next_to_check(
        &self,
        checked_before: DateTime<Utc>,
    ) -> StoreResult<Option<BackupRecord>> {
        let mut oldest = None;
        for (filter, sort) in integrity::due(checked_before) {
            let found = self
                .backups
                .find_one(filter)
                .projection(without_undo())
                .sort(sort)
                .await?
                .map(BackupDoc::into_record);
            oldest = integrity::earlier(oldest, found);
        }
        Ok(oldest)
    }

    async fn integrity(&self, checked_before: DateTime<Utc>) -> StoreResult<Integrity> {
        let count = |filter| self.backups.count_documents(filter);
        let mut due = 0;
        for (filter, _) in integrity::due(checked_before) {
            due += count(filter).await?;
        }
        Ok(Integrity {
            stored: count(doc! {}).await?,
            damaged: count(doc! { "damaged_at": { "$exists": true } }).await?,
            due,
        })
    }

    async fn damaged(&self) -> StoreResult<Vec<BackupRecord>> {
        let found: Vec<BackupDoc> = self
            .backups
            .find(doc! { "damaged_at": { "$exists": true } })
            .projection(without_undo())
            .sort(doc! { "damaged_at": 1, "_id": 1 })
            .await?
            .try_collect()
            .await?;
        Ok(found.into_iter().map(BackupDoc::into_record).collect())
    }
}
