//! A measurement, not a test: the memory a large Drive upload adds to this process. A 300 MB
//! file is uploaded from disk through the real Google client to the fake Google (which only
//! counts and hashes what it receives, so it holds no more than the chunk in flight), and the
//! process's peak resident memory (`VmHWM`) is read before and after; the figure covers the
//! client and the fake alike (each holds about one chunk). Ignored; run it with
//! `scripts/test --release --test measure_drive -- --ignored --nocapture` (glibc keeps freed
//! chunk buffers resident for reuse: `MALLOC_MMAP_THRESHOLD_=131072` shows the live memory).

mod support;

use std::{io::Write, time::Instant};

use codevault::{domain::progress::Unwatched, integrations::transfer::FileSource};
use md5::{Digest, Md5};
use support::google::client::{Setup, USER, connected_with};

const MB: u64 = 1_000_000;
const SIZE: u64 = 300 * MB;

/// A `/proc/self/status` figure in bytes (`VmHWM`, `VmRSS`).
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status
        .lines()
        .find(|line| line.starts_with(field))
        .unwrap_or_else(|| panic!("no {field}"));
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

/// Starts the peak again from the current resident size (Linux `clear_refs` 5), so that the
/// peak read after the upload is the upload's; answers whether it could.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// `SIZE` bytes that do not compress, written a megabyte at a time; their MD5.
fn generate(path: &std::path::Path) -> String {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut md5 = Md5::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut block = vec![0u8; MB as usize];
    for _ in 0..SIZE / MB {
        for byte in &mut block {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = state as u8;
        }
        md5.update(&block);
        file.write_all(&block).unwrap();
    }
    file.flush().unwrap();
    hex::encode(md5.finalize())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn a_300_mb_drive_upload_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.zip");
    let md5 = generate(&path);
    // `MEASURE_CHUNK_MIB` picks another chunk size than the default 8 MiB.
    let chunk_mib = std::env::var("MEASURE_CHUNK_MIB").ok();
    let chunk_mib: Option<u64> = chunk_mib.map(|mib| mib.parse().expect("MiB"));
    let (Setup { fake, client, .. }, folder) = connected_with(|settings| {
        if let Some(mib) = chunk_mib {
            settings.resumable_chunk_bytes = mib << 20;
        }
    })
    .await;
    fake.count_upload_bytes_only();
    let chunk = client.settings().resumable_chunk_bytes;
    let source = FileSource::open(&path).await.unwrap();

    let reset = reset_peak();
    let (rss, peak_before) = (status_bytes("VmRSS:"), status_bytes("VmHWM:"));
    let started = Instant::now();
    let file = client
        .upload(USER, &folder, "big.zip", &source, "b-big", &Unwatched)
        .await
        .unwrap();
    let took = started.elapsed();
    let peak = status_bytes("VmHWM:");

    assert_eq!(file.size, Some(SIZE as i64));
    assert_eq!(file.md5.as_deref(), Some(md5.as_str()));
    let base = if reset { rss } else { peak_before };
    println!(
        "Drive upload of {} MB from a file in {} MiB chunks: {:.1} s; resident before {:.1} MB, \
         peak during {:.1} MB: +{:.1} MB (peak {})",
        SIZE / MB,
        chunk >> 20,
        took.as_secs_f64(),
        rss as f64 / 1e6,
        peak as f64 / 1e6,
        peak.saturating_sub(base) as f64 / 1e6,
        if reset {
            "reset before the upload"
        } else {
            "of the whole process"
        },
    );
}
