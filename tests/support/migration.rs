//! For `codevault migrate` tests: a store filled through the real stores with one of every
//! kind of record, every record of a store in the neutral shape, and the binary.

use std::{path::Path, process::Output};

use chrono::{TimeDelta, TimeZone, Utc};
use codevault::{
    domain::{
        DestinationId, GithubAccount, Id, Locale, NewFile, Task, TaskKind, TaskState,
        backup::{BackupKind, BackupRecord, CopyStatus, RemoteCopy},
        destination::FailureKind,
        restore::{AddedHistory, UndoLog, WriteKind, Written},
        retention::{Generations, RetentionPolicy},
        schedule::{Repeat, Schedule},
    },
    storage::{
        Stores,
        transfer::{Kind, Record, Transfer},
    },
};
use sha2::{Digest, Sha256};
use teloxide::types::ChatId;

use super::blobs::read_all;

/// A retention by generations, kept for Bob's Drive.
pub const GENERATIONS: RetentionPolicy = RetentionPolicy::Generations(Generations {
    daily: 14,
    weekly: 8,
    monthly: 0,
});

pub const ALICE: i64 = 7001;
pub const BOB: i64 = 7002;
pub const SEALED_GITHUB: &[u8] = b"\x01sealed-github-token\xff";
pub const SEALED_DRIVE: &[u8] = b"\x02sealed-drive-token\x00";

/// What `fill` stored that a test looks for.
pub struct Filled {
    pub backup: Id,
    pub snapshot: Id,
    pub binned: Id,
}

fn at(minute: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 10, minute, 0).unwrap()
}

fn new_file(user: i64, name: &str, code: &str) -> NewFile {
    NewFile {
        user_id: user,
        name: name.to_owned(),
        language: "rust".to_owned(),
        code: code.to_owned(),
        note: Some(format!("note of {name}")),
        tags: vec!["work".to_owned(), "ünïcode".to_owned()],
    }
}

fn backup_record(id: &Id, user: i64, kind: BackupKind, bytes: &[u8]) -> BackupRecord {
    BackupRecord {
        id: id.clone(),
        user_id: user,
        kind,
        created_at: at(30),
        file_count: 2,
        total_size: 40,
        archive_size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
        version: "1.0".to_owned(),
        rating: None,
        note: Some("before the trip".to_owned()),
        repo: None,
        git_ref: None,
        commit: None,
        copies: Vec::new(),
        checked_at: None,
        damaged_at: None,
        // Whatever the kind: a record's every field goes across.
        protected: kind == BackupKind::FullBackup,
    }
}

/// Two users (one with a time zone) with files of several versions, a binned file, two backups with archives (one a
/// restore's safety snapshot with its used undo log), GitHub, Drive and destination settings
/// with sealed tokens, a dialogue waiting on a file, a task that ended and one an instance runs,
/// and a leased job.
pub async fn fill(stores: &Stores) -> Filled {
    stores.users.get_or_create(ALICE, Locale::He).await.unwrap();
    stores.users.get_or_create(BOB, Locale::Ru).await.unwrap();
    let zone = "Asia/Jerusalem".parse().unwrap();
    stores.users.set_zone(ALICE, zone).await.unwrap();
    let files = &stores.files;
    let main = files
        .create(new_file(ALICE, "main.rs", "fn main() {}"), at(1))
        .await
        .unwrap();
    for (minute, code) in [(2, "fn main() { v2 }"), (3, "fn main() { v3 }")] {
        files
            .add_version(
                ALICE,
                &main.key,
                code.to_owned(),
                "rust".to_owned(),
                None,
                at(minute),
            )
            .await
            .unwrap();
    }
    files.set_favourite(ALICE, &main.key, true).await.unwrap();
    let binned = files
        .create(new_file(ALICE, "old.py", "print(1)"), at(4))
        .await
        .unwrap();
    files.move_to_bin(ALICE, &binned.key, at(5)).await.unwrap();
    files
        .create(new_file(BOB, "lib.go", "package lib"), at(6))
        .await
        .unwrap();

    let backup = Id::generate();
    let bytes: Vec<u8> = (0..70_000u32).map(|n| (n * 7 % 251) as u8).collect();
    stores
        .blobs
        .put(&backup, "codevault-backup.zip", &mut &bytes[..])
        .await
        .unwrap();
    let mut record = backup_record(&backup, ALICE, BackupKind::FullBackup, &bytes);
    record.copies.push(RemoteCopy {
        destination: DestinationId::DRIVE,
        remote_id: Some("drive-file-1".to_owned()),
        status: CopyStatus::Uploaded,
        at: at(31),
    });
    stores.backups.insert(&record).await.unwrap();
    let snapshot = Id::generate();
    let snapshot_bytes = b"PK safety snapshot".to_vec();
    stores
        .blobs
        .put(&snapshot, "snapshot.zip", &mut &snapshot_bytes[..])
        .await
        .unwrap();
    let snapshot_record = backup_record(&snapshot, ALICE, BackupKind::PreRestore, &snapshot_bytes);
    stores.backups.insert(&snapshot_record).await.unwrap();
    let log = UndoLog {
        restored: backup.clone(),
        writes: vec![Written {
            name: "main.rs".to_owned(),
            kind: WriteKind::Replaced,
            state: "abc123".to_owned(),
            added: Some(AddedHistory {
                current: 3,
                count: 1,
            }),
        }],
        undone_at: None,
    };
    stores
        .backups
        .set_undo(ALICE, &snapshot, &log)
        .await
        .unwrap();
    assert!(
        stores
            .backups
            .claim_undo(ALICE, &snapshot, at(40))
            .await
            .unwrap()
    );

    let account = GithubAccount {
        login: "alice-gh".to_owned(),
        sealed_token: SEALED_GITHUB.to_vec(),
        connected_at: at(7),
    };
    stores.github.set_account(ALICE, &account).await.unwrap();
    stores
        .github
        .remember_repo(ALICE, "alice/tools", 5)
        .await
        .unwrap();
    stores
        .github
        .remember_repo(ALICE, "alice/site", 5)
        .await
        .unwrap();
    stores
        .drive
        .set_sealed_token(ALICE, SEALED_DRIVE)
        .await
        .unwrap();
    stores
        .drive
        .set_connected(ALICE, Some("alice@example.com"), at(8))
        .await
        .unwrap();
    stores.drive.set_folder(ALICE, "folder-1").await.unwrap();
    // Every part of a schedule, and what the last scheduled upload held, travel.
    let daily = Schedule::new(Repeat::Daily, 3)
        .unwrap()
        .in_zone("Europe/Berlin".parse().unwrap());
    let drive = DestinationId::DRIVE;
    stores
        .destinations
        .set_schedule(ALICE, &drive, daily)
        .await
        .unwrap();
    stores
        .destinations
        .set_retention(ALICE, &drive, RetentionPolicy::Newest(4))
        .await
        .unwrap();
    stores
        .destinations
        .set_retention(BOB, &drive, GENERATIONS)
        .await
        .unwrap();
    stores
        .destinations
        .record_success(ALICE, &drive, at(7), Some("0123abcd"))
        .await
        .unwrap();
    stores
        .destinations
        .record_unchanged(ALICE, &drive, at(8))
        .await
        .unwrap();
    stores
        .destinations
        .set_history(ALICE, &drive, true)
        .await
        .unwrap();
    stores
        .destinations
        .set_sealed_password(ALICE, &drive, Some(&[1, 2, 3, 0xff]))
        .await
        .unwrap();
    stores
        .destinations
        .record_failure(ALICE, &drive, "quota exceeded", FailureKind::Full, at(9))
        .await
        .unwrap();
    stores
        .drive
        .set_needs_reconnect(BOB, "token revoked", at(10))
        .await
        .unwrap();

    let state =
        serde_json::json!({ "step": "awaiting_note", "key": main.key.to_string(), "page": 2 });
    stores
        .dialogues::<serde_json::Value>()
        .update_dialogue(ChatId(ALICE), state)
        .await
        .unwrap();
    // A task that ended, and one an instance of the source runs (leased).
    let ended = Task::queued(
        ALICE,
        ALICE,
        41,
        Locale::En,
        TaskKind::CreateBackup {
            history: true,
            protected: true,
        },
        at(11),
    );
    stores.tasks.enqueue(&ended).await.unwrap();
    let claimed = stores
        .tasks
        .claim("instance-a", at(11), TimeDelta::minutes(1))
        .await
        .unwrap()
        .expect("the task is claimed");
    let finished = stores
        .tasks
        .finish(&claimed.id, "instance-a", TaskState::Done, at(11));
    assert!(finished.await.unwrap());
    let kind = TaskKind::GithubBackup {
        repo: codevault::domain::repo_ref::RepoRef::parse("octo/hello v1").unwrap(),
    };
    let running = Task::queued(BOB, BOB, 42, Locale::Ru, kind, at(11));
    stores.tasks.enqueue(&running).await.unwrap();
    let leased = stores
        .tasks
        .claim("instance-a", at(11), TimeDelta::minutes(30))
        .await
        .unwrap();
    assert!(leased.is_some(), "the task is leased");

    stores
        .jobs
        .set_schedule(ALICE, &drive, daily, Some(at(12)), at(12))
        .await
        .unwrap();
    let leased = stores
        .jobs
        .claim_due("instance-a", at(13), TimeDelta::minutes(30))
        .await
        .unwrap();
    assert!(leased.is_some(), "the job is leased");
    Filled {
        backup,
        snapshot,
        binned: binned.key,
    }
}

/// Every record of `store`, kind by kind, in key order.
pub async fn records(store: &dyn Transfer) -> Vec<Record> {
    let mut all = Vec::new();
    for kind in Kind::ALL {
        let mut after = None;
        loop {
            let page = store.page(kind, after.as_ref(), 3).await.unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.key());
            all.extend(page);
        }
    }
    all
}

/// The archives of every backup of `store`: the name each was stored under, and its bytes.
pub async fn archives(store: &dyn Transfer) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for record in records(store).await {
        if let Record::Backup(backup) = record {
            let archive = store.archive(&backup.id).await.unwrap();
            all.push((archive.file_name, read_all(archive.reader).await));
        }
    }
    all
}

/// `records` of a source as a copy should hold them: job leases dropped, a running task's
/// ended.
/// The time zone `user`'s record carries, as the store read it out.
pub fn zone_of(records: &[Record], user: i64) -> Option<String> {
    records.iter().find_map(|record| match record {
        Record::User(found) if found.user_id == user => {
            found.time_zone.map(|zone| zone.to_string())
        }
        _ => None,
    })
}

pub fn without_leases(records: Vec<Record>) -> Vec<Record> {
    records
        .into_iter()
        .map(|record| match record {
            Record::Job(mut job) => {
                job.lease_owner = None;
                job.lease_until = None;
                Record::Job(job)
            }
            Record::Task(mut task) if task.state == TaskState::Running => {
                task.lease_owner = None;
                task.lease_until = Some(chrono::DateTime::UNIX_EPOCH);
                Record::Task(task)
            }
            other => other,
        })
        .collect()
}

/// Runs `codevault migrate` with `args`, without a configuration file.
pub async fn migrate(args: &[&str]) -> Output {
    codevault("migrate", args).await
}

/// Runs `codevault <command>` with `args`, without a configuration file.
pub async fn codevault(command: &str, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_codevault"))
        .arg(command)
        .args(args)
        .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
        .env("CODEVAULT_STORAGE__CONNECT_TIMEOUT", "2")
        .output()
        .await
        .expect("the binary runs")
}

/// What a run that succeeded printed.
pub fn succeeded(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// The one line a failed run prints, with the exit status checked.
pub fn failure(output: &Output) -> String {
    assert!(!output.status.success(), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn dir(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

/// File version `n` of a generated library (about 2 KB of code), as a record.
pub fn library_file(user: i64) -> impl Fn(u32) -> Record {
    move |n| {
        let code = format!("// file {n}\n{}", "fn f() { let x = 1 + 2; }\n".repeat(75));
        Record::File(codevault::storage::transfer::FileRecord {
            id: Id::generate(),
            file_key: Id::generate(),
            user_id: user,
            name: format!("src/file_{n:05}.rs"),
            language: "rust".to_owned(),
            sha256: hex::encode(Sha256::digest(code.as_bytes())),
            size: code.len() as u64,
            code,
            note: None,
            tags: Vec::new(),
            version: 1,
            current: true,
            active: true,
            created_at: at(1),
            updated_at: at(1),
            deleted_at: None,
        })
    }
}

/// A backup of `user` whose archive is `size` bytes that do not compress.
pub async fn backup_of(stores: &Stores, user: i64, size: usize) -> Id {
    let id = Id::generate();
    let mut state = 0x2545_f491_u32;
    let bytes: Vec<u8> = (0..size)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    stores
        .blobs
        .put(&id, "library.zip", &mut &bytes[..])
        .await
        .unwrap();
    let record = backup_record(&id, user, BackupKind::FullBackup, &bytes);
    stores.backups.insert(&record).await.unwrap();
    id
}
