use std::io::{Cursor, Read};

use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use super::*;
use crate::archive::{
    BackupWriter,
    test_support::{entry, header, noise_hex},
    verify,
};

fn noise(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 253) as u8).collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Everything a finished archive gives back, read every way it can be.
async fn read_back(spooled: &Spooled) -> [Vec<u8>; 3] {
    let mut through_source = Vec::new();
    spooled
        .source()
        .read_to_end(&mut through_source)
        .expect("the source reads");
    let mut streamed = Vec::new();
    spooled
        .async_reader()
        .read_to_end(&mut streamed)
        .await
        .expect("the stream reads");
    let whole = spooled.to_vec().await.expect("the bytes read");
    [through_source, streamed, whole]
}

#[tokio::test]
async fn up_to_the_threshold_stays_in_memory_past_it_goes_to_a_file() {
    let bytes = noise(3 * CHUNK + 5);
    for (limit, in_memory) in [(bytes.len() as u64, true), (bytes.len() as u64 - 1, false)] {
        let mut spool = Spool::new(limit);
        for piece in bytes.chunks(1000) {
            spool.write_all(piece).unwrap();
        }
        assert_eq!(spool.len(), bytes.len() as u64);
        let spooled = spool.finish().unwrap();
        assert_eq!(spooled.is_in_memory(), in_memory, "threshold {limit}");
        assert_eq!(spooled.bytes().is_some(), in_memory);
        assert_eq!(spooled.len(), bytes.len() as u64);
        assert_eq!(spooled.sha256_hex(), sha256(&bytes));
        for read in read_back(&spooled).await {
            assert!(
                read == bytes,
                "threshold {limit}: {} bytes read",
                read.len()
            );
        }
        // Clones share the bytes and read on their own.
        let clone = spooled.clone();
        drop(spooled);
        assert_eq!(clone.to_vec().await.unwrap(), bytes);
    }
}

#[test]
fn a_spool_is_only_appended_to() {
    let mut spool = Spool::new(0);
    spool.write_all(b"abc").unwrap();
    assert_eq!(spool.stream_position().unwrap(), 3);
    assert_eq!(spool.seek(SeekFrom::End(0)).unwrap(), 3);
    assert_eq!(spool.seek(SeekFrom::Start(3)).unwrap(), 3);
    for away in [SeekFrom::Start(0), SeekFrom::Current(-1), SeekFrom::End(1)] {
        let refused = spool.seek(away).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::Unsupported, "{away:?}");
    }
    spool.write_all(b"d").unwrap();
    let spooled = spool.finish().unwrap();
    assert_eq!(spooled.sha256_hex(), sha256(b"abcd"));
}

/// The backup writer only ever appends, so a backup can be hashed as it is written, and it
/// reads back from a file as from memory.
#[test]
fn a_backup_written_to_a_spool_is_hashed_as_written_and_verifies_from_it() {
    let codes: Vec<String> = (0..40).map(|i| noise_hex(i, 3000)).collect();
    for limit in [u64::MAX, 0] {
        let mut writer = BackupWriter::new(Spool::new(limit));
        for (i, code) in codes.iter().enumerate() {
            writer
                .add(entry(&format!("f{i}.py"), code.as_bytes()))
                .unwrap();
        }
        let (spool, manifest) = writer.finish(header()).unwrap();
        let spooled = spool.finish().unwrap();
        assert_eq!(spooled.is_in_memory(), limit > 0);
        let mut bytes = Vec::new();
        spooled.source().read_to_end(&mut bytes).unwrap();
        assert_eq!(spooled.sha256_hex(), sha256(&bytes));
        assert_eq!(verify(spooled.source()), Ok(manifest.clone()));
        // The same archive as one written to memory.
        let mut in_memory = BackupWriter::new(Cursor::new(Vec::new()));
        for (i, code) in codes.iter().enumerate() {
            in_memory
                .add(entry(&format!("f{i}.py"), code.as_bytes()))
                .unwrap();
        }
        assert_eq!(in_memory.finish(header()).unwrap().0.into_inner(), bytes);
    }
}

#[tokio::test]
async fn an_async_spool_gathers_pieces_into_memory_or_a_file() {
    let bytes = noise(2 * BATCH + 777);
    for limit in [u64::MAX, BATCH as u64, 0] {
        let mut spool = AsyncSpool::new(limit);
        assert!(spool.is_empty());
        for piece in bytes.chunks(10_000) {
            spool.write(piece).await.unwrap();
        }
        assert_eq!(spool.len(), bytes.len() as u64);
        let spooled = spool.finish().await.unwrap();
        assert_eq!(
            spooled.is_in_memory(),
            limit == u64::MAX,
            "threshold {limit}"
        );
        assert_eq!(spooled.sha256_hex(), sha256(&bytes));
        for read in read_back(&spooled).await {
            assert!(read == bytes, "threshold {limit}");
        }
    }
    let copied = spool_reader(&mut &bytes[..], 0).await.unwrap();
    assert!(!copied.is_in_memory());
    assert_eq!(copied.to_vec().await.unwrap(), bytes);
    let empty = spool_reader(&mut &b""[..], 0).await.unwrap();
    assert!(empty.is_empty() && empty.is_in_memory());
    assert_eq!(empty.sha256_hex(), sha256(b""));
}

#[tokio::test]
async fn a_file_backed_archive_reopens_by_path_at_its_start() {
    let bytes = noise(100_000);
    let mut spool = Spool::new(0);
    spool.write_all(&bytes).unwrap();
    let spooled = spool.finish().unwrap();
    let path = spooled.reopenable_path().expect("a path under /proc");
    for _ in 0..2 {
        assert!(
            std::fs::read(&path).unwrap() == bytes,
            "read anew each time"
        );
    }
    assert_eq!(Spooled::from_bytes(bytes).reopenable_path(), None);
}
