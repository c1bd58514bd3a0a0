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
const APP_KEY: &str = "codevault";
const APP_FOLDER: &str = "folder";
const APP_BACKUP: &str = "backup";
const BACKUP_ID_KEY: &str = "codevault_backup_id";
/// The Telegram user a backup was uploaded for: only they ever see it listed or download it.
/// Copies uploaded before it was written carry none.
const OWNER_KEY: &str = "codevault_user";
/// What the backup is, as its record says, so that Drive alone can list it.
const KIND_KEY: &str = "codevault_kind";
const CREATED_KEY: &str = "codevault_created";
const FILES_KEY: &str = "codevault_files";

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
    pub trashed: bool,
}

/// What the bot writes on a backup it uploads besides its own mark: whose it is and what it
/// holds, so that Drive alone can list it for its owner (a bot whose records are gone too).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupMarks {
    pub backup_id: String,
    /// The backup's type as records name it (`full_backup`).
    pub kind: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub files: Option<u64>,
}

impl BackupMarks {
    /// Only the backup's id (and, as on every upload, its owner): nothing about what it holds.
    pub fn id(backup_id: &str) -> Self {
        Self {
            backup_id: backup_id.to_owned(),
            ..Self::default()
        }
    }

    /// The appProperties of a backup uploaded for `user`.
    pub(super) fn properties(&self, user: i64) -> HashMap<String, String> {
        let mut properties = HashMap::from([
            (APP_KEY.to_owned(), APP_BACKUP.to_owned()),
            (BACKUP_ID_KEY.to_owned(), self.backup_id.clone()),
            (OWNER_KEY.to_owned(), user.to_string()),
        ]);
        let details = [
            (KIND_KEY, self.kind.clone()),
            (CREATED_KEY, self.created_at.map(|at| at.to_rfc3339())),
            (FILES_KEY, self.files.map(|files| files.to_string())),
        ];
        let known = details
            .into_iter()
            .filter_map(|(key, value)| Some((key.to_owned(), value?)));
        properties.extend(known);
        properties
    }
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
            trashed: file.trashed == Some(true),
        })
    }

    /// The backup id the bot stored on this file, if it made it.
    pub fn backup_id(&self) -> Option<&str> {
        self.property(BACKUP_ID_KEY)
    }

    fn property(&self, key: &str) -> Option<&str> {
        self.app_properties.get(key).map(String::as_str)
    }

    /// The Telegram user the bot uploaded it for, as written (`None` on older copies).
    pub fn owner(&self) -> Option<&str> {
        self.property(OWNER_KEY)
    }

    /// Whether it is one of the bot's backups that `user` may see: one the bot marked as a
    /// backup, not trashed, and uploaded for `user` (or before owners were written).
    pub fn is_backup_of(&self, user: i64) -> bool {
        self.property(APP_KEY) == Some(APP_BACKUP)
            && !self.trashed
            && self.owner().is_none_or(|owner| owner == user.to_string())
    }

    /// What the bot wrote about the backup when it uploaded it (see [`BackupMarks`]); a
    /// value that does not read is left out.
    pub fn marks(&self) -> BackupMarks {
        BackupMarks {
            backup_id: self.backup_id().unwrap_or_default().to_owned(),
            kind: self.property(KIND_KEY).map(str::to_owned),
            created_at: self
                .property(CREATED_KEY)
                .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
                .map(|at| at.with_timezone(&Utc)),
            files: self
                .property(FILES_KEY)
                .and_then(|files| files.parse().ok()),
        }
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
        if let Some(found) = self.find_folder(user, name, known_id).await? {
            return Ok(found);
        }
        // Search, then create: a folder made by a concurrent run could be found twice at worst;
        // the scheduler's lease keeps one run per user.
        let created = self
            .run(user, |hub| async move {
                let mut recorder = Recorder::default();
                let folder = File {
                    name: Some(name.to_owned()),
                    mime_type: Some(FOLDER_MIME_TYPE.to_owned()),
                    app_properties: Some(HashMap::from([(
                        APP_KEY.to_owned(),
                        APP_FOLDER.to_owned(),
                    )])),
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

    /// The bot's backup folder as [`Self::ensure_folder`] finds it, without making one.
    pub async fn find_folder(
        &self,
        user: i64,
        name: &str,
        known_id: Option<&str>,
    ) -> Result<Option<String>, DriveError> {
        if let Some(id) = known_id
            && let Some(folder) = self.get_file(user, id).await?
            && folder.trashed != Some(true)
            && folder.mime_type.as_deref() == Some(FOLDER_MIME_TYPE)
        {
            return Ok(Some(id.to_owned()));
        }
        let query = format!(
            "mimeType={} and name={} and trashed=false and {}",
            quote(FOLDER_MIME_TYPE),
            quote(name),
            has_app_property(APP_KEY, APP_FOLDER)
        );
        let found = self.list_all(user, &query).await?.into_iter().next();
        Ok(found.map(|folder| folder.id))
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

    /// The backups the bot made in `folder` for `user`, newest first. Files it did not make,
    /// and backups it made for another user (sharing the Google account), are left out.
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
        files.retain(|file| file.is_backup_of(user));
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

    fn file(app_properties: HashMap<String, String>) -> DriveFile {
        DriveFile {
            id: "f".to_owned(),
            name: "codevault-x.zip".to_owned(),
            md5: None,
            size: Some(3),
            created_time: None,
            app_properties,
            trashed: false,
        }
    }

    #[test]
    fn a_backup_is_marked_with_its_user_and_what_the_list_shows_and_reads_back() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T17:03:00Z").unwrap();
        let marks = BackupMarks {
            backup_id: "0123456789abcdef01234567".to_owned(),
            kind: Some("full_backup".to_owned()),
            created_at: Some(at.with_timezone(&Utc)),
            files: Some(150),
        };
        let written = marks.properties(42);
        assert_eq!(written["codevault"], "backup");
        assert_eq!(written["codevault_user"], "42");
        assert_eq!(written["codevault_files"], "150");
        let copy = file(written);
        assert_eq!(copy.marks(), marks);
        assert_eq!(copy.owner(), Some("42"));
        // Google's limit: a key and its value take at most 124 bytes together.
        assert!(
            copy.app_properties
                .iter()
                .all(|(k, v)| k.len() + v.len() <= 124)
        );

        // An id alone marks nothing more, and values that do not read are left out.
        assert_eq!(
            file(BackupMarks::id("b").properties(42)).marks(),
            BackupMarks::id("b")
        );
        let mut odd = BackupMarks::id("b").properties(42);
        odd.insert("codevault_files".to_owned(), "many".to_owned());
        odd.insert("codevault_created".to_owned(), "yesterday".to_owned());
        assert_eq!(file(odd).marks(), BackupMarks::id("b"));
    }

    #[test]
    fn only_the_bots_backups_for_the_user_are_theirs() {
        let ours = BackupMarks::id("b").properties(42);
        assert!(file(ours.clone()).is_backup_of(42));
        assert!(!file(ours.clone()).is_backup_of(7), "another user's");
        assert!(!file(ours.clone()).is_backup_of(420), "not a prefix match");
        let trashed = DriveFile {
            trashed: true,
            ..file(ours.clone())
        };
        assert!(!trashed.is_backup_of(42));
        // Uploaded before copies named their user: the caller decides.
        let mut older = ours.clone();
        older.remove("codevault_user");
        assert!(file(older).is_backup_of(7));
        // Without the bot's mark (the user's own file, a lookalike): nobody's.
        let mut unmarked = ours;
        unmarked.remove("codevault");
        assert!(!file(unmarked).is_backup_of(42));
        assert!(!file(HashMap::new()).is_backup_of(42));
    }
}
