//! A backup's remote copies, kept in its record as `copies: [{destination, remote_id, status,
//! at}]`. Records written before there were destinations have one `drive: {status, file_id,
//! at}` instead; it reads as the copy at Drive until a new upload there replaces it.

use mongodb::bson::{self, Document, doc};
use serde::{Deserialize, Serialize};

use super::super::{from_bson_time, to_bson_time};
use crate::{
    domain::{
        DestinationId,
        backup::{CopyStatus, RemoteCopy},
    },
    storage::StoreResult,
};

/// The field of records written before there were destinations.
pub(super) const LEGACY_DRIVE: &str = "drive";

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct CopyDoc {
    destination: DestinationId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    remote_id: Option<String>,
    status: CopyStatus,
    at: bson::DateTime,
}

impl CopyDoc {
    pub(super) fn from_copy(copy: &RemoteCopy) -> Self {
        Self {
            destination: copy.destination.clone(),
            remote_id: copy.remote_id.clone(),
            status: copy.status,
            at: to_bson_time(copy.at),
        }
    }

    fn into_copy(self) -> RemoteCopy {
        RemoteCopy {
            destination: self.destination,
            remote_id: self.remote_id,
            status: self.status,
            at: from_bson_time(self.at),
        }
    }
}

/// The `drive` field of a record written before there were destinations (read, never written).
#[derive(Debug, Deserialize)]
pub(super) struct LegacyDriveDoc {
    status: CopyStatus,
    #[serde(default)]
    file_id: Option<String>,
    at: bson::DateTime,
}

/// The record's copies: the stored ones, and its legacy Drive copy unless a newer one replaced it.
pub(super) fn read(copies: Vec<CopyDoc>, legacy: Option<LegacyDriveDoc>) -> Vec<RemoteCopy> {
    let mut copies: Vec<RemoteCopy> = copies.into_iter().map(CopyDoc::into_copy).collect();
    if let Some(drive) = legacy
        && !copies
            .iter()
            .any(|copy| copy.destination == DestinationId::DRIVE)
    {
        copies.push(RemoteCopy {
            destination: DestinationId::DRIVE,
            remote_id: drive.file_id,
            status: drive.status,
            at: from_bson_time(drive.at),
        });
    }
    copies
}

/// The two updates that put `copy` in a record: replace the destination's copy where there is
/// one, else add it where there is none. Each is atomic; between them another writer may add
/// the copy, which the caller handles by trying again.
pub(super) fn updates(copy: &RemoteCopy) -> StoreResult<[(Document, Document); 2]> {
    let value = bson::to_bson(&CopyDoc::from_copy(copy))?;
    let destination = copy.destination.as_str();
    let mut push = doc! { "$push": { "copies": value.clone() } };
    if copy.destination == DestinationId::DRIVE {
        // The new copy supersedes the legacy one.
        push.insert("$unset", doc! { LEGACY_DRIVE: "" });
    }
    Ok([
        (
            doc! { "copies.destination": destination },
            doc! { "$set": { "copies.$": value } },
        ),
        (doc! { "copies.destination": { "$ne": destination } }, push),
    ])
}
