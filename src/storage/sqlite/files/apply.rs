//! A restore's (an import's, an undo's) writes, applied inside one transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{
    move_to_bin,
    rows::{self, CURRENT_NAMED, Content, find},
};
use crate::{
    domain::{
        UserId,
        restore::{Action, Incoming},
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
            Action::Create(file) => {
                let new = rows::first(user, file.name.clone(), content(file), at);
                rows::insert(conn, &new)?;
            }
            Action::NewVersion(file) => {
                let old = current(conn, user, &file.name)?;
                rows::replace(conn, old, content(file), at)?;
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
        }
    }
    Ok(())
}

fn current(conn: &Connection, user: UserId, name: &str) -> StoreResult<crate::domain::CodeFile> {
    find(conn, CURRENT_NAMED, params![user, name])?.ok_or(StoreError::NotFound)
}
