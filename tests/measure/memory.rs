//! Peak memory of the whole bot — the `codevault serve` process's `VmHWM` — while it backs up
//! a 500 MB repository archive (from the fake GitHub, which makes it while it sends it) and a
//! 50,000-file library (built, stored, read back, verified and sent), each on a fresh bot on
//! either store. The targets: 120 MB and 150 MB.

use std::time::{Duration, Instant};

use chrono::Utc;
use codevault::domain::{
    backup::BackupKind,
    restore::{Action, Incoming},
};

use crate::support::{
    bot::{Backend, Harness},
    flow::{press, say, text},
    github::{FakeGithub, Generated},
    stored,
    telegram::TestUser,
};

const MB: f64 = 1e6;
/// Long enough for half a gigabyte to go through the bot on a busy machine.
const PATIENCE: Duration = Duration::from_secs(900);

/// The bot's peak and current resident memory, in bytes (`VmHWM`, `VmRSS`).
fn memory(h: &Harness) -> (u64, u64) {
    let pid = h.pid().expect("the bot runs");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        let line = status
            .lines()
            .find(|line| line.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in /proc/{pid}/status"));
        let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib * 1024
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// The bot's answer to `who` after `seq` that is not a "⏳ working…" screen.
async fn result(h: &Harness, who: &TestUser, seq: u64) -> String {
    let sent =
        h.tg.wait_for_within(seq, PATIENCE, |s| {
            s.chat_id == Some(who.id)
                && matches!(s.method.as_str(), "sendMessage" | "editMessageText")
                && !s.text.as_deref().unwrap_or_default().starts_with('⏳')
        })
        .await;
    text(&sent).to_owned()
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn peak_memory_of_the_bot_backing_up_a_500_mb_repository() {
    repository(Backend::Sqlite).await;
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn peak_memory_of_the_bot_backing_up_a_500_mb_repository_on_mongodb() {
    repository(Backend::Mongo).await;
}

async fn repository(backend: Backend) {
    let temp = tempfile::tempdir().unwrap();
    let github = FakeGithub::start().await;
    let shape = Generated {
        files: 500,
        file_bytes: 1_000_000,
        pause: Duration::ZERO,
    };
    let sha = github.add_generated_repo("octo/huge", shape);
    let size = shape.len(&format!("octo-huge-{}", &sha[..7]));
    let api_url = github.api_url();
    let h = Harness::start_on_with(
        backend,
        &[
            ("TMPDIR", temp.path().to_str().unwrap()),
            ("CODEVAULT_GITHUB__API_URL", &api_url),
            ("CODEVAULT_LOG", "info"),
        ],
    )
    .await;
    let u = TestUser::new(990_001, Some("en"));
    let (idle, _) = memory(&h);

    let menu = say(&h, &u, "/github").await;
    press(&h, &u, &menu, "📦").await;
    let seq = h.tg.last_seq();
    let started = Instant::now();
    h.tg.send_text(&u, "octo/huge");
    let answer = result(&h, &u, seq).await;
    let took = started.elapsed();
    let (peak, now) = memory(&h);
    assert!(answer.starts_with('✅'), "{answer}\n{}", h.logs());
    let kept = stored::newest_backup(&h, u.id, BackupKind::GithubRepoZip)
        .await
        .expect("the repository is kept");
    assert_eq!(kept.file_count, shape.files as u64);
    println!(
        "{backend:?}: 500 MB repository: zipball {:.1} MB, kept archive {:.1} MB, {:.1} s; bot peak RSS \
         (VmHWM) {:.1} MB (idle {:.1} MB, after {:.1} MB)",
        size as f64 / MB,
        kept.archive_size as f64 / MB,
        took.as_secs_f64(),
        peak as f64 / MB,
        idle as f64 / MB,
        now as f64 / MB,
    );
    assert!(peak <= 120_000_000, "peak {:.1} MB", peak as f64 / MB);
}

/// About 2 KB of code, different for every file.
fn code(i: usize) -> String {
    (0..40)
        .map(|line| format!("def f_{i}_{line}(x):  # line {line} of file {i}\n    return x\n"))
        .collect()
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn peak_memory_of_the_bot_backing_up_a_50000_file_library() {
    library(Backend::Sqlite).await;
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn peak_memory_of_the_bot_backing_up_a_50000_file_library_on_mongodb() {
    library(Backend::Mongo).await;
}

async fn library(backend: Backend) {
    const FILES: usize = 50_000;
    let temp = tempfile::tempdir().unwrap();
    let h = Harness::start_on_with(
        backend,
        &[
            ("TMPDIR", temp.path().to_str().unwrap()),
            ("CODEVAULT_LIMITS__MAX_FILES", "50000"),
            ("CODEVAULT_LOG", "info"),
        ],
    )
    .await;
    let u = TestUser::new(990_002, Some("en"));
    let files: Vec<Action> = (0..FILES)
        .map(|i| {
            Action::Create(Incoming {
                name: format!("src/pkg_{}/module_{i:05}.py", i % 100),
                code: code(i),
                language: Some("python".to_owned()),
                note: None,
                tags: Vec::new(),
                history: Vec::new(),
            })
        })
        .collect();
    // In pieces: 112 MB in one transaction is more than a MongoDB cache takes.
    for piece in files.chunks(5_000) {
        h.stores
            .files
            .apply(u.id, piece.to_vec(), Utc::now())
            .await
            .unwrap();
    }
    let (idle, _) = memory(&h);

    let menu = say(&h, &u, "/backup").await;
    let seq = h.tg.last_seq();
    let started = Instant::now();
    h.tg.click(
        &u,
        menu.message_id.unwrap(),
        &menu.button_data("📦 ").unwrap(),
    );
    let sent =
        h.tg.wait_for_within(seq, PATIENCE, |s| s.method == "sendDocument")
            .await;
    let took = started.elapsed();
    let (peak, now) = memory(&h);
    let record = stored::newest_backup(&h, u.id, BackupKind::FullBackup)
        .await
        .expect("the backup is kept");
    assert_eq!(record.file_count, FILES as u64);
    assert_eq!(
        sent.document.expect("the archive").bytes.len() as u64,
        record.archive_size
    );
    println!(
        "{backend:?}: {FILES}-file library: {:.1} MB of code, archive {:.1} MB, built, stored, read back, \
         verified and sent in {:.1} s; bot peak RSS (VmHWM) {:.1} MB (idle {:.1} MB, after \
         {:.1} MB)",
        record.total_size as f64 / MB,
        record.archive_size as f64 / MB,
        took.as_secs_f64(),
        peak as f64 / MB,
        idle as f64 / MB,
        now as f64 / MB,
    );
    assert!(peak <= 150_000_000, "peak {:.1} MB", peak as f64 / MB);
}
