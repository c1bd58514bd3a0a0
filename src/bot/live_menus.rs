//! One live menu per chat: the last message the bot sent with buttons in answer to the user.
//! When it sends another, the older one's buttons are taken away, so that old menus cannot
//! pile up in the chat, each still tappable. Held in this process's memory: a menu sent
//! before a restart keeps its buttons (a tap on it works as before, or is told it is stale).

use std::{collections::HashMap, sync::Mutex};

use teloxide::types::{ChatId, MessageId};

use crate::sync::lock;

#[derive(Debug, Default)]
pub struct LiveMenus {
    live: Mutex<HashMap<ChatId, MessageId>>,
}

impl LiveMenus {
    pub fn new() -> Self {
        Self::default()
    }

    /// `message`, just sent to `chat` with buttons, is the chat's live menu now; answers the
    /// one it replaces, whose buttons are to go.
    pub fn replace(&self, chat: ChatId, message: MessageId) -> Option<MessageId> {
        let mut live = lock(&self.live);
        live.insert(chat, message).filter(|old| *old != message)
    }

    /// `message` holds no menu any more (a screen without buttons, or a long action's
    /// progress with its ✖️ Cancel, which must stay), so nothing takes its buttons away.
    pub fn forget(&self, chat: ChatId, message: MessageId) {
        let mut live = lock(&self.live);
        if live.get(&chat) == Some(&message) {
            live.remove(&chat);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_new_menu_replaces_the_last_of_its_chat_only() {
        let menus = LiveMenus::new();
        let (alice, bob) = (ChatId(1), ChatId(2));
        assert_eq!(menus.replace(alice, MessageId(10)), None);
        assert_eq!(menus.replace(bob, MessageId(11)), None);
        assert_eq!(menus.replace(alice, MessageId(12)), Some(MessageId(10)));
        assert_eq!(
            menus.replace(alice, MessageId(12)),
            None,
            "the same menu again"
        );
        menus.forget(alice, MessageId(10));
        assert_eq!(menus.replace(alice, MessageId(13)), Some(MessageId(12)));
        menus.forget(alice, MessageId(13));
        assert_eq!(
            menus.replace(alice, MessageId(14)),
            None,
            "a forgotten one stays"
        );
        assert_eq!(menus.replace(bob, MessageId(15)), Some(MessageId(11)));
    }
}
