//! Uploading a backup once: multipart when small, resumable (chunk by chunk from its source)
//! when large, and checked against Drive's MD5 afterwards.

use std::io::Cursor;

use google_drive3::api::{File, Scope};
use md5::{Digest, Md5};
use tokio::io::AsyncReadExt;

use super::{
    BACKUP_MIME_TYPE, BackupMarks, DriveError, DriveFile, GoogleClient,
    drive::FILE_FIELDS,
    error::AttemptError,
    retry::{Hub, Recorder},
};
use crate::{
    domain::progress::{Progress, Unit},
    integrations::transfer::UploadSource,
};

fn md5_hex(bytes: &[u8]) -> String {
    hex::encode(Md5::digest(bytes))
}

/// The whole of a source small enough for one multipart request.
async fn read_whole(source: &dyn UploadSource) -> Result<Vec<u8>, DriveError> {
    let len = source.len();
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let reader = source.open_at(0).await.map_err(DriveError::Local)?;
    reader
        .take(len)
        .read_to_end(&mut bytes)
        .await
        .map_err(DriveError::Local)?;
    if u64::try_from(bytes.len()) != Ok(len) {
        let short = std::io::ErrorKind::UnexpectedEof;
        return Err(DriveError::Local(std::io::Error::new(
            short,
            "the source ended early",
        )));
    }
    Ok(bytes)
}

impl GoogleClient {
    /// Uploads a backup once: an earlier upload of `backup_id` is returned as it is.
    /// Multipart up to `multipart_limit_bytes` (read whole), resumable above (one chunk in
    /// memory at a time). After the upload Drive's MD5 is compared with the one computed from
    /// what was read; on a mismatch the file is deleted and `Checksum` returned.
    ///
    /// `progress` hears the bytes Google keeps; when it says cancelled the upload stops
    /// (abandoning a resumable session) and `Cancelled` is returned: no file is made.
    pub async fn upload(
        &self,
        user: i64,
        folder: &str,
        file_name: &str,
        source: &dyn UploadSource,
        backup_id: &str,
        progress: &dyn Progress,
    ) -> Result<DriveFile, DriveError> {
        let marks = BackupMarks::id(backup_id);
        self.upload_backup(user, folder, file_name, source, &marks, progress)
            .await
    }

    /// [`Self::upload`], the file marked with all of `marks` (and `user` as its owner).
    pub async fn upload_backup(
        &self,
        user: i64,
        folder: &str,
        file_name: &str,
        source: &dyn UploadSource,
        marks: &BackupMarks,
        progress: &dyn Progress,
    ) -> Result<DriveFile, DriveError> {
        if progress.cancelled() {
            return Err(DriveError::Cancelled);
        }
        let backup_id = marks.backup_id.as_str();
        let total = source.len();
        progress.advance(Unit::Bytes, 0, Some(total));
        let metadata = File {
            name: Some(file_name.to_owned()),
            parents: Some(vec![folder.to_owned()]),
            app_properties: Some(marks.properties(user)),
            ..File::default()
        };
        let (file, local_md5) = if total <= self.settings().multipart_limit_bytes {
            let bytes = read_whole(source).await?;
            // Look up, then create, in every attempt: a retry after a lost response finds the
            // file.
            let (file, created) = self
                .run(user, |hub| async {
                    if let Some(existing) = self
                        .find_backup_once(hub.clone(), folder, backup_id)
                        .await?
                    {
                        return Ok((existing, false));
                    }
                    self.create_multipart(hub, metadata.clone(), &bytes)
                        .await
                        .map(|file| (file, true))
                })
                .await?;
            if !created {
                return Ok(already_there(user, backup_id, file, progress, total));
            }
            (file, md5_hex(&bytes))
        } else {
            // Look up, then upload: a lost final answer is recovered inside the session (by
            // asking for its status), and an upload that failed for good is found next time.
            if let Some(existing) = self.find_backup(user, folder, backup_id).await? {
                return Ok(already_there(user, backup_id, existing, progress, total));
            }
            self.upload_resumable(
                user,
                &metadata,
                FILE_FIELDS,
                BACKUP_MIME_TYPE,
                source,
                progress,
            )
            .await?
        };
        if file.md5.as_deref() != Some(local_md5.as_str()) {
            let remote = file.md5.clone().unwrap_or_else(|| "(none)".to_owned());
            tracing::warn!(user, backup_id, file = %file.id, %remote, local = %local_md5, "Drive checksum mismatch; deleting the upload");
            self.delete(user, &file.id).await?;
            return Err(DriveError::Checksum {
                local: local_md5,
                remote,
            });
        }
        progress.advance(Unit::Bytes, total, Some(total));
        tracing::info!(user, backup_id, file = %file.id, size = total, "backup uploaded to Drive");
        Ok(file)
    }

    async fn create_multipart(
        &self,
        hub: Hub,
        metadata: File,
        bytes: &[u8],
    ) -> Result<DriveFile, AttemptError> {
        let mut recorder = Recorder::default();
        let result = hub
            .files()
            .create(metadata)
            .param("fields", FILE_FIELDS)
            .add_scope(Scope::File)
            .delegate(&mut recorder)
            .upload(
                Cursor::new(bytes),
                BACKUP_MIME_TYPE.parse().expect("valid MIME"),
            )
            .await;
        match result {
            Ok((_, file)) => DriveFile::from_api(file),
            Err(err) => Err(recorder.classify(err)),
        }
    }
}

/// An earlier upload of the same backup, answered as this one.
fn already_there(
    user: i64,
    backup_id: &str,
    file: DriveFile,
    progress: &dyn Progress,
    total: u64,
) -> DriveFile {
    tracing::info!(user, backup_id, file = %file.id, "backup already on Drive");
    progress.advance(Unit::Bytes, total, Some(total));
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_lowercase_hex() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[tokio::test]
    async fn a_small_source_is_read_whole() {
        let bytes = b"small archive".to_vec();
        assert_eq!(read_whole(&bytes).await.unwrap(), bytes);
    }
}
