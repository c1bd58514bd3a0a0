//! One user must never stall or kill the bot for everyone: a flood from one chat, forged page
//! buttons, a database gone away and a document Telegram refuses each leave every user
//! answered and the bot running.

mod support;

use codevault::{archive::sha256_hex, i18n::Locale};
use support::{
    bot::{Backend, Database, Harness},
    flow::{create_backup, library, say, text},
    proxy::{Proxy, host_of},
    stored,
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;

fn to(who: &TestUser) -> impl Fn(&Sent) -> bool + '_ {
    |s| s.chat_id == Some(who.id) && matches!(s.method.as_str(), "sendMessage" | "editMessageText")
}

#[tokio::test]
async fn a_flood_from_one_chat_does_not_hold_up_another() {
    const FLOOD: u32 = 100;
    const BACKLOG: u32 = 5;
    // Telegram's real limits, not the harness's fast ones: a flood must drain at 1 message/s.
    let h = Harness::start_with(&[
        ("CODEVAULT_TELEGRAM__MESSAGES_PER_SEC_CHAT", "1"),
        ("CODEVAULT_TELEGRAM__MESSAGES_PER_MIN_GROUP", "20"),
        ("CODEVAULT_TELEGRAM__MESSAGES_PER_SEC_OVERALL", "30"),
        ("CODEVAULT_TELEGRAM__CHAT_BACKLOG", "5"),
    ])
    .await;
    let (flooder, other) = (
        TestUser::new(610_001, Some("en")),
        TestUser::new(610_002, Some("en")),
    );
    let seq = h.tg.last_seq();
    for i in 0..FLOOD {
        h.tg.send_text(&flooder, &format!("print({i})"));
    }
    h.tg.send_text(&other, "/start");

    let menu = h.tg.wait_for(seq, to(&other)).await;
    assert_eq!(text(&menu), EN.t("menu-title"));
    let notice =
        h.tg.wait_for(seq, |s| {
            to(&flooder)(s) && text(s).starts_with("⚠️ You sent")
        })
        .await;
    // The flood is over once the notice came; a /start afterwards is answered as usual.
    let after = say(&h, &flooder, "/start").await;
    assert_eq!(text(&after), EN.t("menu-title"));

    let answers: Vec<Sent> =
        h.tg.sent_since(seq)
            .into_iter()
            .filter(|s| to(&flooder)(s) && s.seq < notice.seq)
            .collect();
    let handled = u32::try_from(answers.len()).unwrap();
    assert!(
        (1..=BACKLOG + 2).contains(&handled),
        "{handled} of the flood were handled"
    );
    assert_eq!(
        text(&notice),
        EN.t_with("flood-skipped", &[("count", (FLOOD - handled).into())])
    );
    let notices =
        h.tg.sent_since(seq)
            .into_iter()
            .filter(|s| to(&flooder)(s) && text(s).starts_with("⚠️ You sent"))
            .count();
    assert_eq!(notices, 1, "one notice per flood");
    let last_answer = answers.last().unwrap();
    assert!(
        menu.seq < last_answer.seq,
        "the other user waited for the flood: menu #{} after the flood's last answer #{}",
        menu.seq,
        last_answer.seq
    );
}

#[tokio::test]
async fn a_private_chat_is_not_held_to_the_per_minute_limit_of_groups() {
    // Telegram's 20 messages a minute per group; the per-second limit stays lifted, so a
    // private chat answered 25 times in a row must not wait for the minute to pass.
    let h = Harness::start_with(&[("CODEVAULT_TELEGRAM__MESSAGES_PER_MIN_GROUP", "20")]).await;
    let u = TestUser::new(610_401, Some("en"));
    for _ in 0..25 {
        let reply = say(&h, &u, "/help").await;
        assert_eq!(text(&reply), EN.t("help-text"));
    }
}

/// Presses forged `data` on `screen` and returns the next screen.
async fn forge(h: &Harness, who: &TestUser, screen: &Sent, data: &str) -> Sent {
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.unwrap(), data);
    h.tg.next_message(seq, who.id).await
}

fn labels(screen: &Sent, prefix: &str) -> Vec<String> {
    screen
        .buttons()
        .into_iter()
        .map(|(label, _)| label)
        .filter(|label| label.starts_with(prefix))
        .collect()
}

/// The last of two pages: one row (`row` starts with `prefix`), a way back and none forward.
fn assert_last_page(screen: &Sent, prefix: &str, row: &str) {
    let rows = labels(screen, prefix);
    assert!(
        rows.len() == 1 && rows[0].contains(row),
        "not the last page: {screen:?}"
    );
    assert_eq!(labels(screen, "◀️").len(), 1, "{screen:?}");
    assert!(labels(screen, "▶️").is_empty(), "{screen:?}");
}

#[tokio::test]
async fn forged_page_numbers_show_the_last_page_and_the_bot_lives_on() {
    // One row per page, so two of anything make two pages.
    let h = Harness::start_with(&[("CODEVAULT_TELEGRAM__PAGE_SIZE", "1")]).await;
    let u = TestUser::new(610_101, Some("en"));
    let lib = library(&h);
    let first = lib
        .create(u.id, "first.py", "1".into(), None)
        .await
        .unwrap();
    lib.replace(u.id, "first.py", "2".into(), None)
        .await
        .unwrap();
    lib.create(u.id, "second.py", "2".into(), None)
        .await
        .unwrap();
    for name in ["gone1.py", "gone2.py"] {
        let file = lib.create(u.id, name, "x".into(), None).await.unwrap();
        lib.delete(u.id, &file.key).await.unwrap();
    }
    create_backup(&h, &u).await;
    create_backup(&h, &u).await;
    let oldest_backup = stored::backups(&h, u.id)
        .await
        .last()
        .expect("two backups")
        .id
        .to_string();
    let menu = say(&h, &u, "/start").await;
    let max = u32::MAX;

    let files = forge(&h, &u, &menu, &format!("fl:{max}")).await;
    let title = EN.t_with(
        "files-title",
        &[("page", 2.into()), ("pages", 2.into()), ("count", 2.into())],
    );
    assert!(text(&files).starts_with(&title), "{files:?}");
    assert_last_page(&files, "📄", "first.py");

    let history = forge(&h, &u, &menu, &format!("fh:{}:{max}", first.key)).await;
    assert_last_page(&history, "🕘", "v1");

    let bin = forge(&h, &u, &menu, &format!("rb:{max}")).await;
    assert_last_page(&bin, "♻️", "gone1.py");

    let backups = forge(&h, &u, &menu, &format!("bl:{max}")).await;
    let title = EN.t_with(
        "backups-title",
        &[("page", 2.into()), ("pages", 2.into()), ("count", 2.into())],
    );
    assert!(text(&backups).starts_with(&title), "{backups:?}");
    assert_eq!(
        backups.buttons()[0].1,
        format!("bo:{oldest_backup}"),
        "{backups:?}"
    );

    let selection = forge(&h, &u, &menu, &format!("bm:{max}")).await;
    assert_last_page(&selection, "⬜️", "");
    let page_ticked = forge(&h, &u, &menu, &format!("bS:{max}")).await;
    assert_last_page(&page_ticked, "✅", "");
    let untoggled = forge(&h, &u, &menu, &format!("bs:{oldest_backup}:{max}")).await;
    assert_last_page(&untoggled, "⬜️", "");

    let alive = say(&h, &u, "/start").await;
    assert_eq!(text(&alive), EN.t("menu-title"));
    assert!(!h.logs().contains("panicked"), "{}", h.logs());
}

#[tokio::test]
async fn with_the_database_gone_every_update_is_still_answered() {
    let proxy = Proxy::start(host_of(&support::db::uri())).await;
    let uri = proxy.uri();
    let h = Harness::start_on_with(
        Backend::Mongo,
        &[
            ("CODEVAULT_STORAGE__MONGODB_URI", uri.as_str()),
            ("CODEVAULT_STORAGE__CONNECT_TIMEOUT", "2"),
            // Past its poller lease, a bot that cannot reach MongoDB stops polling (another
            // instance might reach it and poll): this test is about the updates answered before.
            ("CODEVAULT_TELEGRAM__POLLER_LEASE", "10m"),
        ],
    )
    .await;
    let u = TestUser::new(610_201, Some("ru"));
    let ru = Locale::Ru;
    let menu = say(&h, &u, "/start").await;
    assert_eq!(text(&menu), ru.t("menu-title"));

    proxy.cut();
    let failed = say(&h, &u, "/start").await;
    assert_eq!(text(&failed), ru.t("error-internal"));
    let seq = h.tg.last_seq();
    h.tg.send_text(&u, "fn main() {}");
    // The bot waits out its busy timeout (10 s) for the profile, then for the dialogue: longer
    // than one `wait_for`.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    let failed = loop {
        if let Some(reply) = h.tg.sent_since(seq).into_iter().find(to(&u)) {
            break reply;
        }
        assert!(tokio::time::Instant::now() < deadline, "{}", h.logs());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(text(&failed), ru.t("error-internal"));
    let seq = h.tg.last_seq();
    let query = h.tg.click(&u, menu.message_id.unwrap(), "m:files");
    let failed = h.tg.next_message(seq, u.id).await;
    assert_eq!(text(&failed), ru.t("error-internal"));
    let answered =
        h.tg.sent_since(seq).into_iter().any(|s| {
            s.method == "answerCallbackQuery" && s.callback_query_id == Some(query.clone())
        });
    assert!(answered, "the button stops spinning");
    assert!(stored::versions(&h, u.id).await.is_empty());
}

/// The embedded store's database gone away: another process (a backup tool, a shell) holds
/// the file's write lock longer than the bot waits for it. The update is answered, nothing is
/// written, and the bot works again once the lock is let go. (Running as root, a read-only
/// data directory would not stop the bot, so a held lock stands for the failure.)
#[tokio::test]
async fn with_the_embedded_store_locked_by_another_process_the_update_is_still_answered() {
    let h = Harness::start().await;
    let u = TestUser::new(610_202, Some("ru"));
    let ru = Locale::Ru;
    let menu = say(&h, &u, "/start").await;
    assert_eq!(text(&menu), ru.t("menu-title"));

    let Database::Sqlite { sqlite, .. } = &*h.database else {
        panic!("the embedded store")
    };
    let path = sqlite.path().to_owned();
    let (locked, is_locked) = tokio::sync::oneshot::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        locked.send(()).unwrap();
        released.recv().ok();
        conn.execute_batch("ROLLBACK").unwrap();
    });
    is_locked.await.unwrap();
    let seq = h.tg.last_seq();
    h.tg.send_text(&u, "fn main() {}");
    // The bot waits out its busy timeout (10 s) for the profile, then for the dialogue: longer
    // than one `wait_for`.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    let failed = loop {
        if let Some(reply) = h.tg.sent_since(seq).into_iter().find(to(&u)) {
            break reply;
        }
        assert!(tokio::time::Instant::now() < deadline, "{}", h.logs());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(text(&failed), ru.t("error-internal"));
    release.send(()).unwrap();
    holder.join().unwrap();

    let again = say(&h, &u, "/start").await;
    assert_eq!(text(&again), ru.t("menu-title"));
    assert!(stored::versions(&h, u.id).await.is_empty());
}

#[tokio::test]
async fn a_backup_telegram_refuses_to_take_is_offered_again() {
    let h = Harness::start().await;
    let u = TestUser::new(610_301, Some("en"));
    library(&h)
        .create(u.id, "kept.py", "print('kept')".into(), None)
        .await
        .unwrap();
    h.tg.fail_next("sendDocument");
    let menu = say(&h, &u, "/backup").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        menu.message_id.unwrap(),
        &menu.button_data("📦 ").unwrap(),
    );
    let notice =
        h.tg.wait_for(seq, |s| {
            s.method == "sendMessage" && s.chat_id == Some(u.id)
        })
        .await;
    let record = stored::backups(&h, u.id)
        .await
        .pop()
        .expect("the backup is stored");
    let id = record.id.to_string();
    assert_eq!(
        text(&notice),
        EN.t_with("backup-undelivered", &[("id", id.clone().into())])
    );
    assert!(
        h.tg.sent_since(seq)
            .iter()
            .all(|s| s.method != "sendDocument"),
        "nothing was delivered"
    );

    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        notice.message_id.unwrap(),
        &notice.button_data("⬇️").unwrap(),
    );
    let delivered = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    let archive = delivered.document.expect("an archive");
    assert_eq!(
        sha256_hex(&archive.bytes),
        record.sha256,
        "the stored backup, byte for byte"
    );
}
