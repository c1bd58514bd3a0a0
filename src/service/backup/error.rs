//! What can go wrong with a backup. Each failure keeps the error that caused it as its source;
//! the messages read as they did when causes were kept as text (the Drive screen shows the
//! last upload error, which may be one of these).

use tokio::task::JoinError;

use crate::{
    archive::{ArchiveError, VerifyError, repo_zip::RepackError},
    domain::backup::quota::NoRoom,
    storage::StoreError,
};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("no such backup")]
    NotFound,
    #[error("note too long")]
    NoteTooLong,
    #[error("cannot build the archive: {0}")]
    Build(#[source] BuildError),
    #[error("the stored archive did not verify: {0}")]
    Verification(#[source] VerificationError),
    /// A stored archive no longer matches its record's SHA-256.
    #[error("the stored archive is damaged")]
    Damaged,
    /// A repository download that cannot be kept (not a ZIP, no files, too large).
    #[error(transparent)]
    Repository(RepackError),
    /// The quota cannot make room for it (a rating means "keep", and room is made only in
    /// the new backup's class): nothing was stored, nothing removed.
    #[error("{}", no_room_text(.0))]
    NoRoom(NoRoom),
    /// The user stopped it; nothing was kept.
    #[error("cancelled")]
    Cancelled,
    /// A protected backup cannot be cut into parts: each part's manifest would need the
    /// password, which the bot does not keep.
    #[error("a protected backup cannot be sent in parts")]
    ProtectedParts,
    /// A protected backup was asked for, but its password is no longer held here (the bot
    /// restarted, or another instance took the task): nothing was made.
    #[error("the password of a protected backup is no longer known")]
    PasswordLost,
    #[error(transparent)]
    Store(StoreError),
}

/// The refusal as the Drive screen's last error and the logs read it.
fn no_room_text(no_room: &NoRoom) -> String {
    match no_room {
        NoRoom::Count {
            class,
            stored,
            limit,
        } => format!(
            "no room for another {} backup: {stored} stored, {limit} allowed, the rest rated",
            class.as_str()
        ),
        NoRoom::Bytes { used, limit, size } => {
            let size = size.map_or_else(String::new, |size| format!(" of {size} bytes"));
            format!("no room for a backup{size}: {used} of {limit} bytes stored")
        }
    }
}

/// Why an archive could not be made: written, repackaged or cut into parts.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// The blocking task making it panicked or was cancelled.
    #[error(transparent)]
    Worker(#[from] JoinError),
}

/// Why an archive read back from the store, or about to be sent, was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum VerificationError {
    #[error(transparent)]
    Archive(#[from] VerifyError),
    #[error("the stored bytes differ from those written")]
    BytesDiffer,
    #[error("the stored manifest differs")]
    ManifestDiffers,
    /// The blocking task checking it panicked or was cancelled.
    #[error(transparent)]
    Worker(#[from] JoinError),
}

impl From<StoreError> for BackupError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::NotFound,
            other => Self::Store(other),
        }
    }
}

impl From<BuildError> for BackupError {
    fn from(error: BuildError) -> Self {
        Self::Build(error)
    }
}

impl From<ArchiveError> for BackupError {
    fn from(error: ArchiveError) -> Self {
        Self::Build(error.into())
    }
}

impl From<VerificationError> for BackupError {
    fn from(error: VerificationError) -> Self {
        Self::Verification(error)
    }
}

impl From<VerifyError> for BackupError {
    fn from(error: VerifyError) -> Self {
        Self::Verification(error.into())
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use zip::result::ZipError;

    use super::*;
    use crate::archive::BadManifest;

    /// The error behind `error`, however deep, if it is an `E`.
    fn cause<'a, E: Error + 'static>(error: &'a (dyn Error + 'static)) -> Option<&'a E> {
        let mut next = error.source();
        while let Some(source) = next {
            if let Some(found) = source.downcast_ref::<E>() {
                return Some(found);
            }
            next = source.source();
        }
        None
    }

    #[test]
    fn causes_are_kept_and_read_as_their_text_did() {
        let build = BackupError::from(ArchiveError::from(ZipError::FileNotFound));
        assert_eq!(
            build.to_string(),
            format!("cannot build the archive: zip: {}", ZipError::FileNotFound)
        );
        assert!(matches!(
            cause::<ZipError>(&build),
            Some(ZipError::FileNotFound)
        ));

        let json = serde_json::from_slice::<u8>(b"x").unwrap_err();
        let text = json.to_string();
        let unverified = BackupError::from(VerifyError::BadManifest(BadManifest::from(json)));
        assert_eq!(
            unverified.to_string(),
            format!("the stored archive did not verify: bad manifest: {text}")
        );
        assert!(cause::<serde_json::Error>(&unverified).is_some());

        let io = std::io::Error::other("disk gone");
        let store = BackupError::from(StoreError::Archive {
            action: "read",
            source: io,
        });
        assert_eq!(
            store.to_string(),
            "storage: cannot read the archive: disk gone"
        );
        assert!(cause::<std::io::Error>(&store).is_some_and(|io| io.to_string() == "disk gone"));
    }
}
