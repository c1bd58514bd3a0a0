//! Resumable uploads, done here rather than by google-drive3: google-apis-common's helper
//! (checked in 8.0.0) moves on by a whole chunk after any `308 Resume Incomplete`, although
//! Google's `Range` header may say it kept less, so the next chunk starts at the wrong offset
//! and the upload fails. Here every answer says where to go on from:
//! - `308` with `Range: bytes=0-N` → bytes `0..=N` are kept, send from `N + 1`;
//! - `308` without `Range` → nothing is kept, send from 0;
//! - `200`/`201` → done, the body is the file;
//! - a 5xx, 429 or network error → wait (the usual backoff), ask where the session stands
//!   (`Content-Range: bytes */TOTAL`), go on from there.
//!
//! Chunks are read from the source one at a time (going back means opening it again at the
//! offset Google names), so no more than one chunk is in memory. A cancel is heeded between
//! chunks, during a chunk's exchange and during a backoff; the session is then abandoned with
//! a `DELETE` on its URL (Google's resumable protocol answers `499`; an abandoned session that
//! Google did not hear of expires after a week and never becomes a file).

use google_drive3::{
    api::File,
    common::{self, Body},
};
use hyper::{HeaderMap, Method, Request, StatusCode, body::Bytes, header};

use super::{
    DriveError, DriveFile, GoogleClient, ProtocolError, backoff_delay,
    chunks::Chunks,
    error::AttemptError,
    retry::{Hub, access_token, http_failure},
};
use crate::{
    domain::progress::{Progress, Unit},
    integrations::transfer::{UploadSource, cancellation, sleep_unless_cancelled},
};

/// Google wants every chunk but the last to be a multiple of this.
const CHUNK_GRANULE: u64 = 256 * 1024;

/// Where a session stands after one exchange.
enum Answer {
    /// Google keeps bytes `0..kept`.
    Incomplete {
        kept: u64,
    },
    Done(DriveFile),
}

/// The chunk size to use: the setting rounded up to a multiple of 256 KiB, at least one.
fn chunk_size(setting: u64) -> u64 {
    let granules = setting
        .div_ceil(CHUNK_GRANULE)
        .clamp(1, u64::MAX / CHUNK_GRANULE);
    granules * CHUNK_GRANULE
}

/// How many bytes a `Range: bytes=0-N` header says are kept (`N + 1`); none without one.
fn kept_bytes(headers: &HeaderMap) -> Result<u64, DriveError> {
    let Some(range) = headers.get(header::RANGE) else {
        return Ok(0);
    };
    let last = range
        .to_str()
        .ok()
        .and_then(|range| range.strip_prefix("bytes=0-"))
        .and_then(|last| last.parse::<u64>().ok())
        .ok_or_else(|| {
            DriveError::from(ProtocolError::new("unreadable Range of a resumable upload"))
        })?;
    last.checked_add(1)
        .ok_or_else(|| DriveError::from(ProtocolError::new("Range out of bounds")))
}

fn request(method: Method, url: &str) -> hyper::http::request::Builder {
    Request::builder().method(method).uri(url)
}

fn built(request: Result<Request<Body>, hyper::http::Error>) -> Result<Request<Body>, DriveError> {
    request.map_err(|err| ProtocolError::caused("resumable upload request", err).into())
}

/// Tells `progress` how much Google keeps, never less than it was told before (Google may
/// lose what it had, and the upload goes back, but a progress bar does not).
struct Reported<'a> {
    progress: &'a dyn Progress,
    total: u64,
    shown: u64,
}

impl Reported<'_> {
    fn kept(&mut self, kept: u64) {
        if kept > self.shown {
            self.shown = kept;
            self.progress.advance(Unit::Bytes, kept, Some(self.total));
        }
    }
}

impl GoogleClient {
    /// Creates a file with `metadata` and the bytes of `source` through a resumable session,
    /// answering it and the MD5 of what was read. The session start is retried like any call,
    /// and each chunk by [`Self::send_resumable`].
    pub(super) async fn upload_resumable(
        &self,
        user: i64,
        metadata: &File,
        fields: &str,
        media_type: &str,
        source: &dyn UploadSource,
        progress: &dyn Progress,
    ) -> Result<(DriveFile, String), DriveError> {
        let total = source.len();
        let session = self
            .run(user, |hub| {
                self.start_session(hub, metadata, fields, media_type, total)
            })
            .await?;
        let sent = self
            .send_resumable(user, &session, media_type, source, progress)
            .await;
        // A full Drive takes no more of it either: the session goes now rather than expire.
        if matches!(sent, Err(DriveError::Cancelled | DriveError::StorageFull)) {
            self.abandon(user, &session).await;
        }
        sent
    }

    /// Opens an upload session; its URL (the `Location` answered) is the session's credential.
    async fn start_session(
        &self,
        hub: Hub,
        metadata: &File,
        fields: &str,
        media_type: &str,
        total: u64,
    ) -> Result<String, AttemptError> {
        let token = access_token(&hub).await?;
        let mut url = url::Url::parse(&format!("{}files", self.settings().upload_root_url))
            .map_err(|err| DriveError::from(ProtocolError::caused("upload URL", err)))?;
        url.query_pairs_mut()
            .append_pair("uploadType", "resumable")
            .append_pair("fields", fields);
        let metadata = serde_json::to_vec(metadata)
            .map_err(|err| DriveError::from(ProtocolError::caused("file metadata", err)))?;
        let start = built(
            request(Method::POST, url.as_str())
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json; charset=UTF-8")
                .header("X-Upload-Content-Type", media_type)
                .header("X-Upload-Content-Length", total)
                .body(common::to_body(Some(metadata))),
        )?;
        let (status, headers, body) = self.exchange(start).await?;
        if !status.is_success() {
            return Err(http_failure(status, &headers, &body));
        }
        headers
            .get(header::LOCATION)
            .and_then(|location| location.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| {
                DriveError::from(ProtocolError::new("upload session without a Location")).into()
            })
    }

    /// Sends `source` to `session` chunk by chunk, going on from what Google says it kept.
    /// Failures in a row without progress are bounded by `max_retries`; the count starts
    /// again whenever Google keeps more.
    async fn send_resumable(
        &self,
        user: i64,
        session: &str,
        media_type: &str,
        source: &dyn UploadSource,
        progress: &dyn Progress,
    ) -> Result<(DriveFile, String), DriveError> {
        let settings = self.settings();
        let mut chunks = Chunks::new(source, chunk_size(settings.resumable_chunk_bytes));
        let total = chunks.total();
        let mut reported = Reported {
            progress,
            total,
            shown: 0,
        };
        let mut kept: u64 = 0;
        // After a failure Google may have kept any part of the chunk: ask before sending.
        let mut known = true;
        let mut failures = 0;
        loop {
            if progress.cancelled() {
                return Err(DriveError::Cancelled);
            }
            let exchange = async {
                if known {
                    let chunk = chunks.read(kept).await.map_err(AttemptError::from)?;
                    self.send_chunk(session, media_type, chunk, kept, total)
                        .await
                } else {
                    self.session_status(session, total).await
                }
            };
            let answer = tokio::select! {
                // An answer that came with the cancel counts: the file may already be made.
                biased;
                answer = exchange => answer,
                () = cancellation(progress) => return Err(DriveError::Cancelled),
            };
            let (delay, reason) = match answer {
                Ok(Answer::Done(file)) => {
                    let md5 = chunks.md5().await?;
                    reported.kept(total);
                    return Ok((file, md5));
                }
                Ok(Answer::Incomplete { kept: now }) => {
                    if now > chunks.sent() {
                        let what = "Google kept more than was sent";
                        return Err(ProtocolError::new(what).into());
                    }
                    reported.kept(now);
                    let (advanced, answered_a_chunk) = (now > kept, known);
                    (kept, known) = (now, true);
                    if advanced {
                        failures = 0;
                        continue;
                    }
                    if !answered_a_chunk {
                        continue;
                    }
                    // Google kept none of the chunk, or lost what it had: send again after a
                    // pause, but not for ever.
                    if failures >= settings.max_retries {
                        let what = "Google keeps none of the upload";
                        return Err(ProtocolError::new(what).into());
                    }
                    let delay =
                        backoff_delay(failures, settings.backoff_base, settings.backoff_cap, None);
                    (delay, "Google kept none of the chunk".to_owned())
                }
                Err(failed) => {
                    if matches!(failed.error, DriveError::Local(_)) {
                        return Err(failed.error);
                    }
                    known = false;
                    let delay = self.retry_delay(
                        failures,
                        settings.max_retries,
                        &failed.error,
                        failed.retry_after,
                    );
                    match delay {
                        Some(delay) => (delay, failed.error.to_string()),
                        None => return Err(failed.error),
                    }
                }
            };
            tracing::warn!(user, kept, %reason, ?delay, retry = failures + 1, "resumable upload interrupted; resuming");
            if sleep_unless_cancelled(delay, progress).await {
                return Err(DriveError::Cancelled);
            }
            failures += 1;
        }
    }

    /// Sends `chunk`, the bytes from `start` on, of an upload of `total` bytes.
    async fn send_chunk(
        &self,
        session: &str,
        media_type: &str,
        chunk: Bytes,
        start: u64,
        total: u64,
    ) -> Result<Answer, AttemptError> {
        let len = u64::try_from(chunk.len()).unwrap_or(u64::MAX);
        // An empty upload has no byte to name: it is sent whole, without a range.
        let content_range = match start.saturating_add(len).checked_sub(1) {
            Some(last) if len > 0 => format!("bytes {start}-{last}/{total}"),
            _ => format!("bytes */{total}"),
        };
        let put = built(
            request(Method::PUT, session)
                .header(header::CONTENT_TYPE, media_type)
                .header(header::CONTENT_RANGE, content_range)
                .body(common::to_body(Some(chunk))),
        )?;
        self.answer(put).await
    }

    /// Asks where an interrupted session stands.
    async fn session_status(&self, session: &str, total: u64) -> Result<Answer, AttemptError> {
        let query = built(
            request(Method::PUT, session)
                .header(header::CONTENT_RANGE, format!("bytes */{total}"))
                .body(common::to_body::<Bytes>(None)),
        )?;
        self.answer(query).await
    }

    async fn answer(&self, request: Request<Body>) -> Result<Answer, AttemptError> {
        let (status, headers, body) = self.exchange(request).await?;
        if status == StatusCode::PERMANENT_REDIRECT {
            return Ok(Answer::Incomplete {
                kept: kept_bytes(&headers)?,
            });
        }
        if !status.is_success() {
            return Err(http_failure(status, &headers, &body));
        }
        let file: File = serde_json::from_slice(&body)
            .map_err(|err| DriveError::from(ProtocolError::caused("Drive response", err)))?;
        Ok(Answer::Done(DriveFile::from_api(file)?))
    }

    /// Abandons a cancelled session once, without retries: one Google did not hear of
    /// expires on its own, and none ever becomes a file.
    async fn abandon(&self, user: i64, session: &str) {
        let delete =
            match built(request(Method::DELETE, session).body(common::to_body::<Bytes>(None))) {
                Ok(delete) => delete,
                Err(error) => {
                    tracing::warn!(user, %error, "cannot abandon the upload session");
                    return;
                }
            };
        match self.exchange(delete).await {
            // 499 "Client Closed Request" is the protocol's answer to a cancel.
            Ok((status, ..)) if status.as_u16() == 499 || status.is_success() => {
                tracing::info!(user, "resumable upload cancelled; session abandoned");
            }
            Ok((status, ..)) => {
                tracing::warn!(user, %status, "Google did not confirm abandoning the upload session");
            }
            Err(error) => tracing::warn!(user, %error, "cannot abandon the upload session"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_whole_granules() {
        assert_eq!(chunk_size(0), CHUNK_GRANULE);
        assert_eq!(chunk_size(1), CHUNK_GRANULE);
        assert_eq!(chunk_size(256 * 1024), CHUNK_GRANULE);
        assert_eq!(chunk_size(256 * 1024 + 1), 2 * CHUNK_GRANULE);
        assert_eq!(chunk_size(8 << 20), 8 << 20);
        assert_eq!(chunk_size(u64::MAX) % CHUNK_GRANULE, 0);
        assert!(chunk_size(u64::MAX) > 0);
    }

    #[test]
    fn range_says_how_much_is_kept() {
        let mut headers = HeaderMap::new();
        assert_eq!(kept_bytes(&headers).unwrap(), 0);
        headers.insert(header::RANGE, "bytes=0-262143".parse().unwrap());
        assert_eq!(kept_bytes(&headers).unwrap(), 262_144);
        for bad in ["bytes=5-9", "bytes=0-", "0-9", "bytes=0-x"] {
            headers.insert(header::RANGE, bad.parse().unwrap());
            assert!(kept_bytes(&headers).is_err(), "{bad}");
        }
    }
}
