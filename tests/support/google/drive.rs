//! Drive v3 endpoints: about, files list/get (metadata or media)/update/delete, multipart and
//! resumable uploads.

use std::collections::HashMap;

use axum::{
    Json,
    body::{Body, Bytes},
    extract::{Path, Query, State},
    http::{HeaderMap, Method, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::sync::Notify;

use super::{
    Shared,
    oauth::injected,
    query,
    state::{Refusal, Route, Session, State as FakeState},
};

type Params = Query<HashMap<String, String>>;

fn drive_error(status: StatusCode, reason: &str, message: &str) -> Response {
    let body = json!({ "error": { "code": status.as_u16(), "message": message,
                                  "errors": [{ "reason": reason, "message": message }] } });
    (status, Json(body)).into_response()
}

fn not_found(id: &str) -> Response {
    drive_error(
        StatusCode::NOT_FOUND,
        "notFound",
        &format!("File not found: {id}."),
    )
}

/// Logs, applies injected failures, then checks the Bearer token; `Some` is the refusal.
fn enter(
    state: &mut FakeState,
    route: Route,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Option<Response> {
    if let Some(refusal) = state.enter(route, format!("{method} {uri}")) {
        return Some(injected(refusal));
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match token {
        Some(token) if state.is_valid_access(token) => None,
        _ => Some(drive_error(
            StatusCode::UNAUTHORIZED,
            "authError",
            "Invalid Credentials",
        )),
    }
}

pub async fn about(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(response) = enter(&mut state, Route::About, &method, &uri, &headers) {
        return response;
    }
    Json(
        json!({ "user": { "kind": "drive#user", "displayName": "Test User",
                           "emailAddress": state.email, "me": true } }),
    )
    .into_response()
}

pub async fn list(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(response) = enter(&mut state, Route::List, &method, &uri, &headers) {
        return response;
    }
    let clauses = match query::parse(params.get("q").map_or("", String::as_str)) {
        Ok(clauses) => clauses,
        Err(message) => return drive_error(StatusCode::BAD_REQUEST, "invalid", &message),
    };
    let page_size: usize = params
        .get("pageSize")
        .and_then(|size| size.parse().ok())
        .unwrap_or(100);
    let start: usize = params
        .get("pageToken")
        .and_then(|token| token.parse().ok())
        .unwrap_or(0);
    let matching: Vec<Value> = state
        .files
        .values()
        .filter(|file| clauses.iter().all(|clause| clause.matches(file)))
        .map(super::state::FakeFile::to_json)
        .collect();
    let end = (start + page_size).min(matching.len());
    let mut body = json!({ "kind": "drive#fileList", "files": matching[start.min(end)..end] });
    if end < matching.len() {
        body["nextPageToken"] = json!(end.to_string());
    }
    Json(body).into_response()
}

/// `files.get`: the metadata, or with `alt=media` the file's bytes.
pub async fn get(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(response) = enter(&mut state, Route::Get, &method, &uri, &headers) {
        return response;
    }
    let range = headers
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let Some(file) = state.files.get(&id) else {
        return not_found(&id);
    };
    if params.get("alt").map(String::as_str) != Some("media") {
        let mut json = file.to_json();
        if let Some(claimed) = state.download_quirks.claimed_size {
            json["size"] = json!(claimed.to_string());
        }
        return Json(json).into_response();
    }
    let bytes = file.bytes.clone();
    state.media_ranges.push(range.clone());
    let range = range.filter(|_| !state.download_quirks.ignore_range);
    let from = match range.as_deref().map(|range| range.strip_prefix("bytes=")) {
        None => None,
        Some(Some(spec)) => match spec.strip_suffix('-').and_then(|from| from.parse().ok()) {
            Some(from) if from < bytes.len() => Some(from),
            _ => return StatusCode::RANGE_NOT_SATISFIABLE.into_response(),
        },
        Some(None) => return StatusCode::RANGE_NOT_SATISFIABLE.into_response(),
    };
    let cut = state.download_quirks.cut_after.take();
    let cut = cut.map(|at| (at, state.download_quirks.cut_when.clone()));
    let stall = state.download_quirks.stall_after;
    let total = bytes.len();
    let body = media_body(shared.clone(), bytes, from.unwrap_or(0), stall, cut);
    let content_type = (header::CONTENT_TYPE, "application/octet-stream".to_owned());
    match from {
        Some(from) => {
            let range = format!("bytes {from}-{}/{total}", total - 1);
            let headers = [content_type, (header::CONTENT_RANGE, range)];
            (StatusCode::PARTIAL_CONTENT, headers, body).into_response()
        }
        None => ([content_type], body).into_response(),
    }
}

/// Media bytes from `from` on, handed out in pieces (counted as served as the connection
/// takes them), stalling for good at `stall` or failing at `cut` (once told to, if a
/// notification is given).
fn media_body(
    shared: Shared,
    bytes: Vec<u8>,
    from: usize,
    stall: Option<usize>,
    cut: Option<(usize, Option<Arc<Notify>>)>,
) -> Body {
    const PIECE: usize = 64 * 1024;
    let total = bytes.len();
    let bytes = Bytes::from(bytes);
    let pieces = futures::stream::unfold(from, move |at| {
        let (shared, bytes, cut) = (shared.clone(), bytes.clone(), cut.clone());
        async move {
            if at >= total {
                return None;
            }
            if stall.is_some_and(|stall| at >= stall) {
                std::future::pending::<()>().await;
            }
            if let Some((cut_at, told)) = cut.as_ref().filter(|(cut_at, _)| at >= *cut_at) {
                if let Some(told) = told {
                    told.notified().await;
                }
                let error =
                    std::io::Error::other(format!("fake Google cuts the download at {cut_at}"));
                return Some((Err(error), total));
            }
            let cut_at = cut.as_ref().map(|(cut_at, _)| *cut_at);
            let boundary = [stall, cut_at]
                .into_iter()
                .flatten()
                .filter(|&b| b > at)
                .min();
            let end = (at + PIECE).min(total).min(boundary.unwrap_or(total));
            shared.lock().unwrap().media_served += end - at;
            Some((Ok(bytes.slice(at..end)), end))
        }
    });
    Body::from_stream(pieces)
}

/// `files.update` metadata only: `trashed`, `name`.
pub async fn update(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(response) = enter(&mut state, Route::Update, &method, &uri, &headers) {
        return response;
    }
    let patch: Value = serde_json::from_slice(&body).unwrap_or_default();
    let Some(file) = state.files.get_mut(&id) else {
        return not_found(&id);
    };
    if let Some(trashed) = patch["trashed"].as_bool() {
        file.trashed = trashed;
    }
    if let Some(name) = patch["name"].as_str() {
        file.name = name.to_owned();
    }
    Json(file.to_json()).into_response()
}

pub async fn delete(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(response) = enter(&mut state, Route::Delete, &method, &uri, &headers) {
        return response;
    }
    match state.files.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(&id),
    }
}

/// `multipart/related`: a JSON metadata part, then the media part.
fn multipart_related(content_type: &str, body: &[u8]) -> Option<(Value, Vec<u8>, String)> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    loop {
        let start = find(rest, delimiter.as_bytes())?;
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let next = find(rest, delimiter.as_bytes())?;
        // The part is "\r\n<headers>\r\n\r\n<content>\r\n" before the next delimiter.
        let part = rest[..next].strip_prefix(b"\r\n")?.strip_suffix(b"\r\n")?;
        let split = find(part, b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(&part[..split]).to_string();
        parts.push((headers, part[split + 4..].to_vec()));
        rest = &rest[next..];
    }
    let [(_, metadata), (media_headers, media)] = <[_; 2]>::try_from(parts).ok()?;
    let media_type = media_headers
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-type")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    Some((serde_json::from_slice(&metadata).ok()?, media, media_type))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// POST /upload/drive/v3/files (multipart) and /resumable/upload/drive/v3/files (session start;
/// google-drive3 uses that legacy path, Google's docs use /upload/… — both are served).
pub async fn upload(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Params,
    body: Bytes,
) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(response) = enter(&mut state, Route::Upload, &method, &uri, &headers) {
        return response;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    match params.get("uploadType").map(String::as_str) {
        Some("multipart") => {
            let Some((metadata, media, media_type)) = multipart_related(content_type, &body) else {
                return drive_error(StatusCode::BAD_REQUEST, "badContent", "bad multipart body");
            };
            Json(state.create_file(&metadata, media, &media_type).to_json()).into_response()
        }
        Some("resumable") => {
            let metadata: Value = serde_json::from_slice(&body).unwrap_or_default();
            let id = state.next_id("session-");
            let session = Session::new(metadata, state.keep_upload_bytes);
            state.sessions.insert(id.clone(), session);
            let location = format!("{}/upload-session/{id}", state.base_url);
            (StatusCode::OK, [(header::LOCATION, location)]).into_response()
        }
        _ => drive_error(StatusCode::BAD_REQUEST, "invalid", "unsupported uploadType"),
    }
}

/// A parsed `Content-Range`: the chunk's first and last byte (none for a status query) and the
/// total; `None` when the header is absent (a single PUT of everything).
type ContentRange = Option<(Option<(u64, u64)>, u64)>;

/// `bytes a-b/total`, `bytes */total`, or no header.
fn content_range(headers: &HeaderMap) -> Result<ContentRange, ()> {
    let Some(value) = headers.get("content-range") else {
        return Ok(None);
    };
    let value = value.to_str().map_err(drop)?;
    let spec = value.strip_prefix("bytes ").ok_or(())?;
    let (range, total) = spec.split_once('/').ok_or(())?;
    let total = total.parse().map_err(drop)?;
    if range == "*" {
        return Ok(Some((None, total)));
    }
    let (first, last) = range.split_once('-').ok_or(())?;
    Ok(Some((
        Some((first.parse().map_err(drop)?, last.parse().map_err(drop)?)),
        total,
    )))
}

/// Google wants every chunk but the last to be a multiple of 256 KiB.
const CHUNK_GRANULE: u64 = 256 * 1024;

/// `308 Resume Incomplete`, with `Range: bytes=0-N` when bytes `0..=N` are kept.
fn resume_incomplete(kept: usize) -> Response {
    let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
    if kept > 0 {
        let range = format!("bytes=0-{}", kept - 1);
        response
            .headers_mut()
            .insert(header::RANGE, range.parse().expect("valid header"));
    }
    response
}

/// PUT or POST to a session URL (the session URL is the credential: no Bearer needed).
pub async fn session(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    let drop_within = {
        let mut state = shared.lock().unwrap();
        let chunk = match content_range(&headers) {
            Ok(Some((Some(range), _))) if state.sessions.contains_key(&id) => Some(range),
            _ => None,
        };
        let number = state.chunk_ranges.len();
        match (chunk, state.quirks.drop_connection_within_chunk) {
            (Some(range), Some((n, keep))) if n == number => {
                state.quirks.drop_connection_within_chunk = None;
                state.chunk_ranges.push(range);
                Some(keep)
            }
            _ => None,
        }
    };
    if let Some(keep) = drop_within {
        return drop_within_chunk(&shared, format!("{method} {uri}"), &id, body, keep).await;
    }
    // Kept in the pieces it arrived in: no second, contiguous copy of a chunk.
    let mut pieces = Vec::new();
    let mut frames = body.into_data_stream();
    while let Some(piece) = frames.next().await {
        let Ok(piece) = piece else {
            return drive_error(StatusCode::BAD_REQUEST, "badContent", "unreadable body");
        };
        pieces.push(piece);
    }
    let mut state = shared.lock().unwrap();
    let body = Pieces(&pieces);
    session_exchange(&mut state, format!("{method} {uri}"), &headers, &id, body)
}

/// A request body as the pieces it arrived in.
#[derive(Clone, Copy)]
struct Pieces<'a>(&'a [Bytes]);

impl Pieces<'_> {
    fn len(self) -> usize {
        self.0.iter().map(Bytes::len).sum()
    }

    /// Adds the first `keep` bytes to `session`.
    fn extend_first(self, session: &mut Session, mut keep: usize) {
        for piece in self.0 {
            let take = keep.min(piece.len());
            session.extend(&piece[..take]);
            keep -= take;
        }
    }
}

/// Keeps the first `keep` bytes of a chunk as they arrive, then drops the connection without
/// an answer, as a network that fails mid-chunk does.
async fn drop_within_chunk(
    shared: &Shared,
    line: String,
    id: &str,
    body: Body,
    keep: usize,
) -> Response {
    let mut received = Vec::new();
    let mut frames = body.into_data_stream();
    while received.len() < keep {
        match frames.next().await {
            Some(Ok(bytes)) => received.extend_from_slice(&bytes),
            _ => break,
        }
    }
    received.truncate(keep);
    {
        let mut state = shared.lock().unwrap();
        state.log.push(line);
        if let Some(session) = state.sessions.get_mut(id) {
            session.extend(&received);
        }
    }
    // Unwinding ends the connection's task: the socket closes with no answer (and no panic
    // message, and the lock above is already released, so nothing is poisoned).
    std::panic::resume_unwind(Box::new("fake Google drops the connection"))
}

fn session_exchange(
    state: &mut FakeState,
    line: String,
    headers: &HeaderMap,
    id: &str,
    body: Pieces<'_>,
) -> Response {
    let range = content_range(headers);
    if matches!(range, Ok(Some((None, _)))) {
        state.status_queries += 1;
    }
    if let Some(refusal) = state.enter(Route::UploadChunk, line) {
        return injected(refusal);
    }
    let Ok(range) = range else {
        return drive_error(StatusCode::BAD_REQUEST, "badContent", "bad Content-Range");
    };
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let quirks = state.quirks.clone();
    if !state.sessions.contains_key(id) {
        // A status query after the end answers with the file, as Google does.
        if let Some(file) = state.finished_sessions.get(id).cloned() {
            return Json(state.files[&file].to_json()).into_response();
        }
        return not_found(id);
    }
    let session = state.sessions.get_mut(id).expect("session exists");
    let total = match range {
        None => {
            session.clear();
            body.extend_first(session, body.len());
            session.len() as u64
        }
        Some((None, total)) => total,
        Some((Some(_), _))
            if quirks
                .lose_session_bytes_past
                .is_some_and(|past| session.len() >= past) =>
        {
            session.clear();
            state.quirks.lose_session_bytes_past = None;
            return resume_incomplete(0);
        }
        Some((Some((first, last)), total)) => {
            let number = state.chunk_ranges.len();
            state.chunk_ranges.push((first, last));
            let session = state.sessions.get_mut(id).expect("session exists");
            if first != session.len() as u64 || last + 1 - first != body.len() as u64 {
                return drive_error(StatusCode::BAD_REQUEST, "badContent", "chunk out of order");
            }
            if last + 1 < total && !(body.len() as u64).is_multiple_of(CHUNK_GRANULE) {
                return drive_error(
                    StatusCode::BAD_REQUEST,
                    "badContent",
                    "chunk size not a multiple of 256 KiB",
                );
            }
            let keep = match quirks.keep_of_chunk {
                Some((n, keep)) if n == number => keep,
                _ => quirks.keep_per_chunk.unwrap_or(body.len()),
            };
            body.extend_first(session, keep);
            total
        }
    };
    let kept = state.sessions[id].len();
    if (kept as u64) < total {
        return resume_incomplete(kept);
    }
    let session = state.sessions.remove(id).expect("session exists");
    let metadata = session.metadata.clone();
    let (bytes, size, md5) = session.finish();
    let file = state.create_counted(&metadata, bytes, size, md5, &media_type);
    state
        .finished_sessions
        .insert(id.to_owned(), file.id.clone());
    if std::mem::take(&mut state.quirks.lose_final_answer_next) {
        return injected(Refusal::status(503, None));
    }
    Json(file.to_json()).into_response()
}

/// DELETE on a session URL: the upload is abandoned, answered as Google's resumable protocol
/// does (`499 Client Closed Request`); the session is gone and never becomes a file.
pub async fn abandon_session(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let mut state = shared.lock().unwrap();
    state.log.push(format!("{method} {uri}"));
    if state.sessions.remove(&id).is_none() {
        return not_found(&id);
    }
    state.abandoned_sessions.push(id);
    StatusCode::from_u16(499)
        .expect("valid status")
        .into_response()
}
