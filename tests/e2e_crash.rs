//! A long action cut short by a crash (kill -9), or left by an instance that died, is settled
//! by a task worker: a download, a backup or an upload runs again and its result replaces the
//! same "⏳" message; a restore or an import is not run again behind the user's back: its
//! message says it did not finish, and nothing half-done is kept. On both stores: each must
//! come back consistent from a kill at any moment.

mod support;

use chrono::{TimeDelta, Utc};
use codevault::{
    domain::{
        Task, TaskKind, TaskState,
        backup::BackupKind,
        restore::{Choice, Decisions},
    },
    i18n::Locale,
};
use support::{
    blobs::blob,
    bot::{Backend, Harness},
    flow::{create_backup, library, press, say, settled, text},
    github::FakeGithub,
    stored::{self, Table},
    telegram::TestUser,
};

const EN: Locale = Locale::En;

#[tokio::test]
async fn a_download_cut_short_by_a_kill_runs_again_at_the_next_start_embedded() {
    a_download_cut_short_by_a_kill_runs_again_at_the_next_start(Backend::Sqlite, 620_001).await;
}

#[tokio::test]
async fn a_download_cut_short_by_a_kill_runs_again_at_the_next_start_mongodb() {
    a_download_cut_short_by_a_kill_runs_again_at_the_next_start(Backend::Mongo, 620_011).await;
}

async fn a_download_cut_short_by_a_kill_runs_again_at_the_next_start(backend: Backend, user: i64) {
    let github = FakeGithub::start().await;
    let files: &[(&str, &[u8])] = &[
        ("README.md", b"# Widgets\n"),
        ("main.rs", b"fn main() {}\n"),
    ];
    github.add_repo("octo/widgets", false, &[("main", files)]);
    let gate = github.hold_download("octo/widgets");
    // On MongoDB the next instance waits for the killed one's task lease to end.
    let api = github.api_url();
    let env = [
        ("CODEVAULT_GITHUB__API_URL", api.as_str()),
        ("CODEVAULT_TASKS__LEASE", "2s"),
    ];
    let mut h = Harness::start_on_with(backend, &env).await;
    let u = TestUser::new(user, Some("en"));
    let menu = say(&h, &u, "/github").await;
    press(&h, &u, &menu, "📦").await;
    let working = say(&h, &u, "octo/widgets").await;
    assert!(text(&working).starts_with('⏳'), "{working:?}");
    gate.wait_started().await;

    h.kill().await;
    let left = h
        .stores
        .tasks
        .active(u.id)
        .await
        .unwrap()
        .expect("the task");
    assert_eq!(left.state, TaskState::Running);
    assert!(stored::backups(&h, u.id).await.is_empty());
    let seq = h.tg.last_seq();
    h.start_again().await;
    // Downloading again, on the new instance: now it goes through.
    gate.wait_started().await;
    gate.release();
    let result = settled(&h, &u, seq).await;
    assert!(
        text(&result).starts_with(&EN.t_with(
            "github-backup-done",
            &[
                ("repo", "octo/widgets".into()),
                ("ref", "main".into()),
                ("commit", left_commit(&h, u.id).await.into()),
                ("files", 2.into()),
                ("size", "23 B".into()),
            ]
        )),
        "{result:?}"
    );
    assert_eq!(result.message_id, working.message_id, "the same ⏳ message");
    let document = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    let backups = stored::backups(&h, u.id).await;
    assert_eq!(backups.len(), 1, "one backup, not one per run");
    let archive = blob(h.stores.blobs.as_ref(), &backups[0].id).await.unwrap();
    assert_eq!(document.document.unwrap().bytes, archive);
    assert_eq!(h.stores.tasks.active(u.id).await.unwrap(), None);
}

/// The first 12 digits of the commit the user's repository backup recorded.
async fn left_commit(h: &Harness, user: i64) -> String {
    let newest = stored::newest_backup(h, user, BackupKind::GithubRepoZip)
        .await
        .expect("the repository backup");
    newest.commit.expect("its commit")[..12].to_owned()
}

#[tokio::test]
async fn a_restore_left_by_a_dead_instance_is_reported_and_changes_nothing_embedded() {
    a_restore_left_by_a_dead_instance_is_reported_and_changes_nothing(Backend::Sqlite, 620_002)
        .await;
}

#[tokio::test]
async fn a_restore_left_by_a_dead_instance_is_reported_and_changes_nothing_mongodb() {
    a_restore_left_by_a_dead_instance_is_reported_and_changes_nothing(Backend::Mongo, 620_012)
        .await;
}

async fn a_restore_left_by_a_dead_instance_is_reported_and_changes_nothing(
    backend: Backend,
    user: i64,
) {
    let h = Harness::start_on(backend).await;
    let u = TestUser::new(user, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "one".into(), None).await.unwrap();
    create_backup(&h, &u).await;
    lib.replace(u.id, "a.py", "two".into(), None).await.unwrap();
    let files_before = stored::dump(&h, Table::Files).await;
    let backups_before = stored::dump(&h, Table::Backups).await;
    let backup = stored::newest_backup(&h, u.id, BackupKind::FullBackup)
        .await
        .expect("the backup")
        .id;

    // A restore another instance claimed, its "⏳" message in the chat, and then died running:
    // its lease ended a minute ago.
    let shown = say(&h, &u, "/start").await;
    let mut decisions = Decisions::new(vec!["a.py".to_owned()]);
    decisions.record(Choice::Replace, false);
    let kind = TaskKind::RestoreApply { backup, decisions };
    let message = shown.message_id.unwrap();
    let started = Utc::now() - TimeDelta::minutes(3);
    let task = Task::queued(u.id, u.id, message, EN, kind, started);
    let seq = h.tg.last_seq();
    h.stores.tasks.enqueue(&task).await.unwrap();
    let dead = h
        .stores
        .tasks
        .claim("dead-instance", started, TimeDelta::minutes(2));
    assert!(dead.await.unwrap().is_some());

    let settled =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(u.id) && text(s) == EN.t("work-interrupted")
        })
        .await;
    assert_eq!(settled.message_id, Some(message), "its ⏳ message says so");
    assert_eq!(stored::dump(&h, Table::Files).await, files_before);
    assert_eq!(
        stored::dump(&h, Table::Backups).await,
        backups_before,
        "no safety snapshot either"
    );
    assert_eq!(h.stores.tasks.active(u.id).await.unwrap(), None);
    // The user may start again at once.
    let (result, _, _) = create_backup(&h, &u).await;
    assert!(text(&result).starts_with('✅'), "{result:?}");
}
