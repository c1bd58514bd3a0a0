//! Drive uploads and downloads streamed, the real client against the fake Google over real
//! sockets: uploads read from a file chunk by chunk and resume wherever Google's `Range` says
//! (inside a chunk too, and after a connection dropped mid-chunk); downloads written as they
//! arrive, resumed by `Range`, checked against Drive's MD5 and stopped at the size limit;
//! progress that only rises, and cancel.

mod support;

use std::{sync::Arc, time::Duration};

use codevault::{
    domain::progress::Unwatched,
    integrations::{
        google::{DriveError, GoogleSettings},
        transfer::FileSource,
    },
};
use support::{
    google::{
        DownloadQuirks, FakeGoogle, ResumableQuirks, Route,
        client::{Setup, USER, connected_with, download, md5_hex, payload},
    },
    progress::Watcher,
};
use tempfile::TempDir;
use tokio::sync::Notify;

const CHUNK: u64 = 256 * 1024;

/// Uploads above 1 KiB are resumable, in 256 KiB chunks.
fn resumable(settings: &mut GoogleSettings) {
    settings.multipart_limit_bytes = 1024;
    settings.resumable_chunk_bytes = CHUNK;
}

/// `bytes` in a file of its own, as an upload reads it.
async fn file_source(dir: &TempDir, bytes: &[u8]) -> FileSource {
    let path = dir.path().join("archive.zip");
    tokio::fs::write(&path, bytes).await.unwrap();
    FileSource::open(&path).await.unwrap()
}

/// Where each chunk the fake received started.
fn chunk_starts(fake: &FakeGoogle) -> Vec<u64> {
    fake.chunk_ranges()
        .iter()
        .map(|(first, _)| *first)
        .collect()
}

fn backups_named(fake: &FakeGoogle, name: &str) -> usize {
    fake.files().iter().filter(|file| file.name == name).count()
}

#[tokio::test]
async fn a_file_goes_up_chunk_by_chunk_and_resumes_inside_a_chunk_where_google_says() {
    let (Setup { fake, client, .. }, folder) = connected_with(resumable).await;
    let bytes = payload(4 * CHUNK as usize + 12_345);
    // Google keeps only 100,000 bytes of the second chunk: its 308 names a byte inside it.
    fake.set_resumable_quirks(ResumableQuirks {
        keep_of_chunk: Some((1, 100_000)),
        ..ResumableQuirks::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let source = file_source(&dir, &bytes).await;
    let watcher = Watcher::default();
    let file = client
        .upload(USER, &folder, "big.zip", &source, "b-big", &watcher)
        .await
        .unwrap();

    let stored = fake.file(&file.id).unwrap();
    assert!(stored.bytes == bytes, "the bytes Drive assembled differ");
    assert_eq!(file.md5.as_deref(), Some(md5_hex(&bytes).as_str()));
    let resumed = CHUNK + 100_000;
    assert_eq!(
        chunk_starts(&fake),
        [0, CHUNK, resumed, resumed + CHUNK, resumed + 2 * CHUNK],
        "each chunk starts at the byte after the Range Google answered"
    );
    assert_eq!(fake.status_queries(), 0);
    watcher.assert_rose_to(bytes.len() as u64);
    assert_eq!(backups_named(&fake, "big.zip"), 1);
}

#[tokio::test]
async fn a_connection_dropped_mid_chunk_resumes_from_what_google_kept() {
    let (Setup { fake, client, .. }, folder) = connected_with(resumable).await;
    let bytes = payload(3 * CHUNK as usize + 999);
    // 70,000 bytes of the third chunk arrive, then the connection drops without an answer.
    fake.set_resumable_quirks(ResumableQuirks {
        drop_connection_within_chunk: Some((2, 70_000)),
        ..ResumableQuirks::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let source = file_source(&dir, &bytes).await;
    let file = client
        .upload(USER, &folder, "big.zip", &source, "b-big", &Unwatched)
        .await
        .unwrap();

    assert!(fake.file(&file.id).unwrap().bytes == bytes);
    assert_eq!(file.md5.as_deref(), Some(md5_hex(&bytes).as_str()));
    // The session's status was asked once, and the upload went on from byte 2·256 KiB + 70,000.
    assert_eq!(fake.status_queries(), 1);
    assert_eq!(
        chunk_starts(&fake),
        [0, CHUNK, 2 * CHUNK, 2 * CHUNK + 70_000]
    );
    assert_eq!(backups_named(&fake, "big.zip"), 1);
}

/// The MD5 checked after the upload is the one computed while the file was read: a Drive MD5
/// that differs deletes the upload, and names the file's true MD5 as ours.
#[tokio::test]
async fn a_resumable_upload_is_checked_against_the_md5_of_what_was_read() {
    let (Setup { fake, client, .. }, folder) = connected_with(resumable).await;
    let bytes = payload(2 * CHUNK as usize + 5);
    fake.set_resumable_quirks(ResumableQuirks {
        keep_of_chunk: Some((0, 1_000)),
        ..ResumableQuirks::default()
    });
    fake.lie_about_next_md5();
    let dir = tempfile::tempdir().unwrap();
    let source = file_source(&dir, &bytes).await;
    let err = client
        .upload(USER, &folder, "c.zip", &source, "b-c", &Unwatched)
        .await
        .unwrap_err();
    match err {
        DriveError::Checksum { local, remote } => {
            assert_eq!(local, md5_hex(&bytes));
            assert_ne!(remote, local);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        backups_named(&fake, "c.zip"),
        0,
        "the bad upload is deleted"
    );
}

/// Google loses everything it had (a 308 without `Range`): the upload starts again from byte
/// 0, but the progress shown never goes back.
#[tokio::test]
async fn progress_only_rises_even_when_google_loses_what_it_had() {
    let (Setup { fake, client, .. }, folder) = connected_with(resumable).await;
    let bytes = payload(3 * CHUNK as usize);
    fake.set_resumable_quirks(ResumableQuirks {
        lose_session_bytes_past: Some(2 * CHUNK as usize),
        ..ResumableQuirks::default()
    });
    let watcher = Watcher::default();
    let file = client
        .upload(USER, &folder, "big.zip", &bytes, "b-big", &watcher)
        .await
        .unwrap();
    assert!(fake.file(&file.id).unwrap().bytes == bytes);
    assert_eq!(chunk_starts(&fake), [0, CHUNK, 0, CHUNK, 2 * CHUNK]);
    watcher.assert_rose_to(bytes.len() as u64);
    assert_eq!(watcher.seen().first(), Some(&(0, Some(bytes.len() as u64))));
}

#[tokio::test]
async fn a_cancelled_upload_abandons_its_session_and_makes_no_file() {
    let (Setup { fake, client, .. }, folder) = connected_with(resumable).await;
    let bytes = payload(4 * CHUNK as usize);
    // The user cancels once Google holds the first chunk.
    let watcher = Watcher::cancelling_at(CHUNK);
    let err = client
        .upload(USER, &folder, "big.zip", &bytes, "b-big", &watcher)
        .await
        .unwrap_err();

    assert!(matches!(err, DriveError::Cancelled), "{err:?}");
    assert_eq!(chunk_starts(&fake), [0], "no chunk after the cancel");
    assert_eq!(fake.abandoned_sessions().len(), 1);
    assert_eq!(fake.open_sessions(), 0);
    let abandoned = format!("DELETE /upload-session/{}", fake.abandoned_sessions()[0]);
    assert!(
        fake.requests().contains(&abandoned),
        "{:?}",
        fake.requests()
    );
    assert_eq!(backups_named(&fake, "big.zip"), 0);

    // Nothing half-done is in the way of the next try.
    let file = client
        .upload(USER, &folder, "big.zip", &bytes, "b-big", &Unwatched)
        .await
        .unwrap();
    assert!(fake.file(&file.id).unwrap().bytes == bytes);
    assert_eq!(backups_named(&fake, "big.zip"), 1);
}

/// A cancel is heard during the pause before a retry, however long the pause.
#[tokio::test]
async fn a_cancel_cuts_a_backoff_short() {
    let (Setup { fake, client, .. }, folder) = connected_with(|settings| {
        resumable(settings);
        settings.backoff_base = Duration::from_secs(3600);
        settings.backoff_cap = Duration::from_secs(3600);
    })
    .await;
    let bytes = payload(2 * CHUNK as usize);
    // The second chunk fails: the upload waits an hour before asking where it stands.
    fake.fail_after(Route::UploadChunk, 1, 1, 503);
    let watcher = Watcher::default();
    let upload = client.upload(USER, &folder, "big.zip", &bytes, "b-big", &watcher);
    let cancel = async {
        while fake.count_requests("PUT /upload-session/") < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        watcher.cancel();
    };
    let (uploaded, ()) = tokio::time::timeout(Duration::from_secs(60), async {
        tokio::join!(upload, cancel)
    })
    .await
    .expect("the cancel is heard during the backoff, not an hour later");
    assert!(
        matches!(uploaded, Err(DriveError::Cancelled)),
        "{uploaded:?}"
    );
    assert_eq!(fake.abandoned_sessions().len(), 1);
    assert_eq!(backups_named(&fake, "big.zip"), 0);
}

/// An uploaded file to download, of `len` bytes (multipart: the upload is not under test).
async fn stored(setup: &Setup, folder: &str, len: usize) -> (String, Vec<u8>) {
    let bytes = payload(len);
    let file = setup
        .client
        .upload(USER, folder, "copy.zip", &bytes, "b-copy", &Unwatched)
        .await
        .unwrap();
    (file.id, bytes)
}

#[tokio::test]
async fn a_download_is_written_as_it_arrives_with_rising_progress() {
    let (setup, folder) = connected_with(|_| {}).await;
    let (id, bytes) = stored(&setup, &folder, 1_000_003).await;
    let mut out = Vec::new();
    let watcher = Watcher::default();
    let downloaded = setup
        .client
        .download(USER, &id, 1 << 30, &mut out, &watcher)
        .await
        .unwrap();
    assert!(out == bytes, "{} bytes came back", out.len());
    assert_eq!(downloaded.size, bytes.len() as u64);
    assert_eq!(downloaded.md5, md5_hex(&bytes));
    watcher.assert_rose_to(bytes.len() as u64);
    assert!(
        watcher.seen().len() > 2,
        "told as it arrived: {:?}",
        watcher.seen()
    );
}

/// The connection drops once the client has written the first 300,000 bytes; the download
/// asks for the rest. A server that ignores the `Range` sends the whole file again, and what
/// was written already is skipped.
async fn cut_short_at_300_000(ignore_range: bool) {
    let (setup, folder) = connected_with(|_| {}).await;
    let (id, bytes) = stored(&setup, &folder, 1_000_003).await;
    let written = Arc::new(Notify::new());
    setup.fake.set_download_quirks(DownloadQuirks {
        cut_after: Some(300_000),
        cut_when: Some(written.clone()),
        ignore_range,
        ..DownloadQuirks::default()
    });
    let watcher = Watcher::telling_at(300_000, written);
    let mut out = Vec::new();
    let downloaded = setup
        .client
        .download(USER, &id, 1 << 30, &mut out, &watcher)
        .await
        .unwrap();
    assert!(out == bytes, "{} bytes came back", out.len());
    assert_eq!(downloaded.md5, md5_hex(&bytes));
    let ranges = setup.fake.media_ranges();
    assert_eq!(ranges, [None, Some("bytes=300000-".to_owned())]);
    watcher.assert_rose_to(bytes.len() as u64);
}

#[tokio::test]
async fn a_download_cut_short_goes_on_from_the_bytes_written() {
    cut_short_at_300_000(false).await;
}

#[tokio::test]
async fn a_download_resumed_from_the_start_skips_what_was_written() {
    cut_short_at_300_000(true).await;
}

#[tokio::test]
async fn a_damaged_download_is_refused_by_its_md5() {
    let (setup, folder) = connected_with(|_| {}).await;
    let (id, bytes) = stored(&setup, &folder, 100_000).await;
    setup.fake.corrupt(&id);
    let err = download(&setup.client, &id).await.unwrap_err();
    match err {
        DriveError::Corrupt { expected, actual } => {
            assert_eq!(expected, md5_hex(&bytes));
            let damaged = setup.fake.file_bytes(&id).unwrap();
            assert_eq!(actual, md5_hex(&damaged));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_before_its_bytes() {
    let (setup, folder) = connected_with(|_| {}).await;
    let (id, _) = stored(&setup, &folder, 300_000).await;
    let mut out = Vec::new();
    let err = setup
        .client
        .download(USER, &id, 100_000, &mut out, &Unwatched)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DriveError::TooLarge { limit: 100_000 }),
        "{err:?}"
    );
    assert!(
        setup.fake.media_ranges().is_empty(),
        "no media was asked for"
    );
    assert!(out.is_empty());
}

/// Drive's metadata understates the size: the limit still holds, at the first byte past it,
/// while the rest of the file is still to come (it never comes: the answer stalls there).
#[tokio::test]
async fn a_file_larger_than_its_metadata_says_stops_at_the_limit() {
    let (setup, folder) = connected_with(|_| {}).await;
    let size = 4_000_000;
    let (id, _) = stored(&setup, &folder, size).await;
    setup.fake.set_download_quirks(DownloadQuirks {
        claimed_size: Some(1_000),
        stall_after: Some(1_500_000),
        ..DownloadQuirks::default()
    });
    let limit = 1_000_000;
    let mut out = Vec::new();
    let download = setup
        .client
        .download(USER, &id, limit, &mut out, &Unwatched);
    let err = tokio::time::timeout(Duration::from_secs(60), download)
        .await
        .expect("refused before the end, which never comes")
        .unwrap_err();
    assert!(
        matches!(err, DriveError::TooLarge { limit: 1_000_000 }),
        "{err:?}"
    );
    assert!(out.len() as u64 <= limit, "{} bytes written", out.len());
    assert!(
        setup.fake.media_served() < size,
        "the whole file was served"
    );
}

#[tokio::test]
async fn a_cancelled_download_stops() {
    let (setup, folder) = connected_with(|_| {}).await;
    let size = 2_000_000;
    let (id, _) = stored(&setup, &folder, size).await;
    // The answer stalls half-way: only the cancel can end this download.
    setup.fake.set_download_quirks(DownloadQuirks {
        stall_after: Some(size / 2),
        ..DownloadQuirks::default()
    });
    let watcher = Watcher::cancelling_at(100_000);
    let mut out = Vec::new();
    let download = setup
        .client
        .download(USER, &id, 1 << 30, &mut out, &watcher);
    let err = tokio::time::timeout(Duration::from_secs(60), download)
        .await
        .expect("the cancel ends the download")
        .unwrap_err();
    assert!(matches!(err, DriveError::Cancelled), "{err:?}");
    assert!(out.len() < size / 2, "{} bytes written", out.len());
}
