//! Long actions off the chat, end to end against the fake GitHub (whose download the test
//! holds half-way): the chat answers while a download runs, ✖️ Cancel keeps nothing, one heavy
//! action at a time per user, an hourly limit, and nobody else's cancel counts.

mod support;

use chrono::{DateTime, TimeDelta};
use codevault::{
    bot::ui::tasks::progress_line,
    domain::{Task, TaskState, progress::Unit},
    i18n::Locale,
    service::tasks::Advance,
};
use support::{
    bot::Harness,
    flow::{create_backup, press, reader_in_utc, say, text},
    github::{FakeGithub, Files},
    stored::{self, Table},
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;
const FILES: Files<'static> = &[
    ("README.md", b"# Slow\n"),
    ("src/lib.rs", b"pub fn slow() {}\n"),
];

async fn start(github: &FakeGithub, extra: &[(&str, &str)]) -> Harness {
    let api = github.api_url();
    let mut env = vec![("CODEVAULT_GITHUB__API_URL", api.as_str())];
    env.extend_from_slice(extra);
    Harness::start_with(&env).await
}

/// Asks for a backup of `repo`; answers its "⏳" message.
async fn start_backup(h: &Harness, who: &TestUser, repo: &str) -> Sent {
    let menu = say(h, who, "/github").await;
    press(h, who, &menu, "📦").await;
    let working = say(h, who, repo).await;
    assert!(text(&working).starts_with('⏳'), "{working:?}");
    working
}

/// Sends `message` and returns the bot's next new message to the user (not an edit: progress
/// edits of a running task may come meanwhile).
async fn reply(h: &Harness, who: &TestUser, message: &str) -> Sent {
    let seq = h.tg.last_seq();
    h.tg.send_text(who, message);
    h.tg.wait_for(seq, |s| {
        s.chat_id == Some(who.id) && s.method == "sendMessage"
    })
    .await
}

/// The user's active task, once the handler that showed its "⏳" has queued it.
async fn active_task(h: &Harness, user: i64) -> Task {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(task) = h.stores.tasks.active(user).await.unwrap() {
            return task;
        }
        assert!(std::time::Instant::now() < deadline, "no task of {user}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Presses `label` on `screen` and returns the bot's next new message to the user.
async fn press_for_reply(h: &Harness, who: &TestUser, screen: &Sent, label: &str) -> Sent {
    let data = screen.button_data(label).expect("the button");
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.expect("a message"), &data);
    h.tg.wait_for(seq, |s| {
        s.chat_id == Some(who.id) && s.method == "sendMessage"
    })
    .await
}

/// What replaced the "⏳" of `working` after `seq`: its result.
async fn result_in(h: &Harness, seq: u64, working: &Sent) -> Sent {
    h.tg.wait_for(seq, |s| {
        s.message_id == working.message_id
            && s.method == "editMessageText"
            && !text(s).starts_with('⏳')
    })
    .await
}

/// The edits of `message` since `seq`, as their texts.
fn edits_of(h: &Harness, seq: u64, message: &Sent) -> Vec<String> {
    h.tg.sent_since(seq)
        .into_iter()
        .filter(|s| s.method == "editMessageText" && s.message_id == message.message_id)
        .map(|s| text(&s).to_owned())
        .collect()
}

#[tokio::test]
async fn the_chat_answers_during_a_slow_download_and_cancel_keeps_nothing() {
    let github = FakeGithub::start().await;
    let shas = github.add_repo("octo/slow", false, &[("main", FILES)]);
    github.add_repo("octo/fast", false, &[("main", FILES)]);
    let gate = github.hold_download("octo/slow");
    let h = start(&github, &[("CODEVAULT_TASKS__CANCEL_GRACE", "1s")]).await;
    let u = TestUser::new(640_001, Some("en"));

    let seq = h.tg.last_seq();
    let working = start_backup(&h, &u, "octo/slow").await;
    assert_eq!(
        text(&working),
        EN.t_with("github-downloading", &[("repo", "octo/slow".into())])
    );
    let cancel = working.button_data("✖️").expect("✖️ Cancel");
    gate.wait_started().await;
    // The progress message counts the bytes received, with the percentage.
    let total = github.zipball_of("octo/slow", &shas["main"]).len() as u64;
    let half = Advance {
        unit: Unit::Bytes,
        done: total / 2,
        total: Some(total),
    };
    let line = progress_line(EN, half);
    assert!(
        line.ends_with(&format!("({}%)", total / 2 * 100 / total)),
        "{line}"
    );
    let progress =
        h.tg.wait_for(seq, |s| {
            s.message_id == working.message_id && text(s).ends_with(&line)
        })
        .await;
    assert!(text(&progress).starts_with(text(&working)), "{progress:?}");

    // The download is still held (the test has not released it): the chat answers anyway.
    let answer = reply(&h, &u, "/menu").await;
    assert_eq!(text(&answer), EN.t("menu-title"));
    // A new menu does not take the progress message's ✖️ Cancel away.
    let progress_buttons = h.tg.message_buttons(u.id, working.message_id.unwrap());
    assert_eq!(progress_buttons, std::slice::from_ref(&cancel));
    assert!(
        h.tg.sent_since(seq)
            .iter()
            .all(|s| s.method != "sendDocument")
    );
    assert!(stored::backups(&h, u.id).await.is_empty());

    let seq = h.tg.last_seq();
    h.tg.click(&u, working.message_id.unwrap(), &cancel);
    let cancelled =
        h.tg.wait_for(seq, |s| {
            s.message_id == working.message_id && text(s) == EN.t("task-cancelled")
        })
        .await;
    assert!(
        cancelled
            .buttons()
            .iter()
            .all(|(label, _)| !label.starts_with("✖️"))
    );
    let stopping = format!("{}\n{}", text(&working), EN.t("task-stopping"));
    assert!(edits_of(&h, seq, &working).contains(&stopping));
    // Nothing stored, no temporary file left, the task over.
    assert_eq!(stored::dump(&h, Table::Backups).await, Vec::<String>::new());
    assert_eq!(stored::dump(&h, Table::Blobs).await, Vec::<String>::new());
    assert_eq!(h.temp_files(), Vec::<std::path::PathBuf>::new());
    assert_eq!(h.stores.tasks.active(u.id).await.unwrap(), None);

    // What the held download sends now goes nowhere; the next action runs as usual.
    gate.release();
    let seq = h.tg.last_seq();
    let fast = start_backup(&h, &u, "octo/fast").await;
    let done = result_in(&h, seq, &fast).await;
    assert!(text(&done).starts_with('✅'), "{done:?}");
    let backups = stored::backups(&h, u.id).await;
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].repo.as_deref(), Some("octo/fast"));
}

#[tokio::test]
async fn a_second_heavy_action_is_refused_while_one_runs_and_nothing_is_queued() {
    let github = FakeGithub::start().await;
    github.add_repo("octo/slow", false, &[("main", FILES)]);
    let gate = github.hold_download("octo/slow");
    let h = start(&github, &[]).await;
    let u = TestUser::new(640_002, Some("en"));
    support::flow::library(&h)
        .create(u.id, "a.py", "print(1)".into(), None)
        .await
        .unwrap();

    let working = start_backup(&h, &u, "octo/slow").await;
    gate.wait_started().await;
    let menu = reply(&h, &u, "/backup").await;
    let refused = press_for_reply(&h, &u, &menu, "📦 ").await;
    assert_eq!(
        text(&refused),
        EN.t_with("task-busy", &[("what", EN.t("task-doing-github").into())])
    );
    assert_ne!(refused.message_id, menu.message_id, "in a new message");
    assert_eq!(
        h.tg.message_text(u.id, menu.message_id.unwrap()),
        menu.text,
        "the menu stays, to try again later"
    );
    let since = DateTime::UNIX_EPOCH;
    assert_eq!(
        h.stores
            .tasks
            .created_since(u.id, since)
            .await
            .unwrap()
            .len(),
        1
    );

    let seq = h.tg.last_seq();
    gate.release();
    let done = result_in(&h, seq, &working).await;
    assert!(text(&done).starts_with('✅'), "{done:?}");
    let backups = stored::backups(&h, u.id).await;
    assert_eq!(backups.len(), 1, "only the repository's: {backups:?}");
}

#[tokio::test]
async fn the_hourly_limit_refuses_and_says_when_to_try_again() {
    let github = FakeGithub::start().await;
    let h = start(
        &github,
        &[("CODEVAULT_LIMITS__HEAVY_ACTIONS_PER_HOUR", "2")],
    )
    .await;
    let u = TestUser::new(640_003, Some("en"));
    for _ in 0..2 {
        let (result, _, _) = create_backup(&h, &u).await;
        assert!(text(&result).starts_with('✅'), "{result:?}");
    }
    let menu = say(&h, &u, "/backup").await;
    let refused = press(&h, &u, &menu, "📦 ").await;
    let started = h
        .stores
        .tasks
        .created_since(u.id, DateTime::UNIX_EPOCH)
        .await
        .unwrap();
    assert_eq!(started.len(), 2, "nothing queued");
    let again = reader_in_utc(EN).time(started[0] + TimeDelta::hours(1));
    assert_eq!(
        text(&refused),
        EN.t_with(
            "task-rate-limited",
            &[("max", 2.into()), ("time", again.into())]
        )
    );
    assert_eq!(stored::backups(&h, u.id).await.len(), 2);
}

#[tokio::test]
async fn a_cancel_from_another_user_or_with_a_forged_id_does_nothing() {
    let github = FakeGithub::start().await;
    github.add_repo("octo/slow", false, &[("main", FILES)]);
    let gate = github.hold_download("octo/slow");
    let h = start(&github, &[]).await;
    let (alice, bob) = (
        TestUser::new(640_004, Some("en")),
        TestUser::new(640_005, Some("en")),
    );
    let working = start_backup(&h, &alice, "octo/slow").await;
    let cancel = working.button_data("✖️").expect("✖️ Cancel");
    gate.wait_started().await;
    let before = h.stores.tasks.active(alice.id).await.unwrap().unwrap();

    // Bob presses Alice's cancel (the data copied onto a message of his own).
    let bobs = reply(&h, &bob, "/start").await;
    let seq = h.tg.last_seq();
    h.tg.click(&bob, bobs.message_id.unwrap(), &cancel);
    let answer = h.tg.next_message(seq, bob.id).await;
    assert_eq!(text(&answer), EN.t("task-not-running"));
    // Alice, an id that is no task of hers.
    let seq = h.tg.last_seq();
    let forged = format!("tx:{}", codevault::domain::Id::generate());
    h.tg.click(&alice, working.message_id.unwrap(), &forged);
    let answer =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(alice.id) && s.method == "sendMessage"
        })
        .await;
    assert_eq!(text(&answer), EN.t("task-not-running"));
    assert_eq!(answer.method, "sendMessage");

    let after = h.stores.tasks.active(alice.id).await.unwrap().unwrap();
    assert_eq!((after.id, after.cancel_requested), (before.id, false));
    assert_eq!(after.state, TaskState::Running);
    assert!(
        edits_of(&h, 0, &working)
            .iter()
            .all(|edit| edit.starts_with('⏳'))
    );

    let seq = h.tg.last_seq();
    gate.release();
    let done = result_in(&h, seq, &working).await;
    assert!(text(&done).starts_with('✅'), "{done:?}");
    assert_eq!(stored::backups(&h, alice.id).await.len(), 1);
}

#[tokio::test]
async fn a_task_waiting_for_a_free_slot_cancelled_never_runs() {
    let github = FakeGithub::start().await;
    github.add_repo("octo/slow", false, &[("main", FILES)]);
    let gate = github.hold_download("octo/slow");
    // One task at a time on this instance: the second waits for the first.
    let h = start(&github, &[("CODEVAULT_TASKS__CONCURRENCY", "1")]).await;
    let (alice, bob) = (
        TestUser::new(640_006, Some("en")),
        TestUser::new(640_007, Some("en")),
    );
    let alices = start_backup(&h, &alice, "octo/slow").await;
    gate.wait_started().await;
    let menu = say(&h, &bob, "/backup").await;
    let waiting = press(&h, &bob, &menu, "📦 ").await;
    assert_eq!(text(&waiting), EN.t("backup-creating"));
    let queued = active_task(&h, bob.id).await;
    assert_eq!(queued.state, TaskState::Queued);

    let cancelled = press(&h, &bob, &waiting, "✖️").await;
    assert_eq!(text(&cancelled), EN.t("task-cancelled"));
    assert_eq!(cancelled.message_id, waiting.message_id);
    assert_eq!(h.stores.tasks.active(bob.id).await.unwrap(), None);

    let seq = h.tg.last_seq();
    gate.release();
    let done = result_in(&h, seq, &alices).await;
    assert!(text(&done).starts_with('✅'), "{done:?}");
    h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    // Alice's slot is free again, and Bob's backup was never made.
    let (again, _, _) = create_backup(&h, &alice).await;
    assert!(text(&again).starts_with('✅'), "{again:?}");
    assert!(stored::backups(&h, bob.id).await.is_empty());
}
