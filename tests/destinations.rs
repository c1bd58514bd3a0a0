//! A second destination beside Google Drive, made of nothing but an adapter: an in-memory
//! `Destination` registered with the copy service next to Drive. The copy service uploads to
//! it, records its copies, prunes it and plans its retries; the one job runner runs its jobs
//! and Drive's alike. No code of Drive's knows it exists.

mod support;

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    time::Duration as StdDuration,
};

use async_trait::async_trait;
use chrono::{Duration, TimeZone, Utc};
use codevault::{
    domain::{
        DestinationId, Job, NewFile, UserId,
        backup::{BackupKind, BackupRecord, CopyStatus, quota::BackupQuota},
        progress::{Progress, Unwatched},
        retention::RetentionPolicy,
        schedule::{Repeat, Schedule},
    },
    integrations::{
        crypto::TokenCipher,
        google::GoogleClient,
        transfer::{Downloaded, UploadSource},
    },
    service::{
        BackupService, BackupSettings, Clock,
        copies::{
            CopyJobs, CopyService, CopySettings, FailureReason, FetchError, Notice, Notifier,
        },
        destination::{Destination, DestinationError, RemoteFile},
        drive::{Background, DriveDestination, DriveService, DriveSettings, SealedVault},
        scheduler::{Scheduler, SchedulerSettings},
    },
    storage::{DriveStore, FileStore, JobStore, mongo::Mongo},
};
use md5::Digest;
use mongodb::bson::doc;
use support::{clock::TestClock, db, google::FakeGoogle};
use tokio::{
    io::{AsyncReadExt, AsyncWrite, AsyncWriteExt},
    sync::watch,
};

const USER: UserId = 72_001;
const KEY: &str = "5f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100";
const DRIVE: DestinationId = DestinationId::DRIVE;
const MEMORY: DestinationId = DestinationId::new("memory");

/// One copy kept in memory.
struct Stored {
    user: UserId,
    file: RemoteFile,
    bytes: Vec<u8>,
}

/// The second destination: copies kept in a list, newest last.
#[derive(Default)]
struct MemoryDestination {
    connected: Mutex<HashSet<UserId>>,
    copies: Mutex<Vec<Stored>>,
    /// The next uploads fail as if the network were down.
    offline: Mutex<u32>,
    uploads: Mutex<u32>,
}

impl MemoryDestination {
    fn connect(&self, user: UserId) {
        self.connected.lock().unwrap().insert(user);
    }

    fn backups_of(&self, user: UserId) -> Vec<String> {
        let copies = self.copies.lock().unwrap();
        let mine = copies.iter().filter(|stored| stored.user == user);
        mine.filter_map(|stored| stored.file.backup.clone())
            .collect()
    }
}

#[async_trait]
impl Destination for MemoryDestination {
    fn id(&self) -> DestinationId {
        MEMORY
    }

    async fn is_connected(&self, user: UserId) -> Result<bool, DestinationError> {
        Ok(self.connected.lock().unwrap().contains(&user))
    }

    async fn upload(
        &self,
        user: UserId,
        backup: &BackupRecord,
        archive: &dyn UploadSource,
        _: &dyn Progress,
    ) -> Result<RemoteFile, DestinationError> {
        let mut bytes = Vec::new();
        let reader = archive.open_at(0).await;
        let read = async { reader?.read_to_end(&mut bytes).await };
        read.await
            .map_err(|error| DestinationError::Storage(error.into()))?;
        {
            let mut offline = self.offline.lock().unwrap();
            if *offline > 0 {
                *offline -= 1;
                return Err(DestinationError::Network("the memory is offline".into()));
            }
        }
        let mut copies = self.copies.lock().unwrap();
        let id = backup.id.to_string();
        let earlier = copies
            .iter()
            .find(|stored| stored.user == user && stored.file.backup.as_deref() == Some(&id));
        if let Some(earlier) = earlier {
            return Ok(earlier.file.clone());
        }
        let mut uploads = self.uploads.lock().unwrap();
        *uploads += 1;
        let file = RemoteFile {
            id: format!("m-{uploads}"),
            name: backup.file_name(),
            backup: Some(id),
            owner: Some(user),
            ..RemoteFile::default()
        };
        copies.push(Stored {
            user,
            file: file.clone(),
            bytes,
        });
        Ok(file)
    }

    async fn list(&self, user: UserId) -> Result<Vec<RemoteFile>, DestinationError> {
        let copies = self.copies.lock().unwrap();
        let mine = copies.iter().filter(|stored| stored.user == user);
        Ok(mine.rev().map(|stored| stored.file.clone()).collect())
    }

    async fn delete(&self, user: UserId, remote_id: &str) -> Result<(), DestinationError> {
        let mut copies = self.copies.lock().unwrap();
        copies.retain(|stored| !(stored.user == user && stored.file.id == remote_id));
        Ok(())
    }

    async fn download(
        &self,
        user: UserId,
        remote_id: &str,
        limit: u64,
        out: &mut (dyn AsyncWrite + Send + Unpin),
        _: &dyn Progress,
    ) -> Result<Downloaded, DestinationError> {
        let bytes = {
            let copies = self.copies.lock().unwrap();
            let copy = copies
                .iter()
                .find(|stored| stored.user == user && stored.file.id == remote_id);
            copy.map(|stored| stored.bytes.clone())
                .ok_or(DestinationError::NotFound)?
        };
        if bytes.len() as u64 > limit {
            return Err(DestinationError::TooLarge { limit });
        }
        out.write_all(&bytes)
            .await
            .map_err(|error| DestinationError::Storage(error.into()))?;
        Ok(Downloaded {
            size: bytes.len() as u64,
            md5: hex::encode(md5::Md5::digest(&bytes)),
        })
    }
}

#[derive(Default)]
struct Notices(Mutex<Vec<(DestinationId, Notice)>>);

#[async_trait]
impl Notifier for Notices {
    async fn notify(&self, _: UserId, destination: &DestinationId, notice: Notice) {
        self.0.lock().unwrap().push((destination.clone(), notice));
    }
}

struct World {
    fake: FakeGoogle,
    mongo: Mongo,
    clock: Arc<TestClock>,
    backups: Arc<BackupService>,
    copies: Arc<CopyService>,
    drive: Arc<DriveService>,
    memory: Arc<MemoryDestination>,
    notices: Arc<Notices>,
    _stop: watch::Sender<bool>,
}

async fn world(prefix: &str) -> World {
    let fake = FakeGoogle::start().await;
    let mongo = db::connect(&db::unique_name(prefix)).await;
    let clock = TestClock::at(Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap());
    let events = Arc::new(mongo.events());
    let backups = Arc::new(BackupService::new(
        Arc::new(mongo.files()),
        Arc::new(mongo.backups()),
        Arc::new(mongo.blobs()),
        events.clone(),
        clock.clone(),
        BackupSettings {
            quota: BackupQuota::DEFAULT,
            app: "codevault test".to_owned(),
            page_size: 10,
            part_bytes: 45 << 20,
            archive_memory_bytes: 1 << 20,
        },
    ));
    let store: Arc<dyn DriveStore> = Arc::new(mongo.drive());
    let vault = Arc::new(SealedVault::new(
        store.clone(),
        TokenCipher::from_hex(KEY).ok(),
    ));
    let client = GoogleClient::new(fake.settings(), vault).unwrap();
    let settings = DriveSettings {
        configured: true,
        can_keep_tokens: true,
        folder_name: "CodeVault Backups".to_owned(),
        default_retention: 10,
    };
    let drive = DriveDestination::new(client.clone(), store.clone(), clock.clone(), &settings);
    let memory = Arc::new(MemoryDestination::default());
    let memory_settings = CopySettings {
        kind: BackupKind::FullBackup,
        default_retention: 5,
    };
    let copies = CopyService::new(
        backups.clone(),
        Arc::new(mongo.destinations()),
        Arc::new(mongo.jobs()),
        events.clone(),
        clock.clone(),
    )
    .with(Arc::new(drive), DriveDestination::copy_settings(&settings))
    .with(memory.clone(), memory_settings);
    let copies = Arc::new(copies);
    let notices = Arc::new(Notices::default());
    let (stop, stopped) = watch::channel(false);
    let background = Background {
        notifier: notices.clone(),
        shutdown: stopped,
    };
    let drive = DriveService::new(
        client,
        store,
        copies.clone(),
        events,
        clock.clone(),
        settings,
        background,
    );
    mongo
        .files()
        .create(
            NewFile {
                user_id: USER,
                name: "app.py".to_owned(),
                language: "python".to_owned(),
                code: "print('hello')\n".to_owned(),
                note: None,
                tags: Vec::new(),
            },
            clock.now(),
        )
        .await
        .unwrap();
    World {
        fake,
        mongo,
        clock,
        backups,
        copies,
        drive: Arc::new(drive),
        memory,
        notices,
        _stop: stop,
    }
}

impl World {
    async fn connect_both(&self) {
        self.fake.set_device_timing(1, 600);
        let mut code = self.drive.request_code(USER).await.unwrap();
        self.fake.approve(&code.user_code);
        code.interval = StdDuration::from_millis(10);
        self.drive.finish_connect(USER, code).await.unwrap();
        self.memory.connect(USER);
    }

    fn scheduler(&self) -> Scheduler {
        let runner = Arc::new(CopyJobs::new(self.copies.clone(), self.notices.clone()));
        let settings = SchedulerSettings {
            instance: "one".to_owned(),
            ..SchedulerSettings::new()
        };
        let jobs = Arc::new(self.mongo.jobs());
        Scheduler::new(jobs, runner, self.clock.clone(), settings).unwrap()
    }

    fn drive_backups(&self) -> Vec<String> {
        self.fake
            .files()
            .into_iter()
            .filter(|f| !f.trashed)
            .filter_map(|f| f.app_properties.get("codevault_backup_id").cloned())
            .collect()
    }

    async fn job(&self, destination: &DestinationId) -> Job {
        let job = self.mongo.jobs().get(USER, destination).await.unwrap();
        job.expect("the destination's job")
    }
}

#[tokio::test]
async fn a_second_destination_keeps_its_own_copies_beside_drive() {
    let w = world("dest_copies").await;
    w.connect_both().await;

    // Back up now to the second destination: a backup of its kind, its copy recorded.
    let uploaded = w
        .copies
        .back_up_now(USER, &MEMORY, &Unwatched)
        .await
        .unwrap();
    let (record, archive) = w.backups.archive(USER, &uploaded.backup).await.unwrap();
    assert_eq!(record.kind, BackupKind::FullBackup);
    assert_eq!(w.memory.backups_of(USER), [record.id.to_string()]);
    let copy = record.copy(&MEMORY).expect("the copy is recorded").clone();
    assert_eq!(copy.status, CopyStatus::Uploaded);
    let remote = copy.remote_id.expect("its id there");
    let mut copy = Vec::new();
    let limit = 1 << 30;
    let downloaded = w
        .memory
        .download(USER, &remote, limit, &mut copy, &Unwatched);
    assert_eq!(downloaded.await.unwrap().size, archive.len() as u64);
    assert_eq!(copy, archive);
    assert!(w.drive_backups().is_empty(), "Drive got nothing");

    // The same backup to Drive: a second copy on the record, the first kept.
    w.copies
        .upload_now(USER, &DRIVE, &record.id, &Unwatched)
        .await
        .unwrap();
    let record = w.backups.get(USER, &record.id).await.unwrap();
    assert_eq!(record.copies.len(), 2, "{:?}", record.copies);
    assert_eq!(
        record.copy(&MEMORY).unwrap().remote_id.as_deref(),
        Some(remote.as_str())
    );
    assert_eq!(w.drive_backups(), [record.id.to_string()]);

    // Its own retention, applied by the generic prune over its list and delete.
    w.copies
        .apply_retention(USER, &MEMORY, RetentionPolicy::Newest(3))
        .await
        .unwrap();
    let mut last = uploaded;
    for _ in 0..3 {
        w.clock.advance(Duration::minutes(1));
        last = w
            .copies
            .back_up_now(USER, &MEMORY, &Unwatched)
            .await
            .unwrap();
    }
    assert_eq!((last.pruned, last.policy), (1, RetentionPolicy::Newest(3)));
    assert_eq!(w.memory.backups_of(USER).len(), 3);
    assert_eq!(w.drive_backups().len(), 1, "Drive's copies are Drive's");
    let plan = w.copies.plan(USER, &MEMORY).await.unwrap();
    assert_eq!(plan.policy, RetentionPolicy::Newest(3));
    assert_eq!(plan.state.last_success, Some(w.clock.now()));

    // Its events say where.
    let events = w
        .mongo
        .database()
        .collection::<mongodb::bson::Document>("events");
    let filter = doc! { "name": "upload_succeeded", "fields.destination": "memory" };
    assert_eq!(events.count_documents(filter).await.unwrap(), 4);
    let drive = doc! { "name": "drive_upload_succeeded" };
    assert_eq!(events.count_documents(drive).await.unwrap(), 1);
}

/// Bringing a copy back is the copy service's, the same for every destination: the second
/// destination's copy comes back as the backup it was, though it says nothing of it (its
/// manifest does), and nothing of another user's ever does.
#[tokio::test]
async fn a_second_destinations_copy_comes_back_as_drives_do() {
    let w = world("dest_fetch").await;
    w.connect_both().await;
    let uploaded = w
        .copies
        .back_up_now(USER, &MEMORY, &Unwatched)
        .await
        .unwrap();
    let original = w.backups.get(USER, &uploaded.backup).await.unwrap();
    let (_, archive) = w.backups.archive(USER, &original.id).await.unwrap();
    let copies = w.copies.remote_copies(USER, &MEMORY, 0).await.unwrap();
    assert_eq!(copies.total, 1);
    let remote = copies.items[0].id.clone();

    w.backups.delete(USER, &original.id).await.unwrap();
    let fetched = w
        .copies
        .fetch(USER, &MEMORY, &remote, &Unwatched)
        .await
        .unwrap();
    assert!(!fetched.reused);
    let record = w.backups.get(USER, &original.id).await.unwrap();
    assert_eq!(
        (
            record.kind,
            record.created_at,
            record.file_count,
            record.sha256.clone()
        ),
        (
            original.kind,
            original.created_at,
            original.file_count,
            original.sha256.clone()
        )
    );
    let (_, back) = w.backups.archive(USER, &original.id).await.unwrap();
    assert_eq!(back, archive);
    let copy = record.copy(&MEMORY).expect("the copy it came from");
    assert_eq!(copy.remote_id.as_deref(), Some(remote.as_str()));

    // Another user, connected there too, gets nothing of it.
    let other = USER + 1;
    w.memory.connect(other);
    let refused = w.copies.fetch(other, &MEMORY, &remote, &Unwatched).await;
    assert!(matches!(refused, Err(FetchError::NotFound)), "{refused:?}");
    assert!(
        w.copies
            .remote_copies(other, &MEMORY, 0)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn one_runner_runs_both_destinations_jobs_and_retries_each_on_its_own() {
    let w = world("dest_jobs").await;
    w.connect_both().await;
    let daily = Schedule::new(Repeat::Daily, 13).unwrap();
    for destination in [&DRIVE, &MEMORY] {
        w.copies
            .set_schedule(USER, destination, daily)
            .await
            .unwrap();
    }
    assert_eq!(
        (w.job(&DRIVE).await.id, w.job(&MEMORY).await.id),
        (format!("drive:{USER}"), format!("memory:{USER}"))
    );

    // 13:00: both run; the second destination is down and is retried on its own.
    *w.memory.offline.lock().unwrap() = 1;
    let scheduler = w.scheduler();
    w.clock.advance(Duration::hours(1));
    assert_eq!(scheduler.tick().await, 2);
    assert_eq!(w.drive_backups().len(), 1);
    assert!(w.memory.backups_of(USER).is_empty());
    let retry_at = w.clock.now() + Duration::minutes(5);
    assert_eq!(
        *w.notices.0.lock().unwrap(),
        [(
            MEMORY,
            Notice::UploadFailed {
                reason: FailureReason::Network,
                retry_at: Some(retry_at),
            }
        )]
    );
    let failed = w.job(&MEMORY).await;
    let pending = failed
        .pending_backup
        .clone()
        .expect("the backup is retried");
    assert_eq!(failed.due_at, Some(retry_at));
    let record = w.backups.get(USER, &pending).await.unwrap();
    assert_eq!(record.copy(&MEMORY).unwrap().status, CopyStatus::Failed);
    assert_eq!(w.job(&DRIVE).await.pending_backup, None);

    w.clock.set(retry_at);
    assert_eq!(
        scheduler.tick().await,
        1,
        "only the failed destination's job"
    );
    assert_eq!(w.memory.backups_of(USER), [pending.to_string()]);
    assert_eq!(w.drive_backups().len(), 1);
    let record = w.backups.get(USER, &pending).await.unwrap();
    assert_eq!(record.copy(&MEMORY).unwrap().status, CopyStatus::Uploaded);
}
