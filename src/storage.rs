//! Storage traits, defined by what the core needs; `sqlite` (the embedded default) and `mongo`
//! implement them, and [`Stores`] bundles either one's stores.

mod alerts;
mod history;
pub mod mongo;
pub mod sqlite;
mod stores;
mod tasks;
pub mod transfer;

pub use alerts::AlertStore;
pub use history::stream_history;
pub use stores::Stores;
pub use tasks::TaskStore;

use std::{collections::HashMap, pin::Pin};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use futures::stream::BoxStream;
use tokio::io::AsyncRead;

use crate::domain::{
    CodeFile, DestinationId, DriveProfile, Event, FileSummary, GithubAccount, Id, Job, JobOverview,
    JobResult, Locale, NewFile, Usage, UserId, UserProfile, VersionInfo,
    backup::{BackupKind, BackupRecord, Integrity, Rating, RemoteCopy, quota::Holdings},
    destination::{DestinationState, FailureKind},
    restore::{Action, Current, UndoLog},
    retention::RetentionPolicy,
    schedule::{Schedule, Zone},
    search::{Found, SearchQuery},
};

/// Why a store call failed. The messages read as they did when every failure was text: the
/// Drive screen shows the last upload error, which may be one of these.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule would be broken (a current file of that name exists, …).
    #[error("conflict")]
    Conflict,
    /// The database refused or could not be reached (a write, a transaction, the network).
    #[error("storage: {0}")]
    Mongo(#[source] mongodb::error::Error),
    /// A stored record does not read as what it should be.
    #[error("storage: unreadable record: {0}")]
    Unreadable(#[source] mongodb::bson::de::Error),
    /// A field of a stored record is missing or of another type; `field` is its path.
    #[error("storage: unreadable record: {field}")]
    Field {
        field: &'static str,
        #[source]
        source: mongodb::bson::document::ValueAccessError,
    },
    #[error("storage: unwritable record: {0}")]
    Unwritable(#[source] mongodb::bson::ser::Error),
    /// Writing or reading a stored archive's bytes failed; `action` says which.
    #[error("storage: cannot {action} the archive: {source}")]
    Archive {
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// The embedded database refused or failed (a write, a lock held too long, a full disk).
    #[error("storage: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// A value kept as JSON in the embedded database does not read or write as it should.
    #[error("storage: unreadable record: {0}")]
    Json(#[source] serde_json::Error),
    /// The blocking task that ran a call on the embedded database ended without an answer.
    #[error("storage: the database task failed: {0}")]
    Task(#[source] tokio::task::JoinError),
    /// A value the store cannot represent (a lease ending past the end of time).
    #[error("storage: {0}")]
    Unrepresentable(&'static str),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait UserStore: Send + Sync {
    /// The user's profile, created with `locale` the first time they are seen.
    async fn get_or_create(&self, user: UserId, locale: Locale) -> StoreResult<UserProfile>;
    async fn set_locale(&self, user: UserId, locale: Locale) -> StoreResult<()>;
    async fn set_zone(&self, user: UserId, zone: Zone) -> StoreResult<()>;
    /// Whether the store knows the user (they have used the bot): what the operator's commands
    /// check before acting for them.
    async fn exists(&self, user: UserId) -> StoreResult<bool>;
}

/// Code files, one record per version. Every method is scoped by the user.
#[async_trait]
pub trait FileStore: Send + Sync {
    /// Creates version 1; `Conflict` if the user has a current file of that name.
    async fn create(&self, file: NewFile, at: DateTime<Utc>) -> StoreResult<CodeFile>;
    /// Adds a version with new content (and note, when given) and makes it current.
    async fn add_version(
        &self,
        user: UserId,
        key: &Id,
        code: String,
        language: String,
        note: Option<String>,
        at: DateTime<Utc>,
    ) -> StoreResult<CodeFile>;
    /// Adds a version with the same content under `name` (its code read as `language`) and
    /// makes it current, so the history keeps the old name; `Conflict` if another current
    /// file of the user has that name. The user's file `replacing` (the one that had the
    /// name), if it is still there, goes to the recycle bin in the same transaction.
    async fn rename(
        &self,
        user: UserId,
        key: &Id,
        name: &str,
        language: &str,
        replacing: Option<&Id>,
        at: DateTime<Utc>,
    ) -> StoreResult<CodeFile>;
    async fn current(&self, user: UserId, key: &Id) -> StoreResult<Option<CodeFile>>;
    async fn current_by_name(&self, user: UserId, name: &str) -> StoreResult<Option<CodeFile>>;
    /// Current, active files, newest first, optionally with a tag.
    async fn list(
        &self,
        user: UserId,
        tag: Option<&str>,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)>;
    /// The distinct tags on the user's current, active files, sorted.
    async fn tags(&self, user: UserId) -> StoreResult<Vec<String>>;
    async fn versions(&self, user: UserId, key: &Id) -> StoreResult<Vec<VersionInfo>>;
    /// One version of an active file.
    async fn version(&self, user: UserId, version_id: &Id) -> StoreResult<Option<CodeFile>>;
    async fn set_note(&self, user: UserId, key: &Id, note: Option<String>) -> StoreResult<()>;
    async fn set_tags(&self, user: UserId, key: &Id, tags: Vec<String>) -> StoreResult<()>;
    /// Moves every version of the file to the recycle bin.
    async fn move_to_bin(&self, user: UserId, key: &Id, at: DateTime<Utc>) -> StoreResult<()>;
    async fn list_bin(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)>;
    /// Brings a binned file back under `name`; `Conflict` if that name is now taken.
    async fn restore_from_bin(&self, user: UserId, key: &Id, name: &str) -> StoreResult<CodeFile>;
    /// The binned file itself (its current version).
    async fn binned(&self, user: UserId, key: &Id) -> StoreResult<Option<CodeFile>>;
    /// Deletes for good every file binned before `cutoff`, for all users; returns the count
    /// of records removed.
    async fn purge_binned_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64>;
    async fn usage(&self, user: UserId) -> StoreResult<Usage>;
    /// Name, content hash, note and tags of every current file: what a restore is planned on.
    async fn current_state(&self, user: UserId) -> StoreResult<Vec<Current>>;
    /// Applies a restore's writes in one transaction: all of them, or none.
    async fn apply(&self, user: UserId, actions: Vec<Action>, at: DateTime<Utc>)
    -> StoreResult<()>;
    /// Every current, active file of the user, by name, one at a time (libraries can be large).
    async fn stream_current(
        &self,
        user: UserId,
    ) -> StoreResult<BoxStream<'static, StoreResult<CodeFile>>>;
    /// Up to `limit` earlier versions of the user's active file `key` numbered below `below`,
    /// newest first: a file's history a page at a time (see [`stream_history`]).
    async fn older_versions(
        &self,
        user: UserId,
        key: &Id,
        below: u32,
        limit: u32,
    ) -> StoreResult<Vec<CodeFile>>;
    /// Marks the user's current, active file `key` a favourite (`NotFound` unless they have
    /// it), or not.
    async fn set_favourite(&self, user: UserId, key: &Id, favourite: bool) -> StoreResult<()>;
    /// The keys of the user's favourite files that are current and active.
    async fn favourites(&self, user: UserId) -> StoreResult<Vec<Id>>;
    /// The user's current, active favourite files, newest first.
    async fn list_favourites(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<FileSummary>, u64)>;
    /// The user's current, active files `query` finds, newest first. The store narrows the
    /// candidates with its index; [`SearchQuery::found`] decides, the same for every store.
    async fn search(&self, user: UserId, query: &SearchQuery) -> StoreResult<Vec<Found>>;
    /// The SHA-256 of every version (the current one included) of each of the user's current,
    /// active files named in `names`, by name; a name no such file has is left out.
    async fn version_hashes(
        &self,
        user: UserId,
        names: &[String],
    ) -> StoreResult<HashMap<String, Vec<String>>>;
}

/// Backup records. Every method is scoped by the user.
#[async_trait]
pub trait BackupStore: Send + Sync {
    async fn insert(&self, record: &BackupRecord) -> StoreResult<()>;
    async fn get(&self, user: UserId, id: &Id) -> StoreResult<Option<BackupRecord>>;
    /// Newest first.
    async fn list(
        &self,
        user: UserId,
        skip: u64,
        limit: u32,
    ) -> StoreResult<(Vec<BackupRecord>, u64)>;
    async fn count(&self, user: UserId) -> StoreResult<u64>;
    /// What the user's backups hold, by kind, rated or not: what the quota counts.
    async fn holdings(&self, user: UserId) -> StoreResult<Holdings>;
    async fn set_rating(&self, user: UserId, id: &Id, rating: Option<Rating>) -> StoreResult<()>;
    async fn set_note(&self, user: UserId, id: &Id, note: Option<String>) -> StoreResult<()>;
    /// Records how its upload to `copy.destination` went, replacing that destination's copy.
    async fn set_copy(&self, user: UserId, id: &Id, copy: &RemoteCopy) -> StoreResult<()>;
    /// `NotFound` unless the user has this backup.
    async fn delete(&self, user: UserId, id: &Id) -> StoreResult<()>;
    /// Up to `limit` (0: all) of the user's oldest unrated backups of `kinds`, never `except`.
    async fn oldest_unrated(
        &self,
        user: UserId,
        kinds: &[BackupKind],
        limit: u64,
        except: &Id,
    ) -> StoreResult<Vec<BackupRecord>>;
    /// Attaches a restore's undo log to its safety snapshot; `NotFound` unless the user has it.
    async fn set_undo(&self, user: UserId, snapshot: &Id, log: &UndoLog) -> StoreResult<()>;
    /// The undo log attached to the user's backup `id`, if any (records and lists leave it out:
    /// it can be large).
    async fn undo_log(&self, user: UserId, id: &Id) -> StoreResult<Option<UndoLog>>;
    /// Marks the undo log of `id` used at `at`, atomically; `false` when there is no log or it
    /// was already used, so two taps on Undo never both go ahead.
    async fn claim_undo(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Makes a claimed undo log usable again (the undo it was claimed for failed).
    async fn release_undo(&self, user: UserId, id: &Id) -> StoreResult<()>;
    /// The backup's archive was read back and found intact at `at`; `NotFound` unless the user
    /// has it.
    async fn set_checked(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<()>;
    /// Marks the backup's archive found damaged (or missing) at `at`, unless it already is;
    /// answers whether this call marked it, so that its owner is told once. `NotFound` unless
    /// the user has it.
    async fn mark_damaged(&self, user: UserId, id: &Id, at: DateTime<Utc>) -> StoreResult<bool>;
    /// The scrub's, spanning all users: of the backups not known to be damaged, the one
    /// checked (or stored) longest ago, when that was at or before `checked_before`.
    async fn next_to_check(
        &self,
        checked_before: DateTime<Utc>,
    ) -> StoreResult<Option<BackupRecord>>;
    /// The scrub's and the alerts', spanning all users: how many backups are stored, how many
    /// are damaged, and how many are due (see [`BackupStore::next_to_check`]).
    async fn integrity(&self, checked_before: DateTime<Utc>) -> StoreResult<Integrity>;
    /// The alerts', spanning all users: every backup found damaged, in the order found.
    async fn damaged(&self) -> StoreResult<Vec<BackupRecord>>;
}

/// A stored archive being read: its bytes as they come from the store, never all at once. A
/// failure while reading is an `std::io::Error`.
pub type BlobReader = Pin<Box<dyn AsyncRead + Send>>;

/// Backup archives, stored under their backup's id and streamed in and out: a store never
/// holds a whole archive in memory.
#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores what `archive` reads, to its end, under `id`; answers how many bytes. When the
    /// reader or the store fails, nothing is left stored under `id` (a crash mid-way leaves an
    /// unfinished blob that `remove_orphans` removes).
    async fn put(
        &self,
        id: &Id,
        file_name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64>;
    /// The archive, read as it is streamed; `NotFound` when there is no complete blob with
    /// this id.
    async fn get(&self, id: &Id) -> StoreResult<BlobReader>;
    /// Deleting a blob that is not there is not an error.
    async fn delete(&self, id: &Id) -> StoreResult<()>;
    /// Deletes the blobs that no backup record names and that were stored before `before`,
    /// the remains of a backup cut short between storing its archive and listing it; answers
    /// how many went. The one method that spans all users (the operator's clean-up): a blob
    /// stored since `before` may belong to a backup still being made, so it stays.
    async fn remove_orphans(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

/// Per-user GitHub settings. Every method is scoped by the user.
#[async_trait]
pub trait GithubStore: Send + Sync {
    async fn account(&self, user: UserId) -> StoreResult<Option<GithubAccount>>;
    async fn set_account(&self, user: UserId, account: &GithubAccount) -> StoreResult<()>;
    /// Whether there was an account to remove.
    async fn clear_account(&self, user: UserId) -> StoreResult<bool>;
    /// Recently backed-up repositories (`owner/name`), most recent first.
    async fn recent_repos(&self, user: UserId) -> StoreResult<Vec<String>>;
    /// Puts `repo` first, keeping at most `keep` repositories.
    async fn remember_repo(&self, user: UserId, repo: &str, keep: usize) -> StoreResult<()>;
}

/// Per-user settings and last outcome of each destination, whatever the destination. Every
/// method is scoped by the user.
#[async_trait]
pub trait DestinationStore: Send + Sync {
    async fn state(
        &self,
        user: UserId,
        destination: &DestinationId,
    ) -> StoreResult<DestinationState>;
    async fn set_schedule(
        &self,
        user: UserId,
        destination: &DestinationId,
        schedule: Schedule,
    ) -> StoreResult<()>;
    /// Which of the bot's copies the destination keeps (replacing the one set before).
    async fn set_retention(
        &self,
        user: UserId,
        destination: &DestinationId,
        policy: RetentionPolicy,
    ) -> StoreResult<()>;
    /// Whether backups made for the destination hold every file's earlier versions.
    async fn set_history(
        &self,
        user: UserId,
        destination: &DestinationId,
        history: bool,
    ) -> StoreResult<()>;
    /// The password backups made for the destination are protected with, sealed (`None`
    /// removes it).
    async fn set_sealed_password(
        &self,
        user: UserId,
        destination: &DestinationId,
        sealed: Option<&[u8]>,
    ) -> StoreResult<()>;
    async fn sealed_password(
        &self,
        user: UserId,
        destination: &DestinationId,
    ) -> StoreResult<Option<Vec<u8>>>;
    /// An upload succeeded: the time, no last error, and the fingerprint of the library it
    /// carried when a scheduled run knows it (`None` for any other upload: that copy is now
    /// the newest there, and what it holds is not known).
    async fn record_success(
        &self,
        user: UserId,
        destination: &DestinationId,
        at: DateTime<Utc>,
        library: Option<&str>,
    ) -> StoreResult<()>;
    /// The destination was connected anew (perhaps to another account): what it holds is not
    /// known, so the next scheduled run uploads.
    async fn forget_library(&self, user: UserId, destination: &DestinationId) -> StoreResult<()>;
    /// A scheduled run found the library as last uploaded and uploaded nothing.
    async fn record_unchanged(
        &self,
        user: UserId,
        destination: &DestinationId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// An upload failed: the error's text, whether it found the destination full, the time.
    async fn record_failure(
        &self,
        user: UserId,
        destination: &DestinationId,
        error: &str,
        kind: FailureKind,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

/// Per-user Google Drive connection and the sealed token. Every method is scoped by the user.
#[async_trait]
pub trait DriveStore: Send + Sync {
    /// The connection together with Drive's [`DestinationState`], as the Drive screen shows it.
    async fn profile(&self, user: UserId) -> StoreResult<DriveProfile>;
    async fn sealed_token(&self, user: UserId) -> StoreResult<Option<Vec<u8>>>;
    async fn set_sealed_token(&self, user: UserId, sealed: &[u8]) -> StoreResult<()>;
    async fn clear_token(&self, user: UserId) -> StoreResult<()>;
    /// A connection was just made: the account, no error, no reconnect needed.
    async fn set_connected(
        &self,
        user: UserId,
        email: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Forgets the token and marks why the user must connect again.
    async fn set_needs_reconnect(
        &self,
        user: UserId,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Forgets the token and the account (the user disconnected); settings stay.
    async fn set_disconnected(&self, user: UserId) -> StoreResult<()>;
    async fn set_folder(&self, user: UserId, folder_id: &str) -> StoreResult<()>;
}

/// When a lease taken at `now` for `lease` ends, for every store's leases (jobs, the poller).
pub(crate) fn lease_end(now: DateTime<Utc>, lease: TimeDelta) -> StoreResult<DateTime<Utc>> {
    now.checked_add_signed(lease)
        .ok_or(StoreError::Unrepresentable(
            "lease ends past the end of time",
        ))
}

/// Takes (or renews) the lease `name` for `holder` until `now + ttl`. On a store no other
/// process can use (`exclusive`: the embedded store's data directory is locked), a lease
/// another holder has is a dead process's: it is freed and taken, not waited out.
pub async fn hold_lease(
    leases: &dyn InstanceLeases,
    name: &str,
    holder: &str,
    ttl: TimeDelta,
    now: DateTime<Utc>,
    exclusive: bool,
) -> StoreResult<Hold> {
    match leases.try_hold(name, holder, ttl, now).await? {
        Hold::HeldBy(other) if exclusive => {
            tracing::info!(lease = name, holder = %other, "taking over the lease of a process that is gone");
            leases.release(name, &other).await?;
            leases.try_hold(name, holder, ttl, now).await
        }
        hold => Ok(hold),
    }
}

/// How long events are kept: older ones are deleted (MongoDB by a TTL index, SQLite as it
/// records new ones).
pub const EVENTS_KEPT: TimeDelta = TimeDelta::days(30);

#[async_trait]
pub trait EventStore: Send + Sync {
    async fn record(&self, event: Event) -> StoreResult<()>;
}

/// Automatic-backup jobs, one per user and destination, claimed with a lease so that however
/// many bot instances run, a job runs on one of them at a time. Times come from the caller's
/// clock.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Creates or updates the user's job for `destination` with a new schedule, due at `due_at`.
    ///
    /// A pending upload retry keeps its own due time (the user changing the schedule should not
    /// postpone or drop it); without one, `due_at` applies. The lease is never touched, so a
    /// run in progress finishes normally.
    async fn set_schedule(
        &self,
        user: UserId,
        destination: &DestinationId,
        schedule: Schedule,
        due_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// A manual upload of `backup` failed: retry it at `due_at`, counting that as the first
    /// failure. The schedule is kept (off if the user has none yet).
    async fn schedule_retry(
        &self,
        user: UserId,
        destination: &DestinationId,
        backup: &Id,
        due_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Atomically claims the job due earliest (`due_at <= now`) whose lease is free or expired,
    /// leasing it to `owner` until `now + lease`. Two callers never get the same job.
    async fn claim_due(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Job>>;
    /// Records a run's result and frees the lease, only if `owner` still holds it; `false`
    /// when the lease was lost (another instance took the job over and its result counts).
    async fn finish(&self, job_id: &str, owner: &str, result: &JobResult) -> StoreResult<bool>;
    /// Extends `owner`'s lease to `until` for a long run; `false` when the lease was lost.
    async fn renew(&self, job_id: &str, owner: &str, until: DateTime<Utc>) -> StoreResult<bool>;
    /// Frees every lease `owner` holds (on shutdown), leaving due times as they are so another
    /// instance, or this one after a restart, picks the jobs up. Returns how many were freed.
    async fn release_all(&self, owner: &str) -> StoreResult<u64>;
    async fn get(&self, user: UserId, destination: &DestinationId) -> StoreResult<Option<Job>>;
    /// Removes the user's job for `destination`; removing a job that is not there is not an
    /// error.
    async fn delete(&self, user: UserId, destination: &DestinationId) -> StoreResult<()>;
    /// The metrics', spanning all users: their jobs summed up as of `now` (counts and times,
    /// naming no user). Two grouped reads, cheap enough for a timer.
    async fn overview(&self, now: DateTime<Utc>) -> StoreResult<JobOverview>;
    /// The alerts', spanning all users: every job whose schedule is on, by id.
    async fn scheduled(&self) -> StoreResult<Vec<Job>>;
}

/// Whether a call to [`InstanceLeases::try_hold`] got the lease.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The caller holds it now, until `now + ttl`.
    Held,
    /// Another holder does, and its lease has not ended yet.
    HeldBy(String),
}

/// Named leases on work one instance at a time must do for all (polling Telegram), so that
/// however many instances share the database, one does it and the others stand by. Times come
/// from the caller's clock, so instances sharing a database need synchronized clocks.
#[async_trait]
pub trait InstanceLeases: Send + Sync {
    /// Atomically takes `name` for `holder` until `now + ttl` when it is free, its lease has
    /// ended, or `holder` holds it already (which renews it). Two callers racing never both get
    /// [`Hold::Held`].
    async fn try_hold(
        &self,
        name: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<Hold>;
    /// Frees `name` at once if `holder` holds it (a lease of another holder stays); answers
    /// whether it did.
    async fn release(&self, name: &str, holder: &str) -> StoreResult<bool>;
}
