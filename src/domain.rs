//! Pure types and rules: no I/O, no database, no Telegram.

pub mod alert;
pub mod backup;
pub mod code_file;
pub mod destination;
pub mod diff;
pub mod drive;
pub mod event;
pub mod file_name;
pub mod fingerprint;
pub mod github;
pub mod id;
pub mod incoming;
pub mod job;
pub mod language;
pub mod locale;
pub mod note;
pub mod paging;
pub mod password;
pub mod paste;
pub mod progress;
pub mod quota;
pub mod repo_ref;
pub mod restore;
pub mod retention;
pub mod schedule;
pub mod search;
pub mod tags;
pub mod task;
pub mod text;
pub mod user;

pub use code_file::{CodeFile, FileSummary, NewFile, Usage, VersionInfo};
pub use destination::{DestinationId, UploadTrigger};
pub use drive::DriveProfile;
pub use event::{Event, Severity};
pub use github::GithubAccount;
pub use id::Id;
pub use job::{Job, JobOverview, JobResult, ScheduledJobs};
pub use locale::Locale;
pub use task::{Task, TaskKind, TaskState};
pub use user::UserProfile;

/// A Telegram user id; every stored record is scoped by it.
pub type UserId = i64;

/// The longest note a user may attach to a file or a backup.
pub const MAX_NOTE_CHARS: usize = 1000;
