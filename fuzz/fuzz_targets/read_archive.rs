//! Arbitrary bytes into the ZIP reader: it never panics, and what it returns keeps its promises.
#![no_main]

use std::collections::HashSet;

use codevault::archive::reader::{ReadArchive, ReadLimits, read_archive};
use codevault::archive::sha256_hex;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Tight limits as well as the defaults, so small inputs reach every limit's path.
    let tight = ReadLimits {
        max_entries: 16,
        max_total_bytes: 64 * 1024,
        max_file_bytes: 4 * 1024,
        max_ratio: Some(20),
    };
    for limits in [ReadLimits::default(), tight] {
        if let Ok(read) = read_archive(data, Some("octo-tool-main.zip"), &limits) {
            check(&read, &limits);
        }
    }
});

fn check(read: &ReadArchive, limits: &ReadLimits) {
    let mut paths = HashSet::new();
    let mut total = 0u64;
    for file in &read.files {
        assert!(is_safe(&file.path), "unsafe path {:?}", file.path);
        assert!(paths.insert(file.path.as_str()), "{:?} twice", file.path);
        assert_eq!(file.sha256, sha256_hex(file.code.as_bytes()));
        // Latin-1 doubles in UTF-8 at most; UTF-16 grows by half.
        let size = file.code.len() as u64;
        assert!(size <= 2 * limits.max_file_bytes, "{} bytes", size);
        total += size;
    }
    assert!(total <= 2 * limits.max_total_bytes, "{total} bytes in all");
    if let Some(repo) = &read.repo {
        let (owner, name) = repo.split_once('/').expect("owner/name");
        for part in [owner, name] {
            assert!(!part.is_empty() && part != "." && part != "..", "{repo:?}");
            assert!(
                part.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                "{repo:?}"
            );
        }
    }
    if read.codevault_backup.is_some() {
        assert!(read.manifest.as_ref().is_some_and(|manifest| {
            manifest.is_codevault() && read.codevault_backup.as_ref() == Some(&manifest.backup_id)
        }));
    }
}

/// Relative, `/`-separated, no empty, `.` or `..` component, no backslash or NUL, no drive.
fn is_safe(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or_default().as_bytes();
    let drive = first.len() >= 2 && first[0].is_ascii_alphabetic() && first[1] == b':';
    !path.is_empty()
        && !drive
        && !path.contains(['\\', '\0'])
        && path.split('/').all(|part| !matches!(part, "" | "." | ".."))
}
