//! Archives stream in and out of both stores: a multi-chunk archive round-trips byte for byte
//! whatever pieces its reader gives, a put that fails leaves nothing, a put in progress shows
//! nothing and holds up no other write (the embedded store commits a chunk at a time), an
//! abandoned put is swept as an orphan, and `migrate`'s transfer streams archives from one
//! store into the other.

mod support;

use std::{
    io,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll, Waker},
    time::Duration,
};

use chrono::Utc;
use codevault::{
    domain::{
        Id,
        backup::{BackupKind, BackupRecord},
    },
    storage::{BlobStore, StoreError, transfer::Transfer},
};
use support::{
    blobs::{blob, read_all},
    db,
    stores::{Data, TestStore, contract},
};
use tokio::{
    io::{AsyncRead, ReadBuf},
    sync::Notify,
};

contract!(
    a_multi_chunk_archive_round_trips_whatever_the_pieces,
    a_failed_put_leaves_nothing,
    a_put_in_progress_shows_nothing_and_holds_up_no_write,
    an_abandoned_put_is_swept_as_an_orphan,
);

/// More than three of the embedded store's 1 MiB chunks and a dozen of GridFS's 255 KiB ones,
/// no two neighbouring bytes alike.
const SIZE: usize = 3 * 1024 * 1024 + 17;
/// Where a reader stops or fails: past two whole chunks of either store.
const MIDWAY: usize = 2 * 1024 * 1024 + 512 * 1024;
/// A deadlock would hang a test: it fails after this instead.
const DEADLOCK: Duration = Duration::from_secs(60);

fn archive(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// Serves its bytes `piece` at a time; past `stall_at` it waits until `open`, telling `stalled`
/// once it does; past `fail_at` it fails.
struct Feed {
    bytes: Vec<u8>,
    at: usize,
    piece: usize,
    stall_at: usize,
    fail_at: usize,
    gate: Arc<Gate>,
}

#[derive(Default)]
struct Gate {
    open: Mutex<(bool, Option<Waker>)>,
    stalled: Notify,
}

impl Gate {
    fn open(&self) {
        let mut state = self.open.lock().unwrap();
        state.0 = true;
        if let Some(waker) = state.1.take() {
            waker.wake();
        }
    }
}

impl Feed {
    fn new(bytes: Vec<u8>, piece: usize) -> Self {
        Self {
            at: 0,
            piece,
            stall_at: usize::MAX,
            fail_at: usize::MAX,
            gate: Arc::default(),
            bytes,
        }
    }
}

impl AsyncRead for Feed {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.at >= self.fail_at {
            return Poll::Ready(Err(io::Error::other("the source broke")));
        }
        if self.at >= self.stall_at {
            let gate = self.gate.clone();
            let mut state = gate.open.lock().unwrap();
            if !state.0 {
                if state.1.is_none() {
                    gate.stalled.notify_one();
                }
                state.1 = Some(cx.waker().clone());
                return Poll::Pending;
            }
        }
        let end = (self.at + self.piece)
            .min(self.bytes.len())
            .min(self.fail_at)
            .min(if self.at < self.stall_at {
                self.stall_at
            } else {
                usize::MAX
            });
        let end = end.min(self.at + buf.remaining());
        buf.put_slice(&self.bytes[self.at..end]);
        self.at = end;
        Poll::Ready(Ok(()))
    }
}

fn record(id: &Id) -> BackupRecord {
    BackupRecord {
        id: id.clone(),
        user_id: 1,
        kind: BackupKind::FullBackup,
        created_at: Utc::now(),
        file_count: 0,
        total_size: 0,
        archive_size: 0,
        sha256: String::new(),
        version: "1.0".into(),
        rating: None,
        note: None,
        repo: None,
        git_ref: None,
        commit: None,
        copies: Vec::new(),
        checked_at: None,
        damaged_at: None,
        protected: false,
    }
}

async fn a_multi_chunk_archive_round_trips_whatever_the_pieces(store: TestStore) {
    let bytes = archive(SIZE);
    for piece in [7_777, 1 << 20, 3 << 20] {
        let id = Id::generate();
        let mut feed = Feed::new(bytes.clone(), piece);
        let stored = store.blobs.put(&id, "big.zip", &mut feed).await.unwrap();
        assert_eq!(stored, SIZE as u64, "pieces of {piece}");
        assert!(
            blob(store.blobs.as_ref(), &id).await.unwrap() == bytes,
            "pieces of {piece}: the bytes differ"
        );
    }
}

async fn a_failed_put_leaves_nothing(store: TestStore) {
    let id = Id::generate();
    let mut feed = Feed {
        fail_at: MIDWAY,
        ..Feed::new(archive(SIZE), 100_000)
    };
    let refused = store.blobs.put(&id, "broken.zip", &mut feed).await;
    assert!(
        matches!(&refused, Err(StoreError::Archive { action: "store", source }) if source.to_string() == "the source broke"),
        "{refused:?}"
    );
    assert!(matches!(
        store.blobs.get(&id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.dump(&[Data::Blobs]).await,
        Vec::<String>::new(),
        "no row, file or chunk left"
    );
}

async fn a_put_in_progress_shows_nothing_and_holds_up_no_write(store: TestStore) {
    let (id, bytes) = (Id::generate(), archive(SIZE));
    let feed = Feed {
        stall_at: MIDWAY,
        ..Feed::new(bytes.clone(), 100_000)
    };
    let gate = feed.gate.clone();
    let blobs = store.blobs.clone();
    let putting = {
        let id = id.clone();
        tokio::spawn(async move {
            let mut feed = feed;
            blobs.put(&id, "big.zip", &mut feed).await
        })
    };
    // The store has taken (and written) everything before the stall and waits for more.
    gate.stalled.notified().await;
    assert!(
        store.blob_chunks().await >= 2,
        "chunks are stored as they come, not once the archive is whole"
    );
    assert!(matches!(
        store.blobs.get(&id).await,
        Err(StoreError::NotFound)
    ));
    // Another write goes through meanwhile: the embedded store's single writer is not held
    // for the whole archive.
    let other = record(&Id::generate());
    tokio::time::timeout(DEADLOCK, store.backups.insert(&other))
        .await
        .expect("a write while an archive is being stored")
        .unwrap();
    gate.open();
    let stored = tokio::time::timeout(DEADLOCK, putting)
        .await
        .expect("the put finishes")
        .unwrap()
        .unwrap();
    assert_eq!(stored, SIZE as u64);
    assert!(blob(store.blobs.as_ref(), &id).await.unwrap() == bytes);
}

async fn an_abandoned_put_is_swept_as_an_orphan(store: TestStore) {
    let id = Id::generate();
    let feed = Feed {
        stall_at: MIDWAY,
        ..Feed::new(archive(SIZE), 100_000)
    };
    let gate = feed.gate.clone();
    let blobs = store.blobs.clone();
    let putting = {
        let id = id.clone();
        tokio::spawn(async move {
            let mut feed = feed;
            blobs.put(&id, "big.zip", &mut feed).await
        })
    };
    gate.stalled.notified().await;
    // A crash or a kill: the put never finishes, nor cleans up.
    putting.abort();
    assert!(putting.await.unwrap_err().is_cancelled());
    assert!(matches!(
        store.blobs.get(&id).await,
        Err(StoreError::NotFound)
    ));
    store
        .blobs
        .remove_orphans(Utc::now() + chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        store.dump(&[Data::Blobs]).await,
        Vec::<String>::new(),
        "the unfinished archive is gone"
    );
}

/// `migrate` moves archives by streaming one store's reader into the other's put.
#[tokio::test]
async fn transfer_streams_a_multi_chunk_archive_between_the_stores_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = codevault::storage::sqlite::Sqlite::open(dir.path())
        .await
        .unwrap();
    let mongo = db::connect(&db::unique_name("blob_transfer")).await;
    let (id, bytes) = (Id::generate(), archive(SIZE));
    let mut feed = Feed::new(bytes.clone(), 1 << 16);
    sqlite
        .blobs()
        .put(&id, "there.zip", &mut feed)
        .await
        .unwrap();

    let mut there = sqlite.archive(&id).await.unwrap();
    assert_eq!(there.file_name, "there.zip");
    let copied = mongo
        .put_archive(&id, &there.file_name, &mut there.reader)
        .await
        .unwrap();
    assert_eq!(copied, SIZE as u64);
    assert!(read_all(mongo.archive(&id).await.unwrap().reader).await == bytes);

    // Back over an older copy under the same id, which it replaces.
    let mut back = mongo.archive(&id).await.unwrap();
    let other = tempfile::tempdir().unwrap();
    let target = codevault::storage::sqlite::Sqlite::open(other.path())
        .await
        .unwrap();
    target
        .blobs()
        .put(&id, "old.zip", &mut &b"old"[..])
        .await
        .unwrap();
    target
        .put_archive(&id, &back.file_name, &mut back.reader)
        .await
        .unwrap();
    let again = target.archive(&id).await.unwrap();
    assert_eq!(again.file_name, "there.zip");
    assert!(read_all(again.reader).await == bytes);
}

/// GridFS keeps an archive as numbered chunks: one missing, one cut short, or none left after
/// the files document is a read that fails, never a shorter archive read as whole.
#[tokio::test]
async fn a_gridfs_archive_with_a_chunk_missing_or_cut_short_fails_to_read() {
    use mongodb::bson::{Binary, Document, doc, spec::BinarySubtype};

    let mongo = db::connect(&db::unique_name("blob_chunks")).await;
    let chunks = mongo.database().collection::<Document>("backups.chunks");
    let bytes = archive(SIZE);
    let damages: [(&str, Document, Option<Document>); 3] = [
        ("a middle chunk missing", doc! { "n": 3 }, None),
        ("the last chunk missing", doc! { "n": 12 }, None),
        (
            "a chunk cut short",
            doc! { "n": 5 },
            Some(
                doc! { "$set": { "data": Binary { subtype: BinarySubtype::Generic, bytes: vec![1; 100] } } },
            ),
        ),
    ];
    for (damage, chunk, update) in damages {
        let id = Id::generate();
        let mut feed = Feed::new(bytes.clone(), 1 << 16);
        mongo.blobs().put(&id, "big.zip", &mut feed).await.unwrap();
        assert!(read_all(mongo.blobs().get(&id).await.unwrap()).await == bytes);
        let mut filter = chunk;
        filter.insert(
            "files_id",
            mongodb::bson::oid::ObjectId::parse_str(id.as_str()).unwrap(),
        );
        match update {
            None => assert_eq!(chunks.delete_one(filter).await.unwrap().deleted_count, 1),
            Some(update) => {
                assert_eq!(
                    chunks
                        .update_one(filter, update)
                        .await
                        .unwrap()
                        .modified_count,
                    1
                )
            }
        }
        let mut reader = mongo.blobs().get(&id).await.unwrap();
        let mut read = Vec::new();
        let failed = tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut read).await;
        assert!(
            failed.is_err(),
            "{damage}: read {} bytes as whole",
            read.len()
        );
    }
}
