//! A kill -9 during backups and during restores leaves each store consistent: every listed
//! backup has its bytes (with its SHA-256), every stored blob has a record but the orphans
//! `remove_orphans` clears, and the library is all before or all after a restore.
//!
//! The writer is a process of its own: this test binary run again with `CODEVAULT_KILL_CHILD` set, so
//! `child` runs a loop of real backups (or restores) against the store the parent made. The
//! parent kills it with SIGKILL at chosen moments after an operation began, opens the store
//! afresh, and checks.

mod support;

use std::{collections::BTreeSet, process::Stdio, sync::Arc, time::Duration};

use chrono::Utc;
use codevault::{
    domain::progress::Unwatched,
    domain::{
        Id,
        backup::{BackupKind, Rating},
        restore::Choice,
    },
    service::{BackupService, Library, LibraryLimits, SystemClock, restore::RestoreService},
};
use sha2::{Digest, Sha256};
use support::{
    blobs::blob,
    faults::{ApplyFault, FaultyApply},
    services,
    stores::{Backend, TestStore, contract},
};
use tokio::io::{AsyncBufReadExt, BufReader};

const ALICE: i64 = 7001;
const FILES: usize = 150;
/// Milliseconds from an operation's start to the kill, one per round: from before its first
/// write to well into it.
const DELAYS: [u64; 6] = [0, 4, 12, 30, 70, 150];
/// What the child is asked to do: `<backend> <backup|restore> <place> [<backup> <backup>]`.
const CHILD: &str = "CODEVAULT_KILL_CHILD";
/// What the child prints as a backup begins, and as a restore's transaction begins.
const BEGIN: &str = "<begin>";
const APPLY: &str = "<apply>";

contract!(
    a_kill_during_backups_leaves_every_listed_backup_whole,
    a_kill_during_restores_leaves_the_library_all_before_or_all_after,
);

fn backups(store: &TestStore) -> Arc<BackupService> {
    // Small, so the quota removes backups (record, then blob) as the loop runs.
    services::backups(&store.stores, 4)
}

/// Restores whose store announces [`APPLY`] as each transaction begins.
fn restores(store: &TestStore) -> RestoreService {
    let files = Arc::new(FaultyApply {
        inner: store.files.clone(),
        fault: ApplyFault::Announce(APPLY.to_owned()),
    });
    services::restores(&store.stores, files, backups(store), 10_000)
}

/// Code no compressor shrinks much: a few KB of hex from a hash chain seeded by `seed`.
fn code(seed: &str) -> String {
    let mut block = Sha256::digest(seed.as_bytes());
    let mut code = String::new();
    for _ in 0..64 {
        code.push_str(&hex::encode(block));
        code.push('\n');
        block = Sha256::digest(block);
    }
    code
}

/// Makes the library generation `generation` (creating the files the first time).
async fn write_generation(store: &TestStore, generation: &str) {
    let limits = LibraryLimits {
        max_file_bytes: 1 << 20,
        max_files: 10_000,
        max_bytes: 1 << 28,
        recycle_bin_days: 7,
        page_size: 10,
    };
    let library = Library::new(
        store.files.clone(),
        store.events.clone(),
        Arc::new(SystemClock),
        limits,
    );
    for i in 0..FILES {
        let (name, code) = (format!("f{i:03}.py"), code(&format!("{generation}{i}")));
        match store.files.current_by_name(ALICE, &name).await.unwrap() {
            Some(_) => library.replace(ALICE, &name, code, None).await.unwrap(),
            None => library.create(ALICE, &name, code, None).await.unwrap(),
        };
    }
}

/// The SHA-256 of every current file: one library state.
async fn library_state(store: &TestStore) -> BTreeSet<String> {
    let current = store.files.current_state(ALICE).await.unwrap();
    assert_eq!(current.len(), FILES, "no file lost or doubled");
    current.into_iter().map(|file| file.sha256).collect()
}

/// Runs the child on `store` with `task`, kills it `delay` after it printed `marker` for the
/// `nth` time, and waits for it to be gone.
async fn run_and_kill(store: &TestStore, task: &str, (marker, nth): (&str, u32), delay: Duration) {
    let spec = format!("{} {task} {}", store.backend().name(), store.place());
    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env(CHILD, spec)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the writer");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let reached = async {
        let mut seen = 0;
        while let Some(line) = lines.next_line().await.unwrap() {
            // The harness prints its own text on the first marker's line.
            seen += u32::from(line.ends_with(marker));
            if seen == nth {
                return;
            }
        }
        panic!("the writer ended before {marker} number {nth}");
    };
    tokio::time::timeout(Duration::from_secs(120), reached)
        .await
        .expect("the writer reaches the moment of the kill");
    tokio::time::sleep(delay).await;
    child.start_kill().expect("kill -9");
    child.wait().await.unwrap();
}

/// Every listed backup has its bytes; every blob without a record goes with
/// `remove_orphans`, and then the blobs are exactly the records'. Answers how many went.
async fn check_backups(store: &TestStore) -> u64 {
    assert_eq!(store.integrity().await, "ok");
    let (records, _) = store.backups.list(ALICE, 0, 0).await.unwrap();
    for record in &records {
        let bytes = blob(store.blobs.as_ref(), &record.id)
            .await
            .expect("its bytes");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), record.sha256);
        assert_eq!(bytes.len() as u64, record.archive_size);
    }
    let listed: Vec<String> = records.iter().map(|r| r.id.to_string()).collect();
    let listed: BTreeSet<String> = listed.into_iter().collect();
    let stored: BTreeSet<String> = store.blob_ids().await.into_iter().collect();
    let orphans = stored.difference(&listed).count() as u64;
    let later = Utc::now() + chrono::Duration::hours(1);
    assert_eq!(store.blobs.remove_orphans(later).await.unwrap(), orphans);
    let left: BTreeSet<String> = store.blob_ids().await.into_iter().collect();
    assert_eq!(left, listed, "no bytes without a record");
    orphans
}

async fn a_kill_during_backups_leaves_every_listed_backup_whole(store: TestStore) {
    write_generation(&store, "a").await;
    let mut orphans = 0;
    for (round, delay) in DELAYS.into_iter().enumerate() {
        let after = 1 + round as u32 % 2;
        let delay = Duration::from_millis(delay);
        run_and_kill(&store, "backup", (BEGIN, after), delay).await;
        let reopened = store.backend().open_at(&store.place()).await;
        orphans += check_backups(&reopened).await;
    }
    let (listed, _) = store.backups.list(ALICE, 0, 0).await.unwrap();
    assert!(!listed.is_empty(), "the writer got some backups done");
    eprintln!("{:?}: {orphans} orphans cleared", store.backend());
}

async fn a_kill_during_restores_leaves_the_library_all_before_or_all_after(store: TestStore) {
    let service = backups(&store);
    write_generation(&store, "a").await;
    let first = library_state(&store).await;
    let a = service
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await;
    write_generation(&store, "b").await;
    let second = library_state(&store).await;
    let b = service
        .create_full(
            ALICE,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await;
    let (a, b) = (a.unwrap().record.id, b.unwrap().record.id);
    for id in [&a, &b] {
        let rated = store.backups.set_rating(ALICE, id, Some(Rating::Good));
        rated.await.unwrap();
    }
    let task = format!("restore {a} {b}");
    let mut seen = BTreeSet::new();
    for (round, delay) in DELAYS.into_iter().enumerate() {
        let after = 1 + round as u32 % 2;
        // The transaction itself is what is killed, right as it begins or well into it.
        let delay = Duration::from_micros(delay * 100);
        run_and_kill(&store, &task, (APPLY, after), delay).await;
        let reopened = store.backend().open_at(&store.place()).await;
        let state = library_state(&reopened).await;
        assert!(
            state == first || state == second,
            "a restore is all or nothing"
        );
        seen.insert(state == first);
        check_backups(&reopened).await;
    }
    eprintln!("{:?}: library states seen: {seen:?}", store.backend());
}

/// The writer the kill tests run as a process of their own; without `CODEVAULT_KILL_CHILD` it
/// does nothing.
#[tokio::test(flavor = "multi_thread")]
async fn child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let words: Vec<&str> = spec.split(' ').collect();
    let backend = Backend::from_name(words[0]).expect("a backend");
    let place = words.last().expect("a place");
    let store = backend.open_at(place).await;
    let mut targets = words[2..words.len() - 1]
        .iter()
        .map(|id| Id::parse(id).expect("an id"))
        .cycle();
    let (service, restore) = (backups(&store), restores(&store));
    // A failed operation wrote nothing (or the parent's checks say otherwise): the next
    // one goes ahead, as a user would try again. On MongoDB a transaction cut short by the
    // previous kill holds its locks until the server aborts it, failing writes meanwhile.
    loop {
        let done = if words[1] == "backup" {
            println!("{BEGIN}");
            let created = service
                .create_full(
                    ALICE,
                    BackupKind::FullBackup,
                    &codevault::service::BackupOptions::default(),
                    &Unwatched,
                )
                .await;
            created.map(drop).map_err(|error| error.to_string())
        } else {
            let target = targets.next().expect("two backups");
            match restore.plan(ALICE, &target, None).await {
                Ok(prepared) => {
                    let asked = prepared.plan.conflict_names();
                    let choices = vec![Choice::Replace; asked.len()];
                    let applied = restore.apply(ALICE, &target, &asked, &choices, None).await;
                    applied.map(drop).map_err(|error| error.to_string())
                }
                Err(error) => Err(error.to_string()),
            }
        };
        if let Err(error) = done {
            eprintln!("the writer's operation failed: {error}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}
