//! The scrub inside the real bot, with a period of a second: a byte flipped in a stored backup
//! is found, its owner is told once which backup (and that no Drive copy can bring it back),
//! My backups marks it, its screen says so and offers no restore, a restore button from
//! before is refused, `backup_damaged` is recorded and the gauges show it; a store of intact
//! backups yields no message at all.

mod support;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use codevault::{domain::backup::BackupRecord, i18n::Locale};
use support::{
    bot::{Backend, Harness},
    flow::{create_backup, library, press, reader_in_utc, say, text},
    restoring::open_restore,
    stored, tamper,
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;
const SCRUB: [(&str, &str); 2] = [
    ("CODEVAULT_SCRUB__EVERY", "1s"),
    ("CODEVAULT_SCRUB__PAUSE", "50ms"),
];

/// As the bot shows it to a user who has not chosen a time zone.
fn time(at: DateTime<Utc>) -> String {
    reader_in_utc(EN).time(at)
}

/// Waits until the scrub has read `id` back and found it intact at least `rounds` times more
/// (each check moves its `checked_at` on).
async fn checked_again(h: &Harness, user: i64, id: &str, rounds: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = stored::backup(h, user, id).await.unwrap().checked_at;
    let mut left = rounds;
    while left > 0 {
        assert!(
            Instant::now() < deadline,
            "the scrub did not check {id} again:\n{}",
            h.logs()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = stored::backup(h, user, id).await.unwrap().checked_at;
        if now.is_some() && now != seen {
            seen = now;
            left -= 1;
        }
    }
}

/// The newest backup of the user (what 📦 Create backup just made).
async fn newest(h: &Harness, user: i64) -> BackupRecord {
    stored::backups(h, user)
        .await
        .into_iter()
        .next()
        .expect("a backup")
}

/// The notice of `backup`, found damaged, as the user reads it.
fn notice_text(backup: &BackupRecord) -> String {
    let notice = EN.t_with(
        "backup-damaged-notice",
        &[
            ("date", time(backup.created_at).into()),
            ("id", backup.id.to_string().into()),
        ],
    );
    format!("{notice}\n\n{}", EN.t("backup-damaged-no-copy"))
}

fn notices<'a>(sent: &'a [Sent], user: &TestUser, backup: &BackupRecord) -> Vec<&'a Sent> {
    let expected = notice_text(backup);
    sent.iter()
        .filter(|s| s.chat_id == Some(user.id) && s.method == "sendMessage" && text(s) == expected)
        .collect()
}

#[tokio::test]
async fn a_damaged_backup_is_found_told_once_and_marked_embedded() {
    a_damaged_backup_is_found_told_once_and_marked(Backend::Sqlite, 889_001).await;
}

#[tokio::test]
async fn a_damaged_backup_is_found_told_once_and_marked_mongodb() {
    a_damaged_backup_is_found_told_once_and_marked(Backend::Mongo, 889_002).await;
}

async fn a_damaged_backup_is_found_told_once_and_marked(backend: Backend, user: i64) {
    let h = Harness::start_on_with(backend, &SCRUB).await;
    let u = TestUser::new(user, Some("en"));
    library(&h)
        .create(u.id, "a.py", "print('a')\n".repeat(40), None)
        .await
        .unwrap();
    create_backup(&h, &u).await;
    let intact = newest(&h, u.id).await;
    create_backup(&h, &u).await;
    let damaged = newest(&h, u.id).await;
    assert_ne!(intact.id, damaged.id);
    let id = damaged.id.to_string();

    let seq = h.tg.last_seq();
    tamper::flip_archive_byte(&h, &id, 40).await;
    let expected = notice_text(&damaged);
    let told =
        h.tg.wait_for(seq, |s| s.chat_id == Some(u.id) && text(s) == expected)
            .await;
    // The notice opens the backup, or My backups; no Drive button without a Drive copy.
    let buttons = told.buttons();
    assert_eq!(buttons.len(), 2, "{buttons:?}");
    assert_eq!(buttons[0].1, format!("bo:{id}"));
    assert!(buttons[0].0.ends_with("⚠️"), "{buttons:?}");
    assert!(buttons[1].0.starts_with("🗂"), "{buttons:?}");

    // Told once: the scrub goes on checking the intact backup, never the damaged one again.
    checked_again(&h, u.id, &intact.id.to_string(), 2).await;
    assert_eq!(notices(&h.tg.sent_since(seq), &u, &damaged).len(), 1);
    let marked = stored::backup(&h, u.id, &id).await.unwrap();
    let found = marked.damaged_at.expect("remembered as damaged");
    assert!(
        !stored::backup(&h, u.id, &intact.id.to_string())
            .await
            .unwrap()
            .is_damaged()
    );

    let events = stored::events(&h, "backup_damaged").await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].user, Some(u.id));
    assert_eq!(events[0].fields["backup_id"], id);

    // My backups marks it, and only it.
    let menu = say(&h, &u, "/backup").await;
    let list = press(&h, &u, &menu, "🗂").await;
    let rows: Vec<(String, String)> = list
        .buttons()
        .into_iter()
        .filter(|(_, data)| data.starts_with("bo:"))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    for (label, data) in &rows {
        assert_eq!(
            label.ends_with("⚠️"),
            *data == format!("bo:{id}"),
            "{rows:?}"
        );
    }
    // Its screen says so, and offers nothing that would send or restore it.
    let seq = h.tg.last_seq();
    h.tg.click(&u, list.message_id.unwrap(), &format!("bo:{id}"));
    let screen = h.tg.next_message(seq, u.id).await;
    let line = EN.t_with("backup-damaged-line", &[("date", time(found).into())]);
    assert!(
        text(&screen).starts_with(&format!("{line}\n\n")),
        "{}",
        text(&screen)
    );
    for absent in ["♻️", "⬇️", "☁️"] {
        assert!(
            screen.button_data(absent).is_none(),
            "{absent} on {screen:?}"
        );
    }
    // ♻️ Restore from a screen shown before the damage is refused, and nothing changes.
    let everything = stored::everything(&h).await;
    let refused = open_restore(&h, &u, &id).await;
    assert_eq!(text(&refused), EN.t("error-backup-corrupt"));
    assert_eq!(stored::everything(&h).await, everything);

    // The operator's gauges show it.
    let metrics = reqwest::get(format!("http://{}/metrics", h.http_address()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .lines()
            .any(|line| line == "codevault_damaged_backups 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn an_intact_store_yields_no_notice() {
    let h = Harness::start_with(&SCRUB).await;
    let u = TestUser::new(889_003, Some("en"));
    library(&h)
        .create(u.id, "b.py", "print('b')\n".into(), None)
        .await
        .unwrap();
    create_backup(&h, &u).await;
    let backup = newest(&h, u.id).await;
    let seq = h.tg.last_seq();
    checked_again(&h, u.id, &backup.id.to_string(), 3).await;
    let told: Vec<Sent> =
        h.tg.sent_since(seq)
            .into_iter()
            .filter(|s| s.chat_id == Some(u.id))
            .collect();
    assert!(told.is_empty(), "the bot wrote on its own: {told:?}");
    assert!(stored::events(&h, "backup_damaged").await.is_empty());
    assert!(
        !stored::backup(&h, u.id, &backup.id.to_string())
            .await
            .unwrap()
            .is_damaged()
    );
}
