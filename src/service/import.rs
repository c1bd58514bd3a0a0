//! Imports of external ZIPs: validate without extracting, then keep the archive as an
//! `imported_zip` backup; its files then go through the restore plan and choices.

pub(crate) mod explain;

use std::sync::Arc;

use super::{
    BackupError, BackupService,
    backup::{Created, Imported, VerificationError},
    restore::{RestoreError, admitted_files, plan_within},
};
use crate::{
    archive::reader::{ReadArchive, ReadError, ReadLimits, read_protected},
    domain::{UserId, backup::BackupKind, password::Password, quota::Quota},
    spool::Spooled,
    storage::FileStore,
};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The archive breaks a rule; nothing was stored.
    #[error("archive refused: {0}")]
    Refused(ReadError),
    /// A valid archive with no file to import (only folders, binaries, …).
    #[error("no file to import")]
    NoFiles,
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// The files could not enter the library (its limits, or its store failed); nothing was
    /// stored.
    #[error(transparent)]
    Library(RestoreError),
}

/// What an archive sent to be imported turned out to be.
pub enum Inspection {
    /// Read and checked: what it holds, and the archive, untouched.
    Read(Box<ReadArchive>, Spooled),
    /// Its entries are encrypted (a protected backup) and no password was given: nothing of
    /// it can be checked until the user gives it.
    Protected,
}

pub struct ImportService {
    backups: Arc<BackupService>,
    files: Arc<dyn FileStore>,
    limits: ReadLimits,
    quota: Quota,
}

impl ImportService {
    pub fn new(
        backups: Arc<BackupService>,
        files: Arc<dyn FileStore>,
        limits: ReadLimits,
        quota: Quota,
    ) -> Self {
        Self {
            backups,
            files,
            limits,
            quota,
        }
    }

    /// Reads and checks an archive (on a blocking thread: inflating is CPU work), a protected
    /// one with `password`; returns what it holds and the archive, untouched. A user with no
    /// room for one more backup hears so before being asked anything.
    pub async fn inspect(
        &self,
        user: UserId,
        archive: Spooled,
        document_name: Option<String>,
        password: Option<&Password>,
    ) -> Result<Inspection, ImportError> {
        self.backups
            .ensure_room(user, BackupKind::ImportedZip)
            .await?;
        let limits = self.limits.clone();
        let source = archive.source();
        let password = password.cloned();
        let read = tokio::task::spawn_blocking(move || {
            read_protected(source, document_name.as_deref(), &limits, password.as_ref())
        })
        .await
        .map_err(|error| BackupError::from(VerificationError::from(error)))?;
        let read = match read {
            Ok(read) => read,
            Err(ReadError::PasswordRequired) => return Ok(Inspection::Protected),
            Err(reason) => return Err(ImportError::Refused(reason)),
        };
        if read.files.is_empty() {
            return Err(ImportError::NoFiles);
        }
        Ok(Inspection::Read(Box::new(read), archive))
    }

    /// Checks the archive again (it came back from Telegram, a protected one opened with
    /// `password`) and keeps it as a backup, unless its files could never fit in the library:
    /// then nothing is stored.
    pub async fn keep(
        &self,
        user: UserId,
        archive: Spooled,
        document_name: Option<String>,
        password: Option<&Password>,
    ) -> Result<Created, ImportError> {
        let inspection = self.inspect(user, archive, document_name, password).await?;
        let Inspection::Read(read, archive) = inspection else {
            return Err(ImportError::Refused(ReadError::PasswordRequired));
        };
        let imported = Imported {
            file_count: read.files.len() as u64,
            total_size: read.files.iter().map(|file| file.code.len() as u64).sum(),
            repo: read.repo.clone(),
            protected: read.protected,
        };
        let (incoming, _) =
            admitted_files(*read, BackupKind::ImportedZip, imported.repo.as_deref());
        plan_within(self.files.as_ref(), self.quota, user, incoming)
            .await
            .map_err(ImportError::Library)?;
        Ok(self.backups.store_imported(user, archive, imported).await?)
    }
}
