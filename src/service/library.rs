//! The code library: saving, versions, notes, tags, the recycle bin.

use std::sync::Arc;

use chrono::Duration;

mod compare;
pub(crate) mod explain;
mod favourites;
mod search;

pub use compare::Comparison;

use super::{Clock, events, read_page};
use crate::{
    domain::{
        CodeFile, Event, FileSummary, Id, NewFile, Usage, UserId, VersionInfo,
        file_name::{NameError, unique_name, validate_name},
        language,
        note::check_note,
        paging::{self, Page, offset},
        quota::{Quota, QuotaError},
        search::QueryError,
        tags::{TagError, parse_tags},
    },
    storage::{EventStore, FileStore, StoreError},
};

/// What adding a version did.
#[derive(Clone, Debug, PartialEq)]
pub enum Added {
    Version(CodeFile),
    /// The code was the current version's: nothing was added.
    Unchanged(CodeFile),
}

#[derive(Clone, Debug)]
pub struct LibraryLimits {
    pub max_file_bytes: u64,
    pub max_files: u64,
    pub max_bytes: u64,
    pub recycle_bin_days: u32,
    pub page_size: u32,
}

impl LibraryLimits {
    pub fn quota(&self) -> Quota {
        Quota {
            max_files: self.max_files,
            max_bytes: self.max_bytes,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("no such file")]
    NotFound,
    #[error("a file with this name exists")]
    NameTaken,
    #[error("invalid name: {0:?}")]
    InvalidName(NameError),
    #[error("file over the per-file limit")]
    FileTooLarge { max_bytes: u64 },
    #[error("too many files")]
    TooManyFiles { max: u64 },
    #[error("library over its size limit")]
    LibraryFull { max_bytes: u64 },
    #[error("note too long")]
    NoteTooLong,
    #[error("invalid tags: {0:?}")]
    InvalidTags(TagError),
    #[error("unreadable search: {0}")]
    BadQuery(QueryError),
    #[error(transparent)]
    Store(StoreError),
    /// Work handed to a blocking thread ended without its result (it panicked).
    #[error("a worker stopped: {0}")]
    Worker(String),
}

impl From<StoreError> for LibraryError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict => Self::NameTaken,
            other => Self::Store(other),
        }
    }
}

impl From<QuotaError> for LibraryError {
    fn from(error: QuotaError) -> Self {
        match error {
            QuotaError::TooManyFiles { max } => Self::TooManyFiles { max },
            QuotaError::LibraryFull { max_bytes } => Self::LibraryFull { max_bytes },
        }
    }
}

pub type LibraryResult<T> = Result<T, LibraryError>;

/// A file's current version with one page of its history.
pub struct History {
    pub file: CodeFile,
    pub versions: Page<VersionInfo>,
}

/// How code is saved under a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMode {
    /// As a new file; refused if a current file has the name.
    New,
    /// As a new version of the current file of that name, or as a new file if there is none
    /// (it was deleted since the user chose to replace it).
    Replace,
}

/// What to do when the new name of a file being renamed is another file's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IfTaken {
    Refuse,
    /// That other file goes to the recycle bin.
    Bin,
}

/// A file renamed: the name it had, and whether another file had to leave the new one.
#[derive(Debug)]
pub struct Renamed {
    pub from: String,
    pub file: CodeFile,
    pub binned: bool,
}

impl Renamed {
    fn nothing(file: CodeFile) -> Self {
        Self {
            from: file.name.clone(),
            file,
            binned: false,
        }
    }
}

/// A file back from the recycle bin, and its old name if it had to take a new one.
pub struct Restored {
    pub file: CodeFile,
    pub renamed_from: Option<String>,
}

pub struct Library {
    files: Arc<dyn FileStore>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    limits: LibraryLimits,
}

impl Library {
    pub fn new(
        files: Arc<dyn FileStore>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        limits: LibraryLimits,
    ) -> Self {
        Self {
            files,
            events,
            clock,
            limits,
        }
    }

    pub fn limits(&self) -> &LibraryLimits {
        &self.limits
    }

    /// Validates a name the user typed and says whether a current file already has it.
    pub async fn check_name(&self, user: UserId, raw: &str) -> LibraryResult<(String, bool)> {
        let name = validate_name(raw).map_err(LibraryError::InvalidName)?;
        let taken = self.files.current_by_name(user, &name).await?.is_some();
        Ok((name, taken))
    }

    /// Adds `code` as the newest version of the user's file `key` (🆕 New version); the same
    /// code as the current version adds nothing.
    pub async fn add_version(&self, user: UserId, key: &Id, code: String) -> LibraryResult<Added> {
        let current = self.open(user, key).await?;
        if current.code == code {
            return Ok(Added::Unchanged(current));
        }
        Ok(Added::Version(
            self.new_version(user, &current, code, None).await?,
        ))
    }

    /// Renames the user's file `key` to the name they typed, checked as any name is, as a new
    /// version (the history keeps the old name); the same name changes nothing. A name
    /// another file has is refused, or, when `if_taken` says so, that file goes to the
    /// recycle bin in the same step.
    pub async fn rename(
        &self,
        user: UserId,
        key: &Id,
        typed: &str,
        if_taken: IfTaken,
    ) -> LibraryResult<Renamed> {
        let name = validate_name(typed).map_err(LibraryError::InvalidName)?;
        let file = self.open(user, key).await?;
        if name == file.name {
            return Ok(Renamed::nothing(file));
        }
        let replacing = match if_taken {
            IfTaken::Refuse => None,
            IfTaken::Bin => self.files.current_by_name(user, &name).await?,
        };
        // The name may say more about the code than the code did (`notes` → `notes.rs`).
        let language = language::detect(Some(&name), &file.code);
        let at = self.clock.now();
        let replacing_key = replacing.as_ref().map(|other| &other.key);
        let renamed = self
            .files
            .rename(user, key, &name, language, replacing_key, at)
            .await?;
        Ok(Renamed {
            from: file.name,
            file: renamed,
            binned: replacing.is_some(),
        })
    }

    pub fn check_note(text: &str) -> LibraryResult<String> {
        check_note(text).map_err(|_| LibraryError::NoteTooLong)
    }

    /// The note to keep for `text`: checked, and none when empty.
    fn note_of(text: Option<&str>) -> LibraryResult<Option<String>> {
        Ok(text
            .map(Self::check_note)
            .transpose()?
            .filter(|note| !note.is_empty()))
    }

    /// Saves code under `name`, as `mode` says, with `note` (none when empty).
    pub async fn save(
        &self,
        user: UserId,
        name: &str,
        code: String,
        note: Option<&str>,
        mode: SaveMode,
    ) -> LibraryResult<CodeFile> {
        let note = Self::note_of(note)?;
        if mode == SaveMode::Replace {
            match self.replace(user, name, code.clone(), note.clone()).await {
                // Deleted meanwhile: nothing to replace, so it is saved anew.
                Err(LibraryError::NotFound) => {}
                replaced => return replaced,
            }
        }
        self.create(user, name, code, note).await
    }

    /// Saves new code under a new name (version 1).
    pub async fn create(
        &self,
        user: UserId,
        name: &str,
        code: String,
        note: Option<String>,
    ) -> LibraryResult<CodeFile> {
        let name = validate_name(name).map_err(LibraryError::InvalidName)?;
        self.check_room(user, code.len() as u64, None).await?;
        let language = language::detect(Some(&name), &code).to_owned();
        let file = NewFile {
            user_id: user,
            name,
            language,
            code,
            note,
            tags: Vec::new(),
        };
        Ok(self.files.create(file, self.clock.now()).await?)
    }

    /// Saves code as a new version of the current file called `name`.
    pub async fn replace(
        &self,
        user: UserId,
        name: &str,
        code: String,
        note: Option<String>,
    ) -> LibraryResult<CodeFile> {
        let current = self
            .files
            .current_by_name(user, name)
            .await?
            .ok_or(LibraryError::NotFound)?;
        self.new_version(user, &current, code, note).await
    }

    async fn new_version(
        &self,
        user: UserId,
        current: &CodeFile,
        code: String,
        note: Option<String>,
    ) -> LibraryResult<CodeFile> {
        self.check_room(user, code.len() as u64, Some(current.size))
            .await?;
        let language = language::detect(Some(&current.name), &code).to_owned();
        let now = self.clock.now();
        Ok(self
            .files
            .add_version(user, &current.key, code, language, note, now)
            .await?)
    }

    /// Refuses content that would break a per-file or per-user limit: `adding` bytes as a new
    /// file, or in place of a file of `replacing` bytes.
    async fn check_room(
        &self,
        user: UserId,
        adding: u64,
        replacing: Option<u64>,
    ) -> LibraryResult<()> {
        if adding > self.limits.max_file_bytes {
            return Err(LibraryError::FileTooLarge {
                max_bytes: self.limits.max_file_bytes,
            });
        }
        let before = self.files.usage(user).await?;
        let after = Usage {
            files: before.files.saturating_add(u64::from(replacing.is_none())),
            bytes: before
                .bytes
                .saturating_sub(replacing.unwrap_or(0))
                .saturating_add(adding),
        };
        Ok(self.limits.quota().check(before, after)?)
    }

    pub async fn list(
        &self,
        user: UserId,
        tag: Option<&str>,
        page: u32,
    ) -> LibraryResult<Page<FileSummary>> {
        let read = |skip, limit| self.files.list(user, tag, skip, limit);
        Ok(read_page(page, self.limits.page_size, read).await?)
    }

    pub async fn tags(&self, user: UserId) -> LibraryResult<Vec<String>> {
        Ok(self.files.tags(user).await?)
    }

    pub async fn open(&self, user: UserId, key: &Id) -> LibraryResult<CodeFile> {
        self.files
            .current(user, key)
            .await?
            .ok_or(LibraryError::NotFound)
    }

    pub async fn history(&self, user: UserId, key: &Id, page: u32) -> LibraryResult<History> {
        let file = self.open(user, key).await?;
        let all = self.files.versions(user, key).await?;
        let size = self.limits.page_size;
        let total = all.len() as u64;
        let number = paging::clamp(page, size, total);
        let items = all
            .iter()
            .skip(usize::try_from(offset(number, size)).unwrap_or(usize::MAX))
            .take(size as usize)
            .cloned()
            .collect();
        let versions = Page {
            items,
            number,
            size,
            total,
        };
        Ok(History { file, versions })
    }

    pub async fn version(&self, user: UserId, version_id: &Id) -> LibraryResult<CodeFile> {
        self.files
            .version(user, version_id)
            .await?
            .ok_or(LibraryError::NotFound)
    }

    /// Brings an old version back by saving its content as the newest version, so the
    /// versions in between stay in the history.
    pub async fn make_current(&self, user: UserId, version_id: &Id) -> LibraryResult<CodeFile> {
        let old = self.version(user, version_id).await?;
        let current = self.open(user, &old.key).await?;
        if current.version_id == old.version_id {
            return Ok(current);
        }
        self.new_version(user, &current, old.code, None).await
    }

    pub async fn set_note(
        &self,
        user: UserId,
        key: &Id,
        note: Option<&str>,
    ) -> LibraryResult<CodeFile> {
        let note = Self::note_of(note)?;
        self.files.set_note(user, key, note).await?;
        self.open(user, key).await
    }

    pub async fn set_tags(&self, user: UserId, key: &Id, text: &str) -> LibraryResult<CodeFile> {
        let tags = parse_tags(text).map_err(LibraryError::InvalidTags)?;
        self.files.set_tags(user, key, tags).await?;
        self.open(user, key).await
    }

    /// Moves the file to the recycle bin; returns it as it was.
    pub async fn delete(&self, user: UserId, key: &Id) -> LibraryResult<CodeFile> {
        let file = self.open(user, key).await?;
        self.files.move_to_bin(user, key, self.clock.now()).await?;
        Ok(file)
    }

    pub async fn bin(&self, user: UserId, page: u32) -> LibraryResult<Page<FileSummary>> {
        let read = |skip, limit| self.files.list_bin(user, skip, limit);
        Ok(read_page(page, self.limits.page_size, read).await?)
    }

    /// Restores a binned file; if its name was taken meanwhile it comes back as
    /// `name (restored).ext`, so nothing is overwritten.
    pub async fn restore(&self, user: UserId, key: &Id) -> LibraryResult<Restored> {
        let binned = self
            .files
            .binned(user, key)
            .await?
            .ok_or(LibraryError::NotFound)?;
        self.check_room(user, binned.size, None).await?;
        let mut name = binned.name.clone();
        // Each try picks a name free at that moment; a concurrent save may still take it.
        for _ in 0..3 {
            match self.files.restore_from_bin(user, key, &name).await {
                Err(StoreError::Conflict) => name = self.free_name(user, &binned.name).await?,
                result => {
                    let file = result?;
                    let renamed_from = (file.name != binned.name).then_some(binned.name);
                    return Ok(Restored { file, renamed_from });
                }
            }
        }
        Err(LibraryError::NameTaken)
    }

    async fn free_name(&self, user: UserId, name: &str) -> LibraryResult<String> {
        let mut tried: Vec<String> = Vec::new();
        while tried.len() < 50 {
            let candidate = unique_name(name, "restored", |c| tried.iter().any(|t| t == c));
            if self
                .files
                .current_by_name(user, &candidate)
                .await?
                .is_none()
            {
                return Ok(candidate);
            }
            tried.push(candidate);
        }
        Err(LibraryError::NameTaken)
    }

    /// Deletes for good what has been in the recycle bin longer than allowed.
    pub async fn purge_expired(&self) -> LibraryResult<u64> {
        let cutoff = self.clock.now() - Duration::days(i64::from(self.limits.recycle_bin_days));
        let purged = self.files.purge_binned_before(cutoff).await?;
        if purged > 0 {
            let event = Event::FilesPurged { records: purged };
            events::emit(self.events.as_ref(), event).await;
        }
        Ok(purged)
    }
}
