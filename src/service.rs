//! Use cases. Handlers call these; these call storage and pure domain code.

pub mod alerts;
mod background;
pub mod backup;
pub mod copies;
pub mod destination;
pub mod drive;
pub mod events;
pub mod explain;
pub mod github;
pub mod import;
mod leased;
pub mod library;
pub mod passwords;
pub mod restore;
pub mod scheduler;
pub mod scrub;
pub mod tasks;
pub mod users;
mod watch;

use std::future::Future;

use chrono::{DateTime, Utc};

use crate::{
    domain::paging::{self, Page},
    storage::StoreResult,
};

pub use backup::{BackupError, BackupOptions, BackupService, BackupSettings, Imported};
pub use explain::{Explain, MessageArg, Severity, UserMessage};
pub use library::{Library, LibraryError, LibraryLimits, LibraryResult, SaveMode};
pub use users::Users;

/// The current time, injected so tests can move it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Reads page `page` of `size` rows through `read(offset, limit)`, which answers the rows and
/// the total. A page past the end (a stale or forged button) shows the last page instead.
pub(crate) async fn read_page<T, F, Fut>(page: u32, size: u32, read: F) -> StoreResult<Page<T>>
where
    F: Fn(u64, u32) -> Fut,
    Fut: Future<Output = StoreResult<(Vec<T>, u64)>>,
{
    let (mut items, mut total) = read(paging::offset(page, size), size).await?;
    let number = paging::clamp(page, size, total);
    if number != page {
        (items, total) = read(paging::offset(number, size), size).await?;
    }
    Ok(Page {
        items,
        number,
        size,
        total,
    })
}
