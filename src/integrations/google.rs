//! Google side of Drive backups: OAuth device flow, per-user tokens, Drive v3 operations.
//!
//! Every endpoint comes from [`GoogleSettings`], so tests point the real clients at a fake server.

mod chunks;
mod download;
mod drive;
mod error;
mod oauth;
mod resumable;
mod retry;
mod token;
mod upload;

use std::{sync::Arc, time::Duration};

use http_body_util::BodyExt;
use hyper::{HeaderMap, StatusCode, body::Bytes};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};

pub use drive::{BACKUP_MIME_TYPE, BackupMarks, DriveFile, FOLDER_MIME_TYPE};
pub use error::{BoxError, DriveError, NetworkError, ProtocolError, VaultError};
pub use oauth::{ConnectStatus, DeviceCode, Revocation};
pub use retry::backoff_delay;
pub use token::{StoredToken, TokenVault, VaultTokenStorage};

pub(crate) type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
pub(crate) type HttpClient = google_drive3::common::Client<Connector>;

/// The only scope ever requested: files the app created or the user opened with it.
pub const DRIVE_FILE_SCOPE: &str = "https://www.googleapis.com/auth/drive.file";

const MIB: u64 = 1024 * 1024;

/// Where Google lives and how hard to try. Filled from the app's configuration.
#[derive(Clone)]
pub struct GoogleSettings {
    pub client_id: String,
    /// Never logged: `Debug` redacts it.
    pub client_secret: String,
    pub device_code_url: String,
    pub token_url: String,
    pub revoke_url: String,
    /// Drive v3 metadata API, ending in `/drive/v3/`.
    pub drive_root_url: String,
    /// Drive v3 upload API; must end in `upload/drive/v3/` because google-drive3 derives its
    /// multipart upload path from the part before it.
    pub upload_root_url: String,
    /// Multipart upload at or below this size, resumable above.
    pub multipart_limit_bytes: u64,
    /// Chunk size of resumable uploads, rounded up to a multiple of 256 KiB (Google's rule).
    pub resumable_chunk_bytes: u64,
    /// Retries after the first attempt for 429, 5xx and network errors.
    pub max_retries: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Upper bound for one attempt (hyper has no timeout of its own).
    pub request_timeout: Duration,
}

impl Default for GoogleSettings {
    fn default() -> Self {
        Self {
            client_id: String::new(),
            client_secret: String::new(),
            device_code_url: "https://oauth2.googleapis.com/device/code".to_owned(),
            token_url: "https://oauth2.googleapis.com/token".to_owned(),
            revoke_url: "https://oauth2.googleapis.com/revoke".to_owned(),
            drive_root_url: "https://www.googleapis.com/drive/v3/".to_owned(),
            upload_root_url: "https://www.googleapis.com/upload/drive/v3/".to_owned(),
            multipart_limit_bytes: 5 * MIB,
            resumable_chunk_bytes: 8 * MIB,
            max_retries: 5,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(60),
            request_timeout: Duration::from_secs(600),
        }
    }
}

impl std::fmt::Debug for GoogleSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleSettings")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("device_code_url", &self.device_code_url)
            .field("token_url", &self.token_url)
            .field("revoke_url", &self.revoke_url)
            .field("drive_root_url", &self.drive_root_url)
            .field("upload_root_url", &self.upload_root_url)
            .field("multipart_limit_bytes", &self.multipart_limit_bytes)
            .field("resumable_chunk_bytes", &self.resumable_chunk_bytes)
            .field("max_retries", &self.max_retries)
            .field("backoff_base", &self.backoff_base)
            .field("backoff_cap", &self.backoff_cap)
            .field("request_timeout", &self.request_timeout)
            .finish()
    }
}

/// One client for all users; cheap to clone.
#[derive(Clone)]
pub struct GoogleClient {
    inner: Arc<Inner>,
}

struct Inner {
    settings: GoogleSettings,
    /// google-drive3's `root_url`: `upload_root_url` without `upload/drive/v3/`.
    upload_base: String,
    http: HttpClient,
    vault: Arc<dyn TokenVault>,
}

macro_rules! upload_suffix {
    () => {
        "upload/drive/v3/"
    };
}

const UPLOAD_SUFFIX: &str = upload_suffix!();

impl GoogleClient {
    /// Fails only on settings that google-drive3 cannot express.
    pub fn new(settings: GoogleSettings, vault: Arc<dyn TokenVault>) -> Result<Self, DriveError> {
        let Some(upload_base) = settings.upload_root_url.strip_suffix(UPLOAD_SUFFIX) else {
            let rule = concat!("upload_root_url must end with ", upload_suffix!());
            return Err(ProtocolError::new(rule).into());
        };
        if !settings.drive_root_url.ends_with('/') {
            return Err(ProtocolError::new("drive_root_url must end with '/'").into());
        }
        // http is allowed so tests can use a plain local server; production URLs are https.
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let http = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Self {
            inner: Arc::new(Inner {
                upload_base: upload_base.to_owned(),
                settings,
                http,
                vault,
            }),
        })
    }

    pub fn settings(&self) -> &GoogleSettings {
        &self.inner.settings
    }

    pub(crate) fn vault(&self) -> &dyn TokenVault {
        self.inner.vault.as_ref()
    }

    pub(crate) fn http(&self) -> &HttpClient {
        &self.inner.http
    }

    /// One HTTP exchange bounded by `request_timeout`: the status, headers and whole body.
    /// Errors carry no request or response content (which may hold a token).
    pub(crate) async fn exchange(
        &self,
        request: hyper::Request<google_drive3::common::Body>,
    ) -> Result<(StatusCode, HeaderMap, Bytes), DriveError> {
        let exchange = async {
            let response = self
                .http()
                .request(request)
                .await
                .map_err(NetworkError::from)?;
            let (parts, body) = response.into_parts();
            let bytes = body.collect().await.map_err(NetworkError::from)?.to_bytes();
            Ok((parts.status, parts.headers, bytes))
        };
        tokio::time::timeout(self.settings().request_timeout, exchange)
            .await
            .map_err(|_| NetworkError::NoAnswer)?
    }
}
