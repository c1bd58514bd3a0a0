//! The Drive service and the scheduler against the fake Google (real sockets) and the test
//! database, with an injected clock: uploads, schedules, retries, retention, lost grants.

mod support;

use std::{
    sync::{Arc, Mutex, atomic::Ordering},
    time::Duration as StdDuration,
};

use async_trait::async_trait;
use chrono::{Duration, TimeZone, Utc};
use codevault::{
    domain::{
        DestinationId, NewFile, UserId,
        backup::{
            BackupKind, CopyStatus, Rating,
            quota::{BackupClass, NoRoom},
        },
        progress::Unwatched,
        retention::{Generations, RetentionPolicy},
        schedule::{Repeat, Schedule},
    },
    integrations::{
        crypto::{Purpose, TokenCipher},
        google::{ConnectStatus, GoogleClient, StoredToken},
    },
    service::{
        BackupError, BackupService, BackupSettings, Clock,
        copies::{CopyJobs, CopyService, Notice, Notifier},
        destination::{Destination, download_to_file},
        drive::{Background, DriveDestination, DriveService, DriveSettings, SealedVault},
        scheduler::{Scheduler, SchedulerSettings},
    },
    storage::{DriveStore, FileStore, JobStore, mongo::Mongo},
};
use mongodb::bson::Document;
use support::{
    clock::TestClock,
    db,
    faults::FaultyBackups,
    google::{FakeFile, FakeGoogle, Route},
    services,
};
use tokio::sync::watch;

const USER: UserId = 71_001;
const DRIVE: DestinationId = DestinationId::DRIVE;
const KEY: &str = "5f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100";

#[derive(Default)]
struct Notices(Mutex<Vec<(UserId, Notice)>>);

#[async_trait]
impl Notifier for Notices {
    async fn notify(&self, user: UserId, _: &DestinationId, notice: Notice) {
        self.0.lock().unwrap().push((user, notice));
    }
}

struct World {
    fake: FakeGoogle,
    mongo: Mongo,
    clock: Arc<TestClock>,
    drive: Arc<DriveService>,
    destination: Arc<DriveDestination>,
    copies: Arc<CopyService>,
    backups: Arc<BackupService>,
    notices: Arc<Notices>,
    crash: Arc<FaultyBackups>,
    /// Shutdown, for the Drive service's background work.
    stop: watch::Sender<bool>,
}

async fn world(prefix: &str) -> World {
    world_with(prefix, 50).await
}

async fn world_with(prefix: &str, max_backups: u64) -> World {
    let fake = FakeGoogle::start().await;
    let mongo = db::connect(&db::unique_name(prefix)).await;
    let clock = TestClock::at(Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap());
    let crash = Arc::new(FaultyBackups::new(Arc::new(mongo.backups())));
    let backups = Arc::new(BackupService::new(
        Arc::new(mongo.files()),
        crash.clone(),
        Arc::new(mongo.blobs()),
        Arc::new(mongo.events()),
        clock.clone(),
        BackupSettings {
            quota: services::quota(max_backups),
            app: "codevault test".to_owned(),
            page_size: 10,
            part_bytes: 45 << 20,
            archive_memory_bytes: 1 << 20,
        },
    ));
    let store: Arc<dyn DriveStore> = Arc::new(mongo.drive());
    let cipher = TokenCipher::from_hex(KEY).ok();
    let vault = Arc::new(SealedVault::new(store.clone(), cipher));
    let client = GoogleClient::new(fake.settings(), vault).unwrap();
    let settings = DriveSettings {
        configured: true,
        can_keep_tokens: true,
        folder_name: "CodeVault Backups".to_owned(),
        default_retention: 10,
    };
    let notices = Arc::new(Notices::default());
    let (stop, stopped) = watch::channel(false);
    let destination = Arc::new(DriveDestination::new(
        client.clone(),
        store.clone(),
        clock.clone(),
        &settings,
    ));
    let copies = Arc::new(
        CopyService::new(
            backups.clone(),
            Arc::new(mongo.destinations()),
            Arc::new(mongo.jobs()),
            Arc::new(mongo.events()),
            clock.clone(),
        )
        .with(
            destination.clone(),
            DriveDestination::copy_settings(&settings),
        ),
    );
    let drive = Arc::new(DriveService::new(
        client,
        store,
        copies.clone(),
        Arc::new(mongo.events()),
        clock.clone(),
        settings,
        Background {
            notifier: notices.clone(),
            shutdown: stopped,
        },
    ));
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
        drive,
        destination,
        copies,
        backups,
        notices,
        crash,
        stop,
    }
}

impl World {
    /// A new version of `app.py`: the next scheduled run has something new to upload.
    async fn change_library(&self, n: u32) {
        let files = self.mongo.files();
        let app = files.current_by_name(USER, "app.py").await.unwrap();
        let key = app.expect("app.py").key;
        let code = format!("print({n})\n");
        let now = self.clock.now();
        files
            .add_version(USER, &key, code, "python".into(), None, now)
            .await
            .unwrap();
    }

    async fn connect(&self) {
        self.fake.set_device_timing(1, 600);
        self.fake.set_email("alice@example.com");
        let mut code = self.drive.request_code(USER).await.unwrap();
        self.fake.approve(&code.user_code);
        code.interval = StdDuration::from_millis(10);
        let status = self.drive.finish_connect(USER, code).await.unwrap();
        assert_eq!(
            status,
            ConnectStatus::Connected {
                email: Some("alice@example.com".to_owned())
            }
        );
    }

    fn scheduler(&self, instance: &str) -> Scheduler {
        let runner = Arc::new(CopyJobs::new(self.copies.clone(), self.notices.clone()));
        let settings = SchedulerSettings {
            instance: instance.to_owned(),
            ..SchedulerSettings::new()
        };
        Scheduler::new(
            Arc::new(self.mongo.jobs()),
            runner,
            self.clock.clone(),
            settings,
        )
        .unwrap()
    }

    /// Backups in the fake Drive, bot-made ones only.
    fn drive_backups(&self) -> Vec<FakeFile> {
        self.fake
            .files()
            .into_iter()
            .filter(|f| {
                !f.trashed
                    && f.app_properties.get("codevault").map(String::as_str) == Some("backup")
            })
            .collect()
    }

    async fn token(&self) -> StoredToken {
        let sealed = self
            .mongo
            .drive()
            .sealed_token(USER)
            .await
            .unwrap()
            .unwrap();
        let json = TokenCipher::from_hex(KEY)
            .unwrap()
            .open(Purpose::Google, USER, &sealed)
            .unwrap();
        serde_json::from_str(&json).unwrap()
    }

    async fn user_doc(&self) -> Document {
        db::user_doc(&self.mongo, USER).await.unwrap()
    }
}

#[tokio::test]
async fn back_up_now_puts_the_verified_archive_in_the_bot_folder() {
    let w = world("drive_now").await;
    w.connect().await;
    let uploaded = w
        .copies
        .back_up_now(USER, &DRIVE, &Unwatched)
        .await
        .unwrap();

    let (record, archive) = w.backups.archive(USER, &uploaded.backup).await.unwrap();
    assert_eq!(record.kind, BackupKind::GoogleDriveBackup);
    let files = w.drive_backups();
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(file.bytes, archive);
    assert_eq!(file.name, record.file_name());
    assert_eq!(
        file.app_properties
            .get("codevault_backup_id")
            .map(String::as_str),
        Some(record.id.as_str())
    );
    let folder = w
        .fake
        .files()
        .into_iter()
        .find(|f| f.name == "CodeVault Backups")
        .expect("the folder");
    assert_eq!(file.parents.as_slice(), std::slice::from_ref(&folder.id));
    let drive = record.copy(&DRIVE).expect("the upload is recorded");
    assert_eq!(drive.status, CopyStatus::Uploaded);
    assert_eq!(drive.remote_id.as_deref(), Some(file.id.as_str()));
    let profile = w.mongo.drive().profile(USER).await.unwrap();
    assert_eq!(profile.folder_id.as_deref(), Some(folder.id.as_str()));
    assert_eq!(profile.last_success, Some(w.clock.now()));

    // The tokens are sealed: neither appears in the raw document.
    let token = w.token().await;
    let raw = format!("{:?}", w.user_doc().await);
    assert!(!raw.contains(&token.access_token));
    assert!(!raw.contains(token.refresh_token.as_deref().unwrap()));
}

/// Drive as a destination: it lists the bot's copy with its backup id, and the copy comes back
/// byte for byte.
#[tokio::test]
async fn a_copy_at_drive_is_listed_and_downloads_byte_for_byte() {
    let w = world("drive_download").await;
    w.connect().await;
    let uploaded = w
        .copies
        .back_up_now(USER, &DRIVE, &Unwatched)
        .await
        .unwrap();
    let (record, archive) = w.backups.archive(USER, &uploaded.backup).await.unwrap();
    let remote = record.copy(&DRIVE).and_then(|copy| copy.remote_id.clone());
    let remote = remote.expect("the copy's file id");

    let listed = w.destination.list(USER).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, remote);
    assert_eq!(listed[0].backup.as_deref(), Some(record.id.as_str()));
    assert_eq!(listed[0].name, record.file_name());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.zip");
    let destination: &dyn Destination = w.destination.as_ref();
    let limit = 1 << 30;
    let downloaded = download_to_file(destination, USER, &remote, &path, limit, &Unwatched)
        .await
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes == archive, "{} bytes came back", bytes.len());
    assert_eq!(downloaded.size, archive.len() as u64);
    assert_eq!(
        Some(downloaded.md5),
        w.fake.file(&remote).and_then(|f| f.md5)
    );
}

#[tokio::test]
async fn a_daily_schedule_uploads_exactly_once_per_slot() {
    let w = world("drive_daily").await;
    w.connect().await;
    w.copies
        .set_schedule(USER, &DRIVE, Schedule::new(Repeat::Daily, 13).unwrap())
        .await
        .unwrap();
    let scheduler = w.scheduler("one");
    assert_eq!(scheduler.tick().await, 0, "not due before 13:00");
    w.clock.advance(Duration::hours(1));
    assert_eq!(scheduler.tick().await, 1);
    assert_eq!(scheduler.tick().await, 0, "done for today");
    w.clock.advance(Duration::hours(24) - Duration::minutes(1));
    assert_eq!(scheduler.tick().await, 0);
    assert_eq!(w.drive_backups().len(), 1);
    // (A library unchanged since would upload nothing: see `e2e_schedule`.)
    w.change_library(2).await;
    w.clock.advance(Duration::minutes(1));
    assert_eq!(scheduler.tick().await, 1);
    assert_eq!(w.drive_backups().len(), 2);
    let job = w.mongo.jobs().get(USER, &DRIVE).await.unwrap().unwrap();
    assert_eq!(
        job.due_at,
        Some(Utc.with_ymd_and_hms(2026, 3, 4, 13, 0, 0).unwrap())
    );
    assert!(w.notices.0.lock().unwrap().is_empty());
}

/// Generational retention over simulated weeks: a daily schedule runs every day of an
/// injected clock, each upload prunes by days, weeks and months, and what stays in Drive is
/// the newest backup of each of the last 7 days, 4 ISO weeks and 3 months (UTC).
#[tokio::test]
async fn generations_keep_the_newest_of_each_day_week_and_month_over_simulated_weeks() {
    let w = world("drive_generations").await;
    w.connect().await;
    // From Wednesday 2026-04-01, 12:00.
    w.clock.advance(Duration::days(30));
    let policy = RetentionPolicy::Generations(Generations {
        daily: 7,
        weekly: 4,
        monthly: 3,
    });
    w.copies
        .apply_retention(USER, &DRIVE, policy)
        .await
        .unwrap();
    w.copies
        .set_schedule(USER, &DRIVE, Schedule::new(Repeat::Daily, 13).unwrap())
        .await
        .unwrap();
    let scheduler = w.scheduler("generations");
    let at = |m: u32, d: u32| Utc.with_ymd_and_hms(2026, m, d, 13, 0, 0).unwrap();
    let kept = || async {
        let mut dates: Vec<_> = (w.destination.list(USER).await.unwrap().iter())
            .map(|copy| copy.date().unwrap())
            .collect();
        dates.sort();
        dates
    };
    w.clock.advance(Duration::hours(1));
    for day in 1..=70 {
        // Something new each day: an unchanged library would upload nothing.
        w.change_library(day).await;
        assert_eq!(scheduler.tick().await, 1, "day {day}");
        if day == 14 {
            // Tuesday April 14: the last 7 days; Sunday April 12 and 5 end their weeks; April
            // is the only month so far.
            let mut expected = vec![at(4, 5)];
            expected.extend((8..=14).map(|d| at(4, d)));
            assert_eq!(kept().await, expected, "after two weeks");
        }
        w.clock.advance(Duration::days(1));
    }
    // Tuesday June 9: June 3–9; Sundays May 24 and 31 (June 7 is among the days); April 30
    // and May 31 end their months.
    let mut expected = vec![at(4, 30), at(5, 24), at(5, 31)];
    expected.extend((3..=9).map(|d| at(6, d)));
    assert_eq!(kept().await, expected, "after ten weeks");
    assert_eq!(w.drive_backups().len(), 10, "nothing else stays");
}

#[tokio::test]
async fn a_failed_upload_stays_stored_and_is_retried_without_a_duplicate() {
    let w = world("drive_retry").await;
    w.connect().await;
    // One 503 is retried inside the same upload: one file.
    w.fake.fail_next(Route::Upload, 1, 503, None);
    let first = w
        .copies
        .back_up_now(USER, &DRIVE, &Unwatched)
        .await
        .unwrap();
    assert_eq!(w.drive_backups().len(), 1);

    // Google keeps failing: the backup stays stored here and is retried in 5 minutes.
    w.fake.fail_next(Route::Upload, 50, 503, None);
    let created = w
        .backups
        .create_full(
            USER,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    let failed = w
        .copies
        .upload_now(USER, &DRIVE, &created.record.id, &Unwatched)
        .await
        .unwrap_err();
    let retry_at = w.clock.now() + Duration::minutes(5);
    assert_eq!(failed.retry_at, Some(retry_at));
    let record = w.backups.get(USER, &created.record.id).await.unwrap();
    assert_eq!(record.copy(&DRIVE).unwrap().status, CopyStatus::Failed);
    let job = w.mongo.jobs().get(USER, &DRIVE).await.unwrap().unwrap();
    assert_eq!(job.pending_backup.as_ref(), Some(&created.record.id));
    assert_eq!(job.due_at, Some(retry_at));
    assert_eq!(w.drive_backups().len(), 1);

    w.fake.heal();
    let scheduler = w.scheduler("retry");
    w.clock.advance(Duration::minutes(5));
    assert_eq!(scheduler.tick().await, 1);
    let ids: Vec<String> = w
        .drive_backups()
        .iter()
        .filter_map(|f| f.app_properties.get("codevault_backup_id").cloned())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&first.backup.to_string()));
    assert!(
        ids.contains(&created.record.id.to_string()),
        "the same backup, not a new one"
    );
    let record = w.backups.get(USER, &created.record.id).await.unwrap();
    assert_eq!(record.copy(&DRIVE).unwrap().status, CopyStatus::Uploaded);
    assert_eq!(w.backups.list(USER, 0).await.unwrap().total, 2);
}

#[tokio::test]
async fn a_crash_between_upload_and_record_then_a_retry_leaves_one_file() {
    let w = world("drive_crash").await;
    w.connect().await;
    let created = w
        .backups
        .create_full(
            USER,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap();
    w.crash.crash_after_upload.store(true, Ordering::SeqCst);
    let failed = w
        .copies
        .upload_now(USER, &DRIVE, &created.record.id, &Unwatched)
        .await
        .unwrap_err();
    assert!(failed.retry_at.is_some(), "{:?}", failed.error);
    assert_eq!(
        w.drive_backups().len(),
        1,
        "the file reached Drive before the crash"
    );

    w.clock.advance(Duration::minutes(5));
    assert_eq!(w.scheduler("after-crash").tick().await, 1);
    let files = w.drive_backups();
    assert_eq!(
        files.len(),
        1,
        "the retry found the file instead of uploading again"
    );
    let record = w.backups.get(USER, &created.record.id).await.unwrap();
    assert_eq!(
        record.copy(&DRIVE).unwrap().remote_id.as_deref(),
        Some(files[0].id.as_str())
    );
}

#[tokio::test]
async fn retention_keeps_the_newest_bot_backups_and_never_touches_other_files() {
    let w = world("drive_keep").await;
    w.connect().await;
    w.copies
        .apply_retention(USER, &DRIVE, RetentionPolicy::Newest(3))
        .await
        .unwrap();
    w.copies
        .back_up_now(USER, &DRIVE, &Unwatched)
        .await
        .unwrap();
    let folder = w
        .mongo
        .drive()
        .profile(USER)
        .await
        .unwrap()
        .folder_id
        .unwrap();
    let mine = w.fake.add_user_file("my-notes.txt", &folder, &[]);
    let look_alike = w
        .fake
        .add_user_file("codevault-old.zip", &folder, &[("codevault", "other")]);
    let mut uploaded = Vec::new();
    for _ in 0..4 {
        w.clock.advance(Duration::minutes(1));
        uploaded.push(
            w.copies
                .back_up_now(USER, &DRIVE, &Unwatched)
                .await
                .unwrap(),
        );
    }
    assert_eq!(uploaded.last().unwrap().pruned, 1);
    let kept: Vec<String> = w
        .drive_backups()
        .iter()
        .filter_map(|f| f.app_properties.get("codevault_backup_id").cloned())
        .collect();
    let newest: Vec<String> = uploaded[1..].iter().map(|u| u.backup.to_string()).collect();
    assert_eq!(kept.len(), 3);
    for id in &newest {
        assert!(kept.contains(id), "{id} kept");
    }
    assert!(!w.fake.file(&mine).unwrap().trashed && w.fake.file(&look_alike).is_some());
    assert!(w.fake.file(&mine).is_some());
}

#[tokio::test]
async fn a_revoked_grant_disconnects_drive_and_tells_the_user() {
    let w = world("drive_revoked").await;
    w.connect().await;
    w.copies
        .set_schedule(USER, &DRIVE, Schedule::new(Repeat::Daily, 12).unwrap())
        .await
        .unwrap();
    let token = w.token().await;
    w.fake
        .revoke_refresh_token(token.refresh_token.as_deref().unwrap());
    w.fake.expire_access_tokens();
    w.clock.advance(Duration::days(1));
    assert_eq!(w.scheduler("revoked").tick().await, 1);

    assert_eq!(
        *w.notices.0.lock().unwrap(),
        [(USER, Notice::ReconnectNeeded)]
    );
    let profile = w.mongo.drive().profile(USER).await.unwrap();
    assert!(!profile.connected && profile.needs_reconnect);
    assert!(w.mongo.drive().sealed_token(USER).await.unwrap().is_none());
    let job = w.mongo.jobs().get(USER, &DRIVE).await.unwrap().unwrap();
    assert_eq!(
        job.due_at, None,
        "nothing runs until the user connects again"
    );
    assert!(w.drive_backups().is_empty());
    // The backup made for the run is kept in the bot.
    assert_eq!(w.backups.list(USER, 0).await.unwrap().total, 1);
}

#[tokio::test]
async fn two_scheduler_instances_upload_a_due_job_once() {
    let w = world("drive_two").await;
    w.connect().await;
    w.copies
        .set_schedule(USER, &DRIVE, Schedule::new(Repeat::Daily, 13).unwrap())
        .await
        .unwrap();
    w.clock.advance(Duration::hours(1));
    let (one, two) = (w.scheduler("instance-a"), w.scheduler("instance-b"));
    let (a, b) = tokio::join!(
        async {
            let mut runs = 0;
            for _ in 0..5 {
                runs += one.tick().await;
            }
            runs
        },
        async {
            let mut runs = 0;
            for _ in 0..5 {
                runs += two.tick().await;
            }
            runs
        }
    );
    assert_eq!(a + b, 1);
    assert_eq!(w.drive_backups().len(), 1);
    assert_eq!(w.backups.list(USER, 0).await.unwrap().total, 1);
}

#[tokio::test]
async fn a_failed_scheduled_upload_tells_the_user_and_retries_the_same_backup() {
    let w = world("drive_sched_fail").await;
    w.connect().await;
    w.copies
        .set_schedule(
            USER,
            &DRIVE,
            Schedule::new(Repeat::Weekly(chrono::Weekday::Mon), 12).unwrap(),
        )
        .await
        .unwrap();
    let job = w.mongo.jobs().get(USER, &DRIVE).await.unwrap().unwrap();
    w.clock.set(job.due_at.unwrap());
    w.fake.fail_next(Route::Upload, 50, 503, None);
    let scheduler = w.scheduler("weekly");
    assert_eq!(scheduler.tick().await, 1);
    let retry_at = w.clock.now() + Duration::minutes(5);
    assert_eq!(
        *w.notices.0.lock().unwrap(),
        [(
            USER,
            Notice::UploadFailed {
                reason: codevault::service::copies::FailureReason::Remote,
                retry_at: Some(retry_at),
            }
        )]
    );
    let job = w.mongo.jobs().get(USER, &DRIVE).await.unwrap().unwrap();
    let pending = job
        .pending_backup
        .clone()
        .expect("the stored backup is retried");
    assert_eq!(job.due_at, Some(retry_at));
    let profile = w.mongo.drive().profile(USER).await.unwrap();
    assert!(profile.last_error.is_some());

    w.fake.heal();
    w.clock.set(retry_at);
    assert_eq!(scheduler.tick().await, 1);
    let files = w.drive_backups();
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].app_properties.get("codevault_backup_id"),
        Some(&pending.to_string())
    );
    assert_eq!(
        w.backups.list(USER, 0).await.unwrap().total,
        1,
        "no second backup"
    );
    let profile = w.mongo.drive().profile(USER).await.unwrap();
    assert!(profile.last_error.is_none() && profile.last_success == Some(retry_at));
}

#[tokio::test]
async fn backups_made_for_drive_name_what_the_quota_removed() {
    let w = world_with("drive_quota", 1).await;
    w.connect().await;
    let manual = w
        .backups
        .create_full(
            USER,
            BackupKind::FullBackup,
            &codevault::service::BackupOptions::default(),
            &Unwatched,
        )
        .await
        .unwrap()
        .record;

    // ☁️ Back up now: a backup made for Drive has a share of its own, so the manual backup
    // stays and nothing is removed.
    let uploaded = w
        .copies
        .back_up_now(USER, &DRIVE, &Unwatched)
        .await
        .unwrap();
    assert_eq!(uploaded.quota_pruned, []);

    // A scheduled run tells the user through the notifier.
    w.copies
        .set_schedule(USER, &DRIVE, Schedule::new(Repeat::Daily, 13).unwrap())
        .await
        .unwrap();
    let scheduler = w.scheduler("quota");
    w.clock.advance(Duration::hours(1));
    assert_eq!(scheduler.tick().await, 1);
    let notices = w.notices.0.lock().unwrap().clone();
    let removed: Vec<_> = notices
        .iter()
        .flat_map(|(user, notice)| match notice {
            Notice::BackupsPruned { quota, removed } if *user == USER && quota.scheduled == 1 => {
                removed.clone()
            }
            _ => Vec::new(),
        })
        .map(|b| b.id)
        .collect();
    assert_eq!(removed, [uploaded.backup], "{notices:?}");

    // Once the only backup made for Drive is rated, a scheduled run stores nothing and says
    // why; the manual backup was never touched.
    let last = w.backups.list(USER, 0).await.unwrap().items;
    assert_eq!(last.len(), 2);
    assert!(last.iter().any(|b| b.id == manual.id));
    let automatic = last.iter().find(|b| b.id != manual.id).unwrap();
    w.backups
        .rate(USER, &automatic.id, Some(Rating::Good))
        .await
        .unwrap();
    w.change_library(1).await;
    w.clock.advance(Duration::hours(24));
    assert_eq!(scheduler.tick().await, 1);
    assert_eq!(
        w.notices.0.lock().unwrap().last(),
        Some(&(
            USER,
            Notice::NoRoom(NoRoom::Count {
                class: BackupClass::Scheduled,
                stored: 1,
                limit: 1
            })
        ))
    );
    let told = w.notices.0.lock().unwrap().len();
    w.clock.advance(Duration::minutes(5));
    assert_eq!(scheduler.tick().await, 1, "the quick retry runs");
    assert_eq!(
        w.notices.0.lock().unwrap().len(),
        told,
        "and does not say it again"
    );
    let ids = |items: Vec<codevault::domain::backup::BackupRecord>| {
        items.into_iter().map(|b| b.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(w.backups.list(USER, 0).await.unwrap().items),
        ids(last),
        "nothing stored, nothing removed"
    );
    assert!(matches!(
        w.copies.back_up_now(USER, &DRIVE, &Unwatched).await,
        Err(codevault::service::copies::UploadFailed {
            error: codevault::service::copies::CopyError::Backup(BackupError::NoRoom(_)),
            ..
        })
    ));
}

impl World {
    /// Waits (bounded) until `done` holds; the wait for a connection polls every second.
    async fn until(&self, what: &str, done: impl Fn(&Self) -> bool) {
        let deadline = tokio::time::Instant::now() + StdDuration::from_secs(20);
        while !done(self) {
            assert!(tokio::time::Instant::now() < deadline, "never: {what}");
            tokio::time::sleep(StdDuration::from_millis(20)).await;
        }
    }

    fn notices(&self) -> Vec<(UserId, Notice)> {
        self.notices.0.lock().unwrap().clone()
    }
}

/// The Drive service waits for the user's answer itself and tells it through the notifier.
#[tokio::test]
async fn connecting_waits_in_the_background_and_tells_how_it_ended() {
    let w = world("drive_connect_bg").await;
    w.fake.set_device_timing(1, 600);
    w.fake.set_email("alice@example.com");
    let code = w.drive.start_connect(USER).await.unwrap();
    assert!(w.drive.is_connecting(USER));
    assert!(w.notices().is_empty(), "nothing told before the answer");
    w.fake.approve(&code.user_code);
    w.until("told", |w| !w.notices().is_empty()).await;
    assert_eq!(
        w.notices(),
        [(
            USER,
            Notice::Connected {
                account: Some("alice@example.com".to_owned()),
                folder: "CodeVault Backups".to_owned(),
            }
        )]
    );
    assert!(w.mongo.drive().profile(USER).await.unwrap().connected);
    w.until("the wait ends", |w| !w.drive.is_connecting(USER))
        .await;

    // Someone else refuses.
    let other = USER + 1;
    let code = w.drive.start_connect(other).await.unwrap();
    w.fake.deny(&code.user_code);
    w.until("told", |w| w.notices().len() == 2).await;
    assert_eq!(w.notices()[1], (other, Notice::ConnectDenied));
    assert!(!w.mongo.drive().profile(other).await.unwrap().connected);
}

/// On shutdown the service stops waiting: nothing connects and nothing is told afterwards.
#[tokio::test]
async fn shutdown_stops_waiting_for_a_connection() {
    let w = world("drive_connect_stop").await;
    w.fake.set_device_timing(1, 600);
    let code = w.drive.start_connect(USER).await.unwrap();
    assert!(w.drive.is_connecting(USER));
    w.stop.send(true).unwrap();
    w.until("the wait stops", |w| !w.drive.is_connecting(USER))
        .await;

    // The poll has ended, so this approval is never collected.
    w.fake.approve(&code.user_code);
    assert!(w.notices().is_empty());
    assert!(!w.mongo.drive().profile(USER).await.unwrap().connected);
    assert!(w.mongo.drive().sealed_token(USER).await.unwrap().is_none());
}
