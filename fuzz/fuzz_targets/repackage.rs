//! Arbitrary bytes as a repository zipball (a GitHub Enterprise server is not trusted either):
//! keeping it never panics, never inflates past its budget, and what it keeps always verifies
//! and reads back through the importer.
#![no_main]

use std::io::Cursor;

use chrono::{TimeZone, Utc};
use codevault::archive::reader::{ReadLimits, read_archive};
use codevault::archive::repo_zip::{Repackaged, repackage};
use codevault::archive::{ManifestHeader, verify};
use codevault::domain::{backup::BackupKind, progress::Unwatched};
use libfuzzer_sys::fuzz_target;

const BUDGET: u64 = 256 * 1024;

fuzz_target!(|data: &[u8]| {
    let header = ManifestHeader {
        backup_id: "0123456789abcdef01234567".to_owned(),
        backup_type: BackupKind::GithubRepoZip,
        created_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        user_id: 1,
        app: "fuzz".to_owned(),
        part: None,
        repo: Some("octo/fuzz".to_owned()),
        git_ref: Some("main".to_owned()),
        commit: Some("0".repeat(40)),
    };
    if let Ok(Repackaged {
        archive, manifest, ..
    }) = repackage(data, header, BUDGET, Cursor::new(Vec::new()), &Unwatched)
    {
        assert!(manifest.total_size <= BUDGET, "inflated past the budget");
        assert!(!manifest.files.is_empty());
        let archive = archive.into_inner();
        match verify(&archive) {
            Ok(read_back) => assert_eq!(read_back, manifest),
            Err(error) => panic!("a kept archive does not verify: {error}"),
        }
        // The repackager is never laxer than the importer: what it keeps, a restore reads.
        let limits = ReadLimits::default().for_verified_backup();
        if let Err(error) = read_archive(&archive, None, &limits) {
            panic!("a kept archive does not read back: {error}");
        }
    }
});
