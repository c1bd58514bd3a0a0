//! Drive v3 endpoints: about, files list/get (metadata or media)/update/delete, multipart and
//! resumable uploads.

use std::collections::HashMap;

use axum::{
    Json,
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, Method, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{
    Shared,
    oauth::injected,
    query,
    state::{Route, Session, State as FakeState},
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
    if let Some((status, retry)) = state.enter(route, format!("{method} {uri}")) {
        return Some(injected(status, retry));
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
    match state.files.get(&id) {
        Some(file) if params.get("alt").map(String::as_str) == Some("media") => (
            [(header::CONTENT_TYPE, "application/octet-stream")],
            file.bytes.clone(),
        )
            .into_response(),
        Some(file) => Json(file.to_json()).into_response(),
        None => not_found(&id),
    }
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
            state.sessions.insert(
                id.clone(),
                Session {
                    metadata,
                    bytes: Vec::new(),
                },
            );
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
    body: Bytes,
) -> Response {
    let mut state = shared.lock().unwrap();
    let range = content_range(&headers);
    if matches!(range, Ok(Some((None, _)))) {
        state.status_queries += 1;
    }
    if let Some((status, retry)) = state.enter(Route::UploadChunk, format!("{method} {uri}")) {
        return injected(status, retry);
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
    if !state.sessions.contains_key(&id) {
        // A status query after the end answers with the file, as Google does.
        if let Some(file) = state.finished_sessions.get(&id).cloned() {
            return Json(state.files[&file].to_json()).into_response();
        }
        return not_found(&id);
    }
    let session = state.sessions.get_mut(&id).expect("session exists");
    let total = match range {
        None => {
            session.bytes = body.to_vec();
            session.bytes.len() as u64
        }
        Some((None, total)) => total,
        Some((Some(_), _))
            if quirks
                .lose_session_bytes_past
                .is_some_and(|past| session.bytes.len() >= past) =>
        {
            session.bytes.clear();
            state.quirks.lose_session_bytes_past = None;
            return resume_incomplete(0);
        }
        Some((Some((first, last)), total)) => {
            if first != session.bytes.len() as u64 || last + 1 - first != body.len() as u64 {
                return drive_error(StatusCode::BAD_REQUEST, "badContent", "chunk out of order");
            }
            if last + 1 < total && !(body.len() as u64).is_multiple_of(CHUNK_GRANULE) {
                return drive_error(
                    StatusCode::BAD_REQUEST,
                    "badContent",
                    "chunk size not a multiple of 256 KiB",
                );
            }
            let keep = quirks
                .keep_per_chunk
                .map_or(body.len(), |keep| keep.min(body.len()));
            session.bytes.extend_from_slice(&body[..keep]);
            total
        }
    };
    if (session.bytes.len() as u64) < total {
        return resume_incomplete(session.bytes.len());
    }
    let session = state.sessions.remove(&id).expect("session exists");
    let file = state.create_file(&session.metadata, session.bytes, &media_type);
    state.finished_sessions.insert(id, file.id.clone());
    if std::mem::take(&mut state.quirks.lose_final_answer_next) {
        return injected(503, None);
    }
    Json(file.to_json()).into_response()
}
