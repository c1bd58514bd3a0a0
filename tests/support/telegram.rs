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

mod error;
mod faults;
mod html;
mod json;
mod methods;
mod params;
mod routes;
mod state;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use serde_json::{Map, Value, json};
use tokio::{sync::Notify, time::Instant};

use self::{
    json::{boolean, int, message_id, now, object, private_chat, string, text_body, user_json},
    state::TgState,
};

pub const BOT_TOKEN: &str = "123456:TEST-token";
pub const BOT_ID: i64 = 123456;
pub const BOT_USERNAME: &str = "codevault_test_bot";
/// Longest a `getUpdates` request is held open, whatever `timeout` it asks for, so that a bot
/// shutting down (which waits for its current poll) stays fast.
pub const MAX_POLL_WAIT: Duration = Duration::from_secs(1);
const WAIT_FOR_LIMIT: Duration = Duration::from_secs(20);

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
        let app = routes::router(tg.clone());
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
        self.send_text_dated(user, text, now())
    }

    /// [`Self::send_text`], sent at `date` (Unix seconds) by Telegram's clock. Like Telegram,
    /// it delivers at most 4,096 UTF-16 units: a client cuts a longer paste into messages.
    pub fn send_text_dated(&self, user: &TestUser, text: &str, date: u64) -> i32 {
        assert!(
            text.encode_utf16().count() <= 4096,
            "Telegram delivers at most 4,096 UTF-16 units in one message"
        );
        let mut body = text_body(text);
        body.insert("date".into(), date.into());
        self.user_message(user, private_chat(user), body)
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

    /// Waits until the bot has confirmed (by asking for the next ones) every update sent so far:
    /// Telegram hands an unconfirmed update out again, so a bot killed before confirming would
    /// see it twice.
    pub async fn wait_until_confirmed(&self) {
        let deadline = Instant::now() + WAIT_FOR_LIMIT;
        while !self.st().updates.is_empty() {
            assert!(
                Instant::now() < deadline,
                "the bot did not confirm its updates"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn last_seq(&self) -> u64 {
        self.st().sent.last().map_or(0, |s| s.seq)
    }

    /// The first call after `after_seq` that matches `pred`; panics after 20 s with recent calls.
    pub async fn wait_for<F: Fn(&Sent) -> bool>(&self, after_seq: u64, pred: F) -> Sent {
        self.wait_for_within(after_seq, WAIT_FOR_LIMIT, pred).await
    }

    /// As [`Self::wait_for`], waiting up to `limit` (for measurements of long work).
    pub async fn wait_for_within<F: Fn(&Sent) -> bool>(
        &self,
        after_seq: u64,
        limit: Duration,
        pred: F,
    ) -> Sent {
        let deadline = Instant::now() + limit;
        loop {
            let notified = self.inner.sent_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = self.st().sent.iter().find(|s| s.seq > after_seq && pred(s)) {
                return found.clone();
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "no matching Telegram call after #{after_seq} within {limit:?}\n{}",
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

    /// The callback data of the message's buttons as it is now (empty once they were taken
    /// away), row by row.
    pub fn message_buttons(&self, chat_id: i64, message_id: i32) -> Vec<String> {
        let st = self.st();
        let Some(message) = st.messages.get(&(chat_id, message_id)) else {
            return Vec::new();
        };
        let rows = message["reply_markup"]["inline_keyboard"]
            .as_array()
            .cloned();
        (rows.unwrap_or_default().iter())
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .filter_map(|button| button["callback_data"].as_str().map(str::to_owned))
            .collect()
    }

    pub fn is_deleted(&self, chat_id: i64, message_id: i32) -> bool {
        self.st().deleted.contains(&(chat_id, message_id))
    }

    /// The command menu registered for `language` ("" for every other language), as (name,
    /// description) pairs.
    pub fn commands(&self, language: &str) -> Option<Vec<(String, String)>> {
        self.st().commands.get(language).cloned()
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
}
