//! The fake's inspectable state.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use chrono::{DateTime, Utc};
use md5::{Digest, Md5};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// Which handler a request reached; failures are injected per route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    DeviceCode,
    Token,
    Revoke,
    About,
    List,
    Get,
    Update,
    Delete,
    /// Multipart upload or the start of a resumable session.
    Upload,
    /// Bytes sent to a resumable session URL.
    UploadChunk,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceStatus {
    Pending,
    Approved,
    Denied,
    /// Tokens were handed out; the device code is spent.
    Used,
}

#[derive(Clone, Debug)]
pub struct DeviceEntry {
    pub user_code: String,
    pub status: DeviceStatus,
}

#[derive(Clone, Debug)]
pub struct FakeFile {
    pub id: String,
    pub name: String,
    pub mime_type: String,
    pub parents: Vec<String>,
    pub app_properties: BTreeMap<String, String>,
    pub bytes: Vec<u8>,
    /// The size Drive reports: the bytes', or what was counted when only that was kept.
    pub size: usize,
    pub md5: Option<String>,
    pub trashed: bool,
    pub created_time: DateTime<Utc>,
}

impl FakeFile {
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "kind": "drive#file",
            "id": self.id,
            "name": self.name,
            "mimeType": self.mime_type,
            "parents": self.parents,
            "appProperties": self.app_properties,
            "trashed": self.trashed,
            "createdTime": self.created_time.to_rfc3339(),
        });
        if self.mime_type != super::FOLDER_MIME {
            value["size"] = json!(self.size.to_string());
            value["md5Checksum"] = json!(self.md5);
        }
        value
    }
}

#[derive(Clone, Debug)]
pub struct Injected {
    pub route: Route,
    /// Requests to `route` let through before the failures start.
    pub skip: u32,
    pub answer: Refusal,
    pub remaining: u32,
}

/// An error Google answers, as its JSON says it: the status, `Retry-After`, and the
/// `error.errors[].reason` and `error.message`.
#[derive(Clone, Copy, Debug)]
pub struct Refusal {
    pub status: u16,
    pub retry_after: Option<u64>,
    /// `error.errors[0].domain`.
    pub domain: &'static str,
    pub reason: &'static str,
    pub message: &'static str,
}

impl Refusal {
    /// A passing failure of Google's (`backendError`), or whatever `status` says.
    pub fn status(status: u16, retry_after: Option<u64>) -> Self {
        Self {
            status,
            retry_after,
            domain: "global",
            reason: "backendError",
            message: "injected failure",
        }
    }

    /// What Drive answers a write once the user's storage is full.
    pub const DRIVE_FULL: Self = Self {
        status: 403,
        retry_after: None,
        domain: "usageLimits",
        reason: "storageQuotaExceeded",
        message: "The user's Drive storage quota has been exceeded.",
    };
}

/// What a resumable session has kept so far: its bytes (unless the fake only counts and
/// hashes them), how many, and their MD5.
pub struct Session {
    pub metadata: Value,
    bytes: Option<Vec<u8>>,
    len: usize,
    md5: Md5,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("len", &self.len).finish()
    }
}

impl Session {
    pub fn new(metadata: Value, keep_bytes: bool) -> Self {
        Self {
            metadata,
            bytes: keep_bytes.then(Vec::new),
            len: 0,
            md5: Md5::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn extend(&mut self, bytes: &[u8]) {
        if let Some(kept) = &mut self.bytes {
            kept.extend_from_slice(bytes);
        }
        self.len += bytes.len();
        self.md5.update(bytes);
    }

    /// Google lost everything the session had.
    pub fn clear(&mut self) {
        if let Some(kept) = &mut self.bytes {
            kept.clear();
        }
        self.len = 0;
        self.md5 = Md5::new();
    }

    /// The bytes (empty when only counted), their size and MD5.
    pub fn finish(self) -> (Vec<u8>, usize, String) {
        (
            self.bytes.unwrap_or_default(),
            self.len,
            hex(self.md5.finalize()),
        )
    }
}

fn hex(digest: impl AsRef<[u8]>) -> String {
    digest
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// How the fake's resumable sessions misbehave, as Google may.
#[derive(Clone, Debug, Default)]
pub struct ResumableQuirks {
    /// Keep at most this many bytes of each chunk (answering 308 with the real `Range`).
    pub keep_per_chunk: Option<usize>,
    /// Once a session keeps at least this many bytes, its next chunk is dropped together with
    /// everything kept so far and answered by a 308 without `Range` (once).
    pub lose_session_bytes_past: Option<usize>,
    /// The chunk that completes the next upload is stored, but answered with a 503.
    pub lose_final_answer_next: bool,
    /// `(n, keep)`: chunk `n` (counting from 0 every chunk sent to any session) keeps only
    /// its first `keep` bytes, answered by a 308 whose `Range` ends inside the chunk.
    pub keep_of_chunk: Option<(usize, usize)>,
    /// `(n, keep)`: once `keep` bytes of chunk `n` arrived they are kept, and the connection
    /// drops without an answer.
    pub drop_connection_within_chunk: Option<(usize, usize)>,
}

/// How the fake's media downloads misbehave, as a network or Drive may.
#[derive(Clone, Debug, Default)]
pub struct DownloadQuirks {
    /// After this many bytes of a file the answer stalls: no more bytes, and no end.
    pub stall_after: Option<usize>,
    /// After this many bytes the connection drops mid-answer (once).
    pub cut_after: Option<usize>,
    /// The cut waits for this, so that the bytes before it reach the client first.
    pub cut_when: Option<Arc<Notify>>,
    /// The metadata claims files are this big, whatever they hold.
    pub claimed_size: Option<u64>,
    /// `Range` is ignored: the whole file comes every time.
    pub ignore_range: bool,
}

#[derive(Debug)]
pub struct State {
    pub client_id: String,
    pub client_secret: String,
    pub base_url: String,
    pub email: String,
    /// Seconds, as sent in the device code response.
    pub interval: u64,
    pub device_expires_in: i64,
    pub access_ttl: i64,
    pub devices: HashMap<String, DeviceEntry>,
    /// access token → expired?
    pub access_tokens: HashMap<String, bool>,
    /// refresh token → revoked?
    pub refresh_tokens: HashMap<String, bool>,
    pub revocations: Vec<String>,
    pub files: BTreeMap<String, FakeFile>,
    pub sessions: HashMap<String, Session>,
    /// Finished sessions → the file they made, for status queries after the end.
    pub finished_sessions: HashMap<String, String>,
    pub quirks: ResumableQuirks,
    pub download_quirks: DownloadQuirks,
    /// Whether sessions keep the bytes they receive (else only their count and MD5).
    pub keep_upload_bytes: bool,
    /// Sessions abandoned with a `DELETE`.
    pub abandoned_sessions: Vec<String>,
    /// Bytes of media handed to the connection, over all downloads.
    pub media_served: usize,
    /// The `Range` of every media request (`None` for the whole file).
    pub media_ranges: Vec<Option<String>>,
    /// `Content-Range: bytes */total` requests to upload sessions.
    pub status_queries: usize,
    /// The first and last byte of every chunk sent to a session, in order.
    pub chunk_ranges: Vec<(u64, u64)>,
    pub failures: Vec<Injected>,
    pub lie_md5_next_upload: bool,
    pub log: Vec<String>,
    pub counter: u64,
}

impl State {
    pub fn new(client_id: &str, client_secret: &str) -> Self {
        Self {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            base_url: String::new(),
            email: "user@example.com".to_owned(),
            interval: 1,
            device_expires_in: 1800,
            access_ttl: 3600,
            devices: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            revocations: Vec::new(),
            files: BTreeMap::new(),
            sessions: HashMap::new(),
            finished_sessions: HashMap::new(),
            quirks: ResumableQuirks::default(),
            download_quirks: DownloadQuirks::default(),
            keep_upload_bytes: true,
            abandoned_sessions: Vec::new(),
            media_served: 0,
            media_ranges: Vec::new(),
            status_queries: 0,
            chunk_ranges: Vec::new(),
            failures: Vec::new(),
            lie_md5_next_upload: false,
            log: Vec::new(),
            counter: 0,
        }
    }

    pub fn next_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{:06}", self.counter)
    }

    /// Logs the request and pops an injected failure for `route`, if one is armed.
    pub fn enter(&mut self, route: Route, line: String) -> Option<Refusal> {
        self.log.push(line);
        let index = self
            .failures
            .iter()
            .position(|failure| failure.route == route && failure.remaining > 0)?;
        let failure = &mut self.failures[index];
        if failure.skip > 0 {
            failure.skip -= 1;
            return None;
        }
        failure.remaining -= 1;
        let hit = failure.answer;
        if failure.remaining == 0 {
            self.failures.remove(index);
        }
        Some(hit)
    }

    pub fn is_valid_access(&self, token: &str) -> bool {
        self.access_tokens.get(token) == Some(&false)
    }

    pub fn issue_access(&mut self) -> String {
        let token = self.next_id("ya29.fake-access-");
        self.access_tokens.insert(token.clone(), false);
        token
    }

    pub fn issue_refresh(&mut self) -> String {
        let token = self.next_id("1//fake-refresh-");
        self.refresh_tokens.insert(token.clone(), false);
        token
    }

    /// Stores an uploaded file; Drive computes the MD5 (unless told to lie once).
    pub fn create_file(&mut self, metadata: &Value, bytes: Vec<u8>, media_type: &str) -> FakeFile {
        let (size, md5) = (bytes.len(), hex(Md5::digest(&bytes)));
        self.create_counted(metadata, bytes, size, md5, media_type)
    }

    /// Stores a file whose size and MD5 were counted as its bytes arrived (`bytes` may be
    /// empty when the fake did not keep them).
    pub fn create_counted(
        &mut self,
        metadata: &Value,
        bytes: Vec<u8>,
        size: usize,
        mut md5: String,
        media_type: &str,
    ) -> FakeFile {
        let id = self.next_id("file-");
        let mime_type = metadata["mimeType"]
            .as_str()
            .unwrap_or(media_type)
            .to_owned();
        if std::mem::take(&mut self.lie_md5_next_upload) {
            md5 = "00000000000000000000000000000000".to_owned();
        }
        let file = FakeFile {
            id: id.clone(),
            name: metadata["name"].as_str().unwrap_or("Untitled").to_owned(),
            parents: metadata["parents"]
                .as_array()
                .map(|parents| {
                    parents
                        .iter()
                        .filter_map(|parent| parent.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_else(|| vec!["root".to_owned()]),
            app_properties: metadata["appProperties"]
                .as_object()
                .map(|props| {
                    props
                        .iter()
                        .filter_map(|(key, value)| Some((key.clone(), value.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default(),
            md5: (mime_type != super::FOLDER_MIME).then_some(md5),
            mime_type,
            bytes,
            size,
            trashed: false,
            created_time: Utc::now() + chrono::TimeDelta::milliseconds(self.counter as i64),
        };
        self.files.insert(id, file.clone());
        file
    }
}
