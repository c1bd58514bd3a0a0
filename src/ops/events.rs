//! Structured events kept in the `events` collection for 30 days.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{domain::UserId, storage::EventStore};

/// Records `event`; a failure is logged, never passed on: losing an event must not fail the
/// action it describes.
pub async fn emit(events: &dyn EventStore, event: Event) {
    if let Err(error) = events.record(event).await {
        tracing::warn!(%error, "cannot record an event");
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub severity: Severity,
    pub user_id: Option<UserId>,
    pub fields: BTreeMap<&'static str, String>,
}

impl Event {
    pub fn info(name: &'static str, user: UserId) -> Self {
        Self {
            name,
            severity: Severity::Info,
            user_id: Some(user),
            fields: BTreeMap::new(),
        }
    }

    /// An event about the service itself rather than one user.
    pub fn system(name: &'static str) -> Self {
        Self {
            name,
            severity: Severity::Info,
            user_id: None,
            fields: BTreeMap::new(),
        }
    }

    /// Something went wrong outside our control (a refused token, a missing repository).
    pub fn warning(name: &'static str, user: Option<UserId>) -> Self {
        Self {
            name,
            severity: Severity::Warning,
            user_id: user,
            fields: BTreeMap::new(),
        }
    }

    pub fn error(name: &'static str, user: Option<UserId>) -> Self {
        Self {
            name,
            severity: Severity::Error,
            user_id: user,
            fields: BTreeMap::new(),
        }
    }

    pub fn with(mut self, field: &'static str, value: impl ToString) -> Self {
        self.fields.insert(field, value.to_string());
        self
    }
}
