//! Measurements, not tests: on each store, the time of a 10,000-file backup, of its restore
//! onto an empty library and of its import, beside the database's own batched insert of the
//! same documents in one transaction (the floor); on MongoDB the round trips of a
//! 20,000-file restore across a link adding 1 ms to each; and (`memory`) the bot's peak
//! memory backing up a 500 MB repository and a 50,000-file library. Ignored; run one with
//! `scripts/test --release --test measure -- --ignored --nocapture --test-threads=1`.

#[path = "measure/memory.rs"]
mod memory;
mod support;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::Utc;
use codevault::{
    archive::reader::ReadLimits,
    domain::progress::Unwatched,
    domain::{
        backup::BackupKind,
        code_file::content_sha256,
        quota::Quota,
        restore::{Action, Incoming},
    },
    service::{SystemClock, import::ImportService, restore::RestoreService},
    storage::{Stores, mongo::Mongo},
};
use mongodb::bson::{self, doc, oid::ObjectId};
use support::{
    db,
    latency::SlowLink,
    proxy::host_of,
    services,
    stores::{Backend, TestStore},
};

const FILES: usize = 10_000;
const OWNER: i64 = 9001;
const RESTORER: i64 = 9002;
const IMPORTER: i64 = 9003;
const FLOOR: i64 = 9004;

/// About 2 KB of code that differs from file to file.
fn code(i: usize) -> String {
    (0..40)
        .map(|line| format!("def f_{i}_{line}(x):  # line {line} of file {i}\n    return x\n"))
        .collect()
}

fn name(i: usize) -> String {
    format!("src/module_{i:05}.py")
}

fn library(files: usize) -> Vec<Action> {
    (0..files)
        .map(|i| {
            Action::Create(Incoming {
                name: name(i),
                code: code(i),
                language: Some("python".to_owned()),
                note: None,
                tags: Vec::new(),
                history: Vec::new(),
            })
        })
        .collect()
}

fn seconds(took: Duration) -> f64 {
    took.as_secs_f64()
}

async fn backup_restore_and_import(backend: Backend) {
    let store = backend.open("measure").await;
    let backups = services::backups(&store.stores, 50);
    let restores = services::restores(&store.stores, store.files.clone(), backups.clone(), 20_000);
    let imports = ImportService::new(
        backups.clone(),
        store.files.clone(),
        ReadLimits::default(),
        Quota {
            max_files: 20_000,
            max_bytes: 1 << 30,
        },
    );

    let started = Instant::now();
    store
        .files
        .apply(OWNER, library(FILES), Utc::now())
        .await
        .unwrap();
    let filled = started.elapsed();

    let started = Instant::now();
    let created = backups
        .create_full(
            OWNER,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    let backed_up = started.elapsed();
    assert_eq!(created.record.file_count, FILES as u64);

    // The same archive, kept for a second user whose library is empty.
    let total = created.record.total_size;
    let archive = created.archive;
    let kept = backups
        .store_imported(RESTORER, archive.clone(), imported(FILES as u64, total))
        .await
        .unwrap();
    let started = Instant::now();
    let plan = restores
        .plan(RESTORER, &kept.record.id, None)
        .await
        .unwrap();
    assert!(plan.plan.conflict_names().is_empty());
    let applied = restores
        .apply(RESTORER, &kept.record.id, &[], &[], None)
        .await
        .unwrap();
    let restored = started.elapsed();
    assert_eq!(applied.report.restored(), FILES);

    // As the bot's import: the ZIP checked and kept (confirm), then planned and applied.
    let started = Instant::now();
    let kept = imports
        .keep(IMPORTER, archive, Some("library.zip".to_owned()), None)
        .await
        .unwrap();
    let applied = restores
        .apply(IMPORTER, &kept.record.id, &[], &[], None)
        .await
        .unwrap();
    let imported = started.elapsed();
    assert_eq!(applied.report.restored(), FILES);

    let floor = batched_insert(&store).await;
    println!(
        "{}: {FILES} files ({:.1} MB of code): insert through the store {:.2} s, backup {:.2} s \
         (archive {:.1} MB), restore onto an empty library {:.2} s, import {:.2} s; \
         the database's own batched insert of the same documents in one transaction {:.2} s",
        backend.name(),
        total as f64 / 1e6,
        seconds(filled),
        seconds(backed_up),
        kept.record.archive_size as f64 / 1e6,
        seconds(restored),
        seconds(imported),
        seconds(floor),
    );
}

/// The floor: the same documents, made beforehand, written by the database's own client in
/// one transaction into the store's own collection (its indexes included).
async fn batched_insert(store: &TestStore) -> Duration {
    let now = Utc::now().timestamp_millis();
    match store.backend() {
        Backend::Mongo => {
            let client = mongodb::Client::with_uri_str(db::uri()).await.unwrap();
            let files = client
                .database(&store.place())
                .collection::<bson::Document>("code_files");
            let docs: Vec<bson::Document> = (0..FILES)
                .map(|i| {
                    let code = code(i);
                    doc! {
                        "_id": ObjectId::new(), "file_key": ObjectId::new(), "user_id": FLOOR,
                        "name": name(i), "language": "python", "sha256": content_sha256(&code),
                        "size": code.len() as i64, "code": code, "tags": [], "version": 1_i64,
                        "current": true, "active": true,
                        "created_at": bson::DateTime::from_millis(now),
                        "updated_at": bson::DateTime::from_millis(now),
                    }
                })
                .collect();
            let started = Instant::now();
            let mut session = client.start_session().await.unwrap();
            session.start_transaction().await.unwrap();
            files
                .insert_many(&docs)
                .session(&mut session)
                .await
                .unwrap();
            session.commit_transaction().await.unwrap();
            started.elapsed()
        }
        Backend::Sqlite => {
            let path = std::path::Path::new(&store.place()).join("codevault.db");
            let rows: Vec<(String, String, String, String)> = (0..FILES)
                .map(|i| {
                    let code = code(i);
                    let sha = content_sha256(&code);
                    (ObjectId::new().to_hex(), name(i), code, sha)
                })
                .collect();
            tokio::task::spawn_blocking(move || {
                let mut conn = rusqlite::Connection::open(path).unwrap();
                conn.pragma_update(None, "synchronous", "FULL").unwrap();
                let started = Instant::now();
                let transaction = conn.transaction().unwrap();
                {
                    let mut insert = transaction
                        .prepare(
                            "INSERT INTO code_files (id, file_key, user_id, name, language, code, \
                             tags, version, size, sha256, current, active, created_at, \
                             updated_at) VALUES (?1, ?1, ?2, ?3, 'python', ?4, '[]', 1, ?5, ?6, \
                             1, 1, ?7, ?7)",
                        )
                        .unwrap();
                    for (id, name, code, sha) in &rows {
                        insert
                            .execute(rusqlite::params![
                                id,
                                FLOOR,
                                name,
                                code,
                                code.len() as i64,
                                sha,
                                now
                            ])
                            .unwrap();
                    }
                }
                transaction.commit().unwrap();
                started.elapsed()
            })
            .await
            .unwrap()
        }
    }
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn a_10000_file_backup_restore_and_import_on_sqlite() {
    backup_restore_and_import(Backend::Sqlite).await;
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn a_10000_file_backup_restore_and_import_on_mongodb() {
    backup_restore_and_import(Backend::Mongo).await;
}

/// A 20,000-file restore onto an empty library through a link that holds each request 1 ms:
/// how many round trips the restore makes, and how long it takes.
#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn a_20000_file_restore_on_mongodb_with_1_ms_per_round_trip() {
    const MANY: usize = 20_000;
    let store = Backend::Mongo.open("measure_rtt").await;
    let backups = services::backups(&store.stores, 50);
    store
        .files
        .apply(OWNER, library(MANY), Utc::now())
        .await
        .unwrap();
    let created = backups
        .create_full(
            OWNER,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    let total = created.record.total_size;
    let kept = backups
        .store_imported(RESTORER, created.archive, imported(MANY as u64, total))
        .await
        .unwrap();

    let link = SlowLink::start(host_of(&db::uri()), Duration::from_millis(1)).await;
    let far = Mongo::connect(&link.uri(), &store.place(), Duration::from_secs(10))
        .await
        .unwrap();
    let stores: Stores = far.stores();
    // The archive holds one entry more than the files: its manifest.
    let limits = ReadLimits {
        max_entries: MANY + 1,
        ..ReadLimits::default()
    };
    let restores = RestoreService::new(
        Arc::clone(&stores.files),
        services::backups(&stores, 50),
        Arc::clone(&stores.events),
        Arc::new(SystemClock),
        limits,
        Quota {
            max_files: 40_000,
            max_bytes: 1 << 30,
        },
    );
    link.take_requests();
    let started = Instant::now();
    let plan = restores
        .plan(RESTORER, &kept.record.id, None)
        .await
        .unwrap();
    assert!(plan.plan.conflict_names().is_empty());
    let planned = (started.elapsed(), link.take_requests());
    let applied = restores
        .apply(RESTORER, &kept.record.id, &[], &[], None)
        .await
        .unwrap();
    let applying = (started.elapsed() - planned.0, link.take_requests());
    assert_eq!(applied.report.restored(), MANY);
    println!(
        "mongo, 1 ms per request: {MANY}-file restore onto an empty library: plan {:.2} s in \
         {} requests, apply (re-plan, snapshot, writes, undo log) {:.2} s in {} requests",
        seconds(planned.0),
        planned.1,
        seconds(applying.0),
        applying.1,
    );
}

/// What an archive of `files` files and `total` bytes is kept as.
fn imported(files: u64, total: u64) -> codevault::service::Imported {
    codevault::service::Imported {
        file_count: files,
        total_size: total,
        ..Default::default()
    }
}
