//! Backups with history (format 1.1) through the writer, the verifier, the reader and the
//! parts: every version's entry is held to what a file's is.

use std::io::Cursor;

use zip::ZipArchive;

use super::manifest::{FORMAT_VERSION, HISTORY_FORMAT_VERSION, Manifest, sha256_hex};
use super::parts::{build_part, plan_parts};
use super::reader::{ReadError, ReadLimits, read_archive};
use super::test_support::{at, entry, header, raw_zip};
use super::writer::{ArchiveError, BackupWriter, EntrySource};
use super::{MANIFEST_NAME, VerifyError, verify};

/// `app.py` at version 3 (its versions 1 and 2 under other content, 2 under its old name),
/// and `lib.py` with no history.
fn with_history() -> (Vec<u8>, Manifest) {
    let mut writer = BackupWriter::new(Cursor::new(Vec::new())).with_history();
    writer
        .add(EntrySource {
            version: 3,
            ..entry("app.py", b"print(3)\n")
        })
        .unwrap();
    // The store sends versions newest first.
    writer
        .add_version(EntrySource {
            version: 2,
            updated_at: at(11),
            ..entry("old.py", b"print(2)\n")
        })
        .unwrap();
    writer
        .add_version(EntrySource {
            version: 1,
            updated_at: at(10),
            ..entry("app.py", b"print(1)\n")
        })
        .unwrap();
    writer.add(entry("lib.py", b"x = 1\n")).unwrap();
    let (out, manifest) = writer.finish(header()).unwrap();
    (out.into_inner(), manifest)
}

fn names(archive: &[u8]) -> Vec<String> {
    let zip = ZipArchive::new(Cursor::new(archive)).unwrap();
    zip.file_names()
        .map(|name| name.unwrap().into_owned())
        .collect()
}

/// `archive`'s entries with `manifest` as its metadata.json.
fn rewritten(archive: &[u8], manifest: &Manifest) -> Vec<u8> {
    let mut zip = ZipArchive::new(Cursor::new(archive)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for index in 0..zip.len() {
        let mut file = zip.by_index(index).unwrap();
        let name = file.name().unwrap().into_owned();
        if name == MANIFEST_NAME {
            continue;
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        entries.push((name, bytes));
    }
    let json = manifest.to_json();
    let mut all: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    all.push((MANIFEST_NAME, &json));
    raw_zip(&all, true)
}

#[test]
fn versions_get_entries_of_their_own_and_the_manifest_lists_them_oldest_first() {
    let (archive, manifest) = with_history();
    assert_eq!(manifest.version, HISTORY_FORMAT_VERSION);
    assert_eq!(
        names(&archive),
        [
            "app.py",
            "versions/old (v2).py",
            "versions/app (v1).py",
            "lib.py",
            MANIFEST_NAME
        ]
    );
    let app = &manifest.files[0];
    let listed: Vec<(u32, &str, &str, Option<&str>)> = app
        .versions
        .iter()
        .map(|v| {
            (
                v.version,
                v.path.as_str(),
                v.sha256.as_str(),
                v.file_name.as_deref(),
            )
        })
        .collect();
    let (one, two) = (sha256_hex(b"print(1)\n"), sha256_hex(b"print(2)\n"));
    assert_eq!(
        listed,
        [
            (1, "versions/app (v1).py", one.as_str(), None),
            (2, "versions/old (v2).py", two.as_str(), Some("old.py")),
        ]
    );
    assert_eq!(
        (app.versions[0].created_at, app.versions[1].created_at),
        (at(10), at(11))
    );
    assert!(manifest.files[1].versions.is_empty());
    assert_eq!((manifest.total_files, manifest.total_size), (2, 15));
    assert_eq!(manifest.version_count(), 2);
    assert_eq!(verify(&archive).unwrap(), manifest);
}

#[test]
fn a_backup_without_versions_stays_format_1_0_and_writes_no_versions_key() {
    let mut writer = BackupWriter::new(Cursor::new(Vec::new())).with_history();
    writer.add(entry("a.py", b"a")).unwrap();
    let (out, manifest) = writer.finish(header()).unwrap();
    assert_eq!(manifest.version, FORMAT_VERSION);
    let json = String::from_utf8(manifest.to_json()).unwrap();
    assert!(!json.contains("versions"), "{json}");
    assert_eq!(verify(out.into_inner()).unwrap(), manifest);
}

#[test]
fn a_version_needs_a_file_before_it_and_a_writer_with_history() {
    let mut first = BackupWriter::new(Cursor::new(Vec::new())).with_history();
    assert!(matches!(
        first.add_version(entry("a.py", b"a")),
        Err(ArchiveError::VersionOutOfPlace)
    ));
    let mut plain = BackupWriter::new(Cursor::new(Vec::new()));
    plain.add(entry("a.py", b"a")).unwrap();
    assert!(matches!(
        plain.add_version(entry("a.py", b"b")),
        Err(ArchiveError::VersionOutOfPlace)
    ));
}

#[test]
fn a_file_named_like_the_versions_folder_takes_another_name() {
    let mut writer = BackupWriter::new(Cursor::new(Vec::new())).with_history();
    writer.add(entry("versions", b"a")).unwrap();
    writer.add_version(entry("versions", b"b")).unwrap();
    let (out, manifest) = writer.finish(header()).unwrap();
    let archive = out.into_inner();
    assert_eq!(
        names(&archive),
        ["versions (2)", "versions/versions (v1)", MANIFEST_NAME]
    );
    assert_eq!(verify(&archive).unwrap(), manifest);
}

#[test]
fn the_reader_gives_each_file_its_checked_versions() {
    let (archive, _) = with_history();
    let read = read_archive(&archive, None, &ReadLimits::default()).unwrap();
    assert!(read.codevault_backup.is_some());
    let paths: Vec<&str> = read.files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, ["app.py", "lib.py"], "versions are not files");
    let history: Vec<(u32, &str, Option<&str>)> = read.files[0]
        .history
        .iter()
        .map(|v| (v.version, v.code.as_str(), v.file_name.as_deref()))
        .collect();
    assert_eq!(
        history,
        [(1, "print(1)\n", None), (2, "print(2)\n", Some("old.py"))]
    );
    assert_eq!(read.files[0].history[1].created_at, at(11));
    assert!(read.files[1].history.is_empty());
}

#[test]
fn a_version_whose_bytes_differ_from_its_sha256_is_refused_by_both_checks() {
    let (archive, mut manifest) = with_history();
    manifest.files[0].versions[0].sha256 = sha256_hex(b"something else");
    let tampered = rewritten(&archive, &manifest);
    assert_eq!(
        verify(&tampered),
        Err(VerifyError::ChecksumMismatch("versions/app (v1).py".into()))
    );
    assert_eq!(
        read_archive(&tampered, None, &ReadLimits::default()),
        Err(ReadError::ChecksumMismatch("versions/app (v1).py".into()))
    );
}

#[test]
fn an_unsafe_missing_or_doubly_listed_version_path_is_refused() {
    let (archive, manifest) = with_history();
    let limits = ReadLimits::default();

    let mut unsafe_path = manifest.clone();
    unsafe_path.files[0].versions[0].path = "../app.py".to_owned();
    let refused = read_archive(rewritten(&archive, &unsafe_path), None, &limits);
    assert_eq!(refused, Err(ReadError::UnsafePath("../app.py".into())));

    let mut missing = manifest.clone();
    missing.files[0].versions[0].path = "versions/nowhere.py".to_owned();
    let rewritten_missing = rewritten(&archive, &missing);
    assert_eq!(
        read_archive(&rewritten_missing, None, &limits),
        Err(ReadError::ChecksumMismatch("versions/nowhere.py".into()))
    );
    // The entry it no longer lists is a stranger to the verifier.
    assert_eq!(
        verify(&rewritten_missing),
        Err(VerifyError::UnexpectedEntry("versions/app (v1).py".into()))
    );

    let mut twice = manifest;
    twice.files[0].versions[1].path = "lib.py".to_owned();
    let doubled = rewritten(&archive, &twice);
    assert!(matches!(
        read_archive(&doubled, None, &limits),
        Err(ReadError::BadManifest(_))
    ));
    assert!(matches!(verify(&doubled), Err(VerifyError::BadManifest(_))));
}

#[test]
fn a_foreign_manifest_with_versions_is_read_as_plain_files() {
    let (archive, mut manifest) = with_history();
    manifest.app = "another tool".to_owned();
    let read = read_archive(rewritten(&archive, &manifest), None, &ReadLimits::default()).unwrap();
    assert!(read.codevault_backup.is_none());
    assert!(read.files.iter().all(|file| file.history.is_empty()));
    assert_eq!(
        read.files.len(),
        4,
        "the version entries are files like any other"
    );
}

#[test]
fn a_part_carries_its_files_versions_and_verifies_alone() {
    let (archive, manifest) = with_history();
    let plans = plan_parts(&archive, &manifest, 4096).unwrap();
    assert_eq!(plans.len(), 1);
    let part = build_part(
        &archive,
        &manifest,
        &plans[0],
        0,
        1,
        Cursor::new(Vec::new()),
    )
    .unwrap()
    .into_inner();
    let read_back = verify(&part).unwrap();
    assert_eq!(read_back.files, manifest.files);
    assert_eq!(read_back.version, HISTORY_FORMAT_VERSION);
}
