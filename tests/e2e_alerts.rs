//! The alerts inside the real bot, judged every second: an admin is told, in a message of its
//! own, that the scrub found a stored backup damaged (which user, which backup, when), once;
//! and told it is resolved once the backup is deleted. The owner gets their own notice, not
//! the admin's.

mod support;

use std::time::Duration;

use chrono::{DateTime, Utc};
use codevault::i18n::Locale;
use support::{
    bot::Harness,
    flow::{create_backup, library, reader_in_utc, say, text},
    stored, tamper,
    telegram::TestUser,
};

const EN: Locale = Locale::En;
const ADMIN: i64 = 889_501;

/// As the bot shows it to a user who has not chosen a time zone.
fn time(at: DateTime<Utc>) -> String {
    reader_in_utc(EN).time(at)
}

#[tokio::test]
async fn an_admin_is_told_of_a_damaged_backup_once_and_when_it_is_resolved() {
    let admins = format!("[{ADMIN}]");
    let h = Harness::start_with(&[
        ("CODEVAULT_TELEGRAM__ADMINS", admins.as_str()),
        ("CODEVAULT_SCRUB__EVERY", "1s"),
        ("CODEVAULT_SCRUB__PAUSE", "50ms"),
        ("CODEVAULT_ALERTS__EVERY", "1s"),
        // The machine's own disk is no business of this test.
        ("CODEVAULT_ALERTS__STORE_FULL_PERCENT", "100"),
        // The machine's own disk is no business of this test.
        ("CODEVAULT_ALERTS__STORE_FULL_PERCENT", "100"),
    ])
    .await;
    // Telegram lets a bot write only to those who started it ("chat not found" until then:
    // the alert is tried again every poll, as none was told).
    let admin = TestUser::new(ADMIN, Some("en"));
    say(&h, &admin, "/start").await;
    let u = TestUser::new(889_502, Some("en"));
    library(&h)
        .create(u.id, "a.py", "print('a')\n".repeat(40), None)
        .await
        .unwrap();
    create_backup(&h, &u).await;
    let backup = stored::backups(&h, u.id).await.remove(0);
    let id = backup.id.to_string();

    let seq = h.tg.last_seq();
    tamper::flip_archive_byte(&h, &id, 40).await;
    let alert =
        h.tg.wait_for(seq, |s| s.chat_id == Some(ADMIN) && text(s).contains(&id))
            .await;
    let found = stored::backup(&h, u.id, &id)
        .await
        .unwrap()
        .damaged_at
        .expect("marked damaged");
    let expected = EN.t_with(
        "alert-damaged",
        &[
            ("user", u.id.to_string().into()),
            ("backup", id.clone().into()),
            ("created", time(backup.created_at).into()),
            ("found", time(found).into()),
        ],
    );
    assert_eq!(text(&alert), expected);

    // Not again while it lasts (the alerts are judged every second).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let to_admin = |since| {
        h.tg.sent_since(since)
            .into_iter()
            .filter(|s| s.chat_id == Some(ADMIN))
            .count()
    };
    assert_eq!(to_admin(seq), 1, "{}", h.logs());

    // The operator deletes it: resolved, once.
    let seq = h.tg.last_seq();
    h.stores.backups.delete(u.id, &backup.id).await.unwrap();
    let resolved =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(ADMIN) && text(s).starts_with("✅") && text(s).contains(&id)
        })
        .await;
    let what = EN.t_with(
        "alert-what-damaged",
        &[
            ("user", u.id.to_string().into()),
            ("backup", id.clone().into()),
        ],
    );
    assert!(text(&resolved).contains(&what), "{}", text(&resolved));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(to_admin(seq), 1, "{}", h.logs());
}
