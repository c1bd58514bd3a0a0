//! One chat's flood must not hold up the others. teloxide's dispatcher hands each chat's
//! updates to a queue of its own, but when one queue is full its main loop waits, and every
//! other chat with it. So each chat gets a small backlog before the dispatcher: updates past it
//! are skipped, and the user is told once per flood how many.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use futures::{StreamExt, future::ready, stream::BoxStream};
use teloxide::{
    stop::StopToken,
    types::{AllowedUpdate, ChatId, Update},
    update_listeners::{AsUpdateStream, UpdateListener},
};

use crate::sync::lock;

/// How many updates of each chat are in hand (handled or waiting), and how many were skipped.
pub struct ChatLoad {
    backlog: u32,
    chats: Mutex<HashMap<ChatId, Load>>,
}

#[derive(Default)]
struct Load {
    in_hand: u32,
    skipped: u32,
}

impl ChatLoad {
    pub fn new(backlog: u32) -> Arc<Self> {
        Arc::new(Self {
            backlog: backlog.max(1),
            chats: Mutex::default(),
        })
    }

    /// Takes an update of `chat` in hand, unless its backlog is full: then it is counted as
    /// skipped and `false` is answered.
    pub fn admit(&self, chat: ChatId) -> bool {
        let mut chats = lock(&self.chats);
        let load = chats.entry(chat).or_default();
        if load.in_hand >= self.backlog {
            load.skipped = load.skipped.saturating_add(1);
            return false;
        }
        load.in_hand += 1;
        true
    }

    /// An update of `chat` taken in hand is done. When it was the chat's last one, answers
    /// how many were skipped meanwhile (if any), which starts the count afresh.
    pub fn finish(&self, chat: ChatId) -> Option<u32> {
        let mut chats = lock(&self.chats);
        let load = chats.get_mut(&chat)?;
        load.in_hand = load.in_hand.saturating_sub(1);
        if load.in_hand > 0 {
            return None;
        }
        let skipped = load.skipped;
        chats.remove(&chat);
        (skipped > 0).then_some(skipped)
    }
}

/// The chat an update counts against; updates from no chat are never held back.
pub fn chat_of(update: &Update) -> Option<ChatId> {
    update.chat().map(|chat| chat.id)
}

/// An update listener that lets through only what each chat's backlog has room for.
pub struct Bounded<L> {
    inner: L,
    load: Arc<ChatLoad>,
}

impl<L> Bounded<L> {
    pub fn new(inner: L, load: Arc<ChatLoad>) -> Self {
        Self { inner, load }
    }
}

impl<'a, L> AsUpdateStream<'a> for Bounded<L>
where
    L: AsUpdateStream<'a>,
    L::StreamErr: Send + 'a,
{
    type StreamErr = L::StreamErr;
    type Stream = BoxStream<'a, Result<Update, L::StreamErr>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let load = self.load.clone();
        self.inner
            .as_stream()
            .filter(move |update| {
                let admitted = match update.as_ref().ok().and_then(chat_of) {
                    Some(chat) => load.admit(chat),
                    None => true,
                };
                if !admitted {
                    tracing::debug!("skipped an update of a chat whose backlog is full");
                }
                ready(admitted)
            })
            .boxed()
    }
}

impl<L> UpdateListener for Bounded<L>
where
    L: UpdateListener,
    L::Err: Send + 'static,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.inner.hint_allowed_updates(hint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_backlog_skips_and_the_last_one_done_tells_how_many() {
        let load = ChatLoad::new(2);
        let (flooding, other) = (ChatId(1), ChatId(2));
        assert!(load.admit(flooding));
        assert!(load.admit(flooding));
        assert!(!load.admit(flooding));
        assert!(!load.admit(flooding));
        assert!(load.admit(other), "another chat has its own backlog");
        assert_eq!(load.finish(flooding), None);
        assert!(load.admit(flooding), "room again once one is done");
        assert_eq!(load.finish(flooding), None);
        assert_eq!(load.finish(flooding), Some(2));
        assert_eq!(load.finish(other), None, "nothing skipped there");
        assert!(load.admit(flooding));
        assert_eq!(load.finish(flooding), None, "a new flood counts afresh");
        assert_eq!(
            load.finish(ChatId(3)),
            None,
            "finishing an unknown chat is harmless"
        );
    }
}
