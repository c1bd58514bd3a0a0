//! The Bot API methods the bot calls, answered and checked as Telegram does.

use std::collections::HashMap;

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::{
    BOT_ID, Sent, SentDocument,
    error::{ApiError, bad},
    html::html_to_text,
    json::{bot_user, int, me_json, message_id, now, object, string},
    params::Upload,
    state::TgState,
};

const GET_FILE_LIMIT: u32 = 20 * 1024 * 1024;
pub(super) const UPLOAD_LIMIT: usize = 50 * 1024 * 1024;
const TEXT_LIMIT: usize = 4096;
const CAPTION_LIMIT: usize = 1024;
const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply \
                            markup are exactly the same as a current content and reply markup of \
                            the message";
const INVALID_QUERY: &str = "query is too old and response timeout expired or query id is invalid";
/// Methods that only answer `true`.
const TRUE_METHODS: &str = "deleteWebhook deleteMyCommands setMyDescription \
    setMyShortDescription setChatMenuButton sendChatAction";

impl TgState {
    pub(super) fn call(
        &mut self,
        method: &str,
        p: &Value,
        uploads: HashMap<String, Upload>,
    ) -> Result<Value, ApiError> {
        let mut rec = Sent::from_params(method, p);
        let result = match method {
            "getMe" => Ok(me_json()),
            "getWebhookInfo" => {
                Ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}))
            }
            m if TRUE_METHODS.split_whitespace().any(|t| t == m) => Ok(json!(true)),
            "sendMessage" => self.send_message(p),
            "setMyCommands" => self.set_my_commands(p),
            "sendDocument" => self.send_document(p, uploads, &mut rec),
            "editMessageText" | "editMessageCaption" | "editMessageReplyMarkup" => {
                self.edit(method, p)
            }
            "deleteMessage" => self.delete(p),
            "answerCallbackQuery" => self.answer_callback(p, &mut rec),
            "getFile" => self.get_file(p),
            _ => {
                self.unknown.push(method.to_owned());
                return Err(ApiError(
                    StatusCode::NOT_FOUND,
                    "Not Found: method not found".into(),
                ));
            }
        };
        match &result {
            Ok(value) => {
                rec.chat_id = rec
                    .chat_id
                    .or_else(|| value.get("chat").and_then(|c| int(c, "id")));
                rec.message_id = rec.message_id.or_else(|| message_id(value));
                self.record(rec);
            }
            Err(ApiError(_, description)) => {
                self.rejected.push(format!("{method}: {description}"));
                if description.ends_with(NOT_MODIFIED) {
                    rec.error = Some(description.clone());
                    self.record(rec);
                }
            }
        }
        result
    }

    fn send_message(&mut self, p: &Value) -> Result<Value, ApiError> {
        let chat_id = chat_id(p)?;
        let text = string(p, "text").unwrap_or_default();
        if check_text(&text, p, TEXT_LIMIT, "message is too long")?
            .trim()
            .is_empty()
        {
            return Err(bad("message text is empty"));
        }
        let mut body = Map::new();
        body.insert("text".into(), text.into());
        if let Some(markup) = inline_markup(p)? {
            body.insert("reply_markup".into(), markup);
        }
        self.new_message(chat_id, bot_user(), body)
    }

    /// Checks the menu as the Bot API does (names 1–32 of `a-z0-9_`, descriptions 1–256
    /// characters, at most 100, a two-letter language or none) and keeps it by language.
    fn set_my_commands(&mut self, p: &Value) -> Result<Value, ApiError> {
        let commands = p
            .get("commands")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("parameter \"commands\" is required"))?;
        if commands.len() > 100 {
            return Err(bad("too many commands specified"));
        }
        let mut menu = Vec::new();
        for command in commands {
            let name = string(command, "command").unwrap_or_default();
            let description = string(command, "description").unwrap_or_default();
            let valid_name = (1..=32).contains(&name.len())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_name {
                return Err(bad("BOT_COMMAND_INVALID"));
            }
            if !(1..=256).contains(&description.chars().count()) {
                return Err(bad("command description must be non-empty"));
            }
            menu.push((name, description));
        }
        let language = string(p, "language_code").unwrap_or_default();
        let valid_language = language.is_empty()
            || (language.len() == 2 && language.chars().all(|c| c.is_ascii_lowercase()));
        if !valid_language {
            return Err(bad("invalid language code specified"));
        }
        self.commands.insert(language, menu);
        Ok(json!(true))
    }

    fn send_document(
        &mut self,
        p: &Value,
        mut uploads: HashMap<String, Upload>,
        rec: &mut Sent,
    ) -> Result<Value, ApiError> {
        let chat_id = chat_id(p)?;
        let reference = string(p, "document").unwrap_or_default();
        let upload = match reference.strip_prefix("attach://") {
            Some(part) => uploads.remove(part),
            None => uploads.remove("document"),
        };
        let (file_name, bytes) = match (upload, self.files.get(&reference)) {
            (Some(upload), _) => (upload.file_name.unwrap_or_default(), upload.bytes),
            (None, Some(file)) => (file.name.clone(), file.bytes.clone()),
            (None, None) => return Err(bad("wrong file identifier/HTTP URL specified")),
        };
        if bytes.len() > UPLOAD_LIMIT {
            return Err(ApiError(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request Entity Too Large".into(),
            ));
        }
        let caption = string(p, "caption").unwrap_or_default();
        check_text(&caption, p, CAPTION_LIMIT, "message caption is too long")?;
        let markup = inline_markup(p)?;
        rec.document = Some(SentDocument {
            file_name: file_name.clone(),
            bytes: bytes.clone(),
        });
        let size = bytes.len() as u32;
        let mut body = Map::new();
        body.insert(
            "document".into(),
            self.add_file(&file_name, None, bytes, size),
        );
        if !caption.is_empty() {
            body.insert("caption".into(), caption.into());
        }
        if let Some(markup) = markup {
            body.insert("reply_markup".into(), markup);
        }
        self.new_message(chat_id, bot_user(), body)
    }

    /// editMessageText / editMessageCaption / editMessageReplyMarkup. As in Telegram, an edit
    /// without `reply_markup` removes the keyboard.
    fn edit(&mut self, method: &str, p: &Value) -> Result<Value, ApiError> {
        let chat_id = chat_id(p)?;
        let id = message_id(p).ok_or_else(|| bad("message identifier is not specified"))?;
        let markup = inline_markup(p)?;
        if self.deleted.contains(&(chat_id, id)) {
            return Err(bad("message to edit not found"));
        }
        let old = self
            .messages
            .get(&(chat_id, id))
            .ok_or_else(|| bad("message to edit not found"))?;
        if old.get("from").and_then(|f| int(f, "id")) != Some(BOT_ID) {
            return Err(bad("message can't be edited"));
        }
        let mut new = old.as_object().cloned().unwrap_or_default();
        let field = match method {
            "editMessageText" => Some(("text", TEXT_LIMIT, "message is too long")),
            "editMessageCaption" => Some(("caption", CAPTION_LIMIT, "message caption is too long")),
            _ => None,
        };
        if let Some((field, limit, too_long)) = field {
            if field == "text" && !new.contains_key("text") {
                return Err(bad("there is no text in the message to edit"));
            }
            let value = string(p, field).unwrap_or_default();
            if check_text(&value, p, limit, too_long)?.trim().is_empty() && field == "text" {
                return Err(bad("message text is empty"));
            }
            new.insert(field.into(), value.into());
        }
        match markup {
            Some(markup) => new.insert("reply_markup".into(), markup),
            None => new.remove("reply_markup"),
        };
        let mut new = Value::Object(new);
        if &new == old {
            return Err(bad(NOT_MODIFIED));
        }
        new["edit_date"] = now().into();
        self.messages.insert((chat_id, id), new.clone());
        Ok(new)
    }

    fn delete(&mut self, p: &Value) -> Result<Value, ApiError> {
        let key = (chat_id(p)?, message_id(p).unwrap_or(0));
        if !self.messages.contains_key(&key) || !self.deleted.insert(key) {
            return Err(bad("message to delete not found"));
        }
        Ok(json!(true))
    }

    fn answer_callback(&mut self, p: &Value, rec: &mut Sent) -> Result<Value, ApiError> {
        let id = string(p, "callback_query_id").unwrap_or_default();
        rec.chat_id = Some(
            self.open_callbacks
                .remove(&id)
                .ok_or_else(|| bad(INVALID_QUERY))?,
        );
        Ok(json!(true))
    }

    fn get_file(&mut self, p: &Value) -> Result<Value, ApiError> {
        let id = string(p, "file_id").unwrap_or_default();
        let file = self.files.get(&id).ok_or_else(|| bad("invalid file_id"))?;
        if file.size > GET_FILE_LIMIT {
            return Err(bad("file is too big"));
        }
        Ok(json!({
            "file_id": id, "file_unique_id": file.unique_id,
            "file_size": file.size, "file_path": file.path,
        }))
    }
}

fn chat_id(p: &Value) -> Result<i64, ApiError> {
    match p.get("chat_id") {
        None => Err(bad("chat_id is empty")),
        Some(_) => int(p, "chat_id").ok_or_else(|| bad("chat not found")),
    }
}

/// The inline keyboard to echo back in the Message (reply keyboards aren't part of a Message).
fn inline_markup(p: &Value) -> Result<Option<Value>, ApiError> {
    if p.get("reply_markup").is_none() {
        return Ok(None);
    }
    let markup = object(p, "reply_markup")
        .ok_or_else(|| bad("can't parse reply keyboard markup JSON object"))?;
    let Some(rows) = markup.get("inline_keyboard") else {
        return Ok(None);
    };
    let rows = rows
        .as_array()
        .ok_or_else(|| bad("can't parse inline keyboard"))?;
    for button in rows
        .iter()
        .flat_map(|row| row.as_array().into_iter().flatten())
    {
        if button.get("text").and_then(Value::as_str).is_none() {
            return Err(bad(
                "can't parse inline keyboard button: Text must be a String",
            ));
        }
        let data = button
            .get("callback_data")
            .map(|d| d.as_str().map_or(0, str::len));
        if data.is_some_and(|len| !(1..=64).contains(&len)) {
            return Err(bad("BUTTON_DATA_INVALID"));
        }
    }
    Ok(Some(markup))
}

/// Telegram's checks on a text or caption: entities must parse and the visible text (returned)
/// must be within `limit` UTF-16 units.
fn check_text(text: &str, p: &Value, limit: usize, too_long: &str) -> Result<String, ApiError> {
    let visible = match string(p, "parse_mode") {
        Some(mode) if mode.eq_ignore_ascii_case("html") => {
            html_to_text(text).map_err(|e| bad(&format!("can't parse entities: {e}")))?
        }
        _ => text.to_owned(),
    };
    if visible.encode_utf16().count() > limit {
        return Err(bad(too_long));
    }
    Ok(visible)
}
