//! A restore's (an import's, an undo's) writes, applied inside one transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{
    move_to_bin,
    rows::{self, CURRENT_NAMED, Content, find},
};
use crate::{
    domain::{
        CodeFile, UserId,
        restore::{Action, Incoming, PastVersion, count_versions},
    },
    storage::{StoreError, StoreResult, sqlite::values::json},
};

fn content(file: Incoming) -> Content {
    Content {
        language: file.language_to_store().to_owned(),
        code: file.code,
        note: file.note,
        tags: file.tags,
    }
}

/// Every action in order; the first that fails fails the whole (the caller's transaction rolls
/// back).
pub(super) fn apply_all(
    conn: &Connection,
    user: UserId,
    actions: Vec<Action>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    for action in actions {
        match action {
            Action::Create(mut file) => {
                let history = std::mem::take(&mut file.history);
                let mut new = rows::first(user, file.name.clone(), content(file), at);
                // A file with history was made when its first version was.
                if let Some(first) = history.first() {
                    new.created_at = new.created_at.min(first.created_at);
                }
                new.version += insert_history(conn, &new, 1, history)?;
                rows::insert(conn, &new)?;
            }
            Action::NewVersion(mut file) => {
                let history = std::mem::take(&mut file.history);
                let old = current(conn, user, &file.name)?;
                let first = old.version.saturating_add(1);
                let mut new = rows::replace(conn, old, content(file), at)?;
                if !history.is_empty() {
                    rows::renumber(conn, &mut new, count_versions(&history))?;
                    insert_history(conn, &new, first, history)?;
                }
            }
            Action::UpdateMeta(file) => {
                let changed = conn
                    .prepare_cached(&format!(
                        "UPDATE code_files SET note = ?3, tags = ?4 WHERE {CURRENT_NAMED}"
                    ))?
                    .execute(params![user, file.name, file.note, json(&file.tags)?])?;
                if changed == 0 {
                    return Err(StoreError::NotFound);
                }
            }
            Action::MoveToBin(name) => {
                let file = current(conn, user, &name)?;
                move_to_bin(conn, user, &file.key, at)?;
            }
            Action::AddHistory { name, versions } => {
                let mut file = current(conn, user, &name)?;
                let first = file.version;
                rows::renumber(conn, &mut file, count_versions(&versions))?;
                insert_history(conn, &file, first, versions)?;
            }
            Action::DropVersions { name, first, last } => {
                let file = current(conn, user, &name)?;
                conn.prepare_cached(
                    "DELETE FROM code_files WHERE user_id = ?1 AND file_key = ?2 \
                     AND current = 0 AND version BETWEEN ?3 AND ?4",
                )?
                .execute(params![user, file.key, first, last])?;
            }
        }
    }
    Ok(())
}

/// Stores `history` (oldest first) as earlier versions of `file` numbered from `first`, each
/// with the file's note and tags; answers how many.
fn insert_history(
    conn: &Connection,
    file: &CodeFile,
    first: u32,
    history: Vec<PastVersion>,
) -> StoreResult<u32> {
    let mut version = first;
    for past in history {
        let content = Content {
            language: past
                .language_to_store(&file.name, &file.language)
                .to_owned(),
            code: past.code,
            note: file.note.clone(),
            tags: file.tags.clone(),
        };
        let row = rows::past(file, past.name, content, version, past.created_at);
        rows::insert_as(conn, &row, false)?;
        version = version.saturating_add(1);
    }
    Ok(version - first)
}

fn current(conn: &Connection, user: UserId, name: &str) -> StoreResult<CodeFile> {
    find(conn, CURRENT_NAMED, params![user, name])?.ok_or(StoreError::NotFound)
}
