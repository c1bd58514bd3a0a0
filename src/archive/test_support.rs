//! Archives for the tests of the archive modules (and of the services reading them) to check
//! and break.

use std::io::{Cursor, Write};

use chrono::{DateTime, TimeZone, Utc};
use zip::{ZipWriter, write::SimpleFileOptions};

use super::manifest::{Manifest, ManifestHeader, sha256_hex};
use super::repo_zip::{RepackError, Repackaged, repackage};
use super::writer::{BackupWriter, EntrySource};
use crate::domain::{backup::BackupKind, progress::Unwatched};

/// What Python prints running `script` on the archive at `path` (its `sys.argv[1]`): users open
/// backups with other tools, and `zipfile` is one the tests can run. Fails on its failure.
pub fn python_on(script: &str, path: &std::path::Path) -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, day, 10, 30, 0).unwrap()
}

pub fn header() -> ManifestHeader {
    ManifestHeader {
        backup_id: "0123456789abcdef01234567".to_owned(),
        backup_type: BackupKind::FullBackup,
        created_at: at(15),
        user_id: 123_456_789,
        app: "codevault 0.1.0".to_owned(),
        part: None,
        repo: None,
        git_ref: None,
        commit: None,
    }
}

pub fn entry<'a>(file_name: &'a str, code: &'a [u8]) -> EntrySource<'a> {
    EntrySource {
        file_name,
        language: "python",
        note: None,
        tags: &[],
        version: 1,
        code,
        created_at: at(10),
        updated_at: at(12),
    }
}

/// The header of a repository backup of `octocat/hello`.
pub fn repo_header() -> ManifestHeader {
    ManifestHeader {
        backup_id: "0123456789abcdef01234567".to_owned(),
        backup_type: BackupKind::GithubRepoZip,
        created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
        user_id: 7,
        app: "codevault test".to_owned(),
        part: None,
        repo: Some("octocat/hello".to_owned()),
        git_ref: Some("main".to_owned()),
        commit: Some("a".repeat(40)),
    }
}

/// A zipball as GitHub shapes it: one top folder, directory entries, a symlink.
pub fn zipball(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    zip.add_directory("octocat-hello-abc1234/", options)
        .unwrap();
    zip.add_directory("octocat-hello-abc1234/src/", options)
        .unwrap();
    for (name, bytes) in files {
        zip.start_file(format!("octocat-hello-abc1234/{name}"), options)
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.add_symlink("octocat-hello-abc1234/link", "/etc/passwd", options)
        .unwrap();
    zip.finish().unwrap().into_inner()
}

/// `zipball` kept as a repository backup in memory, nobody watching.
pub fn repack(
    zipball: &[u8],
    header: ManifestHeader,
    max_total_bytes: u64,
) -> Result<Repackaged<Vec<u8>>, RepackError> {
    let out = Cursor::new(Vec::new());
    let repackaged = repackage(zipball, header, max_total_bytes, out, &Unwatched)?;
    Ok(Repackaged {
        archive: repackaged.archive.into_inner(),
        manifest: repackaged.manifest,
        left_out: repackaged.left_out,
    })
}

/// A backup of `files` (name, code) made by [`BackupWriter`].
pub fn backup(files: &[(&str, &[u8])]) -> (Vec<u8>, Manifest) {
    backup_with(header(), files)
}

pub fn backup_with(header: ManifestHeader, files: &[(&str, &[u8])]) -> (Vec<u8>, Manifest) {
    let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
    for &(name, code) in files {
        writer.add(entry(name, code)).unwrap();
    }
    let (out, manifest) = writer.finish(header).unwrap();
    (out.into_inner(), manifest)
}

/// A hand-made archive with these entries, stored or deflated, for shapes the writer never makes.
pub fn raw_zip(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = SimpleFileOptions::default().compression_method(method);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for &(name, bytes) in entries {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// `len` hex digits with no repeats for deflate to find: chained SHA-256 from `seed`.
pub fn noise_hex(seed: u64, len: usize) -> String {
    let mut text = String::with_capacity(len + 64);
    let mut block = sha256_hex(&seed.to_le_bytes());
    while text.len() < len {
        text.push_str(&block);
        block = sha256_hex(block.as_bytes());
    }
    text.truncate(len);
    text
}
