//! Restore steps and library snapshots shared by the restore, undo and quota tests.

use codevault::domain::Id;
use mongodb::bson::{Document, doc};

use super::{
    bot::Harness,
    db,
    flow::{create_backup, library, say},
    telegram::{Sent, TestUser},
};

/// A current file as the user sees it: name, code, note and tags.
pub type FileState = (String, String, Option<String>, Vec<String>);

/// The newest backup of `kind` the user has, by id.
pub async fn newest_backup(h: &Harness, who: &TestUser, kind: &str) -> Option<Document> {
    h.mongo
        .database()
        .collection::<Document>("backups")
        .find_one(doc! { "user_id": who.id, "backup_type": kind })
        .sort(doc! { "_id": -1 })
        .await
        .expect("read the backups")
}

/// Creates a full backup through the bot and returns its id.
pub async fn backup(h: &Harness, who: &TestUser) -> String {
    create_backup(h, who).await;
    let newest = newest_backup(h, who, "full_backup")
        .await
        .expect("a backup");
    newest.get_object_id("_id").expect("an id").to_hex()
}

/// The library as the user sees it: every current file's name, code, note and tags.
pub async fn state(h: &Harness, who: &TestUser) -> Vec<FileState> {
    let mut files: Vec<_> = db::dump(&h.mongo, "code_files")
        .await
        .into_iter()
        .filter(|d| {
            d.get_i64("user_id") == Ok(who.id)
                && d.get_bool("current") == Ok(true)
                && d.get_bool("active") == Ok(true)
        })
        .map(|d| {
            (
                d.get_str("name").unwrap().to_owned(),
                d.get_str("code").unwrap().to_owned(),
                d.get_str("note").ok().map(str::to_owned),
                d.get_array("tags")
                    .unwrap()
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect(),
            )
        })
        .collect();
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
    let key = db::current_file(&h.mongo, who.id, name)
        .await
        .expect("the file exists")
        .get_object_id("file_key")
        .expect("a key")
        .to_hex();
    library(h)
        .delete(who.id, &Id::parse(&key).expect("an id"))
        .await
        .expect("deleted");
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
