//! Retry policy: capped exponential backoff honouring `Retry-After`, one refresh on 401.

use std::{
    future::Future,
    sync::{Arc, atomic::AtomicBool},
    time::Duration,
};

use google_drive3::{
    DriveHub,
    api::Scope,
    common::{self, Retry},
};
use hyper::{HeaderMap, StatusCode};

use super::{
    Connector, DriveError, GoogleClient, NetworkError, ProtocolError, error::AttemptError,
    token::UserTokenSource,
};

pub(crate) type Hub = DriveHub<Connector>;

/// Delay before retry number `attempt + 1` (`attempt` counts from 0): `base · 2^attempt`, capped
/// at `cap`, but never shorter than the server's `Retry-After` (which is honoured even past
/// `cap`: Google asked for it).
pub fn backoff_delay(
    attempt: u32,
    base: Duration,
    cap: Duration,
    retry_after: Option<Duration>,
) -> Duration {
    let exponential = base
        .checked_mul(2u32.saturating_pow(attempt))
        .unwrap_or(cap)
        .min(cap);
    retry_after.map_or(exponential, |server| server.max(exponential))
}

/// What a failed response said, captured because google-drive3's errors drop the status and
/// headers (`Error::BadRequest` keeps only the JSON body).
#[derive(Clone, Debug)]
struct Failure {
    status: u16,
    retry_after: Option<Duration>,
    message: String,
    /// Every `error.errors[].reason`, and the `reason` of every `error.details[]` (the
    /// `google.rpc.ErrorInfo` of Google's newer error format).
    reasons: Vec<String>,
}

impl Failure {
    /// From a response's status, headers and JSON error body (Google's `error.message` and
    /// its reasons).
    fn new(status: u16, headers: &HeaderMap, body: Option<&serde_json::Value>) -> Self {
        let error = body.and_then(|body| body.get("error"));
        let message = error
            .and_then(|error| error.get("message"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let reasons = ["errors", "details"]
            .into_iter()
            .filter_map(|list| error?.get(list)?.as_array())
            .flatten()
            .filter_map(|item| item.get("reason")?.as_str())
            .map(str::to_owned)
            .collect();
        Self {
            status,
            retry_after: retry_after(headers),
            message,
            reasons,
        }
    }

    /// Whether Google gave `reason` (as Drive v3 spells it, or in the newer format's
    /// upper snake case) among its reasons.
    fn says(&self, reason: &str) -> bool {
        let shouted = upper_snake(reason);
        self.reasons
            .iter()
            .any(|given| given == reason || *given == shouted)
    }
}

/// `storageQuotaExceeded` → `STORAGE_QUOTA_EXCEEDED`.
fn upper_snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

impl From<Failure> for AttemptError {
    fn from(failure: Failure) -> Self {
        let forbidden = failure.status == 403;
        let rate_limited = failure.status == 429
            || (forbidden
                && (failure.says("rateLimitExceeded") || failure.says("userRateLimitExceeded")));
        let error = if rate_limited {
            DriveError::RateLimited
        } else if forbidden && failure.says("storageQuotaExceeded") {
            DriveError::StorageFull
        } else {
            DriveError::Http {
                status: failure.status,
                message: failure.message,
            }
        };
        Self {
            error,
            retry_after: failure.retry_after,
            unauthorized: failure.status == 401,
        }
    }
}

/// A Drive answer that is not a success, as one attempt's outcome.
pub(crate) fn http_failure(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> AttemptError {
    let json = serde_json::from_slice::<serde_json::Value>(body).ok();
    Failure::new(status.as_u16(), headers, json.as_ref()).into()
}

/// The token source's error, travelled boxed through google-drive3 (or our own requests).
pub(crate) fn token_failure(source: Box<dyn std::error::Error + Send + Sync>) -> AttemptError {
    match source.downcast::<DriveError>() {
        Ok(drive) => AttemptError::from(*drive),
        Err(other) => DriveError::from(ProtocolError::caused("token source", other)).into(),
    }
}

/// The user's access token, for requests made here rather than by google-drive3.
pub(crate) async fn access_token(hub: &Hub) -> Result<String, AttemptError> {
    hub.auth
        .get_token(&[Scope::File.as_ref()])
        .await
        .map_err(token_failure)?
        .ok_or_else(|| DriveError::from(ProtocolError::new("no access token")).into())
}

/// google-drive3 delegate that records failures and never retries by itself: whole attempts
/// are retried by [`GoogleClient::run`], which also refreshes the token on a 401.
#[derive(Default)]
pub(crate) struct Recorder {
    failure: Option<Failure>,
}

impl Recorder {
    /// Maps a google-drive3 error (with what this delegate saw) to one attempt's outcome.
    pub fn classify(&self, err: common::Error) -> AttemptError {
        let failure = match err {
            common::Error::MissingToken(source) => return token_failure(source),
            common::Error::HttpError(err) => {
                return DriveError::from(NetworkError::from(err)).into();
            }
            common::Error::JsonDecodeError(_, err) => {
                return DriveError::from(ProtocolError::caused("Drive response", err)).into();
            }
            common::Error::Failure(response) => self.failure.clone().unwrap_or_else(|| {
                Failure::new(response.status().as_u16(), &HeaderMap::new(), None)
            }),
            common::Error::BadRequest(_) => match &self.failure {
                Some(failure) => failure.clone(),
                None => return DriveError::from(ProtocolError::new("bad request")).into(),
            },
            other => return DriveError::from(ProtocolError::of(other)).into(),
        };
        failure.into()
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(hyper::header::RETRY_AFTER)?;
    // Google sends delta-seconds; an HTTP date is ignored (the backoff still applies).
    value
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

impl common::Delegate for Recorder {
    fn http_failure(
        &mut self,
        response: &common::Response,
        body: Option<&serde_json::Value>,
    ) -> Retry {
        self.failure = Some(Failure::new(
            response.status().as_u16(),
            response.headers(),
            body,
        ));
        Retry::Abort
    }
}

impl GoogleClient {
    pub(crate) fn hub(&self, user: i64, force_refresh: Arc<AtomicBool>) -> Hub {
        let source = UserTokenSource {
            client: self.clone(),
            user,
            force_refresh,
        };
        let mut hub = DriveHub::new(self.http().clone(), source);
        hub.base_url(self.settings().drive_root_url.clone());
        hub.root_url(self.inner.upload_base.clone());
        hub
    }

    /// How long to wait before retry number `retries + 1` after `error`, or `None` when another
    /// try cannot help (a permanent error) or `max_retries` are used up.
    pub(crate) fn retry_delay(
        &self,
        retries: u32,
        max_retries: u32,
        error: &DriveError,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        let settings = self.settings();
        (error.is_transient() && retries < max_retries).then(|| {
            backoff_delay(
                retries,
                settings.backoff_base,
                settings.backoff_cap,
                retry_after,
            )
        })
    }

    /// Runs `attempt` with a fresh hub until it succeeds, fails for good, or retries run out.
    pub(crate) async fn run<T, F, Fut>(&self, user: i64, mut attempt: F) -> Result<T, DriveError>
    where
        F: FnMut(Hub) -> Fut,
        Fut: Future<Output = Result<T, AttemptError>>,
    {
        let settings = self.settings();
        let force_refresh = Arc::new(AtomicBool::new(false));
        let mut refreshed = false;
        let mut retries = 0;
        loop {
            let hub = self.hub(user, force_refresh.clone());
            let outcome = tokio::time::timeout(settings.request_timeout, attempt(hub))
                .await
                .unwrap_or_else(|_| Err(DriveError::from(NetworkError::TimedOut).into()));
            let failed = match outcome {
                Ok(value) => return Ok(value),
                Err(failed) => failed,
            };
            if failed.unauthorized && !refreshed {
                refreshed = true;
                force_refresh.store(true, std::sync::atomic::Ordering::SeqCst);
                tracing::debug!(user, "Drive refused the access token; refreshing once");
                continue;
            }
            let Some(delay) = self.retry_delay(
                retries,
                settings.max_retries,
                &failed.error,
                failed.retry_after,
            ) else {
                return Err(failed.error);
            };
            tracing::warn!(user, error = %failed.error, ?delay, retry = retries + 1, "Drive call failed; retrying");
            tokio::time::sleep(delay).await;
            retries += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Duration = Duration::from_secs(1);
    const CAP: Duration = Duration::from_secs(60);

    #[test]
    fn doubles_from_the_base() {
        let delays: Vec<_> = (0..4)
            .map(|attempt| backoff_delay(attempt, BASE, CAP, None).as_secs())
            .collect();
        assert_eq!(delays, [1, 2, 4, 8]);
    }

    #[test]
    fn is_capped_and_never_overflows() {
        assert_eq!(backoff_delay(6, BASE, CAP, None), CAP);
        assert_eq!(backoff_delay(40, BASE, CAP, None), CAP);
        assert_eq!(backoff_delay(u32::MAX, BASE, CAP, None), CAP);
    }

    #[test]
    fn retry_after_wins_when_longer() {
        let server = Some(Duration::from_secs(30));
        assert_eq!(backoff_delay(0, BASE, CAP, server), Duration::from_secs(30));
        // Honoured even past the cap: Google asked for it.
        let long = Some(Duration::from_secs(120));
        assert_eq!(backoff_delay(0, BASE, CAP, long), Duration::from_secs(120));
    }

    fn classified(status: u16, body: serde_json::Value) -> DriveError {
        http_failure(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.to_string().as_bytes(),
        )
        .error
    }

    fn with_reason(status: u16, reason: &str) -> DriveError {
        let body = serde_json::json!({ "error": { "code": status, "message": "m",
            "errors": [{ "domain": "usageLimits", "reason": reason, "message": "m" }] } });
        classified(status, body)
    }

    #[test]
    fn a_full_drive_is_its_own_error_and_never_retried() {
        let full = with_reason(403, "storageQuotaExceeded");
        assert!(matches!(full, DriveError::StorageFull), "{full:?}");
        assert!(!full.is_transient());
        // Google's newer format names it in an ErrorInfo, in upper snake case.
        let newer = serde_json::json!({ "error": { "code": 403, "message": "m",
            "status": "PERMISSION_DENIED",
            "details": [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                          "reason": "STORAGE_QUOTA_EXCEEDED", "domain": "googleapis.com" }] } });
        assert!(matches!(classified(403, newer), DriveError::StorageFull));
        // Any of several reasons counts, not only the first.
        let second = serde_json::json!({ "error": { "code": 403, "message": "m", "errors": [
            { "reason": "forbidden" }, { "reason": "storageQuotaExceeded" }] } });
        assert!(matches!(classified(403, second), DriveError::StorageFull));
    }

    #[test]
    fn other_403s_keep_their_handling() {
        assert!(matches!(
            with_reason(403, "rateLimitExceeded"),
            DriveError::RateLimited
        ));
        assert!(matches!(
            with_reason(403, "userRateLimitExceeded"),
            DriveError::RateLimited
        ));
        let denied = with_reason(403, "insufficientFilePermissions");
        assert!(
            matches!(denied, DriveError::Http { status: 403, .. }) && !denied.is_transient(),
            "{denied:?}"
        );
        // The reason counts only with a 403.
        assert!(matches!(
            with_reason(400, "storageQuotaExceeded"),
            DriveError::Http { status: 400, .. }
        ));
        assert!(matches!(
            classified(403, serde_json::json!("not Google's JSON")),
            DriveError::Http { status: 403, .. }
        ));
    }

    #[test]
    fn backoff_wins_when_retry_after_is_shorter() {
        let server = Some(Duration::from_secs(1));
        assert_eq!(backoff_delay(3, BASE, CAP, server), Duration::from_secs(8));
    }
}
