//! The HTTP side: the axum routes, token check, `getUpdates` long polling and JSON replies.

use std::time::Duration;

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Path, Request, State, rejection::PathRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::{Value, json};
use tokio::time::Instant;

use super::{
    BOT_TOKEN, FakeTelegram, MAX_POLL_WAIT,
    error::{ApiError, bad},
    json::int,
    methods::UPLOAD_LIMIT,
    params::read_params,
};

/// Methods served, as Telegram documents them; teloxide sends them capitalised ("SendMessage").
const METHODS: &str = "getMe getUpdates getWebhookInfo deleteWebhook setMyCommands \
    deleteMyCommands setMyDescription setMyShortDescription setChatMenuButton sendChatAction \
    sendMessage sendDocument editMessageText editMessageCaption editMessageReplyMarkup \
    deleteMessage answerCallbackQuery getFile";

/// The Bot API routes and the file download route, served for `tg`.
pub(super) fn router(tg: FakeTelegram) -> Router {
    Router::new()
        .route("/{token}/{method}", post(api).get(api))
        .route("/file/{token}/{*path}", get(download))
        .layer(DefaultBodyLimit::max(2 * UPLOAD_LIMIT))
        .with_state(tg)
}

impl FakeTelegram {
    /// `getUpdates`: confirms the updates before `offset`, then waits (at most [`MAX_POLL_WAIT`])
    /// until there are updates to hand out.
    async fn get_updates(&self, p: &Value) -> Value {
        let offset = int(p, "offset").unwrap_or(0);
        let limit = int(p, "limit")
            .filter(|l| (1..=100).contains(l))
            .unwrap_or(100) as usize;
        let timeout = Duration::from_secs(int(p, "timeout").unwrap_or(0).clamp(0, 3600) as u64);
        let deadline = Instant::now() + timeout.min(MAX_POLL_WAIT);
        {
            let mut st = self.st();
            st.get_updates_calls += 1;
            st.confirm_updates(offset);
        }
        loop {
            let notified = self.inner.updates_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let st = self.st();
                if !st.updates.is_empty() || Instant::now() >= deadline {
                    return Value::Array(st.updates.iter().take(limit).cloned().collect());
                }
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }
}

async fn api(
    State(tg): State<FakeTelegram>,
    path: Result<Path<(String, String)>, PathRejection>,
    req: Request,
) -> Response {
    let Ok(Path((token, method))) = path else {
        return reply(Err(bad("invalid URL")));
    };
    let read = match authorize(&token) {
        Ok(()) => read_params(req).await,
        Err(e) => Err(e),
    };
    let (params, uploads) = match read {
        Ok(read) => read,
        Err(e) => return reply(Err(e)),
    };
    let method = canonical_method(&method);
    if method == "getUpdates" {
        return reply(Ok(tg.get_updates(&params).await));
    }
    if let Some(fault) = tg.fault_for(&method, &params) {
        return tg.suffer(fault).await;
    }
    let result = tg.st().call(&method, &params, uploads);
    tg.inner.sent_changed.notify_waiters();
    reply(result)
}

async fn download(
    State(tg): State<FakeTelegram>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let Ok(Path((token, file_path))) = path else {
        return reply(Err(bad("invalid URL")));
    };
    if let Err(e) = authorize(&token) {
        return reply(Err(e));
    }
    match tg.st().files.values().find(|f| f.path == file_path) {
        Some(file) => file.bytes.clone().into_response(),
        None => reply(Err(ApiError(StatusCode::NOT_FOUND, "Not Found".into()))),
    }
}

/// Telegram method names are case-insensitive; record them in Telegram's documented spelling.
fn canonical_method(method: &str) -> String {
    if let Some(known) = METHODS
        .split_whitespace()
        .find(|m| m.eq_ignore_ascii_case(method))
    {
        return known.to_owned();
    }
    let mut chars = method.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    })
}

fn reply(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(value) => Json(json!({"ok": true, "result": value})).into_response(),
        Err(ApiError(status, description)) => {
            let body =
                json!({"ok": false, "error_code": status.as_u16(), "description": description});
            (status, Json(body)).into_response()
        }
    }
}

fn authorize(token: &str) -> Result<(), ApiError> {
    match token.strip_prefix("bot") == Some(BOT_TOKEN) {
        true => Ok(()),
        false => Err(ApiError(StatusCode::UNAUTHORIZED, "Unauthorized".into())),
    }
}
