//! One active poller: of several instances on one database only the lease holder polls
//! Telegram (each bot here has a fake Telegram of its own, so the test sees who polls); a
//! standby takes over when the holder is killed or stopped, and `/readyz` says which is which;
//! every instance runs tasks, standbys too.
//! On the embedded store a second process on the same data directory refuses to start.

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use codevault::{
    domain::{Task, TaskKind, backup::BackupKind},
    i18n::Locale,
};
use support::{
    blobs::blob,
    bot::{Backend, Harness},
    flow::{library, say, text},
    stored,
    telegram::TestUser,
};

const EN: Locale = Locale::En;
const STANDING_BY: &str = "standing by: another instance polls Telegram";
const TOOK_OVER: &str = "took the poller lease";

/// Two bots on one MongoDB database, the first polling, the second standing by.
async fn holder_and_standby(lease: &str) -> (Harness, Harness) {
    let env = [("CODEVAULT_TELEGRAM__POLLER_LEASE", lease)];
    let first = Harness::start_on_with(Backend::Mongo, &env).await;
    let second = Harness::start_beside(&first, &[]).await;
    second.wait_for_log(STANDING_BY).await;
    (first, second)
}

async fn readyz(h: &Harness) -> (u16, String) {
    let response = reqwest::get(format!("http://{}/readyz", h.http_address()))
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Waits until the bot polls its Telegram; "eventually" is generous, never a speed check.
async fn wait_until_polling(h: &Harness) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.tg.get_updates_calls() == 0 {
        assert!(
            Instant::now() < deadline,
            "the bot did not take over:\n{}",
            h.logs()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn only_the_holder_polls_and_a_standby_takes_over_when_it_is_killed() {
    let (mut first, second) = holder_and_standby("2s").await;
    let u = TestUser::new(630_001, Some("en"));

    assert_eq!(readyz(&first).await, (200, "ready: polling\n".to_owned()));
    assert_eq!(
        readyz(&second).await,
        (503, "standby: another instance polls\n".to_owned())
    );
    // The holder answers; the standby has not asked its Telegram for a single update.
    assert_eq!(text(&say(&first, &u, "/start").await), EN.t("menu-title"));
    let waiting = second.tg.last_seq();
    second.tg.send_text(&u, "/start");
    assert_eq!(second.tg.get_updates_calls(), 0);
    assert!(!second.logs().contains(TOOK_OVER), "{}", second.logs());

    first.kill().await;
    wait_until_polling(&second).await;
    // The message sent while it stood by is answered now that it polls.
    let answer = second.tg.next_message(waiting, u.id).await;
    assert_eq!(text(&answer), EN.t("menu-title"));
    second.wait_for_log(TOOK_OVER).await;
    assert_eq!(readyz(&second).await, (200, "ready: polling\n".to_owned()));
}

#[tokio::test]
async fn a_holder_stopped_by_sigterm_hands_over_without_waiting_for_its_lease_to_end() {
    // A lease far longer than the test waits: only the release can hand over in time.
    let (mut first, second) = holder_and_standby("10m").await;

    let status = first.terminate().await;
    assert!(status.success(), "{status}\n{}", first.logs());
    assert!(
        first.logs().contains("released the poller lease"),
        "{}",
        first.logs()
    );
    wait_until_polling(&second).await;
    let u = TestUser::new(630_002, Some("en"));
    assert_eq!(text(&say(&second, &u, "/start").await), EN.t("menu-title"));
}

#[tokio::test]
async fn a_standby_runs_tasks_too_not_only_the_instance_polling_telegram() {
    // The holder looks for tasks others queued once an hour: the standby finds them first.
    let env = [
        ("CODEVAULT_TELEGRAM__POLLER_LEASE", "10m"),
        ("CODEVAULT_TASKS__POLL_INTERVAL", "1h"),
    ];
    let first = Harness::start_on_with(Backend::Mongo, &env).await;
    let second =
        Harness::start_beside(&first, &[("CODEVAULT_TASKS__POLL_INTERVAL", "200ms")]).await;
    second.wait_for_log(STANDING_BY).await;
    let u = TestUser::new(630_003, Some("en"));
    library(&first)
        .create(u.id, "a.py", "print(1)".into(), None)
        .await
        .unwrap();

    // The user's chat, as the standby's Bot API knows it (the standby does not poll: nothing
    // answers this message).
    let message = second.tg.send_text(&u, "hello");
    // A backup queued (as the holder's handler queues one), its "⏳" message that one.
    let kind = TaskKind::CreateBackup {
        history: false,
        protected: false,
    };
    let task = Task::queued(u.id, u.id, message, Locale::En, kind, Utc::now());
    first.stores.tasks.enqueue(&task).await.unwrap();
    // The standby makes it and delivers it through the Bot API it knows (its own fake here).
    let sent = second
        .tg
        .wait_for(0, |s| s.method == "sendDocument" && s.chat_id == Some(u.id))
        .await;
    let newest = stored::newest_backup(&first, u.id, BackupKind::FullBackup)
        .await
        .expect("the backup");
    assert_eq!(
        sent.document.unwrap().bytes,
        blob(first.stores.blobs.as_ref(), &newest.id).await.unwrap()
    );
    assert!(
        first.tg.sent().iter().all(|s| s.chat_id != Some(u.id)),
        "{:?}",
        first.tg.sent()
    );
    assert_eq!(
        second.tg.get_updates_calls(),
        0,
        "the standby still does not poll"
    );
}

#[tokio::test]
async fn a_second_process_on_the_data_directory_refuses_to_start_and_a_restart_after_a_kill_works()
{
    // Without the data directory's lock, a restart would wait out this lease first.
    let mut first = Harness::start_with(&[("CODEVAULT_TELEGRAM__POLLER_LEASE", "10m")]).await;
    let data_dir = first.data_dir().display().to_string();
    let pid = first.pid().unwrap();

    let mut second = Harness::start_beside(&first, &[]).await;
    let status = second.wait_exit().await;
    assert!(!status.success());
    let logs = second.logs();
    assert_eq!(
        logs.lines().last(),
        Some(
            format!(
                "codevault: the data directory {data_dir} is in use by another CodeVault process (pid {pid})"
            )
            .as_str()
        ),
        "{logs}"
    );
    assert_eq!(second.tg.get_updates_calls(), 0);
    let u = TestUser::new(630_004, Some("en"));
    assert_eq!(text(&say(&first, &u, "/start").await), EN.t("menu-title"));

    first.kill().await;
    first.start_again().await;
    assert_eq!(text(&say(&first, &u, "/start").await), EN.t("menu-title"));
    assert!(
        first.logs().contains("store=embedded SQLite in"),
        "{}",
        first.logs()
    );
}
