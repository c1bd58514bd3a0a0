//! What the fake Telegram holds: chats, messages, files, pending updates and the calls recorded.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::{Map, Value, json};

use super::{
    Sent,
    error::{ApiError, bad},
    json::{int, now},
};

pub(super) struct StoredFile {
    pub(super) name: String,
    pub(super) unique_id: String,
    pub(super) path: String,
    pub(super) bytes: Vec<u8>,
    pub(super) size: u32,
}

#[derive(Default)]
pub(super) struct TgState {
    pub(super) last_update_id: u32,
    pub(super) updates: VecDeque<Value>,
    pub(super) chats: HashMap<i64, Value>,
    pub(super) last_message_id: HashMap<i64, i32>,
    pub(super) messages: HashMap<(i64, i32), Value>,
    pub(super) deleted: HashSet<(i64, i32)>,
    pub(super) files: HashMap<String, StoredFile>,
    /// Callback queries not answered yet, with their chat.
    pub(super) open_callbacks: HashMap<String, i64>,
    pub(super) counter: u64,
    pub(super) sent: Vec<Sent>,
    pub(super) unknown: Vec<String>,
    pub(super) rejected: Vec<String>,
    pub(super) get_updates_calls: u64,
    /// The command menus registered, by language code ("" for every other language).
    pub(super) commands: HashMap<String, Vec<(String, String)>>,
    /// Faults armed by a test (see `faults.rs`).
    pub(super) faults: super::faults::Faults,
}

impl TgState {
    pub(super) fn record(&mut self, mut sent: Sent) {
        sent.seq = self.sent.len() as u64 + 1;
        self.sent.push(sent);
    }

    /// Message ids are per chat and shared by the user's and the bot's messages.
    pub(super) fn new_message(
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
        // A user's message may come dated by the test; the bot's are sent now.
        if !body.contains_key("date") {
            body.insert("date".into(), now().into());
        }
        body.insert("chat".into(), chat);
        body.insert("from".into(), from);
        let message = Value::Object(body);
        self.messages.insert((chat_id, *id), message.clone());
        Ok(message)
    }

    /// Registers a file for getFile and the download route; returns its Document JSON.
    pub(super) fn add_file(
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

    pub(super) fn push_update(&mut self, kind: &str, payload: Value) {
        self.last_update_id += 1;
        self.updates
            .push_back(json!({"update_id": self.last_update_id, kind: payload}));
    }

    /// `offset` N > 0 forgets updates before N; -N keeps only the last N.
    pub(super) fn confirm_updates(&mut self, offset: i64) {
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
