//! Use cases. Handlers call these; these call storage and pure domain code.

pub mod backup;
pub mod drive;
pub mod github;
pub mod import;
pub mod library;
pub mod restore;
pub mod scheduler;

use chrono::{DateTime, Utc};

pub use backup::{BackupError, BackupService, BackupSettings};
pub use library::{Library, LibraryError, LibraryLimits, LibraryResult};

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
