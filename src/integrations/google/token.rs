//! Per-user OAuth tokens: the app's [`TokenVault`] (encrypted in MongoDB), its bridge to
//! yup-oauth2's `TokenStorage`, and the `GetToken` source google-drive3 calls.

use std::{
    error::Error as StdError,
    fmt,
    future::Future,
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use yup_oauth2::storage::{TokenInfo, TokenStorage, TokenStorageError};

use super::{GoogleClient, VaultError};

/// A user's Google grant as the app stores it (encrypted at rest by the app).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredToken {
    pub access_token: String,
    /// Google always sends one for the device flow; kept across refreshes.
    pub refresh_token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

/// Tokens are refreshed this long before Google says they expire (yup-oauth2 uses the same).
const EXPIRY_MARGIN: TimeDelta = TimeDelta::minutes(1);

impl StoredToken {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at
            .is_some_and(|expires_at| expires_at - EXPIRY_MARGIN <= now)
    }
}

impl fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredToken")
            .field("access_token", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl From<TokenInfo> for StoredToken {
    fn from(info: TokenInfo) -> Self {
        Self {
            access_token: info.access_token.unwrap_or_default(),
            refresh_token: info.refresh_token,
            expires_at: info
                .expires_at
                .and_then(|at| DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond())),
            id_token: info.id_token,
        }
    }
}

impl From<StoredToken> for TokenInfo {
    fn from(token: StoredToken) -> Self {
        Self {
            access_token: Some(token.access_token),
            refresh_token: token.refresh_token,
            expires_at: token.expires_at.and_then(|at| {
                time::OffsetDateTime::from_unix_timestamp_nanos(at.timestamp_nanos_opt()?.into())
                    .ok()
            }),
            id_token: token.id_token,
        }
    }
}

/// Implemented by the app: stores each user's token (encrypted, user id as associated data).
#[async_trait]
pub trait TokenVault: Send + Sync {
    async fn load(&self, user: i64) -> Result<Option<StoredToken>, VaultError>;
    async fn save(&self, user: i64, token: &StoredToken) -> Result<(), VaultError>;
    async fn clear(&self, user: i64) -> Result<(), VaultError>;
}

/// yup-oauth2's `TokenStorage` over one user's slot in a [`TokenVault`], for code that drives a
/// yup-oauth2 `Authenticator` (`AuthenticatorBuilder::with_storage`). Only `drive.file` is ever
/// requested, so the scope set is not part of the key.
///
/// The Drive client in this module does not use a yup-oauth2 `Authenticator` (see `oauth.rs`
/// for why), so this adapter is not on its path.
pub struct VaultTokenStorage {
    user: i64,
    vault: Arc<dyn TokenVault>,
}

impl VaultTokenStorage {
    pub fn new(user: i64, vault: Arc<dyn TokenVault>) -> Self {
        Self { user, vault }
    }
}

#[async_trait]
impl TokenStorage for VaultTokenStorage {
    async fn set(&self, _scopes: &[&str], token: TokenInfo) -> Result<(), TokenStorageError> {
        self.vault
            .save(self.user, &StoredToken::from(token))
            .await
            .map_err(|err| TokenStorageError::Other(err.to_string().into()))
    }

    async fn get(&self, _scopes: &[&str]) -> Option<TokenInfo> {
        match self.vault.load(self.user).await {
            Ok(token) => token.map(TokenInfo::from),
            Err(err) => {
                tracing::warn!(user = self.user, error = %err, "token vault read failed");
                None
            }
        }
    }
}

/// google-drive3's token source for one user. A 401 sets `force_refresh` so the next attempt
/// refreshes even if the stored expiry says the token is still good.
#[derive(Clone)]
pub(crate) struct UserTokenSource {
    pub client: GoogleClient,
    pub user: i64,
    pub force_refresh: Arc<AtomicBool>,
}

type TokenResult = Result<Option<String>, Box<dyn StdError + Send + Sync>>;

impl google_drive3::common::GetToken for UserTokenSource {
    fn get_token<'a>(
        &'a self,
        _scopes: &'a [&str],
    ) -> Pin<Box<dyn Future<Output = TokenResult> + Send + 'a>> {
        Box::pin(async move {
            // The flag stays set until a refresh succeeds, so a retry after a failed refresh
            // does not fall back to the token Drive already refused.
            let force = self.force_refresh.load(Ordering::SeqCst);
            // The DriveError travels boxed through google-drive3 and is downcast back in retry.rs.
            match self.client.access_token(self.user, force).await {
                Ok(token) => {
                    self.force_refresh.store(false, Ordering::SeqCst);
                    Ok(Some(token))
                }
                Err(err) => Err(Box::new(err) as Box<dyn StdError + Send + Sync>),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_info_round_trip_keeps_expiry_and_refresh_token() {
        let token = StoredToken {
            access_token: "at".to_owned(),
            refresh_token: Some("rt".to_owned()),
            expires_at: DateTime::from_timestamp(1_700_000_000, 0),
            id_token: None,
        };
        let info = TokenInfo::from(token.clone());
        assert_eq!(info.expires_at.unwrap().unix_timestamp(), 1_700_000_000);
        assert_eq!(StoredToken::from(info), token);
    }

    #[test]
    fn debug_redacts_tokens() {
        let token = StoredToken {
            access_token: "secret-access".to_owned(),
            refresh_token: Some("secret-refresh".to_owned()),
            expires_at: None,
            id_token: None,
        };
        let text = format!("{token:?}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn expiry_has_a_margin() {
        let now = Utc::now();
        let mut token = StoredToken {
            access_token: String::new(),
            refresh_token: None,
            expires_at: Some(now + TimeDelta::seconds(30)),
            id_token: None,
        };
        assert!(token.is_expired(now));
        token.expires_at = Some(now + TimeDelta::minutes(5));
        assert!(!token.is_expired(now));
        token.expires_at = None;
        assert!(!token.is_expired(now));
    }
}
