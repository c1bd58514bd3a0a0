//! The scrub on both stores, step by step under a clock the test moves: nothing is due before
//! its period, a flipped byte is found within a round and its owner told once (with whether a
//! Drive copy can bring it back), a missing or unreadable archive is damage too, a damaged
//! backup is refused for restores and downloads, and an intact store yields no notice. Also
//! the loop's lease: one instance scrubs, and frees the lease when it stops.

mod support;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use chrono::{SubsecRound, TimeDelta, Utc};
use codevault::{
    archive::reader::ReadLimits,
    domain::quota::Quota,
    domain::{
        DestinationId, Id, Locale, NewFile, UserId,
        backup::{BackupKind, CopyStatus, Integrity, RemoteCopy, quota::BackupQuota},
        progress::Unwatched,
    },
    service::{
        BackupError, BackupService, BackupSettings, Clock, Explain,
        backup::Damage,
        restore::{RestoreError, RestoreService},
        scrub::{
            DamageNotice, DamageNotifier, ScrubGauges, ScrubRunner, ScrubService, ScrubSettings,
            Scrubbed,
        },
    },
    storage::{BlobReader, BlobStore, Hold, StoreError, StoreResult, Stores},
};
use support::{
    blobs::blob,
    clock::TestClock,
    stores::{Backend, TestStore, contract},
};
use tokio::{io::AsyncRead, sync::watch};

const ALICE: i64 = 6201;
const BOB: i64 = 6202;
const EVERY: Duration = Duration::from_secs(7 * 24 * 3600);

/// The notices the scrub gave, as the bot would have sent them.
#[derive(Default)]
struct Told(Mutex<Vec<(UserId, DamageNotice)>>);

#[async_trait]
impl DamageNotifier for Told {
    async fn backup_damaged(&self, user: UserId, notice: DamageNotice) {
        self.0.lock().unwrap().push((user, notice));
    }
}

impl Told {
    fn all(&self) -> Vec<(UserId, DamageNotice)> {
        self.0.lock().unwrap().clone()
    }
}

/// The counts the scrub last showed.
#[derive(Default)]
struct Shown(Mutex<Option<Integrity>>);

impl ScrubGauges for Shown {
    fn scrubbed(&self, integrity: &Integrity) {
        *self.0.lock().unwrap() = Some(*integrity);
    }
}

struct Scrub {
    clock: Arc<TestClock>,
    backups: Arc<BackupService>,
    scrub: ScrubService,
    told: Arc<Told>,
    shown: Arc<Shown>,
}

fn backup_service(
    stores: &Stores,
    blobs: Arc<dyn BlobStore>,
    clock: Arc<TestClock>,
) -> BackupService {
    let settings = BackupSettings {
        quota: BackupQuota::DEFAULT,
        app: "codevault tests".to_owned(),
        page_size: 10,
        part_bytes: 1 << 24,
        archive_memory_bytes: 1 << 20,
    };
    BackupService::new(
        stores.files.clone(),
        stores.backups.clone(),
        blobs,
        stores.events.clone(),
        clock,
        settings,
    )
}

/// The scrub over `stores` (reading archives through `blobs`), its clock at the real now so
/// that the records it makes sort with the store's own times.
fn scrub_over(stores: &Stores, blobs: Arc<dyn BlobStore>) -> Scrub {
    // Whole seconds: the stores keep milliseconds.
    let clock = TestClock::at(Utc::now().trunc_subsecs(0));
    let backups = Arc::new(backup_service(stores, blobs, clock.clone()));
    let (told, shown) = (Arc::new(Told::default()), Arc::new(Shown::default()));
    let settings = ScrubSettings {
        every: EVERY,
        pause: Duration::from_secs(1),
    };
    let scrub = ScrubService::new(backups.clone(), told.clone(), shown.clone(), settings);
    Scrub {
        clock,
        backups,
        scrub,
        told,
        shown,
    }
}

fn scrub(stores: &Stores) -> Scrub {
    scrub_over(stores, stores.blobs.clone())
}

impl Scrub {
    /// A backup of `user`'s library (one file of `code`), made now.
    async fn backup(&self, stores: &Stores, user: UserId, code: &str) -> Id {
        stores.users.get_or_create(user, Locale::En).await.unwrap();
        let file = NewFile {
            user_id: user,
            name: format!("f{}.py", Id::generate()),
            language: "python".to_owned(),
            code: code.to_owned(),
            note: None,
            tags: Vec::new(),
        };
        stores.files.create(file, self.clock.now()).await.unwrap();
        let created = (self.backups)
            .create_full(
                user,
                BackupKind::FullBackup,
                &codevault::service::BackupOptions::default(),
                &Unwatched,
            )
            .await
            .unwrap();
        created.record.id
    }

    /// Steps until nothing is due; what each step did, as (backup, outcome).
    async fn round(&self) -> Vec<(Id, &'static str)> {
        let mut done = Vec::new();
        for _ in 0..20 {
            let outcome = match self.scrub.step().await.unwrap() {
                Scrubbed::Idle => return done,
                Scrubbed::Intact(record) => (record.id, "intact"),
                Scrubbed::Damaged { record, told, .. } => {
                    (record.id, if told { "damaged, told" } else { "damaged" })
                }
                Scrubbed::Failed { record, .. } => (record.id, "failed"),
                Scrubbed::Gone(record) => (record.id, "gone"),
            };
            done.push(outcome);
        }
        panic!("the round did not end: {done:?}");
    }

    fn next_period(&self) {
        self.clock
            .advance(TimeDelta::from_std(EVERY).unwrap() + TimeDelta::seconds(1));
    }
}

/// Replaces the stored archive of `id` with the same bytes but one flipped in the middle, as
/// silent damage on the disk would leave it.
async fn flip_a_byte(stores: &Stores, id: &Id) {
    let mut bytes = blob(stores.blobs.as_ref(), id).await.unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    stores.blobs.delete(id).await.unwrap();
    stores
        .blobs
        .put(id, "damaged.zip", &mut &bytes[..])
        .await
        .unwrap();
}

contract!(
    a_flipped_byte_is_found_within_a_round_and_its_owner_told_once,
    an_intact_store_yields_no_notice,
    a_missing_archive_is_damage_and_a_drive_copy_is_named,
    a_damaged_backup_is_refused_for_restores_and_downloads,
    an_archive_the_store_keeps_failing_to_hand_out_is_damaged_after_three_tries,
);

async fn a_flipped_byte_is_found_within_a_round_and_its_owner_told_once(stores: TestStore) {
    let s = scrub(&stores);
    let first = s.backup(&stores, ALICE, "print('first')\n").await;
    s.clock.advance(TimeDelta::minutes(1));
    let second = s.backup(&stores, ALICE, "print('second')\n").await;
    s.clock.advance(TimeDelta::minutes(1));
    let bobs = s.backup(&stores, BOB, "print('bob')\n").await;
    flip_a_byte(&stores, &second).await;

    assert!(
        s.round().await.is_empty(),
        "nothing is due before its period"
    );
    assert!(s.told.all().is_empty());

    s.next_period();
    assert_eq!(
        s.round().await,
        [
            (first.clone(), "intact"),
            (second.clone(), "damaged, told"),
            (bobs.clone(), "intact"),
        ],
        "the backups checked longest ago first, each once"
    );
    let told = s.told.all();
    assert_eq!(told.len(), 1, "{told:?}");
    let (user, notice) = &told[0];
    assert_eq!(
        (*user, &notice.backup.id, notice.drive_copy),
        (ALICE, &second, false)
    );
    assert!(notice.backup.damaged_at.is_some());

    let record = stores.backups.get(ALICE, &second).await.unwrap().unwrap();
    assert_eq!(record.damaged_at, Some(s.clock.now()));
    let listed = stores.backups.list(ALICE, 0, 10).await.unwrap().0;
    let marked: Vec<bool> = listed.iter().map(|record| record.is_damaged()).collect();
    assert_eq!(marked, [true, false], "newest first: the second is marked");
    let events: Vec<_> = stores
        .events()
        .await
        .into_iter()
        .filter(|event| event.name == "backup_damaged")
        .collect();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (events[0].user_id, events[0].severity.as_str()),
        (Some(ALICE), "error")
    );
    assert_eq!(events[0].fields["backup_id"], second.to_string());

    s.scrub.pace().await.unwrap();
    let shown = (*s.shown.0.lock().unwrap()).expect("shown");
    assert_eq!((shown.stored, shown.damaged, shown.checked()), (3, 1, 2));
    assert_eq!(s.scrub.damaged().await.unwrap(), 1);

    // The next round checks the intact ones again; the damaged one is known, and its owner
    // is not told again.
    s.next_period();
    assert_eq!(
        s.round().await,
        [(first, "intact"), (bobs, "intact")],
        "the damaged one is not read again"
    );
    assert_eq!(s.told.all().len(), 1);
    assert!(
        !stores
            .backups
            .mark_damaged(ALICE, &second, s.clock.now())
            .await
            .unwrap()
    );
}

async fn an_intact_store_yields_no_notice(stores: TestStore) {
    let s = scrub(&stores);
    let ids = [
        s.backup(&stores, ALICE, "a = 1\n").await,
        s.backup(&stores, BOB, "b = 2\n").await,
    ];
    for _ in 0..2 {
        s.next_period();
        let round = s.round().await;
        assert_eq!(round.len(), 2, "{round:?}");
        assert!(
            round.iter().all(|(_, outcome)| *outcome == "intact"),
            "{round:?}"
        );
        for (user, id) in [ALICE, BOB].into_iter().zip(&ids) {
            let record = stores.backups.get(user, id).await.unwrap().unwrap();
            assert_eq!(record.checked_at, Some(s.clock.now()));
            assert!(!record.is_damaged());
        }
    }
    assert!(s.told.all().is_empty());
    let damaged = stores.events().await;
    assert!(
        damaged.iter().all(|event| event.name != "backup_damaged"),
        "{damaged:?}"
    );
    s.scrub.pace().await.unwrap();
    let shown = (*s.shown.0.lock().unwrap()).expect("shown");
    assert_eq!((shown.damaged, shown.due, shown.checked()), (0, 0, 2));
}

async fn a_missing_archive_is_damage_and_a_drive_copy_is_named(stores: TestStore) {
    let s = scrub(&stores);
    let id = s.backup(&stores, ALICE, "x = 1\n").await;
    let copy = RemoteCopy {
        destination: DestinationId::DRIVE,
        remote_id: Some("drive-file-7".to_owned()),
        status: CopyStatus::Uploaded,
        at: s.clock.now(),
    };
    stores.backups.set_copy(ALICE, &id, &copy).await.unwrap();
    stores.blobs.delete(&id).await.unwrap();
    s.next_period();
    let Scrubbed::Damaged { damage, told, .. } = s.scrub.step().await.unwrap() else {
        panic!("the backup without its archive is damaged");
    };
    assert_eq!((damage, told), (Damage::Missing, true));
    let told = s.told.all();
    assert_eq!(told.len(), 1);
    assert!(told[0].1.drive_copy, "its Drive copy can bring it back");
}

async fn a_damaged_backup_is_refused_for_restores_and_downloads(stores: TestStore) {
    let s = scrub(&stores);
    let id = s.backup(&stores, ALICE, "y = 2\n").await;
    flip_a_byte(&stores, &id).await;
    s.next_period();
    assert_eq!(s.round().await, [(id.clone(), "damaged, told")]);
    let restores = RestoreService::new(
        stores.files.clone(),
        s.backups.clone(),
        stores.events.clone(),
        s.clock.clone(),
        ReadLimits::default(),
        Quota {
            max_files: 100,
            max_bytes: 1 << 20,
        },
    );
    let before = stores.dump(&support::stores::EVERYTHING).await;
    let refused = restores
        .plan(ALICE, &id, None)
        .await
        .err()
        .expect("refused");
    assert!(
        matches!(refused, RestoreError::Backup(BackupError::Damaged)),
        "{refused:?}"
    );
    assert_eq!(refused.message().lines()[0].key, "error-backup-corrupt");
    assert!(matches!(
        s.backups.open_archive(ALICE, &id).await,
        Err(BackupError::Damaged)
    ));
    assert_eq!(stores.dump(&support::stores::EVERYTHING).await, before);
}

/// Blobs whose `get` of one id fails, as a store that answers but cannot hand that archive
/// out would.
struct FailingBlobs {
    inner: Arc<dyn BlobStore>,
    failing: Id,
}

#[async_trait]
impl BlobStore for FailingBlobs {
    async fn put(
        &self,
        id: &Id,
        file_name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        self.inner.put(id, file_name, archive).await
    }
    async fn get(&self, id: &Id) -> StoreResult<BlobReader> {
        if *id == self.failing {
            let error = std::io::Error::other("chunk 3 is unreadable");
            return Err(StoreError::Archive {
                action: "read",
                source: error,
            });
        }
        self.inner.get(id).await
    }
    async fn delete(&self, id: &Id) -> StoreResult<()> {
        self.inner.delete(id).await
    }
    async fn remove_orphans(&self, before: chrono::DateTime<Utc>) -> StoreResult<u64> {
        self.inner.remove_orphans(before).await
    }
}

async fn an_archive_the_store_keeps_failing_to_hand_out_is_damaged_after_three_tries(
    stores: TestStore,
) {
    let made = scrub(&stores);
    let id = made.backup(&stores, ALICE, "z = 3\n").await;
    let failing = Arc::new(FailingBlobs {
        inner: stores.blobs.clone(),
        failing: id.clone(),
    });
    let s = scrub_over(&stores, failing);
    s.next_period();
    for tries in 1..3 {
        let Scrubbed::Failed { tries: counted, .. } = s.scrub.step().await.unwrap() else {
            panic!("a failure to read is tried again");
        };
        assert_eq!(counted, tries);
        assert!(s.told.all().is_empty());
    }
    let Scrubbed::Damaged { damage, told, .. } = s.scrub.step().await.unwrap() else {
        panic!("the third failure in a row is damage");
    };
    assert!(told);
    assert!(
        matches!(&damage, Damage::Unreadable(reason) if reason.contains("chunk 3")),
        "{damage:?}"
    );
    assert!(
        stores
            .backups
            .get(ALICE, &id)
            .await
            .unwrap()
            .unwrap()
            .is_damaged()
    );
}

/// One instance scrubs: while a runner holds the lease another is refused it, and a runner
/// that stops frees it at once.
#[tokio::test]
async fn one_instance_holds_the_scrubs_lease_and_frees_it_when_it_stops() {
    let stores = Backend::Mongo.open("scrub_lease").await;
    let s = scrub(&stores);
    let runner = ScrubRunner::new(
        Arc::new(s.scrub),
        stores.leases.clone(),
        s.clock.clone(),
        false,
    );
    let (stop, stopped) = watch::channel(false);
    let running = tokio::spawn(runner.run(stopped));
    // Asked as of an hour ago, so what the probe takes has ended already: it sees who holds
    // the lease without keeping it from anyone.
    let probe = || {
        let past = Utc::now() - TimeDelta::hours(1);
        stores
            .leases
            .try_hold("backup-scrub", "probe", TimeDelta::seconds(1), past)
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match probe().await.unwrap() {
            Hold::HeldBy(holder) => {
                assert_ne!(holder, "probe");
                break;
            }
            Hold::Held => {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the runner never took the lease"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
    stop.send(true).unwrap();
    running.await.unwrap();
    assert_eq!(probe().await.unwrap(), Hold::Held, "released on stop");
}
