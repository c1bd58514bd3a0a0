//! Telegram JSON objects: building them, and reading fields that may come as strings (multipart).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use super::{BOT_ID, BOT_USERNAME, TestUser};

pub(super) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_secs())
}

pub(super) fn me_json() -> Value {
    json!({
        "id": BOT_ID, "is_bot": true, "first_name": "CodeVault", "username": BOT_USERNAME,
        "can_join_groups": true, "can_read_all_group_messages": false,
        "supports_inline_queries": false, "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

pub(super) fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "CodeVault", "username": BOT_USERNAME})
}

pub(super) fn user_json(user: &TestUser) -> Value {
    json!({
        "id": user.id, "is_bot": false,
        "first_name": user.first_name, "language_code": user.language_code,
    })
}

pub(super) fn private_chat(user: &TestUser) -> Value {
    json!({"id": user.id, "type": "private", "first_name": user.first_name})
}

pub(super) fn text_body(text: &str) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("text".into(), text.into());
    if text.starts_with('/') {
        let command = text.split_whitespace().next().unwrap_or("");
        let entity =
            json!({"type": "bot_command", "offset": 0, "length": command.encode_utf16().count()});
        body.insert("entities".into(), json!([entity]));
    }
    body
}

// ---- reading fields ----

pub(super) fn int(p: &Value, key: &str) -> Option<i64> {
    match p.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn message_id(p: &Value) -> Option<i32> {
    int(p, "message_id").and_then(|id| i32::try_from(id).ok())
}

pub(super) fn string(p: &Value, key: &str) -> Option<String> {
    match p.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn boolean(p: &Value, key: &str) -> Option<bool> {
    match p.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A JSON object or array, sent as JSON or as a JSON string (multipart).
pub(super) fn object(p: &Value, key: &str) -> Option<Value> {
    match p.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        v @ (Value::Object(_) | Value::Array(_)) => Some(v.clone()),
        _ => None,
    }
}
