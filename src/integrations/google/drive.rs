//! Drive v3 operations through google-drive3's `DriveHub`, each retried per [`super::retry`].

use std::{collections::HashMap, io::Cursor};

use chrono::{DateTime, Utc};
use google_drive3::api::{File, Scope};

use super::{
    DriveError, GoogleClient, ProtocolError,
    error::AttemptError,
    retry::{Hub, Recorder},
};

pub const FOLDER_MIME_TYPE: &str = "application/vnd.google-apps.folder";
pub const BACKUP_MIME_TYPE: &str = "application/zip";

/// appProperties the bot puts on what it creates; only those files are ever listed or deleted.
pub(super) const APP_KEY: &str = "codevault";
const APP_FOLDER: &str = "folder";
pub(super) const APP_BACKUP: &str = "backup";
pub(super) const BACKUP_ID_KEY: &str = "codevault_backup_id";

pub(super) const FILE_FIELDS: &str =
    "id,name,mimeType,md5Checksum,size,createdTime,appProperties,parents,trashed";
const LIST_FIELDS: &str = "nextPageToken,files(id,name,mimeType,md5Checksum,size,createdTime,appProperties,parents,trashed)";

/// A file in the user's Drive, as far as the bot cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriveFile {
    pub id: String,
    pub name: String,
    pub md5: Option<String>,
    pub size: Option<i64>,
    pub created_time: Option<DateTime<Utc>>,
    pub app_properties: HashMap<String, String>,
}

impl DriveFile {
    pub(super) fn from_api(file: File) -> Result<Self, AttemptError> {
        let id = file
            .id
            .ok_or_else(|| DriveError::from(ProtocolError::new("Drive file without an id")))?;
        Ok(Self {
            id,
            name: file.name.unwrap_or_default(),
            md5: file.md5_checksum,
            size: file.size,
            created_time: file.created_time,
            app_properties: file.app_properties.unwrap_or_default(),
        })
    }

    /// The backup id the bot stored on this file, if it made it.
    pub fn backup_id(&self) -> Option<&str> {
        self.app_properties.get(BACKUP_ID_KEY).map(String::as_str)
    }
}

/// Quotes a value for a Drive `q` string literal.
fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn has_app_property(key: &str, value: &str) -> String {
    format!(
        "appProperties has {{ key={} and value={} }}",
        quote(key),
        quote(value)
    )
}

pub(super) fn app_properties(pairs: &[(&str, &str)]) -> Option<HashMap<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect(),
    )
}

impl GoogleClient {
    /// The e-mail address of the connected account (`about.get?fields=user`).
    pub async fn account_email(&self, user: i64) -> Result<Option<String>, DriveError> {
        self.run(user, |hub| async move {
            let mut recorder = Recorder::default();
            let result = hub
                .about()
                .get()
                .param("fields", "user")
                .add_scope(Scope::File)
                .delegate(&mut recorder)
                .doit()
                .await;
            match result {
                Ok((_, about)) => Ok(about.user.and_then(|user| user.email_address)),
                Err(err) => Err(recorder.classify(err)),
            }
        })
        .await
    }

    /// The bot's backup folder: `known_id` if it still exists and is not trashed, else a folder
    /// the bot made earlier with this name, else a new one.
    pub async fn ensure_folder(
        &self,
        user: i64,
        name: &str,
        known_id: Option<&str>,
    ) -> Result<String, DriveError> {
        if let Some(id) = known_id
            && let Some(folder) = self.get_file(user, id).await?
            && folder.trashed != Some(true)
            && folder.mime_type.as_deref() == Some(FOLDER_MIME_TYPE)
        {
            return Ok(id.to_owned());
        }
        let query = format!(
            "mimeType={} and name={} and trashed=false and {}",
            quote(FOLDER_MIME_TYPE),
            quote(name),
            has_app_property(APP_KEY, APP_FOLDER)
        );
        if let Some(found) = self.list_all(user, &query).await?.into_iter().next() {
            return Ok(found.id);
        }
        // Search, then create: a folder made by a concurrent run could be found twice at worst;
        // the scheduler's lease keeps one run per user.
        let created = self
            .run(user, |hub| async move {
                let mut recorder = Recorder::default();
                let folder = File {
                    name: Some(name.to_owned()),
                    mime_type: Some(FOLDER_MIME_TYPE.to_owned()),
                    app_properties: app_properties(&[(APP_KEY, APP_FOLDER)]),
                    ..File::default()
                };
                // google-drive3 has no metadata-only `files.create`; an empty multipart upload
                // with the folder MIME type is what creates a folder with it.
                let result = hub
                    .files()
                    .create(folder)
                    .param("fields", FILE_FIELDS)
                    .add_scope(Scope::File)
                    .delegate(&mut recorder)
                    .upload(
                        Cursor::new(Vec::new()),
                        FOLDER_MIME_TYPE.parse().expect("valid MIME"),
                    )
                    .await;
                match result {
                    Ok((_, file)) => DriveFile::from_api(file),
                    Err(err) => Err(recorder.classify(err)),
                }
            })
            .await?;
        tracing::info!(user, folder = %created.id, "Drive backup folder created");
        Ok(created.id)
    }

    /// The file holding `backup_id` in `folder`, if it was uploaded before and not trashed.
    pub async fn find_backup(
        &self,
        user: i64,
        folder: &str,
        backup_id: &str,
    ) -> Result<Option<DriveFile>, DriveError> {
        self.run(user, |hub| self.find_backup_once(hub, folder, backup_id))
            .await
    }

    /// The backups the bot made in `folder`, newest first. Files it did not make are left out.
    pub async fn list_bot_backups(
        &self,
        user: i64,
        folder: &str,
    ) -> Result<Vec<DriveFile>, DriveError> {
        let query = format!(
            "{} in parents and {} and trashed=false",
            quote(folder),
            has_app_property(APP_KEY, APP_BACKUP)
        );
        let mut files = self.list_all(user, &query).await?;
        files.sort_by_key(|file| std::cmp::Reverse(file.created_time));
        Ok(files)
    }

    /// Deletes a file for good. An already missing file (404) counts as deleted.
    pub async fn delete(&self, user: i64, file_id: &str) -> Result<(), DriveError> {
        let result = self
            .run(user, |hub| async move {
                let mut recorder = Recorder::default();
                let result = hub
                    .files()
                    .delete(file_id)
                    .add_scope(Scope::File)
                    .delegate(&mut recorder)
                    .doit()
                    .await;
                result.map(drop).map_err(|err| recorder.classify(err))
            })
            .await;
        match result {
            Err(DriveError::Http { status: 404, .. }) => Ok(()),
            other => other,
        }
    }

    pub(super) async fn find_backup_once(
        &self,
        hub: Hub,
        folder: &str,
        backup_id: &str,
    ) -> Result<Option<DriveFile>, AttemptError> {
        let query = format!(
            "{} in parents and {} and trashed=false",
            quote(folder),
            has_app_property(BACKUP_ID_KEY, backup_id)
        );
        let (files, _) = self.list_page(&hub, &query, None).await?;
        Ok(files.into_iter().next())
    }

    /// A file's metadata; a missing file is `None`.
    async fn get_file(&self, user: i64, file_id: &str) -> Result<Option<File>, DriveError> {
        match self.file_metadata(user, file_id).await {
            Ok(file) => Ok(Some(file)),
            Err(DriveError::Http { status: 404, .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// A file's metadata; a missing file is Drive's 404.
    pub(super) async fn file_metadata(&self, user: i64, file_id: &str) -> Result<File, DriveError> {
        self.run(user, |hub| async move {
            let mut recorder = Recorder::default();
            let result = hub
                .files()
                .get(file_id)
                .param("fields", FILE_FIELDS)
                .add_scope(Scope::File)
                .delegate(&mut recorder)
                .doit()
                .await;
            result
                .map(|(_, file)| file)
                .map_err(|err| recorder.classify(err))
        })
        .await
    }

    /// Every page of a `files.list` query (each page retried on its own).
    async fn list_all(&self, user: i64, query: &str) -> Result<Vec<DriveFile>, DriveError> {
        let mut files = Vec::new();
        let mut page_token: Option<String> = None;
        loop {
            let token = page_token.as_deref();
            let (page, next) = self
                .run(user, |hub| async move {
                    self.list_page(&hub, query, token).await
                })
                .await?;
            files.extend(page);
            match next {
                Some(next) => page_token = Some(next),
                None => return Ok(files),
            }
        }
    }

    async fn list_page(
        &self,
        hub: &Hub,
        query: &str,
        page_token: Option<&str>,
    ) -> Result<(Vec<DriveFile>, Option<String>), AttemptError> {
        let mut recorder = Recorder::default();
        let mut call = hub
            .files()
            .list()
            .q(query)
            .spaces("drive")
            .page_size(100)
            .param("fields", LIST_FIELDS)
            .add_scope(Scope::File)
            .delegate(&mut recorder);
        if let Some(token) = page_token {
            call = call.page_token(token);
        }
        let list = match call.doit().await {
            Ok((_, list)) => list,
            Err(err) => return Err(recorder.classify(err)),
        };
        let files = list
            .files
            .unwrap_or_default()
            .into_iter()
            .map(DriveFile::from_api)
            .collect::<Result<_, _>>()?;
        Ok((files, list.next_page_token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_drive_query_literals() {
        assert_eq!(quote("it's"), r"'it\'s'");
        assert_eq!(quote(r"a\b"), r"'a\\b'");
    }
}
