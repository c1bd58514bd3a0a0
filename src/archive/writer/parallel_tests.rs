//! The windowed, multi-threaded writer against the plain sequential way of writing the same
//! entries, and against the readers that check backups.

use std::io::{Cursor, Read, Write};
use std::num::NonZeroUsize;

use chrono::{DateTime, Utc};
use zip::{CompressionMethod, ZipArchive, ZipWriter, write::SimpleFileOptions};

use super::window::{WINDOW_BYTES, WINDOW_ENTRIES, WINDOWS_IN_FLIGHT};
use super::{BackupWriter, zip_time};
use crate::archive::test_support::{at, entry, header, noise_hex, python_on};
use crate::archive::{Manifest, ReadLimits, read_archive, sha256_hex, verify};

/// Entries for more windows than are left deflating at once, of uneven sizes (empty, tiny,
/// noisy, one past the window's bytes on its own), so windows are written while others
/// deflate, and the work is shared unevenly.
fn library() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = (0..WINDOW_ENTRIES * (WINDOWS_IN_FLIGHT + 2) + 37)
        .map(|i| {
            let code = match i % 5 {
                0 => Vec::new(),
                1 => format!("print({i})\n").into_bytes(),
                2 => noise_hex(i as u64, 3000 + i).into_bytes(),
                _ => format!("def f_{i}():\n    return {i}\n")
                    .repeat(i % 40 + 1)
                    .into_bytes(),
            };
            (format!("dir/module_{i}.py"), code)
        })
        .collect();
    let big = noise_hex(7, WINDOW_BYTES / 4).into_bytes().repeat(5);
    files.insert(300, ("big.txt".to_owned(), big));
    files
}

fn build(files: &[(String, Vec<u8>)], threads: usize) -> (Vec<u8>, Manifest) {
    let threads = NonZeroUsize::new(threads).unwrap();
    let mut writer = BackupWriter::with_threads(Cursor::new(Vec::new()), threads);
    for (name, code) in files {
        writer.add(entry(name, code)).unwrap();
    }
    let (out, manifest) = writer.finish(header()).unwrap();
    (out.into_inner(), manifest)
}

fn file_options(modified: DateTime<Utc>) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip_time(modified))
        .unix_permissions(0o644)
}

/// Each entry the way the writer made them before it had windows: `start_file`, then the code
/// deflated as it is written.
fn sequential(manifest: &Manifest, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (file, (_, code)) in manifest.files.iter().zip(files) {
        let options = file_options(at(12)).large_file(false);
        zip.start_file(file.path.as_str(), options).unwrap();
        zip.write_all(code).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Name, CRC-32, size and contents of every entry, in archive order (not the deflated size:
/// the reference deflates with zlib, the writer with libdeflate).
fn entries(archive: &[u8]) -> Vec<(String, u32, u64, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(archive)).unwrap();
    (0..zip.len())
        .map(|index| {
            let mut entry = zip.by_index(index).unwrap();
            let mut code = Vec::new();
            entry.read_to_end(&mut code).unwrap();
            let name = entry.name().unwrap().into_owned();
            (name, entry.crc32(), entry.size(), code)
        })
        .collect()
}

#[test]
fn many_threads_write_the_same_entries_as_one_at_a_time() {
    let files = library();
    let (parallel, manifest) = build(&files, 4);
    let reference = sequential(&manifest, &files);
    let mut written = entries(&parallel);
    assert_eq!(written.pop().unwrap().0, crate::archive::MANIFEST_NAME);
    assert_eq!(written, entries(&reference));
    for ((file, (_, code)), (name, ..)) in manifest.files.iter().zip(&files).zip(&written) {
        assert_eq!((&file.path, &file.sha256), (name, &sha256_hex(code)));
    }
}

#[test]
fn the_archive_is_the_same_bytes_for_any_number_of_threads_and_any_run() {
    let files = library();
    let (one, manifest) = build(&files, 1);
    for threads in [2, 3, 8, 8] {
        let (many, again) = build(&files, threads);
        assert!(many == one, "{threads} threads wrote other bytes");
        assert_eq!(again, manifest);
    }
}

#[test]
fn the_parallel_archive_passes_both_readers() {
    let files = library();
    let (archive, manifest) = build(&files, 4);
    assert_eq!(verify(&archive).unwrap(), manifest);
    let read = read_archive(&archive, None, &ReadLimits::default()).unwrap();
    assert_eq!(read.files.len(), files.len());
    assert_eq!(
        read.codevault_backup.as_deref(),
        Some(header().backup_id.as_str())
    );
}

/// Users open backups with other tools: Python's `zipfile` (the same checks as `unzip -t`:
/// every header, CRC-32 and size) reads every entry back as it went in.
#[test]
fn other_tools_read_every_entry_back() {
    let mut files = library();
    files.push(("ünïcode/кот.py".to_owned(), b"print('meow')\n".to_vec()));
    let (archive, manifest) = build(&files, 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    std::fs::write(&path, &archive).unwrap();
    let script = "import hashlib, sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  assert z.testzip() is None\n\
                  for i in z.infolist():\n    \
                      print(i.filename, oct(i.external_attr >> 16), hashlib.sha256(z.read(i)).hexdigest())\n";
    let listed = python_on(script, &path);
    let expected: Vec<String> = manifest
        .files
        .iter()
        .map(|file| format!("{} 0o100644 {}", file.path, file.sha256))
        .collect();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1);
    assert_eq!(&lines[..expected.len()], &expected[..]);
    assert!(lines[expected.len()].starts_with("metadata.json 0o100644 "));
}
