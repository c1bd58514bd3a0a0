//! Errors of the Google integration. No variant ever carries a token: messages are built from
//! status codes and Google's `error.message` / OAuth `error` codes only, and the errors kept as
//! sources are the HTTP client's, the JSON parser's and the URL parser's, which hold no body.

use std::{error::Error, fmt, time::Duration};

/// Any error, kept whole as a source where the causes are of many types.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// What a [`TokenVault`](super::TokenVault) implementation reports.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("no encryption key is configured")]
    NoKey,
    /// The stored token does not open (the key changed) or does not read as a token. The
    /// cause is left out on purpose: it could quote the token.
    #[error("the stored Google token cannot be read")]
    Unreadable,
    #[error("encode")]
    Encode(#[source] serde_json::Error),
    /// Where the vault keeps its tokens failed.
    #[error("storage: {0}")]
    Storage(#[source] BoxError),
}

/// Why Google could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    #[error(transparent)]
    Request(#[from] hyper_util::client::legacy::Error),
    /// The answer broke off while its body was read.
    #[error(transparent)]
    Body(#[from] hyper::Error),
    /// One exchange (a status and its whole body) outlived the request timeout.
    #[error("Google did not answer in time")]
    NoAnswer,
    /// One attempt through google-drive3 outlived the request timeout.
    #[error("Drive request timed out")]
    TimedOut,
}

/// Google answered something we cannot use, or a request to it could not be made: what, and
/// the error behind it when there is one.
#[derive(Debug)]
pub struct ProtocolError {
    what: Option<&'static str>,
    source: Option<BoxError>,
}

impl ProtocolError {
    pub(crate) fn new(what: &'static str) -> Self {
        Self {
            what: Some(what),
            source: None,
        }
    }

    pub(crate) fn caused(what: &'static str, source: impl Into<BoxError>) -> Self {
        Self {
            what: Some(what),
            source: Some(source.into()),
        }
    }

    /// An error that says all there is to say on its own.
    pub(crate) fn of(source: impl Into<BoxError>) -> Self {
        Self {
            what: None,
            source: Some(source.into()),
        }
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.what, &self.source) {
            (Some(what), Some(source)) => write!(f, "{what}: {source}"),
            (Some(what), None) => f.write_str(what),
            (None, Some(source)) => source.fmt(f),
            (None, None) => Ok(()),
        }
    }
}

impl Error for ProtocolError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DriveError {
    /// The user never connected Drive (no token in the vault).
    #[error("Google Drive is not connected")]
    NotConnected,
    /// Google answered `invalid_grant`: the grant was revoked or expired; connect again.
    #[error("the Google Drive grant was revoked or has expired")]
    Revoked,
    /// Drive's `md5Checksum` differs from the local bytes; the uploaded file was deleted.
    #[error("the uploaded file's checksum does not match (local {local}, drive {remote})")]
    Checksum { local: String, remote: String },
    /// What Drive sent differs from its own `md5Checksum`; nothing received may be kept.
    #[error("the downloaded file's checksum does not match (drive {expected}, received {actual})")]
    Corrupt { expected: String, actual: String },
    /// The file asked for is not one of the bot's backups of this user (not the bot's, made
    /// for another user, or trashed): nothing of it was read.
    #[error("the Drive file is not one of the user's backups")]
    NotABackup,
    /// The file is larger than the caller takes; the download stopped there.
    #[error("the Drive file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    /// The user cancelled: the transfer stopped, and an upload session was abandoned.
    #[error("the transfer was cancelled")]
    Cancelled,
    /// The upload's source could not be read, or the download's output not written.
    #[error("local file: {0}")]
    Local(#[source] std::io::Error),
    /// 429 (or 403 `rateLimitExceeded`) after all retries.
    #[error("Google Drive rate limit exceeded")]
    RateLimited,
    /// 403 `storageQuotaExceeded`: the user's Drive is full. No retry helps until they free
    /// some space, so none is made.
    #[error("Google Drive is full (storage quota exceeded)")]
    StorageFull,
    #[error("Google Drive answered {status}: {message}")]
    Http { status: u16, message: String },
    #[error("network error talking to Google: {0}")]
    Network(#[source] NetworkError),
    /// Google sent something we could not understand (bad JSON, missing fields).
    #[error("unexpected answer from Google: {0}")]
    Protocol(#[source] ProtocolError),
    #[error("token vault: {0}")]
    Vault(#[from] VaultError),
}

impl From<NetworkError> for DriveError {
    fn from(error: NetworkError) -> Self {
        Self::Network(error)
    }
}

impl From<ProtocolError> for DriveError {
    fn from(error: ProtocolError) -> Self {
        Self::Protocol(error)
    }
}

impl DriveError {
    /// Whether another attempt may succeed (429, 5xx, network).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RateLimited | Self::Network(_) => true,
            Self::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

/// Outcome of one attempt, as seen by the retry loop.
#[derive(Debug)]
pub(crate) struct AttemptError {
    pub error: DriveError,
    /// `Retry-After` of a 429/503, if Google sent one.
    pub retry_after: Option<Duration>,
    /// The access token was refused (401): refresh once and retry.
    pub unauthorized: bool,
}

impl From<DriveError> for AttemptError {
    fn from(error: DriveError) -> Self {
        Self {
            error,
            retry_after: None,
            unauthorized: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn causes_are_kept_and_read_as_their_text_did() {
        let json = serde_json::from_slice::<u8>(b"x").unwrap_err();
        let text = json.to_string();
        let protocol = DriveError::from(ProtocolError::caused("Drive response", json));
        assert_eq!(
            protocol.to_string(),
            format!("unexpected answer from Google: Drive response: {text}")
        );
        let source = protocol.source().and_then(|protocol| protocol.source());
        assert!(source.is_some_and(|source| source.is::<serde_json::Error>()));

        let plain = DriveError::from(ProtocolError::new("bad request"));
        assert_eq!(
            plain.to_string(),
            "unexpected answer from Google: bad request"
        );
        let timeout = DriveError::from(NetworkError::TimedOut);
        assert_eq!(
            timeout.to_string(),
            "network error talking to Google: Drive request timed out"
        );
        assert!(timeout.is_transient());

        let vault = DriveError::from(VaultError::Storage("storage: down".into()));
        assert_eq!(vault.to_string(), "token vault: storage: storage: down");
        let unreadable = DriveError::from(VaultError::Unreadable);
        assert_eq!(
            unreadable.to_string(),
            "token vault: the stored Google token cannot be read"
        );
    }
}
