//! Code files, one row per version (see `rows`).

mod apply;
mod rows;

use std::{collections::HashMap, sync::Arc};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt, stream::BoxStream};
use rusqlite::{Connection, params};

use super::{
    db::Db,
    values::{Json, found, json, millis, time, to_i64, to_u32, to_u64},
};
use crate::{
    domain::{
        CodeFile, FileSummary, Id, NewFile, Usage, UserId, VersionInfo,
        restore::{Action, Current},
        search::{Found, SearchQuery},
    },
    storage::{FileStore, StoreError, StoreResult},
};
use rows::{CURRENT, CURRENT_NAMED, Content, SUMMARY, find, read_summary, read_version};

/// Files read per query while streaming a library.
const STREAM_BATCH: usize = 64;

#[derive(Clone)]
pub struct SqliteFiles {
    db: Arc<Db>,
}

impl SqliteFiles {
    /// Retires the file's current version and stores the one after it, in one transaction;
    /// `change` makes the new version from the old (the unique index refuses a taken name).
    /// The file `replacing`, if it is still there, goes to the recycle bin in the same one.
    async fn next_version(
        &self,
        user: UserId,
        key: &Id,
        replacing: Option<&Id>,
        at: DateTime<Utc>,
        change: impl FnOnce(CodeFile) -> (CodeFile, Content) + Send + 'static,
    ) -> StoreResult<CodeFile> {
        let (key, replacing) = (key.clone(), replacing.cloned());
        let at = stored(at);
        self.db
            .write(move |conn| {
                // It gives up its name before the new version takes it.
                if let Some(other) = &replacing {
                    bin(conn, user, other, at)?;
                }
                let old = find(conn, CURRENT, params![user, key])?.ok_or(StoreError::NotFound)?;
                let (old, content) = change(old);
                rows::replace(conn, old, content, at)
            })
            .await
    }

    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }

    /// The version matching `filter` over the user (`?1`) and `value` (`?2`).
    async fn find_one(
        &self,
        filter: &'static str,
        user: UserId,
        value: String,
    ) -> StoreResult<Option<CodeFile>> {
        self.db
            .read(move |conn| find(conn, filter, params![user, value]))
            .await
    }

    /// A page of summaries of the user's versions matching `filter` (over `?1` the user and
    /// `?2` `extra`), in `order`, with the total.
    async fn page(
        &self,
        filter: &'static str,
        order: &'static str,
        user: UserId,
        extra: Option<String>,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        self.db
            .read(move |conn| {
                let count = format!("SELECT COUNT(*) FROM code_files WHERE {filter}");
                let total: i64 = conn
                    .prepare_cached(&count)?
                    .query_row(params![user, extra], |row| row.get(0))?;
                let sql = format!(
                    "SELECT {SUMMARY} FROM code_files WHERE {filter} ORDER BY {order} \
                     LIMIT ?3 OFFSET ?4"
                );
                let mut statement = conn.prepare_cached(&sql)?;
                let rows = statement.query_map(
                    params![user, extra, limit_of(limit), to_i64(skip)],
                    read_summary,
                )?;
                Ok((rows.collect::<Result<_, _>>()?, to_u64(total)))
            })
            .await
    }

    /// Runs `update` (over `?1` the user, `?2` the key, `?3` `value`) on the user's current
    /// version of the file; `NotFound` when there is none.
    async fn update_current(
        &self,
        user: UserId,
        key: &Id,
        set: &'static str,
        value: Option<String>,
    ) -> StoreResult<()> {
        let key = key.clone();
        self.db
            .write(move |conn| {
                let sql = format!("UPDATE code_files SET {set} WHERE {CURRENT}");
                let changed = conn
                    .prepare_cached(&sql)?
                    .execute(params![user, key, value])?;
                found(changed)
            })
            .await
    }
}

/// SQLite's `LIMIT` of a page size; 0 is no limit, as for MongoDB.
fn limit_of(limit: u32) -> i64 {
    if limit == 0 { -1 } else { i64::from(limit) }
}

/// The instant as stored, so what a write answers reads back the same.
fn stored(at: DateTime<Utc>) -> DateTime<Utc> {
    time(millis(at))
}

/// Current, active files (`?1` the user), optionally with tag `?2`.
const LISTED: &str = "user_id = ?1 AND current = 1 AND active = 1 \
                      AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(code_files.tags) WHERE value = ?2))";
/// The user's current, active favourite files (`?1` the user); `?2` is always null here.
const FAVOURITE: &str = "user_id = ?1 AND current = 1 AND active = 1 AND ?2 IS NULL \
     AND file_key IN (SELECT value FROM json_each((SELECT favourites FROM users WHERE user_id = ?1)))";
/// Binned files (`?1` the user); `?2` is always null here, but a page binds it.
const BINNED: &str = "user_id = ?1 AND current = 1 AND active = 0 AND ?2 IS NULL";

/// The conditions narrowing a search to rows holding each of `count` ASCII words (`?3`, `?4`,
/// …, lowercased) in one of their fields. Measured on 20,000 files of 2 KB: a trigram FTS5
/// index answered a one-file search in 17 ms instead of about 150, but made every write about
/// 70 times slower (a 20,000-file restore took 17 s instead of 0.4), so the scan is kept.
fn search_narrowing(count: usize) -> String {
    (0..count)
        .map(|index| {
            let word = index + 3;
            format!(
                "AND (instr(lower(code), ?{word}) > 0 OR instr(lower(name), ?{word}) > 0 \
                 OR instr(lower(coalesce(note, '')), ?{word}) > 0 OR instr(lower(tags), ?{word}) > 0)"
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[async_trait]
impl FileStore for SqliteFiles {
    async fn create(&self, file: NewFile, at: DateTime<Utc>) -> StoreResult<CodeFile> {
        let content = Content {
            language: file.language,
            code: file.code,
            note: file.note,
            tags: file.tags,
        };
        let file = rows::first(file.user_id, file.name, content, stored(at));
        self.db
            .write(move |conn| {
                rows::insert(conn, &file)?;
                Ok(file)
            })
            .await
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
                language,
                code,
                note: note.or_else(|| old.note.clone()),
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
                language,
                ..Content::same_as(&old)
            };
            (CodeFile { name, ..old }, content)
        })
        .await
    }

    async fn current(&self, user: UserId, key: &Id) -> StoreResult<Option<CodeFile>> {
        self.find_one(CURRENT, user, key.to_string()).await
    }

    async fn current_by_name(&self, user: UserId, name: &str) -> StoreResult<Option<CodeFile>> {
        self.find_one(CURRENT_NAMED, user, name.to_owned()).await
    }

    async fn list(
        &self,
        user: UserId,
        tag: Option<&str>,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        let tag = tag.map(str::to_owned);
        self.page(LISTED, "updated_at DESC, id DESC", user, tag, skip, limit)
            .await
    }

    async fn tags(&self, user: UserId) -> StoreResult<Vec<String>> {
        let mut tags: Vec<String> = self
            .db
            .read(move |conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT DISTINCT tag.value FROM code_files, json_each(code_files.tags) AS tag \
                     WHERE user_id = ?1 AND current = 1 AND active = 1 AND tag.type = 'text'",
                )?;
                let rows = statement.query_map([user], |row| row.get(0))?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .await?;
        tags.sort();
        Ok(tags)
    }

    async fn versions(&self, user: UserId, key: &Id) -> StoreResult<Vec<VersionInfo>> {
        let key = key.clone();
        self.db
            .read(move |conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT id, name, version, size, updated_at, current FROM code_files \
                     WHERE user_id = ?1 AND file_key = ?2 AND active = 1 ORDER BY version DESC",
                )?;
                let rows = statement.query_map(params![user, key], read_version)?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .await
    }

    async fn version(&self, user: UserId, version_id: &Id) -> StoreResult<Option<CodeFile>> {
        let filter = "user_id = ?1 AND id = ?2 AND active = 1";
        self.find_one(filter, user, version_id.to_string()).await
    }

    async fn set_note(&self, user: UserId, key: &Id, note: Option<String>) -> StoreResult<()> {
        self.update_current(user, key, "note = ?3", note).await
    }

    async fn set_tags(&self, user: UserId, key: &Id, tags: Vec<String>) -> StoreResult<()> {
        self.update_current(user, key, "tags = ?3", Some(json(&tags)?))
            .await
    }

    async fn move_to_bin(&self, user: UserId, key: &Id, at: DateTime<Utc>) -> StoreResult<()> {
        let key = key.clone();
        self.db
            .write(move |conn| move_to_bin(conn, user, &key, at))
            .await
    }

    async fn list_bin(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        self.page(BINNED, "deleted_at DESC, id DESC", user, None, skip, limit)
            .await
    }

    async fn binned(&self, user: UserId, key: &Id) -> StoreResult<Option<CodeFile>> {
        let filter = "user_id = ?1 AND file_key = ?2 AND current = 1 AND active = 0";
        self.find_one(filter, user, key.to_string()).await
    }

    async fn restore_from_bin(&self, user: UserId, key: &Id, name: &str) -> StoreResult<CodeFile> {
        let (key, name) = (key.clone(), name.to_owned());
        // Rename and reactivate every version at once; the unique index refuses a taken name.
        self.db
            .write(move |conn| {
                let changed = conn
                    .prepare_cached(
                        "UPDATE code_files SET active = 1, name = ?3, deleted_at = NULL \
                         WHERE user_id = ?1 AND file_key = ?2 AND active = 0",
                    )?
                    .execute(params![user, key, name])?;
                found(changed)?;
                let current = "user_id = ?1 AND file_key = ?2 AND current = 1";
                find(conn, current, params![user, key])?.ok_or(StoreError::NotFound)
            })
            .await
    }

    async fn purge_binned_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        self.db
            .write(move |conn| {
                let purged = conn
                    .prepare_cached("DELETE FROM code_files WHERE active = 0 AND deleted_at < ?1")?
                    .execute([millis(cutoff)])?;
                Ok(u64::try_from(purged).unwrap_or(u64::MAX))
            })
            .await
    }

    async fn usage(&self, user: UserId) -> StoreResult<Usage> {
        self.db
            .read(move |conn| {
                let (files, bytes): (i64, i64) = conn
                    .prepare_cached(
                        "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM code_files \
                         WHERE user_id = ?1 AND current = 1 AND active = 1",
                    )?
                    .query_row([user], |row| Ok((row.get(0)?, row.get(1)?)))?;
                Ok(Usage {
                    files: to_u64(files),
                    bytes: to_u64(bytes),
                })
            })
            .await
    }

    async fn current_state(&self, user: UserId) -> StoreResult<Vec<Current>> {
        self.db
            .read(move |conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT name, sha256, note, tags, size, version FROM code_files \
                     WHERE user_id = ?1 AND current = 1 AND active = 1 ORDER BY name",
                )?;
                let rows = statement.query_map([user], |row| {
                    Ok(Current {
                        name: row.get(0)?,
                        sha256: row.get(1)?,
                        note: row.get(2)?,
                        tags: row.get::<_, Json<Vec<String>>>(3)?.0,
                        size: to_u64(row.get(4)?),
                        version: to_u32(row.get(5)?),
                    })
                })?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .await
    }

    async fn apply(
        &self,
        user: UserId,
        actions: Vec<Action>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let at = stored(at);
        self.db
            .write(move |conn| apply::apply_all(conn, user, actions, at))
            .await
    }

    async fn set_favourite(&self, user: UserId, key: &Id, favourite: bool) -> StoreResult<()> {
        let key = key.to_string();
        self.db
            .write(move |conn| {
                let exists = conn
                    .prepare_cached(&format!("SELECT 1 FROM code_files WHERE {CURRENT}"))?
                    .exists(params![user, key])?;
                if favourite && !exists {
                    return Err(StoreError::NotFound);
                }
                conn.prepare_cached(
                    "INSERT INTO users (user_id) VALUES (?1) ON CONFLICT DO NOTHING",
                )?
                .execute([user])?;
                let mut keys: Vec<String> = conn
                    .prepare_cached("SELECT favourites FROM users WHERE user_id = ?1")?
                    .query_row([user], |row| row.get::<_, Json<Vec<String>>>(0))?
                    .0;
                keys.retain(|kept| *kept != key);
                if favourite {
                    keys.push(key);
                }
                conn.prepare_cached("UPDATE users SET favourites = ?2 WHERE user_id = ?1")?
                    .execute(params![user, json(&keys)?])?;
                Ok(())
            })
            .await
    }

    async fn favourites(&self, user: UserId) -> StoreResult<Vec<Id>> {
        self.db
            .read(move |conn| {
                let sql = format!("SELECT file_key FROM code_files WHERE {FAVOURITE}");
                let mut statement = conn.prepare_cached(&sql)?;
                let rows = statement.query_map(params![user, None::<String>], |row| row.get(0))?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .await
    }

    async fn list_favourites(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)> {
        self.page(
            FAVOURITE,
            "updated_at DESC, id DESC",
            user,
            None,
            skip,
            limit,
        )
        .await
    }

    async fn search(&self, user: UserId, query: &SearchQuery) -> StoreResult<Vec<Found>> {
        // SQLite's `lower` folds ASCII letters only, so only ASCII words narrow the rows here
        // (in C, without handing the rest over); `found` decides every candidate. A full-text
        // index would serve search1 better but costs every write (see `search_narrowing`).
        let words: Vec<String> = query.indexable_words().map(str::to_owned).collect();
        let language = query.language;
        let query = query.clone();
        self.db
            .read(move |conn| {
                let sql = format!(
                    "SELECT {} FROM code_files WHERE user_id = ?1 AND current = 1 AND active = 1 \
                     AND (?2 IS NULL OR language = ?2 COLLATE NOCASE) {} \
                     ORDER BY updated_at DESC, id DESC",
                    rows::FILE,
                    search_narrowing(words.len())
                );
                let mut values: Vec<&dyn rusqlite::ToSql> = vec![&user, &language];
                values.extend(words.iter().map(|word| word as &dyn rusqlite::ToSql));
                let mut statement = conn.prepare_cached(&sql)?;
                let mut rows = statement.query(values.as_slice())?;
                let mut found = Vec::new();
                while let Some(row) = rows.next()? {
                    found.extend(query.found(&rows::read_file(row)?));
                }
                Ok(found)
            })
            .await
    }

    async fn stream_current(
        &self,
        user: UserId,
    ) -> StoreResult<BoxStream<'static, StoreResult<CodeFile>>> {
        // By name, a batch at a time after the last name read: no connection is held between
        // batches, and memory holds one batch of files.
        let db = self.db.clone();
        let batches =
            futures::stream::try_unfold(Some(None), move |after: Option<Option<String>>| {
                let db = db.clone();
                async move {
                    let Some(after) = after else {
                        return Ok(None);
                    };
                    let batch = db
                        .read(move |conn| {
                            rows::select_files(
                                conn,
                                "user_id = ?1 AND current = 1 AND active = 1 \
                             AND (?2 IS NULL OR name > ?2)",
                                "name LIMIT ?3",
                                params![user, after, to_i64(STREAM_BATCH as u64)],
                            )
                        })
                        .await?;
                    let next = match batch.last() {
                        Some(last) if batch.len() == STREAM_BATCH => Some(Some(last.name.clone())),
                        _ => None,
                    };
                    Ok::<_, StoreError>(if batch.is_empty() {
                        None
                    } else {
                        Some((batch, next))
                    })
                }
            });
        Ok(batches
            .map_ok(|batch| futures::stream::iter(batch.into_iter().map(Ok)))
            .try_flatten()
            .boxed())
    }

    async fn older_versions(
        &self,
        user: UserId,
        key: &Id,
        below: u32,
        limit: u32,
    ) -> StoreResult<Vec<CodeFile>> {
        let key = key.clone();
        self.db
            .read(move |conn| {
                rows::select_files(
                    conn,
                    "user_id = ?1 AND file_key = ?2 AND active = 1 AND current = 0 \
                     AND version < ?3",
                    "version DESC LIMIT ?4",
                    params![user, key, below, limit_of(limit)],
                )
            })
            .await
    }

    async fn version_hashes(
        &self,
        user: UserId,
        names: &[String],
    ) -> StoreResult<HashMap<String, Vec<String>>> {
        let names = names.to_vec();
        self.db
            .read(move |conn| {
                let mut statement = conn.prepare_cached(
                    "SELECT version.sha256 FROM code_files AS file \
                     JOIN code_files AS version ON version.file_key = file.file_key \
                     WHERE file.user_id = ?1 AND file.name = ?2 AND file.current = 1 \
                     AND file.active = 1 AND version.user_id = ?1 AND version.active = 1",
                )?;
                let mut hashes = HashMap::new();
                for name in names {
                    let rows = statement.query_map(params![user, name], |row| row.get(0))?;
                    let found: Vec<String> = rows.collect::<Result<_, _>>()?;
                    if !found.is_empty() {
                        hashes.insert(name, found);
                    }
                }
                Ok(hashes)
            })
            .await
    }
}

/// Moves every version of the user's file to the recycle bin; `NotFound` when it has none in
/// the library.
pub(super) fn move_to_bin(
    conn: &Connection,
    user: UserId,
    key: &Id,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    found(bin(conn, user, key, at)?)
}

/// Moves every version of the user's file to the recycle bin; answers how many there were.
fn bin(conn: &Connection, user: UserId, key: &Id, at: DateTime<Utc>) -> StoreResult<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE code_files SET active = 0, deleted_at = ?3 \
             WHERE user_id = ?1 AND file_key = ?2 AND active = 1",
        )?
        .execute(params![user, key, millis(at)])?)
}
