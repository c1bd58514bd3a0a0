use std::io::{Cursor, Write};

use proptest::prelude::*;
use zip::write::SimpleFileOptions;

use super::*;
use crate::archive::test_support::{repack, repo_header as header, zipball};
use crate::archive::{read_archive, reader::ReadLimits, verify};
use crate::domain::{
    backup::BackupKind,
    progress::{Progress, Unit},
};

#[test]
fn keeps_every_file_byte_for_byte_and_records_the_origin() {
    let files: [(&str, &[u8]); 3] = [
        ("README.md", b"# Hello\n"),
        ("src/main.rs", b"fn main() {}\n"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\0\0binary"),
    ];
    let Repackaged {
        archive,
        manifest,
        left_out,
    } = repack(&zipball(&files), header(), 1 << 20).unwrap();
    assert_eq!(verify(&archive).unwrap(), manifest);
    let links = LeftOut {
        symlinks: 1,
        unsafe_names: 0,
    };
    assert_eq!(left_out, links);
    // No limit at all must not overflow the budget (it once read every file as empty).
    let unlimited = repack(&zipball(&files), header(), u64::MAX).unwrap();
    assert_eq!(unlimited.archive, archive);
    assert_eq!(manifest.repo.as_deref(), Some("octocat/hello"));
    assert_eq!(manifest.git_ref.as_deref(), Some("main"));
    assert_eq!(manifest.commit.as_deref(), Some("a".repeat(40).as_str()));
    assert_eq!(manifest.backup_type, BackupKind::GithubRepoZip);
    let listed: Vec<(&str, &str, &str)> = manifest
        .files
        .iter()
        .map(|f| {
            (
                f.file_name.as_str(),
                f.path.as_str(),
                f.programming_language.as_str(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("README.md", "octocat-hello-abc1234/README.md", "markdown"),
            ("src/main.rs", "octocat-hello-abc1234/src/main.rs", "rust"),
            ("logo.png", "octocat-hello-abc1234/logo.png", "text"),
        ]
    );
    let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
    let mut main = String::new();
    zip.by_name("octocat-hello-abc1234/src/main.rs")
        .unwrap()
        .read_to_string(&mut main)
        .unwrap();
    assert_eq!(main, "fn main() {}\n");
    assert!(zip.by_name("octocat-hello-abc1234/link").is_err());
}

#[test]
fn a_kept_repository_splits_into_parts_that_each_verify() {
    // Hash output does not compress, so each file takes its full 3 KB in the archive.
    let big: Vec<Vec<u8>> = (0..6u8)
        .map(|n| {
            (0..100u8)
                .flat_map(|i| Sha256::digest([n, i]).to_vec())
                .collect()
        })
        .collect();
    let names: Vec<String> = (0..6).map(|n| format!("src/blob_{n}.bin")).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&big)
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let Repackaged {
        archive, manifest, ..
    } = repack(&zipball(&files), header(), 1 << 20).unwrap();
    let plans = crate::archive::parts::plan_parts(&archive, &manifest, 8 * 1024).unwrap();
    assert!(plans.len() > 1, "{} parts", plans.len());
    let mut listed = 0;
    for index in 0..plans.len() {
        let part = crate::archive::parts::build_part(
            &archive,
            &manifest,
            &plans[index],
            index,
            plans.len(),
            Cursor::new(Vec::new()),
        )
        .unwrap()
        .into_inner();
        let part_manifest = verify(&part).unwrap();
        assert_eq!(part_manifest.repo.as_deref(), Some("octocat/hello"));
        listed += part_manifest.files.len();
    }
    assert_eq!(listed, manifest.files.len());
}

/// Found by fuzzing: the central directory says 1539 bytes where the entry holds 1; copied
/// raw, the archive kept would not verify.
#[test]
fn refuses_entries_whose_sizes_disagree() {
    let crash: [u8; 208] = [
        80, 75, 3, 4, 20, 0, 0, 0, 0, 0, 112, 63, 118, 93, 131, 22, 220, 140, 1, 0, 0, 0, 1, 0, 0,
        0, 7, 0, 0, 0, 116, 111, 112, 46, 116, 120, 116, 120, 80, 75, 3, 4, 20, 0, 0, 0, 0, 0, 112,
        63, 118, 93, 21, 38, 219, 251, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 100, 105, 114, 47, 97,
        46, 116, 120, 116, 121, 80, 75, 1, 2, 20, 3, 20, 0, 0, 0, 0, 0, 112, 63, 118, 93, 131, 22,
        220, 140, 1, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 1, 0, 0, 0, 0,
        116, 111, 112, 46, 116, 120, 116, 80, 75, 1, 2, 20, 3, 20, 0, 0, 0, 0, 0, 112, 63, 118, 93,
        21, 38, 219, 251, 1, 0, 0, 0, 3, 6, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 1, 38,
        0, 0, 0, 100, 105, 114, 47, 97, 46, 116, 120, 116, 80, 75, 5, 6, 0, 0, 0, 0, 2, 0, 2, 0,
        108, 0, 0, 0, 78, 0, 0, 0, 0, 0,
    ];
    assert!(matches!(
        repack(&crash, header(), 1 << 20).unwrap_err(),
        RepackError::Corrupt(_)
    ));
}

#[test]
fn refuses_what_is_not_a_repository_archive() {
    assert_eq!(
        repack(b"not a zip", header(), 1 << 20).unwrap_err(),
        RepackError::NotAZip
    );
    assert_eq!(
        repack(&zipball(&[]), header(), 1 << 20).unwrap_err(),
        RepackError::Empty
    );
    let big = vec![b'x'; 4096];
    let files: [(&str, &[u8]); 2] = [("a.txt", &big), ("b.txt", &big)];
    assert_eq!(
        repack(&zipball(&files), header(), 6000).unwrap_err(),
        RepackError::TooLarge(6000)
    );
}

/// Git allows a backslash in a name, and a hostile server sends anything: what the importer
/// would refuse is left out and counted, the rest kept, and the kept archive reads back.
#[test]
fn names_the_importer_would_refuse_are_left_out_and_counted() {
    let top = "octocat-hello-abc1234";
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let entries: [(String, &[u8]); 10] = [
        (format!("{top}/README.md"), b"# Hello\n"),
        ("/tmp/evil.py".to_owned(), b"evil"),
        ("C:/evil.py".to_owned(), b"evil"),
        (format!("{top}/..\\..\\evil.py"), b"evil"),
        (format!("{top}/a\\b.py"), b"evil"),
        (format!("{top}/trailing\\"), b"evil"),
        (format!("{top}/src/../../evil.py"), b"evil"),
        (format!("{top}/src//odd.py"), b"evil"),
        ("metadata.json".to_owned(), b"{}"),
        (format!("{top}/src/lib.rs"), b"pub fn f() {}\n"),
    ];
    for (name, bytes) in &entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.start_file(format!("{top}/XYZ.py"), options).unwrap();
    zip.write_all(b"not utf-8").unwrap();
    zip.add_symlink(format!("{top}/link"), "/etc/passwd", options)
        .unwrap();
    let mut zipball = zip.finish().unwrap().into_inner();
    // `XYZ.py` becomes a name that is not UTF-8, in its local header and its central record.
    let at: Vec<usize> = (0..zipball.len() - 3)
        .filter(|&at| &zipball[at..at + 3] == b"XYZ")
        .collect();
    assert_eq!(at.len(), 2);
    for at in at {
        zipball[at] = 0xFF;
    }

    let repackaged = repack(&zipball, header(), 1 << 20).unwrap();
    let expected = LeftOut {
        symlinks: 1,
        unsafe_names: 9,
    };
    assert_eq!(repackaged.left_out, expected);
    assert_eq!(verify(&repackaged.archive).unwrap(), repackaged.manifest);
    let listed: Vec<(&str, &str)> = repackaged
        .manifest
        .files
        .iter()
        .map(|file| (file.file_name.as_str(), file.path.as_str()))
        .collect();
    let (readme, lib) = (format!("{top}/README.md"), format!("{top}/src/lib.rs"));
    assert_eq!(
        listed,
        [("README.md", readme.as_str()), ("src/lib.rs", lib.as_str())]
    );
    let kept = ZipArchive::new(Cursor::new(repackaged.archive.as_slice())).unwrap();
    let mut names: Vec<String> = kept
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    names.sort_unstable();
    assert_eq!(names, [MANIFEST_NAME, readme.as_str(), lib.as_str()]);
    let read = read_archive(&repackaged.archive, None, &ReadLimits::default()).unwrap();
    assert_eq!(read.files.len(), 2);
}

#[test]
fn a_zipball_of_nothing_storable_is_empty() {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    zip.start_file("/etc/evil.py", options).unwrap();
    zip.write_all(b"evil").unwrap();
    let zipball = zip.finish().unwrap().into_inner();
    assert_eq!(
        repack(&zipball, header(), 1 << 20).unwrap_err(),
        RepackError::Empty
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The repackager is never laxer than the importer: whatever names a zipball holds, what
    /// it keeps verifies and reads back, and every file is either kept or counted.
    #[test]
    fn whatever_is_kept_reads_back(names in prop::collection::btree_set(crate::archive::reader::path_props::name(), 1..6)) {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        let mut files = 0;
        for (n, name) in names.iter().chain([&"top/keep.py".to_owned()]).enumerate() {
            // zip's writer takes any name but one it already holds.
            if zip.start_file(name.as_str(), options).is_ok() {
                zip.write_all(format!("x = {n}\n").as_bytes()).unwrap();
                files += usize::from(!name.ends_with('/'));
            }
        }
        let zipball = zip.finish().unwrap().into_inner();
        let repackaged = repack(&zipball, header(), 1 << 20).unwrap();
        prop_assert_eq!(verify(&repackaged.archive), Ok(repackaged.manifest.clone()));
        let limits = ReadLimits::default().for_verified_backup();
        let read = read_archive(&repackaged.archive, None, &limits);
        prop_assert!(read.is_ok(), "{:?} from {:?}", read, names);
        let kept = repackaged.manifest.files.len();
        prop_assert_eq!(kept + repackaged.left_out.unsafe_names, files, "{:?}", names);
    }
}

/// Counts what it is told, and asks to stop after `stop_after` files.
struct StopAfter {
    seen: std::sync::Mutex<Vec<(u64, Option<u64>)>>,
    stop_after: u64,
}

impl Progress for StopAfter {
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>) {
        assert_eq!(unit, Unit::Files);
        self.seen.lock().unwrap().push((done, total));
    }

    fn cancelled(&self) -> bool {
        self.seen.lock().unwrap().len() as u64 >= self.stop_after
    }
}

#[test]
fn counts_the_files_it_copies_and_stops_when_cancelled() {
    let files: [(&str, &[u8]); 3] = [("a.txt", b"a"), ("b.txt", b"b"), ("c.txt", b"c")];
    let zipball = zipball(&files);
    let all = StopAfter {
        seen: Default::default(),
        stop_after: u64::MAX,
    };
    let out = Cursor::new(Vec::new());
    repackage(zipball.as_slice(), header(), 1 << 20, out, &all).unwrap();
    assert_eq!(
        *all.seen.lock().unwrap(),
        [(1, Some(3)), (2, Some(3)), (3, Some(3))]
    );
    let stopped = StopAfter {
        seen: Default::default(),
        stop_after: 2,
    };
    let out = Cursor::new(Vec::new());
    let refused = repackage(zipball.as_slice(), header(), 1 << 20, out, &stopped);
    assert_eq!(refused.unwrap_err(), RepackError::Cancelled);
    assert_eq!(
        stopped.seen.lock().unwrap().len(),
        2,
        "no file after the cancel"
    );
}
