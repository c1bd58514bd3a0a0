//! `code_files` rows: one per version; `current` marks the live version and `active` is 0
//! while the file sits in the recycle bin.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Params, Row, params};

use super::super::values::{Json, json, millis, time, to_i64, to_u32, to_u64};
use crate::{
    domain::{CodeFile, FileSummary, Id, UserId, VersionInfo, code_file::content_sha256},
    storage::StoreResult,
};

/// Every column of a version.
pub(super) const FILE: &str = "id, file_key, user_id, name, language, code, note, tags, version, size, \
                    sha256, created_at, updated_at, deleted_at";
/// A list row's columns: everything but the code, which can be megabytes a file.
pub(super) const SUMMARY: &str = "file_key, name, language, version, size, updated_at, deleted_at";

/// A user's current, active version of a file (`?1` the user, `?2` the key).
pub(super) const CURRENT: &str = "user_id = ?1 AND file_key = ?2 AND current = 1 AND active = 1";
/// A user's current, active version of a name (`?1` the user, `?2` the name).
pub(super) const CURRENT_NAMED: &str = "user_id = ?1 AND name = ?2 AND current = 1 AND active = 1";

/// What a version holds besides its identity and place in the history.
pub(super) struct Content {
    pub(super) language: String,
    pub(super) code: String,
    pub(super) note: Option<String>,
    pub(super) tags: Vec<String>,
}

impl Content {
    /// What `file` holds, for a version that changes something else (its name).
    pub(super) fn same_as(file: &CodeFile) -> Self {
        Self {
            language: file.language.clone(),
            code: file.code.clone(),
            note: file.note.clone(),
            tags: file.tags.clone(),
        }
    }
}

/// Version 1 of a new file.
pub(super) fn first(user: UserId, name: String, content: Content, at: DateTime<Utc>) -> CodeFile {
    version_of(Id::generate(), user, name, content, 1, at, at)
}

/// The version after `old`, which it replaces as current.
pub(super) fn after(old: CodeFile, content: Content, at: DateTime<Utc>) -> CodeFile {
    version_of(
        old.key,
        old.user_id,
        old.name,
        content,
        old.version.saturating_add(1),
        old.created_at,
        at,
    )
}

fn version_of(
    key: Id,
    user: UserId,
    name: String,
    content: Content,
    version: u32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> CodeFile {
    CodeFile {
        key,
        version_id: Id::generate(),
        user_id: user,
        name,
        language: content.language,
        sha256: content_sha256(&content.code),
        size: u64::try_from(content.code.len()).unwrap_or(u64::MAX),
        code: content.code,
        note: content.note,
        tags: content.tags,
        version,
        created_at,
        updated_at,
        deleted_at: None,
    }
}

/// An earlier version of `file`, numbered `version`, made at `at`.
pub(super) fn past(
    file: &CodeFile,
    name: String,
    content: Content,
    version: u32,
    at: DateTime<Utc>,
) -> CodeFile {
    version_of(
        file.key.clone(),
        file.user_id,
        name,
        content,
        version,
        file.created_at,
        at,
    )
}

/// Stores `file` as its file's current, active version; `Conflict` if the name is taken.
pub(super) fn insert(conn: &Connection, file: &CodeFile) -> StoreResult<()> {
    insert_as(conn, file, true)
}

/// Stores `file` as an active version, current or earlier.
pub(super) fn insert_as(conn: &Connection, file: &CodeFile, current: bool) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO code_files (id, file_key, user_id, name, language, code, note, tags, \
         version, size, sha256, current, active, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14)",
    )?
    .execute(params![
        file.version_id,
        file.key,
        file.user_id,
        file.name,
        file.language,
        file.code,
        file.note,
        json(&file.tags)?,
        file.version,
        to_i64(file.size),
        file.sha256,
        current,
        millis(file.created_at),
        millis(file.updated_at),
    ])?;
    Ok(())
}

/// Retires `old` as current and stores `content` as the version after it.
pub(super) fn replace(
    conn: &Connection,
    old: CodeFile,
    content: Content,
    at: DateTime<Utc>,
) -> StoreResult<CodeFile> {
    conn.prepare_cached("UPDATE code_files SET current = 0 WHERE id = ?1")?
        .execute([&old.version_id])?;
    let new = after(old, content, at);
    insert(conn, &new)?;
    Ok(new)
}

/// Moves the current version `file` up by `by`, making room below it for as many versions.
pub(super) fn renumber(conn: &Connection, file: &mut CodeFile, by: u32) -> StoreResult<()> {
    file.version = file.version.saturating_add(by);
    conn.prepare_cached("UPDATE code_files SET version = ?2 WHERE id = ?1")?
        .execute(params![file.version_id, file.version])?;
    Ok(())
}

/// The version matching `filter` (a `WHERE` clause over `params`).
pub(super) fn find(
    conn: &Connection,
    filter: &str,
    params: impl Params,
) -> StoreResult<Option<CodeFile>> {
    let sql = format!("SELECT {FILE} FROM code_files WHERE {filter}");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params, read_file)
        .optional()?)
}

/// The versions matching `filter`, in `order` (which may end in a `LIMIT`).
pub(super) fn select_files(
    conn: &Connection,
    filter: &str,
    order: &str,
    params: impl Params,
) -> StoreResult<Vec<CodeFile>> {
    let sql = format!("SELECT {FILE} FROM code_files WHERE {filter} ORDER BY {order}");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params, read_file)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn read_file(row: &Row<'_>) -> rusqlite::Result<CodeFile> {
    Ok(CodeFile {
        version_id: row.get("id")?,
        key: row.get("file_key")?,
        user_id: row.get("user_id")?,
        name: row.get("name")?,
        language: row.get("language")?,
        code: row.get("code")?,
        note: row.get("note")?,
        tags: row.get::<_, Json<Vec<String>>>("tags")?.0,
        version: to_u32(row.get("version")?),
        size: to_u64(row.get("size")?),
        sha256: row.get("sha256")?,
        created_at: time(row.get("created_at")?),
        updated_at: time(row.get("updated_at")?),
        deleted_at: row.get::<_, Option<i64>>("deleted_at")?.map(time),
    })
}

pub(super) fn read_summary(row: &Row<'_>) -> rusqlite::Result<FileSummary> {
    Ok(FileSummary {
        key: row.get("file_key")?,
        name: row.get("name")?,
        language: row.get("language")?,
        version: to_u32(row.get("version")?),
        size: to_u64(row.get("size")?),
        updated_at: time(row.get("updated_at")?),
        deleted_at: row.get::<_, Option<i64>>("deleted_at")?.map(time),
    })
}

pub(super) fn read_version(row: &Row<'_>) -> rusqlite::Result<VersionInfo> {
    Ok(VersionInfo {
        version_id: row.get("id")?,
        name: row.get("name")?,
        version: to_u32(row.get("version")?),
        size: to_u64(row.get("size")?),
        updated_at: time(row.get("updated_at")?),
        current: row.get("current")?,
    })
}
