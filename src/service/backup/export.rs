//! A user's library as a backup archive that is not stored: what answers their request for
//! their data (`codevault export`).

use chrono::SubsecRound;

use super::{BackupOptions, BackupResult, BackupService, VerificationError};
use crate::{
    archive::verify,
    domain::{Id, UserId, backup::BackupKind, progress::Progress},
    spool::Spooled,
};

/// An exported library: its archive (checked), and what its manifest says.
pub struct Exported {
    pub archive: Spooled,
    /// The id in its manifest; no backup of the user has it.
    pub id: Id,
    pub files: u64,
    pub total_size: u64,
}

impl BackupService {
    /// Writes every current file of the user into an archive with the writer and manifest of
    /// a full backup, and checks every entry against the manifest, as a backup is checked
    /// before it is listed; nothing is stored. Counts the files to `progress`.
    pub async fn export(&self, user: UserId, progress: &dyn Progress) -> BackupResult<Exported> {
        let id = Id::generate();
        let created_at = self.clock.now().trunc_subsecs(0);
        let header = self.header(&id, BackupKind::FullBackup, user, created_at);
        let plain = BackupOptions::default();
        let (archive, manifest) = self.build(user, header, &plain, progress).await?;
        let (written, files, total_size) =
            (manifest.sha256(), manifest.total_files, manifest.total_size);
        // The manifest of a large library is not kept while the archive is read back.
        drop(manifest);
        let source = archive.source();
        let read_back = tokio::task::spawn_blocking(move || verify(source))
            .await
            .map_err(VerificationError::from)??;
        if read_back.sha256() != written {
            return Err(VerificationError::ManifestDiffers.into());
        }
        Ok(Exported {
            archive,
            id,
            files,
            total_size,
        })
    }
}
