//! A restore's undo log, kept in its safety snapshot's record as `undo`.

use mongodb::bson::{self, oid::ObjectId};
use serde::{Deserialize, Serialize};

use super::super::{from_bson_time, to_bson_time, to_id, to_oid};
use crate::domain::restore::{AddedHistory, UndoLog, WriteKind, Written};

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct UndoDoc {
    restored: ObjectId,
    writes: Vec<WrittenDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    undone_at: Option<bson::DateTime>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WrittenDoc {
    name: String,
    kind: WriteKind,
    state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    added: Option<AddedHistory>,
}

/// Only the `undo` field of a backup record.
#[derive(Debug, Deserialize)]
pub(super) struct WithUndo {
    #[serde(default)]
    pub(super) undo: Option<UndoDoc>,
}

impl UndoDoc {
    pub(super) fn from_log(log: &UndoLog) -> Self {
        Self {
            restored: to_oid(&log.restored),
            writes: log
                .writes
                .iter()
                .map(|write| WrittenDoc {
                    name: write.name.clone(),
                    kind: write.kind,
                    state: write.state.clone(),
                    added: write.added,
                })
                .collect(),
            undone_at: log.undone_at.map(to_bson_time),
        }
    }

    pub(super) fn into_log(self) -> UndoLog {
        UndoLog {
            restored: to_id(self.restored),
            writes: self
                .writes
                .into_iter()
                .map(|write| Written {
                    name: write.name,
                    kind: write.kind,
                    state: write.state,
                    added: write.added,
                })
                .collect(),
            undone_at: self.undone_at.map(from_bson_time),
        }
    }
}
