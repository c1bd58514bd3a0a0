//! An in-process fake of Google's OAuth (device flow, refresh, revoke) and Drive v3, served
//! over real sockets on 127.0.0.1 so the real clients (google-drive3, hyper) talk to it.

#![allow(dead_code)] // each test binary uses a different part

pub mod client;
mod drive;
mod oauth;
mod query;
mod state;
mod vault;

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use self::drive::{abandon_session, about, delete, get as get_file, list, session, update, upload};
use axum::{
    Router,
    extract::DefaultBodyLimit,
    routing::{get, post},
};
use codevault::integrations::google::{GoogleSettings, StoredToken};

pub use state::{DeviceStatus, DownloadQuirks, FakeFile, Refusal, ResumableQuirks, Route};
pub use vault::MemoryVault;

pub const FOLDER_MIME: &str = "application/vnd.google-apps.folder";
pub const CLIENT_ID: &str = "fake-client-id.apps.googleusercontent.com";
pub const CLIENT_SECRET: &str = "fake-client-secret";

type Shared = Arc<Mutex<state::State>>;

pub struct FakeGoogle {
    pub base_url: String,
    state: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeGoogle {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeGoogle {
    pub async fn start() -> Self {
        let state: Shared = Arc::new(Mutex::new(state::State::new(CLIENT_ID, CLIENT_SECRET)));
        let app = Router::new()
            .route("/device/code", post(oauth::device_code))
            .route("/token", post(oauth::token))
            .route("/revoke", post(oauth::revoke))
            .route("/drive/v3/about", get(about))
            .route("/drive/v3/files", get(list))
            .route(
                "/drive/v3/files/{id}",
                get(get_file).patch(update).delete(delete),
            )
            .route("/upload/drive/v3/files", post(upload))
            .route("/resumable/upload/drive/v3/files", post(upload))
            .route(
                "/upload-session/{id}",
                post(session).put(session).delete(abandon_session),
            )
            // Uploads are as large as the client makes them (multipart up to its limit).
            .layer(DefaultBodyLimit::disable())
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake Google");
        let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
        state.lock().unwrap().base_url = base_url.clone();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Google");
        });
        Self {
            base_url,
            state,
            server,
        }
    }

    /// Settings pointing every endpoint here, with millisecond backoff.
    pub fn settings(&self) -> GoogleSettings {
        let base = &self.base_url;
        GoogleSettings {
            client_id: CLIENT_ID.to_owned(),
            client_secret: CLIENT_SECRET.to_owned(),
            device_code_url: format!("{base}/device/code"),
            token_url: format!("{base}/token"),
            revoke_url: format!("{base}/revoke"),
            drive_root_url: format!("{base}/drive/v3/"),
            upload_root_url: format!("{base}/upload/drive/v3/"),
            max_retries: 3,
            backoff_base: Duration::from_millis(1),
            backoff_cap: Duration::from_millis(20),
            request_timeout: Duration::from_secs(30),
            ..GoogleSettings::default()
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut state::State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    // ---- OAuth ----

    /// Seconds between polls and device-code lifetime the next device codes advertise.
    pub fn set_device_timing(&self, interval: u64, expires_in: i64) {
        self.with(|s| {
            s.interval = interval;
            s.device_expires_in = expires_in;
        });
    }

    pub fn set_email(&self, email: &str) {
        self.with(|s| s.email = email.to_owned());
    }

    pub fn approve(&self, user_code: &str) {
        self.set_device_status(user_code, DeviceStatus::Approved);
    }

    pub fn deny(&self, user_code: &str) {
        self.set_device_status(user_code, DeviceStatus::Denied);
    }

    fn set_device_status(&self, user_code: &str, status: DeviceStatus) {
        self.with(|s| {
            let entry = s
                .devices
                .values_mut()
                .find(|entry| entry.user_code == user_code)
                .expect("unknown user code");
            entry.status = status;
        });
    }

    /// A grant as if the user had connected earlier (for Drive tests).
    pub fn grant(&self) -> StoredToken {
        self.with(|s| StoredToken {
            access_token: s.issue_access(),
            refresh_token: Some(s.issue_refresh()),
            expires_at: Some(chrono::Utc::now() + chrono::TimeDelta::hours(1)),
            id_token: None,
        })
    }

    /// Drive starts answering 401 to every access token issued so far.
    pub fn expire_access_tokens(&self) {
        self.with(|s| {
            s.access_tokens
                .values_mut()
                .for_each(|expired| *expired = true)
        });
    }

    /// The refresh token stops working (`invalid_grant`), as when the user revokes access.
    pub fn revoke_refresh_token(&self, refresh_token: &str) {
        self.with(|s| {
            s.refresh_tokens.insert(refresh_token.to_owned(), true);
        });
    }

    /// The user revokes the app's access in their Google account: every token stops working.
    pub fn revoke_all(&self) {
        self.expire_access_tokens();
        self.with(|s| {
            s.refresh_tokens
                .values_mut()
                .for_each(|revoked| *revoked = true)
        });
    }

    /// Google forgets a token, as after the user removed the app's access: revoking it then
    /// answers `invalid_token`.
    pub fn forget_token(&self, token: &str) {
        self.with(|s| {
            s.refresh_tokens.remove(token);
            s.access_tokens.remove(token);
        });
    }

    pub fn revocations(&self) -> Vec<String> {
        self.with(|s| s.revocations.clone())
    }

    pub fn is_refresh_token_valid(&self, refresh_token: &str) -> bool {
        self.with(|s| s.refresh_tokens.get(refresh_token) == Some(&false))
    }

    // ---- failure injection ----

    /// The next `count` requests to `route` answer `status` (with `Retry-After` if given).
    pub fn fail_next(&self, route: Route, count: u32, status: u16, retry_after: Option<u64>) {
        self.with(|s| {
            s.failures.push(state::Injected {
                route,
                skip: 0,
                answer: Refusal::status(status, retry_after),
                remaining: count,
            });
        });
    }

    /// After `skip` requests to `route` go through, the next `count` answer `status`.
    pub fn fail_after(&self, route: Route, skip: u32, count: u32, status: u16) {
        self.with(|s| {
            s.failures.push(state::Injected {
                route,
                skip,
                answer: Refusal::status(status, None),
                remaining: count,
            });
        });
    }

    /// The user's Drive is full from now on for `route`, after `skip` requests go through:
    /// each answers 403 `storageQuotaExceeded`, as Drive does, until [`Self::heal`].
    pub fn fill_after(&self, route: Route, skip: u32) {
        self.with(|s| {
            s.failures.push(state::Injected {
                route,
                skip,
                answer: Refusal::DRIVE_FULL,
                remaining: u32::MAX,
            });
        });
    }

    /// How many times an upload session was asked where it stands.
    pub fn status_queries(&self) -> usize {
        self.with(|s| s.status_queries)
    }

    /// Google works again: every injected failure still pending is dropped.
    pub fn heal(&self) {
        self.with(|s| s.failures.clear());
    }

    /// How resumable sessions misbehave from now on.
    pub fn set_resumable_quirks(&self, quirks: ResumableQuirks) {
        self.with(|s| s.quirks = quirks);
    }

    /// How media downloads misbehave from now on.
    pub fn set_download_quirks(&self, quirks: DownloadQuirks) {
        self.with(|s| s.download_quirks = quirks);
    }

    /// Resumable sessions only count and hash what they receive (for uploads too large to
    /// keep in the test's memory); the files they make hold no bytes but the right size and
    /// MD5.
    pub fn count_upload_bytes_only(&self) {
        self.with(|s| s.keep_upload_bytes = false);
    }

    /// The first and last byte of every chunk sent to a session, in order.
    pub fn chunk_ranges(&self) -> Vec<(u64, u64)> {
        self.with(|s| s.chunk_ranges.clone())
    }

    /// Upload sessions abandoned with a `DELETE`.
    pub fn abandoned_sessions(&self) -> Vec<String> {
        self.with(|s| s.abandoned_sessions.clone())
    }

    /// Upload sessions neither finished nor abandoned.
    pub fn open_sessions(&self) -> usize {
        self.with(|s| s.sessions.len())
    }

    /// Bytes of media handed to connections so far.
    pub fn media_served(&self) -> usize {
        self.with(|s| s.media_served)
    }

    /// The `Range` header of every media request, in order (`None`: the whole file).
    pub fn media_ranges(&self) -> Vec<Option<String>> {
        self.with(|s| s.media_ranges.clone())
    }

    /// Flips one byte of a stored file, keeping its `md5Checksum`: Drive serves damaged bytes.
    pub fn corrupt(&self, id: &str) {
        self.with(|s| {
            let file = s.files.get_mut(id).expect("unknown file");
            let middle = file.bytes.len() / 2;
            file.bytes[middle] ^= 0xff;
        });
    }

    /// Replaces a stored file's content, as a user uploading a new version of it in Drive
    /// does: Drive's size and `md5Checksum` are those of the new bytes, the appProperties stay.
    pub fn replace_content(&self, id: &str, bytes: Vec<u8>) {
        use md5::Digest;
        self.with(|s| {
            let file = s.files.get_mut(id).expect("unknown file");
            file.size = bytes.len();
            file.md5 = Some(hex::encode(md5::Md5::digest(&bytes)));
            file.bytes = bytes;
        });
    }

    /// The next uploaded file gets a wrong `md5Checksum`.
    pub fn lie_about_next_md5(&self) {
        self.with(|s| s.lie_md5_next_upload = true);
    }

    // ---- Drive contents ----

    pub fn files(&self) -> Vec<FakeFile> {
        self.with(|s| s.files.values().cloned().collect())
    }

    pub fn file(&self, id: &str) -> Option<FakeFile> {
        self.with(|s| s.files.get(id).cloned())
    }

    pub fn file_bytes(&self, id: &str) -> Option<Vec<u8>> {
        self.file(id).map(|file| file.bytes)
    }

    pub fn trash(&self, id: &str) {
        self.with(|s| s.files.get_mut(id).expect("unknown file").trashed = true);
    }

    /// A file the bot did not make (the user's own), for "never touched" checks.
    pub fn add_user_file(&self, name: &str, parent: &str, properties: &[(&str, &str)]) -> String {
        self.with(|s| {
            let metadata = serde_json::json!({
                "name": name, "parents": [parent],
                "appProperties": properties.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect::<BTreeMap<_, _>>(),
            });
            s.create_file(&metadata, b"user data".to_vec(), "text/plain")
                .id
        })
    }

    /// "METHOD /path?query" of every request, in order.
    pub fn requests(&self) -> Vec<String> {
        self.with(|s| s.log.clone())
    }

    pub fn count_requests(&self, prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|line| line.starts_with(prefix))
            .count()
    }
}
