//! Measurements, not tests: the time of a 10,000-file backup and of its restore onto an empty
//! library, on each store. Ignored; run one with
//! `scripts/test --release --test measure -- --ignored --nocapture`.

mod support;

use std::time::Instant;

use chrono::Utc;
use codevault::domain::{
    backup::BackupKind,
    restore::{Action, Incoming},
};
use support::{services, stores::Backend};

const FILES: usize = 10_000;
const OWNER: i64 = 9001;
const RESTORER: i64 = 9002;

/// About 2 KB of code that differs from file to file.
fn code(i: usize) -> String {
    (0..40)
        .map(|line| format!("def f_{i}_{line}(x):  # line {line} of file {i}\n    return x\n"))
        .collect()
}

async fn backup_and_restore(backend: Backend) {
    let store = backend.open("measure").await;
    let backups = services::backups(&store.stores, 50);
    let restores = services::restores(&store.stores, store.files.clone(), backups.clone(), 20_000);
    let files: Vec<Action> = (0..FILES)
        .map(|i| {
            Action::Create(Incoming {
                name: format!("src/module_{i:05}.py"),
                code: code(i),
                language: Some("python".to_owned()),
                note: None,
                tags: Vec::new(),
            })
        })
        .collect();

    let started = Instant::now();
    store.files.apply(OWNER, files, Utc::now()).await.unwrap();
    let filled = started.elapsed();

    let started = Instant::now();
    let created = backups
        .create_full(OWNER, BackupKind::FullBackup)
        .await
        .unwrap();
    let backed_up = started.elapsed();
    assert_eq!(created.record.file_count, FILES as u64);

    // The same archive, kept for a second user whose library is empty.
    let total = created.record.total_size;
    let kept = backups
        .store_imported(RESTORER, created.archive, FILES as u64, total, None)
        .await
        .unwrap();
    let started = Instant::now();
    let plan = restores.plan(RESTORER, &kept.record.id).await.unwrap();
    assert!(plan.plan.conflict_names().is_empty());
    let applied = restores
        .apply(RESTORER, &kept.record.id, &[], &[])
        .await
        .unwrap();
    let restored = started.elapsed();
    assert_eq!(applied.report.restored(), FILES);

    println!(
        "{}: {FILES} files ({:.1} MB of code): insert {:.2} s, backup {:.2} s \
         (archive {:.1} MB), restore onto an empty library {:.2} s",
        backend.name(),
        total as f64 / 1e6,
        filled.as_secs_f64(),
        backed_up.as_secs_f64(),
        kept.record.archive_size as f64 / 1e6,
        restored.as_secs_f64(),
    );
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn a_10000_file_backup_and_restore_on_sqlite() {
    backup_and_restore(Backend::Sqlite).await;
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn a_10000_file_backup_and_restore_on_mongodb() {
    backup_and_restore(Backend::Mongo).await;
}
