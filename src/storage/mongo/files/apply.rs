//! A restore's writes, applied inside one transaction.

use chrono::{DateTime, Utc};
use mongodb::{ClientSession, Collection, bson::doc};

use super::{Content, FileDoc};
use crate::{
    domain::{
        UserId,
        restore::{Action, Incoming},
    },
    storage::{StoreError, StoreResult, mongo::to_bson_time},
};

fn current_by_name(user: UserId, name: &str) -> mongodb::bson::Document {
    doc! { "user_id": user, "name": name, "current": true, "active": true }
}

fn content(file: Incoming) -> Content {
    let language = file.language_to_store().to_owned();
    Content {
        language,
        code: file.code,
        note: file.note,
        tags: file.tags,
    }
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
                let doc = FileDoc::first(user, file.name.clone(), content(file), now);
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
                let doc = FileDoc::after(old, content(file), now);
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
