//! OAuth endpoints: device code, token (device + refresh grants), revoke.

use std::collections::HashMap;

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{
    Shared,
    state::{DeviceStatus, Refusal, Route},
};

fn form(body: &Bytes) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

pub fn oauth_error(status: StatusCode, error: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": error })),
    )
        .into_response()
}

/// An injected failure, answered as Google's JSON error says it.
pub fn injected(refusal: Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status).expect("valid status");
    let body = Json(json!({
        "error": {
            "code": status.as_u16(),
            "message": refusal.message,
            "errors": [{
                "domain": refusal.domain,
                "reason": refusal.reason,
                "message": refusal.message,
            }],
        }
    }));
    match refusal.retry_after {
        Some(secs) => (status, [("retry-after", secs.to_string())], body).into_response(),
        None => (status, body).into_response(),
    }
}

pub async fn device_code(State(shared): State<Shared>, body: Bytes) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(refusal) = state.enter(Route::DeviceCode, "POST /device/code".to_owned()) {
        return injected(refusal);
    }
    let form = form(&body);
    if form.get("client_id") != Some(&state.client_id) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    if form.get("scope").map(String::as_str) != Some("https://www.googleapis.com/auth/drive.file") {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_scope");
    }
    let device_code = state.next_id("device-");
    let user_code = format!("CODE-{}", state.counter);
    state.devices.insert(
        device_code.clone(),
        super::state::DeviceEntry {
            user_code: user_code.clone(),
            status: DeviceStatus::Pending,
        },
    );
    // Google's own field name is `verification_url`.
    Json(json!({
        "device_code": device_code,
        "user_code": user_code,
        "verification_url": format!("{}/device", state.base_url),
        "expires_in": state.device_expires_in,
        "interval": state.interval,
    }))
    .into_response()
}

pub async fn token(State(shared): State<Shared>, body: Bytes) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(refusal) = state.enter(Route::Token, "POST /token".to_owned()) {
        return injected(refusal);
    }
    let form = form(&body);
    if form.get("client_id") != Some(&state.client_id)
        || form.get("client_secret") != Some(&state.client_secret)
    {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    match form.get("grant_type").map(String::as_str) {
        Some("urn:ietf:params:oauth:grant-type:device_code") => {
            let code = form.get("device_code").cloned().unwrap_or_default();
            let Some(entry) = state.devices.get_mut(&code) else {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
            };
            match entry.status {
                DeviceStatus::Pending => {
                    oauth_error(StatusCode::PRECONDITION_REQUIRED, "authorization_pending")
                }
                DeviceStatus::Denied => oauth_error(StatusCode::FORBIDDEN, "access_denied"),
                DeviceStatus::Used => oauth_error(StatusCode::BAD_REQUEST, "invalid_grant"),
                DeviceStatus::Approved => {
                    entry.status = DeviceStatus::Used;
                    let access = state.issue_access();
                    let refresh = state.issue_refresh();
                    Json(json!({
                        "access_token": access, "refresh_token": refresh,
                        "expires_in": state.access_ttl, "token_type": "Bearer",
                        "scope": "https://www.googleapis.com/auth/drive.file",
                    }))
                    .into_response()
                }
            }
        }
        Some("refresh_token") => {
            let refresh = form.get("refresh_token").cloned().unwrap_or_default();
            if state.refresh_tokens.get(&refresh) != Some(&false) {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
            }
            let access = state.issue_access();
            Json(json!({
                "access_token": access, "expires_in": state.access_ttl, "token_type": "Bearer",
                "scope": "https://www.googleapis.com/auth/drive.file",
            }))
            .into_response()
        }
        _ => oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type"),
    }
}

pub async fn revoke(State(shared): State<Shared>, body: Bytes) -> Response {
    let mut state = shared.lock().unwrap();
    if let Some(refusal) = state.enter(Route::Revoke, "POST /revoke".to_owned()) {
        return injected(refusal);
    }
    let token = form(&body).remove("token").unwrap_or_default();
    let known =
        state.refresh_tokens.contains_key(&token) || state.access_tokens.contains_key(&token);
    if !known {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_token");
    }
    if let Some(revoked) = state.refresh_tokens.get_mut(&token) {
        // Revoking the refresh token ends the grant: its access tokens stop working too.
        *revoked = true;
        state
            .access_tokens
            .values_mut()
            .for_each(|expired| *expired = true);
    }
    state.access_tokens.remove(&token);
    state.revocations.push(token);
    StatusCode::OK.into_response()
}
