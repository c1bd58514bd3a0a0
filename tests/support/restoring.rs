//! Restore steps and library snapshots shared by the restore, undo and quota tests.

use codevault::domain::backup::{BackupKind, BackupRecord};
use futures::TryStreamExt;

use super::{
    bot::Harness,
    flow::{create_backup, library, say},
    stored,
    telegram::{Sent, TestUser},
};

/// A current file as the user sees it: name, code, note and tags.
pub type FileState = (String, String, Option<String>, Vec<String>);

/// The newest backup of `kind` the user has.
pub async fn newest_backup(h: &Harness, who: &TestUser, kind: BackupKind) -> Option<BackupRecord> {
    stored::newest_backup(h, who.id, kind).await
}

/// Creates a full backup through the bot and returns its id.
pub async fn backup(h: &Harness, who: &TestUser) -> String {
    create_backup(h, who).await;
    let newest = newest_backup(h, who, BackupKind::FullBackup)
        .await
        .expect("a backup");
    newest.id.to_string()
}

/// The library as the user sees it: every current file's name, code, note and tags.
pub async fn state(h: &Harness, who: &TestUser) -> Vec<FileState> {
    let mut files: Vec<FileState> = h
        .stores
        .files
        .stream_current(who.id)
        .await
        .expect("read the library")
        .map_ok(|file| (file.name, file.code, file.note, file.tags))
        .try_collect()
        .await
        .expect("read the library");
    files.sort();
    files
}

/// Taps a button carrying `data` (forged or remembered) and returns the bot's answer.
pub async fn tap(h: &Harness, who: &TestUser, data: &str) -> Sent {
    let menu = say(h, who, "/start").await;
    let seq = h.tg.last_seq();
    h.tg.click(who, menu.message_id.expect("a message"), data);
    h.tg.next_message(seq, who.id).await
}

/// Opens the restore plan of `backup`.
pub async fn open_restore(h: &Harness, who: &TestUser, backup: &str) -> Sent {
    tap(h, who, &format!("br:{backup}")).await
}

/// Moves the user's current file `name` to the recycle bin.
pub async fn delete_file(h: &Harness, who: &TestUser, name: &str) {
    let key = stored::current_file(h, who.id, name)
        .await
        .expect("the file exists")
        .key;
    library(h).delete(who.id, &key).await.expect("deleted");
}

/// Presses `label` on `screen` and waits past the "working…" screen for the result, which
/// carries a button starting with `result_button`.
pub async fn press_until(
    h: &Harness,
    who: &TestUser,
    screen: &Sent,
    label: &str,
    result_button: &str,
) -> Sent {
    let data = screen
        .button_data(label)
        .unwrap_or_else(|| panic!("no button {label:?} in {screen:?}"));
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.expect("a message"), &data);
    h.tg.wait_for(seq, |s| {
        s.chat_id == Some(who.id) && s.button_data(result_button).is_some()
    })
    .await
}
