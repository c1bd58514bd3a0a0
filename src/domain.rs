//! Pure types and rules: no I/O, no database, no Telegram.

pub mod backup;
pub mod code_file;
pub mod file_name;
pub mod id;
pub mod incoming;
pub mod language;
pub mod note;
pub mod paging;
pub mod quota;
pub mod repo_ref;
pub mod restore;
pub mod schedule;
pub mod tags;
pub mod text;

pub use code_file::{CodeFile, FileSummary, NewFile, Usage, VersionInfo};
pub use id::Id;

/// A Telegram user id; every stored record is scoped by it.
pub type UserId = i64;

/// The longest note a user may attach to a file or a backup.
pub const MAX_NOTE_CHARS: usize = 1000;
