//! The scrub's queries over all users' backups. A backup never re-checked has no `checked_at`
//! and counts as checked when it was stored (it was read back then); MongoDB cannot sort by
//! "`checked_at`, else `created_at`" in a find, so the due backups are looked for twice, among
//! the re-checked ones and among the others, and the earlier of the two is next.

use chrono::{DateTime, Utc};
use mongodb::bson::{Document, doc};

use super::super::to_bson_time;
use crate::domain::backup::BackupRecord;

/// The filters (with their order) of the due backups: those re-checked, and those not yet.
pub(super) fn due(checked_before: DateTime<Utc>) -> [(Document, Document); 2] {
    let before = to_bson_time(checked_before);
    let intact = doc! { "damaged_at": { "$exists": false } };
    let mut rechecked = intact.clone();
    rechecked.insert("checked_at", doc! { "$lte": before });
    let mut never = intact;
    never.insert("checked_at", doc! { "$exists": false });
    never.insert("created_at", doc! { "$lte": before });
    [
        (rechecked, doc! { "checked_at": 1, "_id": 1 }),
        (never, doc! { "created_at": 1, "_id": 1 }),
    ]
}

/// Of two candidates, the one checked longest ago (the first on a tie).
pub(super) fn earlier(
    first: Option<BackupRecord>,
    second: Option<BackupRecord>,
) -> Option<BackupRecord> {
    match (first, second) {
        (Some(first), Some(second)) if second.last_checked() < first.last_checked() => Some(second),
        (Some(first), _) => Some(first),
        (None, second) => second,
    }
}
