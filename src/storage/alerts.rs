//! The store of operators' alerts and users' notices that are open (see [`AlertStore`]).

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::domain::alert::{AlertKey, DumpLog, Fullness, OpenAlert};

/// What the alerts remember between polls, instances and restarts: which alerts are open
/// (told when they opened, so not again until they close), what the scheduled dumps of every
/// instance did, and how full the store's disk is. Spanning all users: it is the operator's.
#[async_trait]
pub trait AlertStore: Send + Sync {
    /// Every open alert; a key this release does not know (a newer one's) is left out.
    async fn open_alerts(&self) -> StoreResult<Vec<OpenAlert>>;
    /// Records `alert` open, atomically; `false` when it already was (its `since` is kept).
    async fn open(&self, alert: &OpenAlert) -> StoreResult<bool>;
    /// Closes the alert; `false` when it was not open.
    async fn close(&self, key: &AlertKey) -> StoreResult<bool>;
    /// A scheduled dump (of any instance, made every `every`) ended at `at`: a success, or
    /// failed with `error`. A success older than one recorded does not move it back.
    async fn record_dump(
        &self,
        every: Duration,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> StoreResult<()>;
    /// What the scheduled dumps did; `None` until one is recorded.
    async fn dump_log(&self) -> StoreResult<Option<DumpLog>>;
    /// How full the disk holding the store is; `None` when the store cannot tell.
    async fn fullness(&self) -> StoreResult<Option<Fullness>>;
}
