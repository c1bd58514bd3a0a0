//! `code_files`: one document per version; `current` marks the live version and `active`
//! is false while the file sits in the recycle bin.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt, stream::BoxStream};
use mongodb::{
    Client, ClientSession, Collection, Database,
    bson::{self, Document, doc, oid::ObjectId},
    error::TRANSIENT_TRANSACTION_ERROR,
};
use serde::{Deserialize, Serialize};

mod apply;
mod search;

use super::{from_bson_time, to_bson_time, to_id, to_oid, whole_number};
use crate::{
    domain::{
        CodeFile, FileSummary, Id, NewFile, Usage, UserId, VersionInfo,
        code_file::content_sha256,
        restore::{Action, Current},
        search::{Found, SearchQuery},
    },
    storage::{FileStore, StoreError, StoreResult},
};
pub(super) use search::FAVOURITES;

/// Files fetched per round trip when streaming a library (about 0.6 MB of code, typically).
const STREAM_BATCH: u32 = 256;
/// Names per query when looking up their versions' hashes.
const HASHES_CHUNK: usize = 1_000;

/// How many times a transaction the server calls transient is tried in all, and the pause
/// before the second try (doubled before each next one), for a conflicting one to end.
const TRANSACTION_ATTEMPTS: u32 = 4;
const TRANSACTION_BACKOFF: std::time::Duration = std::time::Duration::from_millis(100);

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct FileDoc {
    #[serde(rename = "_id")]
    pub(super) id: ObjectId,
    pub(super) file_key: ObjectId,
    pub(super) user_id: i64,
    pub(super) name: String,
    pub(super) language: String,
    /// Left out by the list projection.
    #[serde(default)]
    pub(super) code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) version: i64,
    pub(super) size: i64,
    #[serde(default)]
    pub(super) sha256: String,
    pub(super) current: bool,
    pub(super) active: bool,
    pub(super) created_at: bson::DateTime,
    pub(super) updated_at: bson::DateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) deleted_at: Option<bson::DateTime>,
}

/// What a version holds besides its identity and place in the history.
struct Content {
    language: String,
    code: String,
    note: Option<String>,
    tags: Vec<String>,
}

impl Content {
    /// What `file` holds, for a version that changes something else (its name).
    fn same_as(file: &FileDoc) -> Self {
        Self {
            language: file.language.clone(),
            code: file.code.clone(),
            note: file.note.clone(),
            tags: file.tags.clone(),
        }
    }
}

impl FileDoc {
    /// Version 1 of a new file.
    fn first(user: UserId, name: String, content: Content, at: bson::DateTime) -> Self {
        Self::current_version(ObjectId::new(), user, name, content, 1, at, at)
    }

    /// The version after `old`, which it replaces as current.
    fn after(old: Self, content: Content, at: bson::DateTime) -> Self {
        Self::current_version(
            old.file_key,
            old.user_id,
            old.name,
            content,
            old.version + 1,
            old.created_at,
            at,
        )
    }

    fn current_version(
        file_key: ObjectId,
        user: UserId,
        name: String,
        content: Content,
        version: i64,
        created_at: bson::DateTime,
        updated_at: bson::DateTime,
    ) -> Self {
        Self {
            id: ObjectId::new(),
            file_key,
            user_id: user,
            name,
            language: content.language,
            sha256: content_sha256(&content.code),
            size: i64::try_from(content.code.len()).unwrap_or(i64::MAX),
            code: content.code,
            note: content.note,
            tags: content.tags,
            version,
            current: true,
            active: true,
            created_at,
            updated_at,
            deleted_at: None,
        }
    }

    fn into_file(self) -> CodeFile {
        CodeFile {
            key: to_id(self.file_key),
            version_id: to_id(self.id),
            user_id: self.user_id,
            name: self.name,
            language: self.language,
            code: self.code,
            note: self.note,
            tags: self.tags,
            version: u32::try_from(self.version).unwrap_or_default(),
            size: u64::try_from(self.size).unwrap_or_default(),
            sha256: self.sha256,
            created_at: from_bson_time(self.created_at),
            updated_at: from_bson_time(self.updated_at),
            deleted_at: self.deleted_at.map(from_bson_time),
        }
    }

    fn into_summary(self) -> FileSummary {
        FileSummary {
            key: to_id(self.file_key),
            name: self.name,
            language: self.language,
            version: u32::try_from(self.version).unwrap_or_default(),
            size: u64::try_from(self.size).unwrap_or_default(),
            updated_at: from_bson_time(self.updated_at),
            deleted_at: self.deleted_at.map(from_bson_time),
        }
    }
}

#[derive(Clone)]
pub struct MongoFiles {
    client: Client,
    files: Collection<FileDoc>,
    users: Collection<Document>,
}

impl MongoFiles {
    /// Retires the file's current version and inserts the one after it together, so a crash
    /// never leaves a file with no current version (or two); `change` makes the new version
    /// from the old (the unique index refuses a name another current file has). The file
    /// `replacing`, if it is still there, goes to the recycle bin in the same transaction.
    async fn next_version(
        &self,
        user: UserId,
        key: &Id,
        replacing: Option<&Id>,
        at: DateTime<Utc>,
        change: impl Fn(FileDoc) -> (FileDoc, Content) + Clone + Send + Sync + 'static,
    ) -> StoreResult<CodeFile> {
        let filter = current_filter(user, key);
        let bin = replacing.map(|other| to_bin(user, other, at));
        retry_transient(|| {
            let (files, filter, change) = (self.files.clone(), filter.clone(), change.clone());
            let bin = bin.clone();
            self.in_transaction(async move |session| {
                // It gives up its name before the new version takes it.
                if let Some((filter, update)) = bin {
                    files
                        .update_many(filter, update)
                        .session(&mut *session)
                        .await?;
                }
                let old = files
                    .find_one_and_update(filter, doc! { "$set": { "current": false } })
                    .session(&mut *session)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let (old, content) = change(old);
                let doc = FileDoc::after(old, content, to_bson_time(at));
                files.insert_one(&doc).session(&mut *session).await?;
                Ok(doc.into_file())
            })
        })
        .await
    }

    pub(super) fn new(client: Client, db: &Database) -> Self {
        Self {
            client,
            files: db.collection("code_files"),
            users: db.collection("users"),
        }
    }

    async fn find_one(&self, filter: Document) -> StoreResult<Option<CodeFile>> {
        Ok(self.files.find_one(filter).await?.map(FileDoc::into_file))
    }

    async fn page(
        &self,
        filter: Document,
        sort: Document,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        let total = self.files.count_documents(filter.clone()).await?;
        let docs: Vec<FileDoc> = self
            .find_without_code(filter, sort)
            .skip(skip)
            .limit(i64::from(limit))
            .await?
            .try_collect()
            .await?;
        Ok((docs.into_iter().map(FileDoc::into_summary).collect(), total))
    }

    /// Lists and plans need names and sizes, never the code, which can be megabytes a file.
    fn find_without_code(
        &self,
        filter: Document,
        sort: Document,
    ) -> mongodb::action::Find<'_, FileDoc> {
        self.files
            .find(filter)
            .sort(sort)
            .projection(doc! { "code": 0 })
    }

    /// Updates the user's current version of the file; `NotFound` when there is none.
    async fn update_current(&self, user: UserId, key: &Id, update: Document) -> StoreResult<()> {
        let result = self
            .files
            .update_one(current_filter(user, key), update)
            .await?;
        if result.matched_count == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Runs `work` in a transaction, committing on success and aborting on error.
    async fn in_transaction<T, F>(&self, work: F) -> StoreResult<T>
    where
        F: AsyncFnOnce(&mut ClientSession) -> StoreResult<T>,
    {
        let mut session = self.client.start_session().await?;
        session.start_transaction().await?;
        match work(&mut session).await {
            Ok(value) => {
                session.commit_transaction().await?;
                Ok(value)
            }
            Err(error) => {
                // The session aborts on drop as well; aborting here frees the locks at once.
                let _ = session.abort_transaction().await;
                Err(error)
            }
        }
    }
}

/// Runs the transaction `run` makes again, from the start, while the server calls its failure
/// transient (a write conflict, an election), as MongoDB asks; a few times at most, pausing
/// longer each time.
async fn retry_transient<T, R>(mut run: impl FnMut() -> R) -> StoreResult<T>
where
    R: Future<Output = StoreResult<T>>,
{
    let mut attempt = 1;
    loop {
        match run().await {
            Err(StoreError::Mongo(error))
                if error.contains_label(TRANSIENT_TRANSACTION_ERROR)
                    && attempt < TRANSACTION_ATTEMPTS =>
            {
                tracing::info!(%error, attempt, "a transaction was transient; running it again");
                tokio::time::sleep(TRANSACTION_BACKOFF * 2u32.pow(attempt - 1)).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

fn current_filter(user: UserId, key: &Id) -> Document {
    doc! { "user_id": user, "file_key": to_oid(key), "current": true, "active": true }
}

/// The filter and update that move every version of the user's file to the recycle bin.
fn to_bin(user: UserId, key: &Id, at: DateTime<Utc>) -> (Document, Document) {
    let filter = doc! { "user_id": user, "file_key": to_oid(key), "active": true };
    let update = doc! { "$set": { "active": false, "deleted_at": to_bson_time(at) } };
    (filter, update)
}

#[async_trait]
impl FileStore for MongoFiles {
    async fn create(&self, file: NewFile, at: DateTime<Utc>) -> StoreResult<CodeFile> {
        let content = Content {
            language: file.language,
            code: file.code,
            note: file.note,
            tags: file.tags,
        };
        let doc = FileDoc::first(file.user_id, file.name, content, to_bson_time(at));
        self.files.insert_one(&doc).await?;
        Ok(doc.into_file())
    }

    async fn add_version(
        &self,
        user: UserId,
        key: &Id,
        code: String,
        language: String,
        note: Option<String>,
        at: DateTime<Utc>,
    ) -> StoreResult<CodeFile> {
        self.next_version(user, key, None, at, move |old| {
            let content = Content {
                language: language.clone(),
                code: code.clone(),
                note: note.clone().or_else(|| old.note.clone()),
                tags: old.tags.clone(),
            };
            (old, content)
        })
        .await
    }

    async fn rename(
        &self,
        user: UserId,
        key: &Id,
        name: &str,
        language: &str,
        replacing: Option<&Id>,
        at: DateTime<Utc>,
    ) -> StoreResult<CodeFile> {
        let (name, language) = (name.to_owned(), language.to_owned());
        // The version after it takes its name from it: the new name, for the new one.
        self.next_version(user, key, replacing, at, move |old| {
            let content = Content {
                language: language.clone(),
                ..Content::same_as(&old)
            };
            (
                FileDoc {
                    name: name.clone(),
                    ..old
                },
                content,
            )
        })
        .await
    }

    async fn current(&self, user: UserId, key: &Id) -> StoreResult<Option<CodeFile>> {
        self.find_one(current_filter(user, key)).await
    }

    async fn current_by_name(&self, user: UserId, name: &str) -> StoreResult<Option<CodeFile>> {
        self.find_one(doc! { "user_id": user, "name": name, "current": true, "active": true })
            .await
    }

    async fn list(
        &self,
        user: UserId,
        tag: Option<&str>,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        let mut filter = doc! { "user_id": user, "current": true, "active": true };
        if let Some(tag) = tag {
            filter.insert("tags", tag);
        }
        self.page(filter, doc! { "updated_at": -1, "_id": -1 }, skip, limit)
            .await
    }

    async fn tags(&self, user: UserId) -> StoreResult<Vec<String>> {
        let filter = doc! { "user_id": user, "current": true, "active": true };
        let mut tags: Vec<String> = self
            .files
            .distinct("tags", filter)
            .await?
            .into_iter()
            .filter_map(|tag| tag.as_str().map(str::to_owned))
            .collect();
        tags.sort();
        Ok(tags)
    }

    async fn versions(&self, user: UserId, key: &Id) -> StoreResult<Vec<VersionInfo>> {
        let filter = doc! { "user_id": user, "file_key": to_oid(key), "active": true };
        let docs: Vec<FileDoc> = self
            .find_without_code(filter, doc! { "version": -1 })
            .await?
            .try_collect()
            .await?;
        Ok(docs
            .into_iter()
            .map(|doc| VersionInfo {
                version_id: to_id(doc.id),
                name: doc.name,
                version: u32::try_from(doc.version).unwrap_or_default(),
                size: u64::try_from(doc.size).unwrap_or_default(),
                updated_at: from_bson_time(doc.updated_at),
                current: doc.current,
            })
            .collect())
    }

    async fn version(&self, user: UserId, version_id: &Id) -> StoreResult<Option<CodeFile>> {
        self.find_one(doc! { "_id": to_oid(version_id), "user_id": user, "active": true })
            .await
    }

    async fn set_note(&self, user: UserId, key: &Id, note: Option<String>) -> StoreResult<()> {
        let update = match note {
            Some(note) => doc! { "$set": { "note": note } },
            None => doc! { "$unset": { "note": "" } },
        };
        self.update_current(user, key, update).await
    }

    async fn set_tags(&self, user: UserId, key: &Id, tags: Vec<String>) -> StoreResult<()> {
        self.update_current(user, key, doc! { "$set": { "tags": tags } })
            .await
    }

    async fn move_to_bin(&self, user: UserId, key: &Id, at: DateTime<Utc>) -> StoreResult<()> {
        let (filter, update) = to_bin(user, key, at);
        let result = self.files.update_many(filter, update).await?;
        if result.matched_count == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn list_bin(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        let filter = doc! { "user_id": user, "current": true, "active": false };
        self.page(filter, doc! { "deleted_at": -1, "_id": -1 }, skip, limit)
            .await
    }

    async fn binned(&self, user: UserId, key: &Id) -> StoreResult<Option<CodeFile>> {
        self.find_one(
            doc! { "user_id": user, "file_key": to_oid(key), "current": true, "active": false },
        )
        .await
    }

    async fn restore_from_bin(&self, user: UserId, key: &Id, name: &str) -> StoreResult<CodeFile> {
        let filter = doc! { "user_id": user, "file_key": to_oid(key), "active": false };
        retry_transient(|| {
            let (files, filter, name) = (self.files.clone(), filter.clone(), name.to_owned());
            // Rename and reactivate every version at once; the unique index refuses a taken name.
            self.in_transaction(async move |session| {
                let update = doc! {
                    "$set": { "active": true, "name": &name }, "$unset": { "deleted_at": "" }
                };
                let result = files
                    .update_many(filter.clone(), update)
                    .session(&mut *session)
                    .await?;
                if result.matched_count == 0 {
                    return Err(StoreError::NotFound);
                }
                let current =
                    doc! { "user_id": user, "file_key": filter.get("file_key"), "current": true };
                let restored = files.find_one(current).session(&mut *session).await?;
                restored.map(FileDoc::into_file).ok_or(StoreError::NotFound)
            })
        })
        .await
    }

    async fn purge_binned_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        let filter = doc! { "active": false, "deleted_at": { "$lt": to_bson_time(cutoff) } };
        Ok(self.files.delete_many(filter).await?.deleted_count)
    }

    async fn usage(&self, user: UserId) -> StoreResult<Usage> {
        let pipeline = [
            doc! { "$match": { "user_id": user, "current": true, "active": true } },
            doc! { "$group": { "_id": null, "files": { "$sum": 1 }, "bytes": { "$sum": "$size" } } },
        ];
        let mut cursor = self.files.aggregate(pipeline).await?;
        let Some(totals) = cursor.try_next().await? else {
            return Ok(Usage::default());
        };
        let number = |field: &str| whole_number(totals.get(field));
        Ok(Usage {
            files: number("files").unwrap_or(0),
            bytes: number("bytes").unwrap_or(0),
        })
    }

    async fn stream_current(
        &self,
        user: UserId,
    ) -> StoreResult<BoxStream<'static, StoreResult<CodeFile>>> {
        let cursor = self
            .files
            .find(doc! { "user_id": user, "current": true, "active": true })
            .sort(doc! { "name": 1 })
            // The server's own batches reach 16 MB, each held whole while it is read.
            .batch_size(STREAM_BATCH)
            .await?;
        Ok(cursor.map(|doc| Ok(doc?.into_file())).boxed())
    }

    async fn set_favourite(&self, user: UserId, key: &Id, favourite: bool) -> StoreResult<()> {
        let update = if favourite {
            if self
                .files
                .count_documents(current_filter(user, key))
                .await?
                == 0
            {
                return Err(StoreError::NotFound);
            }
            doc! { "$addToSet": { FAVOURITES: to_oid(key) } }
        } else {
            doc! { "$pull": { FAVOURITES: to_oid(key) } }
        };
        (self.users.update_one(doc! { "_id": user }, update))
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn favourites(&self, user: UserId) -> StoreResult<Vec<Id>> {
        let filter = self.favourite_filter(user).await?;
        let keys = self.files.distinct("file_key", filter).await?;
        Ok(keys
            .into_iter()
            .filter_map(|key| key.as_object_id().map(to_id))
            .collect())
    }

    async fn list_favourites(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        let filter = self.favourite_filter(user).await?;
        self.page(filter, doc! { "updated_at": -1, "_id": -1 }, skip, limit)
            .await
    }

    async fn search(&self, user: UserId, query: &SearchQuery) -> StoreResult<Vec<Found>> {
        let cursor = self
            .files
            .find(search::search_filter(user, query))
            // The listing index (user, current, active, updated_at) gives this order and bounds
            // the scan to the user's current files; no index helps an unanchored regex.
            .sort(doc! { "updated_at": -1, "_id": -1 })
            .batch_size(STREAM_BATCH)
            .await?;
        let found = cursor
            .try_filter_map(|doc| async move { Ok(query.found(&doc.into_file())) })
            .try_collect()
            .await?;
        Ok(found)
    }

    async fn current_state(&self, user: UserId) -> StoreResult<Vec<Current>> {
        let filter = doc! { "user_id": user, "current": true, "active": true };
        let docs: Vec<FileDoc> = self
            .find_without_code(filter, doc! { "name": 1 })
            .await?
            .try_collect()
            .await?;
        Ok(docs
            .into_iter()
            .map(|doc| Current {
                name: doc.name,
                sha256: doc.sha256,
                note: doc.note,
                tags: doc.tags,
                size: u64::try_from(doc.size).unwrap_or_default(),
                version: u32::try_from(doc.version).unwrap_or_default(),
            })
            .collect())
    }

    async fn older_versions(
        &self,
        user: UserId,
        key: &Id,
        below: u32,
        limit: u32,
    ) -> StoreResult<Vec<CodeFile>> {
        let filter = doc! {
            "user_id": user, "file_key": to_oid(key), "active": true, "current": false,
            "version": { "$lt": i64::from(below) },
        };
        let docs: Vec<FileDoc> = self
            .files
            .find(filter)
            .sort(doc! { "version": -1 })
            .limit(i64::from(limit))
            .await?
            .try_collect()
            .await?;
        Ok(docs.into_iter().map(FileDoc::into_file).collect())
    }

    async fn version_hashes(
        &self,
        user: UserId,
        names: &[String],
    ) -> StoreResult<HashMap<String, Vec<String>>> {
        let mut hashes: HashMap<String, Vec<String>> = HashMap::new();
        for names in names.chunks(HASHES_CHUNK) {
            // The current files' keys, then every version of those keys, hashes only.
            let filter = doc! {
                "user_id": user, "current": true, "active": true, "name": { "$in": names },
            };
            let current: Vec<Document> = self
                .files
                .clone_with_type::<Document>()
                .find(filter)
                .projection(doc! { "file_key": 1, "name": 1 })
                .await?
                .try_collect()
                .await?;
            let mut by_key = HashMap::with_capacity(current.len());
            for doc in &current {
                let key = doc
                    .get_object_id("file_key")
                    .map_err(|source| StoreError::Field {
                        field: "file_key",
                        source,
                    })?;
                let name = doc.get_str("name").map_err(|source| StoreError::Field {
                    field: "name",
                    source,
                })?;
                by_key.insert(key, name.to_owned());
            }
            let keys: Vec<ObjectId> = by_key.keys().copied().collect();
            let filter = doc! { "user_id": user, "active": true, "file_key": { "$in": keys } };
            let mut versions = self
                .files
                .clone_with_type::<Document>()
                .find(filter)
                .projection(doc! { "file_key": 1, "sha256": 1 })
                .await?;
            while let Some(version) = versions.try_next().await? {
                let key =
                    version
                        .get_object_id("file_key")
                        .map_err(|source| StoreError::Field {
                            field: "file_key",
                            source,
                        })?;
                let sha256 = version.get_str("sha256").unwrap_or_default().to_owned();
                if let Some(name) = by_key.get(&key) {
                    hashes.entry(name.clone()).or_default().push(sha256);
                }
            }
        }
        Ok(hashes)
    }

    async fn apply(
        &self,
        user: UserId,
        actions: Vec<Action>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        retry_transient(|| {
            let (files, actions) = (self.files.clone(), actions.clone());
            self.in_transaction(async move |session| {
                apply::apply_all(&files, session, user, actions, at).await
            })
        })
        .await
    }
}
