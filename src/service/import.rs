//! Imports of external ZIPs: validate without extracting, then keep the archive as an
//! `imported_zip` backup; its files then go through the restore plan and choices.

use std::sync::Arc;

use super::{BackupError, BackupService, backup::Created};
use crate::{
    archive::reader::{ReadArchive, ReadError, ReadLimits, read_archive},
    domain::{UserId, backup::BackupKind},
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
}

pub struct ImportService {
    backups: Arc<BackupService>,
    limits: ReadLimits,
}

impl ImportService {
    pub fn new(backups: Arc<BackupService>, limits: ReadLimits) -> Self {
        Self { backups, limits }
    }

    /// Reads and checks an archive (on a blocking thread: inflating is CPU work); returns what
    /// it holds and the bytes, untouched.
    pub async fn inspect(
        &self,
        archive: Vec<u8>,
        document_name: Option<String>,
    ) -> Result<(ReadArchive, Vec<u8>), ImportError> {
        let limits = self.limits.clone();
        let (read, archive) = tokio::task::spawn_blocking(move || {
            let read = read_archive(&archive, document_name.as_deref(), &limits);
            (read, archive)
        })
        .await
        .map_err(|error| ImportError::Refused(ReadError::Corrupt(error.to_string())))?;
        let read = read.map_err(ImportError::Refused)?;
        if read.files.is_empty() {
            return Err(ImportError::NoFiles);
        }
        Ok((read, archive))
    }

    /// Checks the archive again (it came back from Telegram) and keeps it as a backup.
    pub async fn keep(
        &self,
        user: UserId,
        archive: Vec<u8>,
        document_name: Option<String>,
    ) -> Result<Created, ImportError> {
        self.backups
            .ensure_room(user, BackupKind::ImportedZip)
            .await?;
        let (read, archive) = self.inspect(archive, document_name).await?;
        let total_size = read.files.iter().map(|file| file.code.len() as u64).sum();
        let count = read.files.len() as u64;
        Ok(self
            .backups
            .store_imported(user, archive, count, total_size, read.repo)
            .await?)
    }
}
