//! OAuth 2.0 for devices (RFC 8628) against Google, token refresh and revocation.
//!
//! Why not yup-oauth2's `DeviceFlowAuthenticator` (checked in yup-oauth2 12.1.2):
//! - its device flow is one closed loop (request code → `DeviceFlowDelegate::present_user_code`
//!   → poll until done); there is no "poll once" step for the bot's `🔄 Check connection` button,
//!   and `access_denied` / `expired_token` only come back as a generic `Error::AuthError`;
//! - when a refresh fails, `Authenticator::find_token_info` drops the refresh error (`if let Ok`)
//!   and starts the interactive flow again: in a background upload that means a fresh device
//!   code nobody sees and minutes of polling, and `invalid_grant` can never be told apart from a
//!   network blip, so the app could not mark Drive disconnected;
//! - it logs the refresh token and the token response bodies at `debug` level
//!   (`refresh.rs`, `device.rs`), which `tracing-log` would forward to our logs;
//! - its `RefreshFlow` is `pub(crate)`, so the refresh cannot be reused on its own.
//!
//! So the three form POSTs are done here with the same hyper client google-drive3 uses, and
//! yup-oauth2 contributes its response types (`DeviceAuthResponse`, `TokenInfo`) and the
//! `TokenStorage` bridge ([`super::VaultTokenStorage`]).

use std::{fmt, time::Duration};

use chrono::{DateTime, TimeDelta, Utc};
use hyper::{Request, StatusCode, header};
use serde::{Deserialize, Serialize};
use yup_oauth2::authenticator_delegate::DeviceAuthResponse;

use super::{DRIVE_FILE_SCOPE, DriveError, GoogleClient, ProtocolError, StoredToken};

const DEVICE_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.5: back off by five seconds on `slow_down`.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// Retries of a revocation: the user is waiting on the Disconnect button.
const REVOKE_RETRIES: u32 = 2;

/// What the bot shows the user; `device_code` is the poller's credential and stays private.
#[derive(Clone, Serialize, Deserialize)]
pub struct DeviceCode {
    pub verification_url: String,
    pub user_code: String,
    pub expires_at: DateTime<Utc>,
    /// How long to wait between polls (grows on `slow_down`).
    pub interval: Duration,
    device_code: String,
}

impl fmt::Debug for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCode")
            .field("verification_url", &self.verification_url)
            .field("user_code", &self.user_code)
            .field("expires_at", &self.expires_at)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectStatus {
    /// The user has not finished yet; poll again after `interval`.
    Pending,
    /// Google asked us to poll less often; `interval` has been raised.
    SlowDown,
    /// The token is saved in the vault. `email` is `None` if `about.get` failed (the grant is
    /// still good; [`GoogleClient::account_email`] can be asked later).
    Connected {
        email: Option<String>,
    },
    Denied,
    Expired,
}

/// Whether Google confirmed that the app's access is revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// Google revoked the grant, or there was none left to revoke.
    Confirmed,
    /// Google could not be reached or refused, even after retries: the grant may still be
    /// live in the user's Google account (the bot forgot its tokens anyway).
    Unconfirmed,
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: Option<i64>,
    id_token: Option<String>,
}

impl TokenResponse {
    fn into_stored(self, previous_refresh: Option<String>) -> StoredToken {
        StoredToken {
            access_token: self.access_token,
            // Google omits the refresh token on refresh: keep the one we have.
            refresh_token: self.refresh_token.or(previous_refresh),
            expires_at: self
                .expires_in
                .map(|secs| Utc::now() + TimeDelta::seconds(secs)),
            id_token: self.id_token,
        }
    }
}

/// The OAuth `error` code of a failed token request, if the body has one.
fn oauth_error(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<OAuthErrorBody>(body)
        .ok()
        .map(|body| body.error)
}

fn status_error(status: StatusCode, body: &[u8]) -> DriveError {
    if status == StatusCode::TOO_MANY_REQUESTS {
        return DriveError::RateLimited;
    }
    DriveError::Http {
        status: status.as_u16(),
        message: oauth_error(body).unwrap_or_else(|| "no OAuth error code".to_owned()),
    }
}

impl GoogleClient {
    /// Step 1 of connecting: ask Google for a code to show the user.
    pub async fn start_connect(&self, user: i64) -> Result<DeviceCode, DriveError> {
        let settings = self.settings();
        let (status, body) = self
            .post_form(
                &settings.device_code_url,
                &[
                    ("client_id", settings.client_id.as_str()),
                    ("scope", DRIVE_FILE_SCOPE),
                ],
            )
            .await?;
        if !status.is_success() {
            return Err(status_error(status, &body));
        }
        let response: DeviceAuthResponse = serde_json::from_slice(&body)
            .map_err(|err| ProtocolError::caused("device code response", err))?;
        tracing::info!(user, "Google device code issued");
        Ok(DeviceCode {
            verification_url: response.verification_uri,
            user_code: response.user_code,
            expires_at: DateTime::from_timestamp(response.expires_at.unix_timestamp(), 0)
                .unwrap_or_else(Utc::now),
            interval: response.interval,
            device_code: response.device_code,
        })
    }

    /// Step 2, once: ask whether the user approved. Safe to call from a background loop and from
    /// the `🔄 Check connection` button (do not call faster than `code.interval`).
    pub async fn poll_connect(
        &self,
        user: i64,
        code: &mut DeviceCode,
    ) -> Result<ConnectStatus, DriveError> {
        if Utc::now() >= code.expires_at {
            return Ok(ConnectStatus::Expired);
        }
        let (status, body) = self
            .post_token(&[
                ("device_code", code.device_code.as_str()),
                ("grant_type", DEVICE_GRANT_TYPE),
            ])
            .await?;
        if status.is_success() {
            let token: TokenResponse = serde_json::from_slice(&body)
                .map_err(|err| ProtocolError::caused("token response", err))?;
            // Save first: the grant is what matters; the e-mail is only for the status screen.
            self.vault().save(user, &token.into_stored(None)).await?;
            tracing::info!(user, "Google Drive connected");
            let email = match self.account_email(user).await {
                Ok(email) => email,
                Err(err) => {
                    tracing::warn!(user, error = %err, "could not read the Drive account e-mail");
                    None
                }
            };
            return Ok(ConnectStatus::Connected { email });
        }
        match oauth_error(&body).as_deref() {
            Some("authorization_pending") => Ok(ConnectStatus::Pending),
            Some("slow_down") => {
                code.interval += SLOW_DOWN_STEP;
                Ok(ConnectStatus::SlowDown)
            }
            Some("access_denied") => Ok(ConnectStatus::Denied),
            // Google answers `invalid_grant` for a device code it no longer knows.
            Some("expired_token" | "invalid_grant") => Ok(ConnectStatus::Expired),
            _ => Err(status_error(status, &body)),
        }
    }

    /// Polls every `code.interval` until the user approves, denies or the code expires.
    /// Transient errors (network, 5xx, 429) are logged and polling goes on. Cancel by dropping
    /// the future (e.g. `tokio::select!` with the bot's Cancel button); only sleeps and HTTP
    /// requests are awaited, so dropping it leaves nothing half-done except, at worst, a token
    /// Google issued that was never saved.
    pub async fn wait_for_connect(
        &self,
        user: i64,
        code: &mut DeviceCode,
    ) -> Result<ConnectStatus, DriveError> {
        loop {
            tokio::time::sleep(code.interval).await;
            match self.poll_connect(user, code).await {
                Ok(ConnectStatus::Pending | ConnectStatus::SlowDown) => {}
                Ok(done) => return Ok(done),
                Err(err) if err.is_transient() => {
                    tracing::warn!(user, error = %err, "device flow poll failed; retrying");
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// Revokes the grant at Google, then forgets the tokens whatever Google said: the user
    /// asked to disconnect, and a token kept here would still work for the bot.
    pub async fn disconnect(&self, user: i64) -> Result<Revocation, DriveError> {
        let revocation = match self.vault().load(user).await {
            Ok(Some(token)) => {
                // Revoking the refresh token revokes the whole grant.
                let secret = token
                    .refresh_token
                    .as_deref()
                    .unwrap_or(&token.access_token);
                self.revoke(user, secret).await
            }
            Ok(None) => Revocation::Confirmed,
            Err(err) => {
                tracing::warn!(user, error = %err, "cannot read the Google token to revoke it");
                Revocation::Unconfirmed
            }
        };
        self.vault().clear(user).await?;
        tracing::info!(user, ?revocation, "Google Drive disconnected");
        Ok(revocation)
    }

    /// Asks Google to revoke `secret`, retrying 429, 5xx and network errors a few times.
    async fn revoke(&self, user: i64, secret: &str) -> Revocation {
        let max_retries = self.settings().max_retries.min(REVOKE_RETRIES);
        let mut retries = 0;
        loop {
            let error = match self
                .post_form(&self.settings().revoke_url, &[("token", secret)])
                .await
            {
                Ok((status, _)) if status.is_success() => return Revocation::Confirmed,
                // Google no longer knows the token: the grant is already gone.
                Ok((StatusCode::BAD_REQUEST, body))
                    if oauth_error(&body).as_deref() == Some("invalid_token") =>
                {
                    return Revocation::Confirmed;
                }
                Ok((status, body)) => status_error(status, &body),
                Err(err) => err,
            };
            let Some(delay) = self.retry_delay(retries, max_retries, &error, None) else {
                tracing::warn!(user, %error, "Google did not confirm the revocation");
                return Revocation::Unconfirmed;
            };
            tracing::warn!(user, %error, ?delay, "revoking the Google grant failed; retrying");
            tokio::time::sleep(delay).await;
            retries += 1;
        }
    }

    /// A usable access token for `user`, refreshed (and saved) when expired or when `force`.
    /// `invalid_grant` → [`DriveError::Revoked`]; the vault is left alone so the app decides.
    pub(crate) async fn access_token(&self, user: i64, force: bool) -> Result<String, DriveError> {
        let token = self
            .vault()
            .load(user)
            .await?
            .ok_or(DriveError::NotConnected)?;
        if !force && !token.is_expired(Utc::now()) {
            return Ok(token.access_token);
        }
        let Some(refresh_token) = token.refresh_token else {
            return Err(DriveError::Revoked);
        };
        let (status, body) = self
            .post_token(&[
                ("refresh_token", refresh_token.as_str()),
                ("grant_type", "refresh_token"),
            ])
            .await?;
        if !status.is_success() {
            return Err(match oauth_error(&body).as_deref() {
                Some("invalid_grant") => DriveError::Revoked,
                _ => status_error(status, &body),
            });
        }
        let fresh: TokenResponse = serde_json::from_slice(&body)
            .map_err(|err| ProtocolError::caused("refresh response", err))?;
        let fresh = fresh.into_stored(Some(refresh_token));
        self.vault().save(user, &fresh).await?;
        tracing::debug!(user, "Google access token refreshed");
        Ok(fresh.access_token)
    }

    /// A grant at the token endpoint, with the app's client credentials.
    async fn post_token(
        &self,
        grant: &[(&str, &str)],
    ) -> Result<(StatusCode, hyper::body::Bytes), DriveError> {
        let settings = self.settings();
        let mut form = vec![
            ("client_id", settings.client_id.as_str()),
            ("client_secret", settings.client_secret.as_str()),
        ];
        form.extend_from_slice(grant);
        self.post_form(&settings.token_url, &form).await
    }

    /// One form POST; the body never reaches an error or a log.
    async fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
    ) -> Result<(StatusCode, hyper::body::Bytes), DriveError> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let request = Request::post(url)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(google_drive3::common::to_body(Some(body)))
            .map_err(|err| ProtocolError::caused("bad OAuth URL", err))?;
        let (status, _, body) = self.exchange(request).await?;
        Ok((status, body))
    }
}
