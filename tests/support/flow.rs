//! The steps a user takes in a chat, for end-to-end tests.

use std::{path::Path, sync::Arc, time::Duration};

use chrono::Utc;
use codevault::{
    bot::ui::Reader,
    domain::schedule::Zone,
    i18n::Locale,
    service::{Library, LibraryLimits, SystemClock},
};

use super::{
    bot::Harness,
    telegram::{Sent, SentDocument, TestUser},
};

/// A user who has not chosen a time zone (UTC), reading now: how the bot shows them times.
pub fn reader_in_utc(locale: Locale) -> Reader {
    Reader::new(locale, Zone::UTC, Utc::now())
}

pub fn text(sent: &Sent) -> &str {
    sent.text.as_deref().unwrap_or_default()
}

/// Sends `message` and returns the bot's next message to the user.
pub async fn say(h: &Harness, who: &TestUser, message: &str) -> Sent {
    let seq = h.tg.last_seq();
    h.tg.send_text(who, message);
    h.tg.next_message(seq, who.id).await
}

/// The next screen for `who` after `seq` that is a result, not a "⏳ working…" one.
pub async fn settled(h: &Harness, who: &TestUser, seq: u64) -> Sent {
    h.tg.wait_for(seq, |s| {
        s.chat_id == Some(who.id)
            && matches!(s.method.as_str(), "sendMessage" | "editMessageText")
            && !text(s).starts_with('⏳')
    })
    .await
}

/// Presses the button whose label starts with `label` on `screen`; returns the next screen.
pub async fn press(h: &Harness, who: &TestUser, screen: &Sent, label: &str) -> Sent {
    let data = screen
        .button_data(label)
        .unwrap_or_else(|| panic!("no button {label:?} in {screen:?}"));
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.expect("a message"), &data);
    h.tg.next_message(seq, who.id).await
}

/// Presses `label` on `screen`; returns the next screen and the toast the press was answered
/// with (`None` when it was answered without one).
pub async fn press_for_toast(
    h: &Harness,
    who: &TestUser,
    screen: &Sent,
    label: &str,
) -> (Sent, Option<String>) {
    let data = screen
        .button_data(label)
        .unwrap_or_else(|| panic!("no button {label:?} in {screen:?}"));
    let seq = h.tg.last_seq();
    let query =
        h.tg.click(who, screen.message_id.expect("a message"), &data);
    let next = h.tg.next_message(seq, who.id).await;
    (next, answer_to(h, seq, &query).await.text)
}

/// The bot's answer to the press `query` (after `seq`), not to an earlier one: a button that
/// toasts is answered once its handler is done, possibly after the next press went out.
pub async fn answer_to(h: &Harness, seq: u64, query: &str) -> Sent {
    h.tg.wait_for(seq, |s| {
        s.method == "answerCallbackQuery" && s.callback_query_id.as_deref() == Some(query)
    })
    .await
}

/// Sends `bytes` as a ZIP document named `name`; returns the bot's next message.
pub async fn send_zip(h: &Harness, who: &TestUser, name: &str, bytes: Vec<u8>) -> Sent {
    let seq = h.tg.last_seq();
    h.tg.send_document(who, name, "application/zip", bytes);
    h.tg.next_message(seq, who.id).await
}

/// Presses `label` and waits past any "⏳ working…" screen (with its ✖️ Cancel) for the next
/// one with buttons.
pub async fn press_through(h: &Harness, who: &TestUser, screen: &Sent, label: &str) -> Sent {
    press_through_within(h, who, screen, label, Duration::from_secs(20)).await
}

/// [`press_through`] for work that takes longer than usual (archives of tens of MB in a
/// debug build), waiting at most `limit`.
pub async fn press_through_within(
    h: &Harness,
    who: &TestUser,
    screen: &Sent,
    label: &str,
    limit: Duration,
) -> Sent {
    let data = screen
        .button_data(label)
        .unwrap_or_else(|| panic!("no button {label:?} in {screen:?}"));
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.expect("a message"), &data);
    h.tg.wait_for_within(seq, limit, |s| {
        s.chat_id == Some(who.id) && !s.buttons().is_empty() && !text(s).starts_with('⏳')
    })
    .await
}

/// Opens the backup menu and creates a backup: the result screen, the archive, and the
/// message that carried it.
pub async fn create_backup(h: &Harness, who: &TestUser) -> (Sent, SentDocument, Sent) {
    let menu = say(h, who, "/backup").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        who,
        menu.message_id.expect("a message"),
        &menu.button_data("📦 ").expect("📦 Create backup"),
    );
    let sent = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    let result =
        h.tg.sent_since(seq)
            .into_iter()
            .rfind(|s| s.method == "editMessageText")
            .expect("a result screen");
    (result, sent.document.clone().expect("a document"), sent)
}

/// The library service on the bot's store, to set up files without the dialogue.
pub fn library(h: &Harness) -> Library {
    let limits = LibraryLimits {
        max_file_bytes: 1 << 23,
        max_files: 20_000,
        max_bytes: 1 << 28,
        recycle_bin_days: 7,
        page_size: 10,
    };
    Library::new(
        h.stores.files.clone(),
        h.stores.events.clone(),
        Arc::new(SystemClock),
        limits,
    )
}

/// Once the bot has finished with what `who` asked (it answers their chat in order, so an
/// answer to `/menu` means the step before is over), nothing is left in `temp`, and the bot
/// holds no file there open (an unnamed temporary file shows as `…/#123 (deleted)`).
pub async fn assert_clean(h: &Harness, who: &TestUser, temp: &Path, when: &str) {
    say(h, who, "/menu").await;
    let named: Vec<_> = std::fs::read_dir(temp)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(named.is_empty(), "{when}: left in TMPDIR: {named:?}");
    let pid = h.pid().expect("the bot runs");
    let open_files = || -> Vec<String> {
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .unwrap()
            .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
            .filter(|target| target.starts_with(temp))
            .map(|target| target.display().to_string())
            .collect()
    };
    // A task delivers its archive after showing its result: the file lives until then.
    let mut open = open_files();
    for _ in 0..50 {
        if open.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        open = open_files();
    }
    assert!(open.is_empty(), "{when}: still open: {open:?}");
}
