//! A long action cut short by a crash (kill -9) is settled at the next start: its "⏳" message
//! says it did not finish, and the chat is free again. On both stores: each must come back
//! consistent from a kill at any moment.

mod support;

use codevault::{domain::backup::BackupKind, i18n::Locale};
use serde_json::Value;
use support::{
    blobs::blob,
    bot::{Backend, Harness},
    flow::{create_backup, library, say, text},
    stored::{self, Table},
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

/// The step of the chat's stored dialogue.
async fn step(h: &Harness, chat: i64) -> Option<String> {
    let state = stored::dialogue(h, chat).await?;
    state["step"].as_str().map(str::to_owned)
}

/// Whether the chat has a long action recorded as unfinished.
async fn working(h: &Harness, chat: i64) -> bool {
    stored::unfinished(h)
        .await
        .iter()
        .any(|work| work.chat == chat)
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
async fn a_backup_cut_short_is_settled_at_the_next_start_embedded() {
    a_backup_cut_short_is_settled_at_the_next_start(Backend::Sqlite, 620_001).await;
}

#[tokio::test]
async fn a_backup_cut_short_is_settled_at_the_next_start_mongodb() {
    a_backup_cut_short_is_settled_at_the_next_start(Backend::Mongo, 620_011).await;
}

async fn a_backup_cut_short_is_settled_at_the_next_start(backend: Backend, user: i64) {
    let mut h = Harness::start_on(backend).await;
    let u = TestUser::new(user, Some("en"));
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
    assert!(!working(&h, u.id).await, "settled once");
    // A backup the kill cut short is either whole (record and bytes) or not there at all.
    for record in stored::backups(&h, u.id).await {
        let bytes = blob(h.stores.blobs.as_ref(), &record.id)
            .await
            .expect("its archive");
        assert_eq!(codevault::archive::sha256_hex(&bytes), record.sha256);
    }
    // The bot works as before: a backup now goes through.
    let (result, document, _) = create_backup(&h, &u).await;
    assert!(text(&result).starts_with("✅"), "{result:?}");
    let newest = stored::newest_backup(&h, u.id, BackupKind::FullBackup)
        .await
        .expect("the new backup");
    assert_eq!(
        blob(h.stores.blobs.as_ref(), &newest.id)
            .await
            .expect("its archive"),
        document.bytes
    );
}

#[tokio::test]
async fn a_restore_cut_short_frees_the_chat_and_changes_nothing_embedded() {
    a_restore_cut_short_frees_the_chat_and_changes_nothing(Backend::Sqlite, 620_002).await;
}

#[tokio::test]
async fn a_restore_cut_short_frees_the_chat_and_changes_nothing_mongodb() {
    a_restore_cut_short_frees_the_chat_and_changes_nothing(Backend::Mongo, 620_012).await;
}

async fn a_restore_cut_short_frees_the_chat_and_changes_nothing(backend: Backend, user: i64) {
    let mut h = Harness::start_on(backend).await;
    let u = TestUser::new(user, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "one".into(), None).await.unwrap();
    create_backup(&h, &u).await;
    lib.replace(u.id, "a.py", "two".into(), None).await.unwrap();
    let files_before = stored::dump(&h, Table::Files).await;
    let backup = stored::newest_backup(&h, u.id, BackupKind::FullBackup)
        .await
        .expect("the backup")
        .id;

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
    assert_eq!(
        step(&h, u.id).await.as_deref(),
        Some("restoring"),
        "the crash comes mid-restore"
    );

    let settled = crash_and_restart(&mut h, &u, conflict.message_id.unwrap()).await;
    assert_eq!(settled, EN.t("work-interrupted"));
    assert_eq!(step(&h, u.id).await.as_deref(), Some("idle"));
    assert!(!working(&h, u.id).await);
    assert_eq!(stored::dump(&h, Table::Files).await, files_before);
    // Code sent now is saved as usual, not met with "choose one of the buttons".
    let reply = say(&h, &u, "print('again')").await;
    assert!(
        reply.buttons().iter().any(|(_, data)| data == "s:name"),
        "{reply:?}"
    );
}
