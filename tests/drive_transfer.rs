//! Drive transfers through the copy service and the Drive destination, on both stores, with
//! the real client against the fake Google: a manual upload reports rising progress and a
//! cancelled one leaves nothing there and nothing recorded; a copy downloads to a file that
//! exists only when the whole copy arrived and matched its MD5; a copy comes back (fetched) as
//! the backup it was, only for its own user, and one changed, damaged, too large or cancelled
//! keeps nothing.

mod support;

use std::{path::Path, sync::Arc, time::Duration};

use chrono::Utc;
use codevault::{
    archive::{ReadError, ReadLimits},
    domain::{
        DestinationId, Id, NewFile, UserId, backup::BackupKind, backup::CopyStatus,
        progress::Unwatched,
    },
    i18n::Locale,
    integrations::{
        crypto::TokenCipher,
        google::{GoogleClient, TokenVault},
    },
    service::{
        BackupError, BackupService, Clock, Explain, SystemClock, UserMessage,
        copies::{CopyError, CopyService, FetchError},
        destination::{AboutBackup, Destination, DestinationError, download_to_file},
        drive::{DriveDestination, DriveSettings, SealedVault},
    },
};
use support::{
    blobs::blob,
    google::{DownloadQuirks, FakeFile, FakeGoogle, client::md5_hex},
    progress::Watcher,
    services,
    stores::{Data, TestStore, contract},
};

const USER: UserId = 73_001;
/// Another Telegram user, connected to the same Google account.
const OTHER: UserId = 73_002;
const DRIVE: DestinationId = DestinationId::DRIVE;
const KEY: &str = "5f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100";
const CHUNK: u64 = 256 * 1024;

struct World {
    fake: FakeGoogle,
    store: TestStore,
    vault: Arc<SealedVault>,
    backups: Arc<BackupService>,
    copies: Arc<CopyService>,
    destination: Arc<DriveDestination>,
}

/// About 1.7 MB of code that compresses to under half: the backup takes a few chunks.
fn incompressible_code() -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..40_000)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            format!("k = 0x{:016x}{:016x}\n", state, state.rotate_left(17))
        })
        .collect()
}

fn drive_settings() -> DriveSettings {
    DriveSettings {
        configured: true,
        can_keep_tokens: true,
        folder_name: "CodeVault Backups".to_owned(),
        default_retention: 10,
    }
}

/// The copy service over `store`'s backups with Drive as its destination, reading copies
/// brought back under `limits`.
fn copy_service(
    store: &TestStore,
    backups: Arc<BackupService>,
    destination: Arc<DriveDestination>,
    limits: ReadLimits,
) -> CopyService {
    CopyService::new(
        backups,
        store.destinations.clone(),
        store.jobs.clone(),
        store.events.clone(),
        Arc::new(SystemClock),
    )
    .with(
        destination,
        DriveDestination::copy_settings(&drive_settings()),
    )
    .reading(limits)
}

/// A user connected to Drive (tokens sealed in the store) with one large file; uploads above
/// 1 KiB are resumable in 256 KiB chunks.
async fn world(store: TestStore) -> World {
    let fake = FakeGoogle::start().await;
    let mut google = fake.settings();
    google.multipart_limit_bytes = 1024;
    google.resumable_chunk_bytes = CHUNK;
    let vault = Arc::new(SealedVault::new(
        store.drive.clone(),
        TokenCipher::from_hex(KEY).ok(),
    ));
    let client = GoogleClient::new(google, vault.clone()).unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let destination = Arc::new(DriveDestination::new(
        client,
        store.drive.clone(),
        clock,
        &drive_settings(),
    ));
    let backups = services::backups(&store.stores, 50);
    let copies = copy_service(
        &store,
        backups.clone(),
        destination.clone(),
        ReadLimits::default(),
    );
    let file = NewFile {
        user_id: USER,
        name: "keys.py".to_owned(),
        language: "python".to_owned(),
        code: incompressible_code(),
        note: None,
        tags: Vec::new(),
    };
    store.files.create(file, Utc::now()).await.unwrap();
    let world = World {
        fake,
        store,
        vault,
        backups,
        copies: Arc::new(copies),
        destination,
    };
    world.connect(USER).await;
    world
}

impl World {
    /// A stored backup of a few chunks, and its archive.
    async fn backup(&self) -> (codevault::domain::Id, Vec<u8>) {
        let created = self
            .backups
            .create_full(
                USER,
                BackupKind::FullBackup,
                &codevault::service::BackupOptions::default(),
                &Unwatched,
            )
            .await
            .unwrap();
        let (_, archive) = self
            .backups
            .archive(USER, &created.record.id)
            .await
            .unwrap();
        assert!(archive.len() as u64 > 2 * CHUNK, "{} bytes", archive.len());
        (created.record.id, archive)
    }

    /// `user` connects Drive (to the one Google account the fake has).
    async fn connect(&self, user: UserId) {
        self.vault.save(user, &self.fake.grant()).await.unwrap();
        self.store
            .drive
            .set_connected(user, Some("alice@example.com"), Utc::now())
            .await
            .unwrap();
    }

    /// The file in Drive holding the copy of `backup`.
    fn drive_copy(&self, backup: &Id) -> FakeFile {
        let files = self.fake.files().into_iter();
        let mut copies = files.filter(|file| {
            file.app_properties.get("codevault_backup_id") == Some(&backup.to_string())
        });
        copies.next().expect("the copy in Drive")
    }

    /// The ids of the user's copies on the first page, as listed.
    async fn listed(&self, user: UserId) -> Vec<String> {
        let page = self.copies.remote_copies(user, &DRIVE, 0).await.unwrap();
        page.items.into_iter().map(|copy| copy.id).collect()
    }

    /// A stored backup of a few chunks uploaded to Drive, its archive, and its file there.
    async fn uploaded(&self) -> (Id, Vec<u8>, FakeFile) {
        let (backup, archive) = self.backup().await;
        self.copies
            .upload_now(USER, &DRIVE, &backup, &Unwatched)
            .await
            .unwrap();
        let copy = self.drive_copy(&backup);
        (backup, archive, copy)
    }

    fn bot_backups(&self) -> usize {
        let files = self.fake.files();
        let bot = |file: &&support::google::FakeFile| {
            file.app_properties.get("codevault").map(String::as_str) == Some("backup")
        };
        files.iter().filter(bot).count()
    }
}

async fn a_cancelled_manual_upload_leaves_nothing_there_and_records_nothing(store: TestStore) {
    let w = world(store).await;
    let (backup, archive) = w.backup().await;
    let records = [Data::Backups, Data::Jobs];
    let before = w.store.dump(&records).await;
    let events = w.store.events().await.len();

    // ✖️ Cancel once Google holds the first chunk.
    let watcher = Watcher::cancelling_at(CHUNK);
    let failed = w
        .copies
        .upload_now(USER, &DRIVE, &backup, &watcher)
        .await
        .unwrap_err();
    assert!(
        matches!(failed.error, CopyError::Cancelled),
        "{:?}",
        failed.error
    );
    assert_eq!(failed.retry_at, None, "a cancel is not retried");
    assert_eq!(
        failed.error.message(),
        UserMessage::from("drive-upload-cancelled")
    );
    assert!(Locale::En.t("drive-upload-cancelled").contains("cancelled"));
    assert_eq!(w.fake.abandoned_sessions().len(), 1);
    assert_eq!(w.fake.open_sessions(), 0);
    assert_eq!(w.bot_backups(), 0);
    // Nothing recorded: no copy on the backup, no retry job, no outcome, no upload event.
    assert_eq!(w.store.dump(&records).await, before);
    let record = w.backups.get(USER, &backup).await.unwrap();
    assert!(record.copy(&DRIVE).is_none(), "{:?}", record.copies);
    let state = w.store.destinations.state(USER, &DRIVE).await.unwrap();
    assert_eq!((state.last_success, state.last_error), (None, None));
    // (Reading the stored archive is an event of its own; no upload is.)
    let after = w.store.events().await;
    let new: Vec<&str> = after[events..].iter().map(|e| e.name.as_str()).collect();
    assert_eq!(new, ["backup_downloaded"]);

    // Uploaded again, watched to the end: the progress rises to the archive's size.
    let watcher = Watcher::default();
    let uploaded = w.copies.upload_now(USER, &DRIVE, &backup, &watcher).await;
    assert_eq!(uploaded.unwrap().backup, backup);
    watcher.assert_rose_to(archive.len() as u64);
    assert!(watcher.seen().len() > 3, "{:?}", watcher.seen());
    let record = w.backups.get(USER, &backup).await.unwrap();
    let copy = record.copy(&DRIVE).expect("the copy is recorded");
    assert_eq!(copy.status, CopyStatus::Uploaded);
    let remote = copy.remote_id.as_deref().unwrap();
    assert!(w.fake.file_bytes(remote).unwrap() == archive);
}

fn exists(path: &Path) -> bool {
    std::fs::exists(path).unwrap()
}

async fn a_copy_downloads_to_a_file_only_whole_and_matching(store: TestStore) {
    let w = world(store).await;
    let (_, archive, uploaded) = w.uploaded().await;
    let copies = w.destination.list(USER).await.unwrap();
    let remote = copies[0].id.clone();
    assert_eq!(remote, uploaded.id);
    let destination: &dyn Destination = w.destination.as_ref();
    let dir = tempfile::tempdir().unwrap();
    let size = archive.len() as u64;

    let path = dir.path().join("whole.zip");
    let watcher = Watcher::default();
    let downloaded = download_to_file(destination, USER, &remote, &path, size, &watcher)
        .await
        .unwrap();
    assert!(std::fs::read(&path).unwrap() == archive);
    assert_eq!((downloaded.size, downloaded.md5), (size, md5_hex(&archive)));
    watcher.assert_rose_to(size);

    // One byte over the limit: refused from Drive's metadata, nothing asked, nothing kept.
    let path = dir.path().join("large.zip");
    let media = w.fake.media_ranges().len();
    let err = download_to_file(destination, USER, &remote, &path, size - 1, &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DestinationError::TooLarge { .. }), "{err:?}");
    assert!(!exists(&path));
    assert_eq!(w.fake.media_ranges().len(), media);

    // Drive claims less than it holds: stopped at the limit, before the end; nothing kept.
    w.fake.set_download_quirks(DownloadQuirks {
        claimed_size: Some(1_000),
        stall_after: Some(archive.len() - 1_000),
        ..DownloadQuirks::default()
    });
    let limit = CHUNK;
    let path = dir.path().join("understated.zip");
    let download = download_to_file(destination, USER, &remote, &path, limit, &Unwatched);
    let err = tokio::time::timeout(Duration::from_secs(60), download)
        .await
        .expect("refused before the end, which never comes")
        .unwrap_err();
    assert!(matches!(err, DestinationError::TooLarge { .. }), "{err:?}");
    assert!(!exists(&path));

    // Cancelled half-way (the answer stalls there): nothing kept.
    w.fake.set_download_quirks(DownloadQuirks {
        stall_after: Some(archive.len() / 2),
        ..DownloadQuirks::default()
    });
    let path = dir.path().join("cancelled.zip");
    let watcher = Watcher::cancelling_at(CHUNK / 2);
    let download = download_to_file(destination, USER, &remote, &path, size, &watcher);
    let err = tokio::time::timeout(Duration::from_secs(60), download)
        .await
        .expect("the cancel ends the download")
        .unwrap_err();
    assert!(matches!(err, DestinationError::Cancelled), "{err:?}");
    assert!(!exists(&path));

    // Damaged at Drive: the MD5 differs, nothing kept.
    w.fake.set_download_quirks(DownloadQuirks::default());
    w.fake.corrupt(&remote);
    let path = dir.path().join("damaged.zip");
    let err = download_to_file(destination, USER, &remote, &path, size, &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DestinationError::Checksum(_)), "{err:?}");
    assert!(!exists(&path));

    // A file already at the path is never overwritten, nor removed.
    let taken = dir.path().join("whole.zip");
    let err = download_to_file(destination, USER, &remote, &taken, size, &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DestinationError::Storage(_)), "{err:?}");
    assert!(std::fs::read(&taken).unwrap() == archive);
}

async fn a_copy_comes_back_as_the_backup_it_was(store: TestStore) {
    let w = world(store).await;
    let (backup, archive, remote) = w.uploaded().await;
    let original = w.backups.get(USER, &backup).await.unwrap();
    assert_eq!(remote.app_properties["codevault_user"], USER.to_string());

    // Drive alone lists it, with everything the list shows.
    let page = w.copies.remote_copies(USER, &DRIVE, 0).await.unwrap();
    assert_eq!((page.total, page.items.len()), (1, 1));
    let listed = &page.items[0];
    assert_eq!(listed.id, remote.id);
    assert_eq!(listed.name, original.file_name());
    assert_eq!(listed.owner, Some(USER));
    assert_eq!(listed.size, Some(archive.len() as u64));
    let about = AboutBackup {
        kind: Some(BackupKind::FullBackup),
        created_at: Some(original.created_at),
        files: Some(original.file_count),
    };
    assert_eq!(listed.about, about);

    // Still stored and intact: that backup is the answer, and nothing is downloaded.
    let media = w.fake.media_ranges().len();
    let fetched = w
        .copies
        .fetch(USER, &DRIVE, &remote.id, &Unwatched)
        .await
        .unwrap();
    assert!(fetched.reused);
    assert_eq!(fetched.record, original);
    assert_eq!(fetched.name, remote.name);
    assert_eq!(w.fake.media_ranges().len(), media);

    // The bot no longer has it: it comes back under its own id, kind and date, byte for byte,
    // its download heard to the end.
    w.backups.delete(USER, &backup).await.unwrap();
    let watcher = Watcher::default();
    let fetched = w
        .copies
        .fetch(USER, &DRIVE, &remote.id, &watcher)
        .await
        .unwrap();
    assert!(!fetched.reused);
    watcher.assert_rose_to(archive.len() as u64);
    let record = w.backups.get(USER, &backup).await.unwrap();
    assert_eq!(fetched.record.id, backup);
    let copy = record.copy(&DRIVE).expect("the copy it came from");
    assert_eq!(copy.remote_id.as_deref(), Some(remote.id.as_str()));
    assert_eq!(
        record,
        codevault::domain::backup::BackupRecord {
            copies: record.copies.clone(),
            ..original.clone()
        }
    );
    assert!(blob(w.store.blobs.as_ref(), &backup).await.unwrap() == archive);
    let events = w.store.events().await;
    let last = events.last().expect("an event");
    assert_eq!(last.name, "drive_copy_fetched");
    assert_eq!(last.fields["backup_id"], backup.to_string());
    assert_eq!(last.fields["reused"], "false");

    // Damaged where it is stored: the copy is kept beside it under an id of its own, and the
    // damaged one is left for the user to decide about.
    w.store.blobs.delete(&backup).await.unwrap();
    let other_bytes: &[u8] = b"not the archive";
    (w.store
        .blobs
        .put(&backup, "x.zip", &mut &other_bytes[..])
        .await)
        .unwrap();
    let fetched = w
        .copies
        .fetch(USER, &DRIVE, &remote.id, &Unwatched)
        .await
        .unwrap();
    assert!(!fetched.reused);
    assert_ne!(fetched.record.id, backup);
    assert_eq!(
        (fetched.record.kind, fetched.record.created_at),
        (original.kind, original.created_at)
    );
    assert_eq!(fetched.record.sha256, original.sha256);
    let kept = blob(w.store.blobs.as_ref(), &fetched.record.id).await;
    assert!(kept.unwrap() == archive);
    let damaged = w.backups.open_archive(USER, &backup).await;
    assert!(matches!(damaged, Err(BackupError::Damaged)), "{damaged:?}");
}

async fn only_the_users_own_copies_come_back(store: TestStore) {
    let w = world(store).await;
    let (backup, _, mine) = w.uploaded().await;
    let folder = mine.parents[0].clone();
    // Beside it: the user's own file, a lookalike without the bot's mark, a copy marked for
    // another user, and a copy from before copies named their user, of a backup the bot does
    // not know.
    let unknown = Id::generate().to_string();
    let own = w.fake.add_user_file("notes.txt", &folder, &[]);
    let lookalike_mark = [("codevault_backup_id", backup.as_str())];
    let lookalike = w.fake.add_user_file("x.zip", &folder, &lookalike_mark);
    let other = OTHER.to_string();
    let theirs_mark = [
        ("codevault", "backup"),
        ("codevault_backup_id", unknown.as_str()),
        ("codevault_user", other.as_str()),
    ];
    let theirs = w.fake.add_user_file("y.zip", &folder, &theirs_mark);
    let unknown_mark = [
        ("codevault", "backup"),
        ("codevault_backup_id", unknown.as_str()),
    ];
    let old_unknown = w.fake.add_user_file("z.zip", &folder, &unknown_mark);
    // A copy from before copies named their user, of a backup the bot still has: the user's.
    let (older, _) = w.backup().await;
    let known_mark = [
        ("codevault", "backup"),
        ("codevault_backup_id", older.as_str()),
    ];
    let old_known = w.fake.add_user_file("old.zip", &folder, &known_mark);

    // Newest first: the old copy's date is when it was put there, the new copy's its backup's.
    assert_eq!(w.listed(USER).await, [old_known.clone(), mine.id.clone()]);
    let page = w.copies.remote_copies(USER, &DRIVE, 0).await.unwrap();
    assert_eq!(
        page.items[0].about,
        AboutBackup::default(),
        "it says no more"
    );
    let fetched = w.copies.fetch(USER, &DRIVE, &old_known, &Unwatched).await;
    assert_eq!(fetched.unwrap().record.id, older);

    let records = [Data::Backups, Data::Blobs];
    let before = w.store.dump(&records).await;
    let media = w.fake.media_ranges().len();
    let forged = [
        own,
        lookalike,
        theirs.clone(),
        old_unknown,
        "no-such-file".into(),
    ];
    for forged in &forged {
        let refused = w.copies.fetch(USER, &DRIVE, forged, &Unwatched).await;
        assert!(matches!(refused, Err(FetchError::NotFound)), "{forged}");
    }
    assert_eq!(
        FetchError::NotFound.message(),
        UserMessage::from("drive-restore-not-found")
    );

    // Another user of the same Google account sees only what is marked for them, and gets
    // nothing of the first user's, even asking Drive's adapter for its bytes directly.
    w.connect(OTHER).await;
    assert_eq!(w.listed(OTHER).await, [theirs]);
    for copy in [&mine.id, &old_known] {
        let refused = w.copies.fetch(OTHER, &DRIVE, copy, &Unwatched).await;
        assert!(matches!(refused, Err(FetchError::NotFound)), "{copy}");
    }
    let mut out = Vec::new();
    let download = w
        .destination
        .download(OTHER, &mine.id, 1 << 30, &mut out, &Unwatched);
    assert!(matches!(download.await, Err(DestinationError::NotFound)));
    assert!(out.is_empty());
    assert_eq!(w.store.dump(&records).await, before, "nothing was kept");
    assert_eq!(w.fake.media_ranges().len(), media, "nothing was downloaded");
    assert!(w.backups.list(OTHER, 0).await.unwrap().items.is_empty());
}

async fn a_changed_damaged_too_large_or_cancelled_copy_keeps_nothing(store: TestStore) {
    let w = world(store).await;
    let (backup, archive, remote) = w.uploaded().await;
    let remote = remote.id;
    // The bot no longer has the backup: only the copy can bring it back.
    w.backups.delete(USER, &backup).await.unwrap();
    let records = [Data::Backups, Data::Blobs];
    let before = w.store.dump(&records).await;
    let fetch = |copies: Arc<CopyService>, progress: Arc<Watcher>| {
        let remote = remote.clone();
        async move { copies.fetch(USER, &DRIVE, &remote, progress.as_ref()).await }
    };
    let watched = || Arc::new(Watcher::default());

    // Drive serves bytes that differ from its own MD5 of the file.
    w.fake.corrupt(&remote);
    let refused = fetch(w.copies.clone(), watched()).await.unwrap_err();
    assert!(matches!(refused, FetchError::Checksum(_)), "{refused:?}");
    assert_eq!(refused.message().key(), "drive-restore-checksum");
    assert_eq!(w.store.dump(&records).await, before);
    w.fake.corrupt(&remote);

    // Its content replaced in Drive (Drive's MD5 is the new bytes'): not a backup.
    w.fake
        .replace_content(&remote, archive[..archive.len() / 2].to_vec());
    let refused = fetch(w.copies.clone(), watched()).await.unwrap_err();
    assert!(
        matches!(refused, FetchError::Damaged(ReadError::NotAZip)),
        "{refused:?}"
    );
    assert_eq!(refused.message().key(), "drive-restore-damaged");
    assert_eq!(w.store.dump(&records).await, before);
    w.fake.replace_content(&remote, archive.clone());

    // Larger than a restore takes in: refused from Drive's size, nothing downloaded.
    let media = w.fake.media_ranges().len();
    let limit = archive.len() as u64 - 1;
    let limits = ReadLimits {
        max_total_bytes: limit,
        ..ReadLimits::default()
    };
    let small = copy_service(&w.store, w.backups.clone(), w.destination.clone(), limits);
    let refused = fetch(Arc::new(small), watched()).await.unwrap_err();
    assert!(
        matches!(refused, FetchError::TooLarge { limit: at } if at == limit),
        "{refused:?}"
    );
    assert_eq!(w.fake.media_ranges().len(), media);
    // More entries than a restore takes in: downloaded, read, refused.
    let limits = ReadLimits {
        max_entries: 1,
        ..ReadLimits::default()
    };
    let few = copy_service(&w.store, w.backups.clone(), w.destination.clone(), limits);
    let refused = fetch(Arc::new(few), watched()).await.unwrap_err();
    assert!(
        matches!(refused, FetchError::OverLimits { max_entries: 1, .. }),
        "{refused:?}"
    );
    assert_eq!(w.store.dump(&records).await, before);

    // Cancelled half-way (the answer stalls there).
    w.fake.set_download_quirks(DownloadQuirks {
        stall_after: Some(archive.len() / 2),
        ..DownloadQuirks::default()
    });
    let watcher = Arc::new(Watcher::cancelling_at(CHUNK / 2));
    let cancelled = tokio::time::timeout(Duration::from_secs(60), fetch(w.copies.clone(), watcher))
        .await
        .expect("the cancel ends the download")
        .unwrap_err();
    assert!(
        matches!(cancelled, FetchError::Copy(CopyError::Cancelled)),
        "{cancelled:?}"
    );
    assert_eq!(w.store.dump(&records).await, before);

    // Whole and unchanged, it comes back.
    w.fake.set_download_quirks(DownloadQuirks::default());
    let fetched = fetch(w.copies.clone(), watched()).await.unwrap();
    assert_eq!(fetched.record.id, backup);
    assert!(blob(w.store.blobs.as_ref(), &backup).await.unwrap() == archive);
}

contract!(
    a_cancelled_manual_upload_leaves_nothing_there_and_records_nothing,
    a_copy_downloads_to_a_file_only_whole_and_matching,
    a_copy_comes_back_as_the_backup_it_was,
    only_the_users_own_copies_come_back,
    a_changed_damaged_too_large_or_cancelled_copy_keeps_nothing,
);
