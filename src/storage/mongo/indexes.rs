use mongodb::{
    Database, IndexModel,
    bson::{Document, doc},
    options::IndexOptions,
};

use crate::storage::EVENTS_KEPT;

/// Index name of the rule "a user's current, active file names are unique".
pub const UNIQUE_CURRENT_NAME: &str = "unique_current_name";
/// Index name of the rule "a user has at most one queued or running task".
const ONE_ACTIVE_TASK: &str = "one_active_task";

/// Creates every index the storage relies on; creating an existing index is a no-op.
pub async fn ensure(db: &Database) -> mongodb::error::Result<()> {
    let files = db.collection::<Document>("code_files");
    files
        .create_index(
            IndexModel::builder()
                .keys(doc! { "user_id": 1, "name": 1 })
                .options(
                    IndexOptions::builder()
                        .name(UNIQUE_CURRENT_NAME.to_owned())
                        .unique(true)
                        .partial_filter_expression(doc! { "current": true, "active": true })
                        .build(),
                )
                .build(),
        )
        .await?;
    files
        .create_index(
            IndexModel::builder()
                .keys(doc! { "file_key": 1, "version": 1 })
                .options(IndexOptions::builder().unique(true).build())
                .build(),
        )
        .await?;
    files
        .create_index(
            IndexModel::builder()
                .keys(doc! { "user_id": 1, "current": 1, "active": 1, "updated_at": -1 })
                .build(),
        )
        .await?;
    files
        .create_index(
            IndexModel::builder()
                .keys(doc! { "active": 1, "deleted_at": 1 })
                .build(),
        )
        .await?;
    let backups = db.collection::<Document>("backups");
    backups
        .create_index(
            IndexModel::builder()
                .keys(doc! { "user_id": 1, "created_at": -1 })
                .build(),
        )
        .await?;
    // The scrub looks for the backup checked (or, never re-checked, stored) longest ago, and
    // counts the damaged ones.
    backups
        .create_index(
            IndexModel::builder()
                .keys(doc! { "checked_at": 1, "created_at": 1 })
                .build(),
        )
        .await?;
    backups
        .create_index(
            IndexModel::builder()
                .keys(doc! { "damaged_at": 1 })
                .options(IndexOptions::builder().sparse(true).build())
                .build(),
        )
        .await?;
    let events = db.collection::<Document>("events");
    events
        .create_index(
            IndexModel::builder()
                .keys(doc! { "created_at": 1 })
                .options(
                    IndexOptions::builder()
                        .expire_after(EVENTS_KEPT.to_std().unwrap_or_default())
                        .build(),
                )
                .build(),
        )
        .await?;
    events
        .create_index(
            IndexModel::builder()
                .keys(doc! { "user_id": 1, "name": 1 })
                .build(),
        )
        .await?;
    // The scheduler's claim looks for the earliest due job.
    db.collection::<Document>("jobs")
        .create_index(IndexModel::builder().keys(doc! { "due_at": 1 }).build())
        .await?;
    let tasks = db.collection::<Document>("tasks");
    // One queued or running task per user: the database refuses a second one.
    tasks
        .create_index(
            IndexModel::builder()
                .keys(doc! { "user_id": 1 })
                .options(
                    IndexOptions::builder()
                        .name(ONE_ACTIVE_TASK.to_owned())
                        .unique(true)
                        .partial_filter_expression(doc! { "active": true })
                        .build(),
                )
                .build(),
        )
        .await?;
    // Claims look for the oldest queued task and the longest-expired lease; the hourly
    // limit counts a user's recent tasks.
    for keys in [
        doc! { "state": 1, "created_at": 1 },
        doc! { "state": 1, "lease_until": 1 },
        doc! { "user_id": 1, "created_at": 1 },
    ] {
        tasks
            .create_index(IndexModel::builder().keys(keys).build())
            .await?;
    }
    Ok(())
}
