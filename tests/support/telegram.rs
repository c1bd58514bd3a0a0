//! A fake Telegram Bot API server for end-to-end tests.
//!
//! The real teloxide `Bot` talks to it over a socket (`Bot::set_api_url` or `TELOXIDE_API_URL`),
//! so tests drive the real bot and see exactly what it sent, binary documents included. Tests
//! queue user actions (`send_text`, `send_document`, `click`, ...), the bot long-polls them with
//! `getUpdates`, and every call the bot makes is recorded as a [`Sent`].
//!
//! Like Telegram, it rejects what Telegram rejects (unknown chats, HTML that doesn't parse, texts
//! over 4096 characters, callback data over 64 bytes, edits that change nothing, answering a
//! callback query twice, `getFile` over 20 MB, uploads over 50 MB); see [`FakeTelegram::rejected`].
#![allow(dead_code)] // each test binary uses a different part of it

use std::{
    collections::{HashMap, HashSet, VecDeque},
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{
        DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State,
        rejection::PathRejection,
    },
    http::{StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::{Map, Value, json};
use tokio::{sync::Notify, time::Instant};

pub const BOT_TOKEN: &str = "123456:TEST-token";
pub const BOT_ID: i64 = 123456;
pub const BOT_USERNAME: &str = "codevault_test_bot";
/// Longest a `getUpdates` request is held open, whatever `timeout` it asks for, so that a bot
/// shutting down (which waits for its current poll) stays fast.
pub const MAX_POLL_WAIT: Duration = Duration::from_secs(1);
const WAIT_FOR_LIMIT: Duration = Duration::from_secs(20);
const GET_FILE_LIMIT: u32 = 20 * 1024 * 1024;
const UPLOAD_LIMIT: usize = 50 * 1024 * 1024;
const TEXT_LIMIT: usize = 4096;
const CAPTION_LIMIT: usize = 1024;
const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply \
                            markup are exactly the same as a current content and reply markup of \
                            the message";
const INVALID_QUERY: &str = "query is too old and response timeout expired or query id is invalid";
/// Methods served, as Telegram documents them; teloxide sends them capitalised ("SendMessage").
const METHODS: &str = "getMe getUpdates getWebhookInfo deleteWebhook setMyCommands \
    deleteMyCommands setMyDescription setMyShortDescription setChatMenuButton sendChatAction \
    sendMessage sendDocument editMessageText editMessageCaption editMessageReplyMarkup \
    deleteMessage answerCallbackQuery getFile";
/// Methods that only answer `true`.
const TRUE_METHODS: &str = "deleteWebhook setMyCommands deleteMyCommands setMyDescription \
    setMyShortDescription setChatMenuButton sendChatAction";
const HTML_TAGS: &str = "b strong i em u ins s strike del span tg-spoiler a tg-emoji code pre \
    blockquote";

#[derive(Clone)]
pub struct FakeTelegram {
    inner: Arc<Inner>,
}

struct Inner {
    addr: SocketAddr,
    state: Mutex<TgState>,
    updates_changed: Notify,
    sent_changed: Notify,
}

#[derive(Clone, Debug)]
pub struct TestUser {
    pub id: i64,
    pub first_name: String,
    pub language_code: Option<String>,
}

impl TestUser {
    pub fn new(id: i64, language_code: Option<&str>) -> Self {
        Self {
            id,
            first_name: format!("Tester{id}"),
            language_code: language_code.map(str::to_owned),
        }
    }
}

/// One call the bot made. Calls Telegram refuses are left out (see `rejected()`), except edits
/// refused as "message is not modified": the message does show that content, so they are kept,
/// with `error` set.
#[derive(Clone, Debug)]
pub struct Sent {
    pub seq: u64,
    pub method: String,
    pub chat_id: Option<i64>,
    /// Id of the message created, edited or deleted.
    pub message_id: Option<i32>,
    /// The text, a document's caption, the callback answer's text or the chat action.
    pub text: Option<String>,
    pub parse_mode: Option<String>,
    pub reply_markup: Option<Value>,
    pub document: Option<SentDocument>,
    pub callback_query_id: Option<String>,
    pub show_alert: Option<bool>,
    /// Every parameter of the call (files left out), as JSON; multipart values are strings.
    pub params: Value,
    /// The error the bot got back ("message is not modified" only).
    pub error: Option<String>,
}

#[derive(Clone, Debug)]
pub struct SentDocument {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Sent {
    fn from_params(method: &str, p: &Value) -> Self {
        Self {
            seq: 0,
            method: method.to_owned(),
            chat_id: int(p, "chat_id"),
            message_id: message_id(p),
            text: string(p, "text")
                .or_else(|| string(p, "caption"))
                .or_else(|| string(p, "action")),
            parse_mode: string(p, "parse_mode"),
            reply_markup: object(p, "reply_markup"),
            document: None,
            callback_query_id: string(p, "callback_query_id"),
            show_alert: boolean(p, "show_alert"),
            params: p.clone(),
            error: None,
        }
    }

    /// (label, callback_data) of every inline button, row by row; "" for non-callback buttons.
    pub fn buttons(&self) -> Vec<(String, String)> {
        let rows = self
            .reply_markup
            .as_ref()
            .and_then(|m| m.get("inline_keyboard"));
        let Some(rows) = rows.and_then(Value::as_array) else {
            return Vec::new();
        };
        let label =
            |b: &Value, key: &str| b.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        rows.iter()
            .filter_map(Value::as_array)
            .flatten()
            .map(|b| (label(b, "text"), label(b, "callback_data")))
            .collect()
    }

    /// callback_data of the first button whose label starts with `label_prefix`.
    pub fn button_data(&self, label_prefix: &str) -> Option<String> {
        self.buttons()
            .into_iter()
            .find(|(label, _)| label.starts_with(label_prefix))
            .map(|(_, d)| d)
    }

    fn summary(&self) -> String {
        let document = self
            .document
            .as_ref()
            .map(|d| (&d.file_name, d.bytes.len()));
        format!(
            "#{} {} chat={:?} msg={:?} text={:?} document={document:?} buttons={:?} error={:?}",
            self.seq,
            self.method,
            self.chat_id,
            self.message_id,
            self.text,
            self.buttons(),
            self.error
        )
    }
}

struct StoredFile {
    name: String,
    unique_id: String,
    path: String,
    bytes: Vec<u8>,
    size: u32,
}

struct Upload {
    file_name: Option<String>,
    bytes: Vec<u8>,
}

#[derive(Debug)]
struct ApiError(StatusCode, String);

fn bad(description: &str) -> ApiError {
    ApiError(
        StatusCode::BAD_REQUEST,
        format!("Bad Request: {description}"),
    )
}

fn authorize(token: &str) -> Result<(), ApiError> {
    match token.strip_prefix("bot") == Some(BOT_TOKEN) {
        true => Ok(()),
        false => Err(ApiError(StatusCode::UNAUTHORIZED, "Unauthorized".into())),
    }
}

#[derive(Default)]
struct TgState {
    last_update_id: u32,
    updates: VecDeque<Value>,
    chats: HashMap<i64, Value>,
    last_message_id: HashMap<i64, i32>,
    messages: HashMap<(i64, i32), Value>,
    deleted: HashSet<(i64, i32)>,
    files: HashMap<String, StoredFile>,
    /// Callback queries not answered yet, with their chat.
    open_callbacks: HashMap<String, i64>,
    counter: u64,
    sent: Vec<Sent>,
    unknown: Vec<String>,
    rejected: Vec<String>,
    get_updates_calls: u64,
}

impl FakeTelegram {
    /// Binds 127.0.0.1 on a free port and serves the Bot API there until the runtime ends.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake Telegram");
        let addr = listener.local_addr().expect("fake Telegram address");
        let tg = Self {
            inner: Arc::new(Inner {
                addr,
                state: Mutex::default(),
                updates_changed: Notify::new(),
                sent_changed: Notify::new(),
            }),
        };
        let app = Router::new()
            .route("/{token}/{method}", post(api).get(api))
            .route("/file/{token}/{*path}", get(download))
            .layer(DefaultBodyLimit::max(2 * UPLOAD_LIMIT))
            .with_state(tg.clone());
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake Telegram server")
        });
        tg
    }

    /// What `Bot::set_api_url` or `TELOXIDE_API_URL` gets.
    pub fn api_url(&self) -> String {
        format!("http://{}/", self.inner.addr)
    }

    fn st(&self) -> MutexGuard<'_, TgState> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    // ---- user → bot ----

    /// A text message in the user's private chat; a leading `/command` gets a bot_command entity.
    pub fn send_text(&self, user: &TestUser, text: &str) -> i32 {
        self.user_message(user, private_chat(user), text_body(text))
    }

    pub fn send_group_text(&self, user: &TestUser, group_chat_id: i64, text: &str) -> i32 {
        let chat = json!({"id": group_chat_id, "type": "group", "title": "Test group"});
        self.user_message(user, chat, text_body(text))
    }

    /// A document whose bytes `getFile` and the download route then hand out.
    pub fn send_document(
        &self,
        user: &TestUser,
        file_name: &str,
        mime: &str,
        bytes: Vec<u8>,
    ) -> i32 {
        let size = u32::try_from(bytes.len()).expect("document too big for a u32 size");
        self.send_document_with_size(user, file_name, mime, bytes, size)
    }

    /// Like `send_document` but declaring `declared_size` (e.g. a huge file without the bytes).
    pub fn send_document_with_size(
        &self,
        user: &TestUser,
        file_name: &str,
        mime: &str,
        bytes: Vec<u8>,
        declared_size: u32,
    ) -> i32 {
        let document = self
            .st()
            .add_file(file_name, Some(mime), bytes, declared_size);
        let mut body = Map::new();
        body.insert("document".into(), document);
        self.user_message(user, private_chat(user), body)
    }

    /// The user presses a button of the bot's message `message_id` in their private chat; returns
    /// the callback query id. `data` is not checked against the buttons, so it can be forged.
    pub fn click(&self, user: &TestUser, message_id: i32, data: &str) -> String {
        let mut st = self.st();
        let key = (user.id, message_id);
        assert!(
            !st.deleted.contains(&key),
            "click: message {message_id} was deleted"
        );
        let message = st.messages.get(&key).cloned();
        let message =
            message.unwrap_or_else(|| panic!("click: no message {message_id} in chat {}", user.id));
        st.counter += 1;
        let id = format!("cbq-{}", st.counter);
        st.open_callbacks.insert(id.clone(), user.id);
        let query = json!({
            "id": id, "from": user_json(user), "message": message,
            "chat_instance": format!("ci-{}", user.id), "data": data,
        });
        st.push_update("callback_query", query);
        drop(st);
        self.inner.updates_changed.notify_waiters();
        id
    }

    fn user_message(&self, user: &TestUser, chat: Value, body: Map<String, Value>) -> i32 {
        let chat_id = chat["id"].as_i64().expect("chat id");
        let mut st = self.st();
        st.chats.insert(chat_id, chat);
        let message = st
            .new_message(chat_id, user_json(user), body)
            .expect("chat was just added");
        let id = message_id(&message).expect("message id");
        st.push_update("message", message);
        drop(st);
        self.inner.updates_changed.notify_waiters();
        id
    }

    // ---- bot → user ----

    pub fn sent(&self) -> Vec<Sent> {
        self.st().sent.clone()
    }

    pub fn sent_since(&self, seq: u64) -> Vec<Sent> {
        self.st()
            .sent
            .iter()
            .filter(|s| s.seq > seq)
            .cloned()
            .collect()
    }

    pub fn last_seq(&self) -> u64 {
        self.st().sent.last().map_or(0, |s| s.seq)
    }

    /// The first call after `after_seq` that matches `pred`; panics after 20 s with recent calls.
    pub async fn wait_for<F: Fn(&Sent) -> bool>(&self, after_seq: u64, pred: F) -> Sent {
        let deadline = Instant::now() + WAIT_FOR_LIMIT;
        loop {
            let notified = self.inner.sent_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = self.st().sent.iter().find(|s| s.seq > after_seq && pred(s)) {
                return found.clone();
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "no matching Telegram call after #{after_seq} within {WAIT_FOR_LIMIT:?}\n{}",
                    self.dump(after_seq)
                );
            }
        }
    }

    /// The next sendMessage, editMessageText or sendDocument to `chat_id` after `after_seq`.
    pub async fn next_message(&self, after_seq: u64, chat_id: i64) -> Sent {
        self.wait_for(after_seq, |s| {
            s.chat_id == Some(chat_id)
                && matches!(
                    s.method.as_str(),
                    "sendMessage" | "editMessageText" | "sendDocument"
                )
        })
        .await
    }

    /// The message's text (a document's caption) as last sent or edited; None once deleted.
    pub fn message_text(&self, chat_id: i64, message_id: i32) -> Option<String> {
        let st = self.st();
        if st.deleted.contains(&(chat_id, message_id)) {
            return None;
        }
        let message = st.messages.get(&(chat_id, message_id))?;
        string(message, "text").or_else(|| string(message, "caption"))
    }

    pub fn is_deleted(&self, chat_id: i64, message_id: i32) -> bool {
        self.st().deleted.contains(&(chat_id, message_id))
    }

    pub fn unknown_methods(&self) -> Vec<String> {
        self.st().unknown.clone()
    }

    /// Calls refused with an error, as "method: description".
    pub fn rejected(&self) -> Vec<String> {
        self.st().rejected.clone()
    }

    pub fn get_updates_calls(&self) -> u64 {
        self.st().get_updates_calls
    }

    fn dump(&self, after_seq: u64) -> String {
        let st = self.st();
        let skip = st.sent.len().saturating_sub(30);
        let mut out = format!("calls (last 30, matching ones are after #{after_seq}):\n");
        for s in st.sent.iter().skip(skip) {
            out += &format!("  {}\n", s.summary());
        }
        out += &format!(
            "unknown methods: {:?}\nrejected: {:?}\ngetUpdates calls: {}, updates not confirmed: {}\n",
            st.unknown,
            st.rejected,
            st.get_updates_calls,
            st.updates.len()
        );
        out
    }

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

// ---- HTTP ----

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

/// Query string, then a JSON or multipart/form-data body, as one JSON object; file parts apart.
async fn read_params(req: Request) -> Result<(Value, HashMap<String, Upload>), ApiError> {
    let mut params = Map::new();
    let Query(query) = Query::<HashMap<String, String>>::try_from_uri(req.uri())
        .map_err(|e| bad(&e.to_string()))?;
    params.extend(query.into_iter().map(|(k, v)| (k, Value::String(v))));
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut uploads = HashMap::new();
    if content_type.starts_with("multipart/form-data") {
        let mut form = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad(&e.body_text()))?;
        while let Some(field) = form.next_field().await.map_err(|e| bad(&e.body_text()))? {
            let name = field.name().unwrap_or("").to_owned();
            // reqwest escapes `\` as `\\` in filename="..." and multer leaves it so
            let file_name = field.file_name().map(|n| n.replace("\\\\", "\\"));
            let bytes = field.bytes().await.map_err(|e| bad(&e.body_text()))?;
            let bytes = bytes.to_vec();
            if file_name.is_none()
                && let Ok(text) = std::str::from_utf8(&bytes)
            {
                params.insert(name, text.into());
            } else {
                uploads.insert(name, Upload { file_name, bytes });
            }
        }
    } else {
        let body = Bytes::from_request(req, &())
            .await
            .map_err(|e| bad(&e.body_text()))?;
        if !body.is_empty() {
            match serde_json::from_slice(&body) {
                Ok(Value::Object(fields)) => params.extend(fields),
                Ok(Value::Null) => {}
                _ => return Err(bad("can't parse JSON body")),
            }
        }
    }
    Ok((Value::Object(params), uploads))
}

// ---- the methods ----

impl TgState {
    fn call(
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

    // ---- state helpers ----

    fn record(&mut self, mut sent: Sent) {
        sent.seq = self.sent.len() as u64 + 1;
        self.sent.push(sent);
    }

    /// Message ids are per chat and shared by the user's and the bot's messages.
    fn new_message(
        &mut self,
        chat_id: i64,
        from: Value,
        mut body: Map<String, Value>,
    ) -> Result<Value, ApiError> {
        let chat = self.chats.get(&chat_id).cloned();
        let chat = chat.ok_or_else(|| bad("chat not found"))?;
        let id = self.last_message_id.entry(chat_id).or_insert(0);
        *id += 1;
        body.insert("message_id".into(), (*id).into());
        body.insert("date".into(), now().into());
        body.insert("chat".into(), chat);
        body.insert("from".into(), from);
        let message = Value::Object(body);
        self.messages.insert((chat_id, *id), message.clone());
        Ok(message)
    }

    /// Registers a file for getFile and the download route; returns its Document JSON.
    fn add_file(
        &mut self,
        file_name: &str,
        mime: Option<&str>,
        bytes: Vec<u8>,
        size: u32,
    ) -> Value {
        self.counter += 1;
        let n = self.counter;
        let extension = file_name
            .rsplit_once('.')
            .map_or(String::new(), |(_, ext)| format!(".{ext}"));
        let (file_id, unique_id) = (format!("file-{n}"), format!("unique-{n}"));
        let path = format!("documents/file_{n}{extension}");
        self.files.insert(
            file_id.clone(),
            StoredFile {
                name: file_name.to_owned(),
                unique_id: unique_id.clone(),
                path,
                bytes,
                size,
            },
        );
        let mut document =
            json!({"file_id": file_id, "file_unique_id": unique_id, "file_size": size});
        if !file_name.is_empty() {
            document["file_name"] = file_name.into();
        }
        if let Some(mime) = mime {
            document["mime_type"] = mime.into();
        }
        document
    }

    fn push_update(&mut self, kind: &str, payload: Value) {
        self.last_update_id += 1;
        self.updates
            .push_back(json!({"update_id": self.last_update_id, kind: payload}));
    }

    /// `offset` N > 0 forgets updates before N; -N keeps only the last N.
    fn confirm_updates(&mut self, offset: i64) {
        if offset > 0 {
            self.updates
                .retain(|u| int(u, "update_id").unwrap_or(0) >= offset);
        } else if offset < 0 {
            let keep = offset.unsigned_abs() as usize;
            while self.updates.len() > keep {
                self.updates.pop_front();
            }
        }
    }
}

// ---- JSON helpers ----

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_secs())
}

fn me_json() -> Value {
    json!({
        "id": BOT_ID, "is_bot": true, "first_name": "CodeVault", "username": BOT_USERNAME,
        "can_join_groups": true, "can_read_all_group_messages": false,
        "supports_inline_queries": false, "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "CodeVault", "username": BOT_USERNAME})
}

fn user_json(user: &TestUser) -> Value {
    json!({
        "id": user.id, "is_bot": false,
        "first_name": user.first_name, "language_code": user.language_code,
    })
}

fn private_chat(user: &TestUser) -> Value {
    json!({"id": user.id, "type": "private", "first_name": user.first_name})
}

fn text_body(text: &str) -> Map<String, Value> {
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

fn int(p: &Value, key: &str) -> Option<i64> {
    match p.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn message_id(p: &Value) -> Option<i32> {
    int(p, "message_id").and_then(|id| i32::try_from(id).ok())
}

fn string(p: &Value, key: &str) -> Option<String> {
    match p.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn boolean(p: &Value, key: &str) -> Option<bool> {
    match p.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A JSON object or array, sent as JSON or as a JSON string (multipart).
fn object(p: &Value, key: &str) -> Option<Value> {
    match p.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        v @ (Value::Object(_) | Value::Array(_)) => Some(v.clone()),
        _ => None,
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

/// The visible text of Telegram-flavoured HTML, or why Telegram would refuse it.
fn html_to_text(html: &str) -> Result<String, String> {
    let (mut out, mut open, mut rest) = (String::new(), Vec::<String>::new(), html);
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        let offset = html.len() - rest.len() + i;
        let tail = &rest[i..];
        if tail.starts_with('&') {
            let entity = tail.find(';').filter(|&end| end <= 10);
            let entity = entity.and_then(|end| Some((decode_entity(&tail[1..end])?, end)));
            let (ch, skip) = entity.unwrap_or(('&', 0));
            out.push(ch);
            rest = &tail[skip + 1..];
            continue;
        }
        let end = tail
            .find('>')
            .ok_or_else(|| format!("Unclosed start tag at byte offset {offset}"))?;
        let tag = &tail[1..end];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            match open.pop() {
                Some(top) if top == name => {}
                Some(top) => {
                    return Err(format!(
                        "Unmatched end tag at byte offset {offset}, expected \"</{top}>\", found \"</{name}>\""
                    ));
                }
                None => return Err(format!("Unexpected end tag at byte offset {offset}")),
            }
        } else {
            let name = tag.split_whitespace().next().unwrap_or("");
            let name = name.to_ascii_lowercase();
            if !HTML_TAGS.split_whitespace().any(|known| known == name) {
                return Err(format!(
                    "Unsupported start tag \"{name}\" at byte offset {offset}"
                ));
            }
            open.push(name);
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    match open.pop() {
        Some(tag) => Err(format!(
            "Can't find end tag corresponding to start tag \"{tag}\""
        )),
        None => Ok(out),
    }
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let code = name.strip_prefix('#')?;
            let code = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}
