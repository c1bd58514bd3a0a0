//! Errors of the Google integration. No variant ever carries a token: messages are built from
//! status codes and Google's `error.message` / OAuth `error` codes only.

use std::time::Duration;

/// What a [`TokenVault`](super::TokenVault) implementation reports.
#[derive(Debug, thiserror::Error)]
#[error("token vault: {0}")]
pub struct VaultError(pub String);

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
    /// 429 (or 403 `rateLimitExceeded`) after all retries.
    #[error("Google Drive rate limit exceeded")]
    RateLimited,
    #[error("Google Drive answered {status}: {message}")]
    Http { status: u16, message: String },
    #[error("network error talking to Google: {0}")]
    Network(String),
    /// Google sent something we could not understand (bad JSON, missing fields).
    #[error("unexpected answer from Google: {0}")]
    Protocol(String),
    #[error(transparent)]
    Vault(#[from] VaultError),
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
