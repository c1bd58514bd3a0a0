//! A restore's writes, applied inside one transaction.

use chrono::{DateTime, Utc};
use mongodb::{
    ClientSession, Collection,
    bson::{doc, oid::ObjectId},
};

use super::FileDoc;
use crate::{
    domain::{
        UserId,
        code_file::content_sha256,
        language,
        restore::{Action, Incoming},
    },
    storage::{StoreError, StoreResult, mongo::to_bson_time},
};

fn current_by_name(user: UserId, name: &str) -> mongodb::bson::Document {
    doc! { "user_id": user, "name": name, "current": true, "active": true }
}

fn language_of(file: &Incoming) -> String {
    file.language
        .clone()
        .unwrap_or_else(|| language::detect(Some(&file.name), &file.code).to_owned())
}

pub(super) async fn apply_all(
    files: &Collection<FileDoc>,
    session: &mut ClientSession,
    user: UserId,
    actions: Vec<Action>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let now = to_bson_time(at);
    for action in actions {
        match action {
            Action::Create(file) => {
                let id = ObjectId::new();
                let doc = FileDoc {
                    id,
                    file_key: id,
                    user_id: user,
                    language: language_of(&file),
                    sha256: content_sha256(&file.code),
                    size: i64::try_from(file.code.len()).unwrap_or(i64::MAX),
                    name: file.name,
                    code: file.code,
                    note: file.note,
                    tags: file.tags,
                    version: 1,
                    current: true,
                    active: true,
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                };
                files.insert_one(&doc).session(&mut *session).await?;
            }
            Action::NewVersion(file) => {
                let old = files
                    .find_one_and_update(
                        current_by_name(user, &file.name),
                        doc! { "$set": { "current": false } },
                    )
                    .session(&mut *session)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let doc = FileDoc {
                    id: ObjectId::new(),
                    file_key: old.file_key,
                    user_id: user,
                    language: language_of(&file),
                    sha256: content_sha256(&file.code),
                    size: i64::try_from(file.code.len()).unwrap_or(i64::MAX),
                    name: file.name,
                    code: file.code,
                    note: file.note,
                    tags: file.tags,
                    version: old.version + 1,
                    current: true,
                    active: true,
                    created_at: old.created_at,
                    updated_at: now,
                    deleted_at: None,
                };
                files.insert_one(&doc).session(&mut *session).await?;
            }
            Action::UpdateMeta(file) => {
                let update = match file.note {
                    Some(note) => doc! { "$set": { "note": note, "tags": file.tags } },
                    None => doc! { "$set": { "tags": file.tags }, "$unset": { "note": "" } },
                };
                let result = files
                    .update_one(current_by_name(user, &file.name), update)
                    .session(&mut *session)
                    .await?;
                if result.matched_count == 0 {
                    return Err(StoreError::NotFound);
                }
            }
            Action::MoveToBin(name) => {
                let current = files
                    .find_one(current_by_name(user, &name))
                    .session(&mut *session)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let filter = doc! { "user_id": user, "file_key": current.file_key, "active": true };
                let update = doc! { "$set": { "active": false, "deleted_at": now } };
                files
                    .update_many(filter, update)
                    .session(&mut *session)
                    .await?;
            }
        }
    }
    Ok(())
}
