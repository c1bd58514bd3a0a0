//! Reading a file back from Drive (`files.get?alt=media`) into the caller's writer as it
//! arrives: the MD5 computed on the way and compared with Drive's `md5Checksum`, the size
//! limit enforced on the way (the transfer stops at the first byte past it), a transfer cut
//! short resumed with `Range` from the bytes already written.

use google_drive3::common;
use http_body_util::BodyExt;
use hyper::{
    Request, Response, StatusCode,
    body::{Bytes, Incoming},
    header,
};
use md5::{Digest, Md5};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::{
    DriveError, DriveFile, GoogleClient, NetworkError, ProtocolError,
    error::AttemptError,
    retry::{Hub, access_token, http_failure},
};
use crate::{
    domain::progress::{Progress, Unit},
    integrations::transfer::{Downloaded, cancellation, sleep_unless_cancelled},
};

/// Where the bytes go, and what is known of them so far.
struct Sink<'a> {
    out: &'a mut (dyn AsyncWrite + Send + Unpin),
    md5: Md5,
    written: u64,
    limit: u64,
    /// What Drive says the file's size is.
    size: Option<u64>,
    progress: &'a dyn Progress,
}

impl Sink<'_> {
    async fn write(&mut self, data: &[u8]) -> Result<(), DriveError> {
        if self.progress.cancelled() {
            return Err(DriveError::Cancelled);
        }
        let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
        let written = self.written.saturating_add(len);
        if written > self.limit {
            return Err(DriveError::TooLarge { limit: self.limit });
        }
        self.md5.update(data);
        self.out.write_all(data).await.map_err(DriveError::Local)?;
        self.written = written;
        self.progress.advance(Unit::Bytes, written, self.size);
        Ok(())
    }
}

fn media_request(
    root: &str,
    file_id: &str,
    token: &str,
    from: u64,
) -> Result<Request<common::Body>, DriveError> {
    let mut url = url::Url::parse(&format!("{root}files"))
        .map_err(|err| ProtocolError::caused("Drive URL", err))?;
    url.path_segments_mut()
        .map_err(|()| ProtocolError::new("Drive URL cannot take a file id"))?
        .push(file_id);
    url.query_pairs_mut().append_pair("alt", "media");
    let mut request =
        Request::get(url.as_str()).header(header::AUTHORIZATION, format!("Bearer {token}"));
    if from > 0 {
        request = request.header(header::RANGE, format!("bytes={from}-"));
    }
    request
        .body(common::to_body::<Bytes>(None))
        .map_err(|err| ProtocolError::caused("download request", err).into())
}

impl GoogleClient {
    /// Streams the file `file_id`, one of the bot's backups of `user` (anything else is
    /// `NotABackup`, and nothing of it is read), into `out` and answers its size and MD5,
    /// checked against Drive's `md5Checksum` (a mismatch is `Corrupt`). A file over `limit`
    /// bytes is `TooLarge`, found from its metadata or, failing that, at the first byte past
    /// the limit. `progress` hears the bytes written; a cancel stops the transfer
    /// (`Cancelled`).
    ///
    /// On any error `out` holds part of the file: the caller discards it.
    pub async fn download(
        &self,
        user: i64,
        file_id: &str,
        limit: u64,
        out: &mut (dyn AsyncWrite + Send + Unpin),
        progress: &dyn Progress,
    ) -> Result<Downloaded, DriveError> {
        if progress.cancelled() {
            return Err(DriveError::Cancelled);
        }
        let metadata = self.file_metadata(user, file_id).await?;
        let file = DriveFile::from_api(metadata).map_err(|attempt| attempt.error)?;
        // Whatever id the caller was handed, only the bot's own backups of this user come.
        if !file.is_backup_of(user) {
            tracing::warn!(
                user,
                file = file_id,
                "refused to download a file that is not the user's backup"
            );
            return Err(DriveError::NotABackup);
        }
        let expected = file
            .md5
            .ok_or_else(|| ProtocolError::new("Drive file without an md5Checksum"))?;
        let size = file.size.and_then(|size| u64::try_from(size).ok());
        if size.is_some_and(|size| size > limit) {
            return Err(DriveError::TooLarge { limit });
        }
        progress.advance(Unit::Bytes, 0, size);
        let mut sink = Sink {
            out,
            md5: Md5::new(),
            written: 0,
            limit,
            size,
            progress,
        };
        self.receive_all(user, file_id, &mut sink).await?;
        sink.out.flush().await.map_err(DriveError::Local)?;
        let actual = hex::encode(sink.md5.finalize());
        if actual != expected {
            tracing::warn!(user, file = file_id, "Drive download checksum mismatch");
            return Err(DriveError::Corrupt { expected, actual });
        }
        Ok(Downloaded {
            size: sink.written,
            md5: actual,
        })
    }

    /// Requests the media until all of it is written: a transfer cut short is asked again
    /// from the first byte not written. Failures in a row without progress are bounded by
    /// `max_retries`.
    async fn receive_all(
        &self,
        user: i64,
        file_id: &str,
        sink: &mut Sink<'_>,
    ) -> Result<(), DriveError> {
        let settings = self.settings();
        let progress = sink.progress;
        let mut failures = 0;
        loop {
            let from = sink.written;
            if from > 0 && sink.size == Some(from) {
                return Ok(());
            }
            let received = async {
                let response = self.run(user, |hub| self.media(hub, file_id, from)).await?;
                self.receive(response, from, sink).await
            };
            let received = tokio::select! {
                biased;
                received = received => received,
                () = cancellation(progress) => Err(DriveError::Cancelled),
            };
            let error = match received {
                Ok(()) => return Ok(()),
                Err(error) => error,
            };
            if sink.written > from {
                failures = 0;
            }
            let Some(delay) = self.retry_delay(failures, settings.max_retries, &error, None) else {
                return Err(error);
            };
            tracing::warn!(user, written = sink.written, %error, ?delay, retry = failures + 1, "Drive download interrupted; resuming");
            if sleep_unless_cancelled(delay, progress).await {
                return Err(DriveError::Cancelled);
            }
            failures += 1;
        }
    }

    /// One media request from byte `from` on: the answer whose body is the bytes.
    async fn media(
        &self,
        hub: Hub,
        file_id: &str,
        from: u64,
    ) -> Result<Response<Incoming>, AttemptError> {
        let token = access_token(&hub).await?;
        let root = &self.settings().drive_root_url;
        let request = media_request(root, file_id, &token, from)?;
        let response = self
            .http()
            .request(request)
            .await
            .map_err(|err| DriveError::from(NetworkError::from(err)))?;
        let status = response.status();
        if status == StatusCode::OK || status == StatusCode::PARTIAL_CONTENT {
            return Ok(response);
        }
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|err| DriveError::from(NetworkError::from(err)))?
            .to_bytes();
        Err(http_failure(parts.status, &parts.headers, &body))
    }

    /// Writes the body of `response`, the file from byte `from` on (or from its start, when
    /// the server ignored the range), into `sink` as it arrives.
    async fn receive(
        &self,
        response: Response<Incoming>,
        from: u64,
        sink: &mut Sink<'_>,
    ) -> Result<(), DriveError> {
        let partial = response.status() == StatusCode::PARTIAL_CONTENT;
        if partial {
            let starts_at_from = response
                .headers()
                .get(header::CONTENT_RANGE)
                .and_then(|range| range.to_str().ok())
                .is_some_and(|range| range.starts_with(&format!("bytes {from}-")));
            if !starts_at_from {
                return Err(ProtocolError::new("a partial download from elsewhere").into());
            }
        }
        // A whole file sent again repeats what is written: that much is skipped.
        let mut skip = if partial { 0 } else { from };
        let mut body = response.into_body();
        let idle = self.settings().request_timeout;
        loop {
            let frame = tokio::time::timeout(idle, body.frame())
                .await
                .map_err(|_| NetworkError::NoAnswer)?;
            let Some(frame) = frame else {
                return Ok(());
            };
            let Ok(data) = frame.map_err(NetworkError::from)?.into_data() else {
                continue;
            };
            let skipped = usize::try_from(skip).map_or(data.len(), |skip| skip.min(data.len()));
            skip = skip.saturating_sub(u64::try_from(skipped).unwrap_or(u64::MAX));
            sink.write(&data[skipped..]).await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_media_url_escapes_the_id_and_asks_for_the_rest() {
        let request = media_request("http://drive.test/drive/v3/", "a/b c", "t", 0).unwrap();
        assert_eq!(
            request.uri().to_string(),
            "http://drive.test/drive/v3/files/a%2Fb%20c?alt=media"
        );
        assert!(request.headers().get(header::RANGE).is_none());
        let rest = media_request("http://drive.test/drive/v3/", "id", "t", 42).unwrap();
        assert_eq!(rest.headers()[header::RANGE], "bytes=42-");
    }
}
