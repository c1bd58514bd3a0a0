//! A long action cut short by a crash (kill -9) is settled at the next start: its "⏳" message
//! says it did not finish, and the chat is free again.

mod support;

use codevault::i18n::Locale;
use mongodb::bson::{Document, doc};
use serde_json::Value;
use support::{
    bot::Harness,
    db,
    flow::{create_backup, library, say, text},
    telegram::TestUser,
};

const EN: Locale = Locale::En;

/// The bot's next edit of a message into "⏳ …" is never answered.
fn hold_the_working_screen(h: &Harness) {
    h.tg.hold_next(|method, params: &Value| {
        method == "editMessageText"
            && params
                .get("text")
                .and_then(Value::as_str)
                .is_some_and(|text| text.starts_with('⏳'))
    });
}

async fn dialogue(h: &Harness, chat: i64) -> Option<Document> {
    h.mongo
        .database()
        .collection::<Document>("dialogues")
        .find_one(doc! { "_id": chat })
        .await
        .unwrap()
}

/// Kills the bot while it shows "⏳", starts it again, and returns the screen that settles it.
async fn crash_and_restart(h: &mut Harness, who: &TestUser, working: i32) -> String {
    h.tg.wait_until_held().await;
    h.kill().await;
    let seq = h.tg.last_seq();
    h.start_again().await;
    let settled =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(who.id) && s.method == "editMessageText"
        })
        .await;
    assert_eq!(
        settled.message_id,
        Some(working),
        "the ⏳ message is the one settled"
    );
    text(&settled).to_owned()
}

#[tokio::test]
async fn a_backup_cut_short_is_settled_at_the_next_start() {
    let mut h = Harness::start().await;
    let u = TestUser::new(620_001, Some("en"));
    library(&h)
        .create(u.id, "a.py", "print(1)".into(), None)
        .await
        .unwrap();
    let menu = say(&h, &u, "/backup").await;
    hold_the_working_screen(&h);
    h.tg.click(
        &u,
        menu.message_id.unwrap(),
        &menu.button_data("📦 ").unwrap(),
    );

    let settled = crash_and_restart(&mut h, &u, menu.message_id.unwrap()).await;
    assert_eq!(settled, EN.t("work-interrupted"));
    let record = dialogue(&h, u.id).await;
    assert!(
        record.as_ref().is_none_or(|d| !d.contains_key("working")),
        "settled once: {record:?}"
    );
    // The bot works as before: a backup now goes through.
    let (result, _, _) = create_backup(&h, &u).await;
    assert!(text(&result).starts_with("✅"), "{result:?}");
}

#[tokio::test]
async fn a_restore_cut_short_frees_the_chat_and_changes_nothing() {
    let mut h = Harness::start().await;
    let u = TestUser::new(620_002, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "one".into(), None).await.unwrap();
    create_backup(&h, &u).await;
    lib.replace(u.id, "a.py", "two".into(), None).await.unwrap();
    let files_before = db::dump(&h.mongo, "code_files").await;
    let backup = h
        .mongo
        .database()
        .collection::<Document>("backups")
        .find_one(doc! { "user_id": u.id })
        .await
        .unwrap()
        .unwrap()
        .get_object_id("_id")
        .unwrap()
        .to_hex();

    let menu = say(&h, &u, "/start").await;
    let seq = h.tg.last_seq();
    h.tg.click(&u, menu.message_id.unwrap(), &format!("br:{backup}"));
    let plan = h.tg.next_message(seq, u.id).await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        plan.message_id.unwrap(),
        &plan.button_data("✅").unwrap(),
    );
    let conflict = h.tg.next_message(seq, u.id).await;
    hold_the_working_screen(&h);
    h.tg.click(
        &u,
        conflict.message_id.unwrap(),
        &conflict.button_data("🔄 Replace").unwrap(),
    );
    let state = dialogue(&h, u.id).await.unwrap();
    assert_eq!(
        state.get_document("state").unwrap().get_str("step"),
        Ok("restoring"),
        "the crash comes mid-restore"
    );

    let settled = crash_and_restart(&mut h, &u, conflict.message_id.unwrap()).await;
    assert_eq!(settled, EN.t("work-interrupted"));
    let state = dialogue(&h, u.id).await.unwrap();
    assert_eq!(
        state.get_document("state").unwrap().get_str("step"),
        Ok("idle")
    );
    assert!(!state.contains_key("working"), "{state:?}");
    assert_eq!(db::dump(&h.mongo, "code_files").await, files_before);
    // Code sent now is saved as usual, not met with "choose one of the buttons".
    let reply = say(&h, &u, "print('again')").await;
    assert!(
        reply.buttons().iter().any(|(_, data)| data == "s:name"),
        "{reply:?}"
    );
}
