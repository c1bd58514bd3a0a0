//! Well-formed ZIPs of arbitrary entries (names, contents, a manifest, a document name) into the
//! reader: random bytes rarely pass a CRC, so this reaches the manifest, layout and repository
//! code behind the checks. Same promises as `read_archive`.
#![no_main]

use std::io::{Cursor, Write};

use arbitrary::Arbitrary;
use codevault::archive::reader::{ReadLimits, read_archive};
use codevault::archive::sha256_hex;
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

#[derive(Arbitrary, Debug)]
struct Input {
    entries: Vec<(String, Vec<u8>, bool)>,
    /// Becomes `metadata.json` (under `folder`, if any) when present.
    manifest: Option<String>,
    folder: Option<String>,
    document_name: Option<String>,
}

fuzz_target!(|input: Input| {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let prefix = input
        .folder
        .map(|folder| format!("{folder}/"))
        .unwrap_or_default();
    let manifest = input
        .manifest
        .map(|json| ("metadata.json".to_owned(), json.into_bytes(), true));
    for (name, bytes, deflate) in input.entries.into_iter().chain(manifest) {
        let method = if deflate {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default().compression_method(method);
        // The writer refuses only a name it already holds.
        if zip.start_file(format!("{prefix}{name}"), options).is_ok() {
            zip.write_all(&bytes).unwrap();
        }
    }
    let archive = zip.finish().unwrap().into_inner();
    let limits = ReadLimits {
        max_ratio: None,
        ..ReadLimits::default()
    };
    let Ok(read) = read_archive(&archive, input.document_name.as_deref(), &limits) else {
        return;
    };
    let mut paths = std::collections::HashSet::new();
    for file in &read.files {
        let first = file.path.split('/').next().unwrap_or_default().as_bytes();
        let drive = first.len() >= 2 && first[0].is_ascii_alphabetic() && first[1] == b':';
        assert!(
            !drive && !file.path.contains(['\\', '\0']),
            "{:?}",
            file.path
        );
        assert!(
            file.path
                .split('/')
                .all(|part| !matches!(part, "" | "." | "..")),
            "{:?}",
            file.path
        );
        assert!(paths.insert(file.path.as_str()), "{:?} twice", file.path);
        assert_eq!(file.sha256, sha256_hex(file.code.as_bytes()));
    }
    if let Some(repo) = &read.repo {
        let (owner, name) = repo.split_once('/').expect("owner/name");
        assert!(
            !owner.is_empty() && !name.is_empty() && !name.contains('/'),
            "{repo:?}"
        );
    }
});
