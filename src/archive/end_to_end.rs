//! Tests across the archive modules: names through the writer into zip's reader, part
//! planning against the parts actually built, and scale.

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;

use proptest::prelude::*;
use zip::{ZipArchive, ZipWriter};

use super::names::{EntryNames, MAX_NAME_BYTES, sanitize};
use super::parts::{build_part, plan_parts};
use super::test_support::{entry, header, noise_hex};
use super::{BackupWriter, EntrySource, MANIFEST_NAME, verify};

/// What separates path components on any system, or names a Windows drive or stream.
const SEPARATORS: &[char] = &['/', '\\', ':'];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[aAßs .:/\\\\]{0,6}",
        "[a. ]{190,230}(\\.py)?",
        prop::sample::select(vec![
            "CON",
            "con.txt",
            "metadata.json",
            "METADATA.JSON",
            "metadata.jſon",
            ".",
            "..",
            "app.py",
            "APP.PY",
            "Makefile",
            ".env",
            "STRASSE",
            "straße",
            "K",
            "\u{212A}",
        ])
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #[test]
    fn allocated_names_are_distinct_safe_and_extractable(
        names in prop::collection::vec(name(), 0..24)
    ) {
        let mut entries = EntryNames::new();
        let allocated: Vec<String> = names.iter().map(|name| entries.allocate(name)).collect();
        let (mut lower, mut upper) = (HashSet::new(), HashSet::new());
        for name in &allocated {
            prop_assert!(lower.insert(name.to_lowercase()), "{name:?} twice");
            prop_assert!(upper.insert(name.to_uppercase()), "{name:?} twice");
            prop_assert!(name.to_lowercase() != MANIFEST_NAME);
            prop_assert!(name.to_uppercase() != MANIFEST_NAME.to_uppercase());
            prop_assert!(!name.is_empty() && name.len() <= MAX_NAME_BYTES, "{name:?}");
            prop_assert!(!name.contains(SEPARATORS) && !name.chars().any(char::is_control));
            prop_assert!(!name.ends_with(['.', ' ']) && !name.starts_with(' '), "{name:?}");
            // Sanitizing again changes nothing: no device name, nothing left to replace or trim.
            prop_assert_eq!(&sanitize(name), name);
        }

        let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
        for name in &names {
            writer.add(entry(name, b"")).unwrap();
        }
        let (out, manifest) = writer.finish(header()).unwrap();
        let paths: Vec<&str> = manifest.files.iter().map(|file| file.path.as_str()).collect();
        prop_assert_eq!(&paths, &allocated);
        let archive = out.into_inner();
        let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
        for index in 0..zip.len() {
            let entry = zip.by_index(index).unwrap();
            let name = entry.name().unwrap().into_owned();
            let enclosed = entry.enclosed_name();
            prop_assert_eq!(enclosed.as_deref(), Some(Path::new(&name)));
        }
    }
}

fn tiny_backup(count: u64) -> Vec<u8> {
    let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
    for i in 0..count {
        writer.add(entry(&format!("f{i}.txt"), b"x")).unwrap();
    }
    let (out, manifest) = writer.finish(header()).unwrap();
    assert_eq!(manifest.total_files, count);
    out.into_inner()
}

/// The ZIP64 end of central directory record's signature.
fn has_zip64_end(archive: &[u8]) -> bool {
    archive.windows(4).any(|window| window == b"PK\x06\x06")
}

/// About 3 s in a debug build: the writer's end records, not zip's, so it runs every time.
#[test]
fn more_than_65535_entries_use_zip64() {
    let archive = tiny_backup(70_000);
    assert!(has_zip64_end(&archive));
    assert_eq!(
        ZipArchive::new(Cursor::new(archive.as_slice()))
            .unwrap()
            .len(),
        70_001
    );
    assert_eq!(verify(&archive).unwrap().total_files, 70_000);
}

#[test]
fn zip64_end_records_are_written_when_forced_and_read_back() {
    let archive = tiny_backup(2_000);
    assert!(!has_zip64_end(&archive));
    let mut source = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
    let mut forced = ZipWriter::new(Cursor::new(Vec::new()));
    // An extensible data sector can only live in a ZIP64 end record, so zip must write one.
    forced.set_raw_zip64_extensible_data_sector(Box::new([]));
    for index in 0..source.len() {
        forced
            .raw_copy_file(source.by_index(index).unwrap())
            .unwrap();
    }
    let forced = forced.finish().unwrap().into_inner();
    assert!(has_zip64_end(&forced));
    assert_eq!(verify(&forced).unwrap(), verify(&archive).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_planned_part_is_under_the_limit_and_verifies(
        files in prop::collection::vec(
            (any::<String>(), 0usize..4000, prop::option::of(any::<String>()), any::<u64>()),
            0..16,
        ),
        max in 2_000u64..30_000,
    ) {
        let tags = vec!["tag\u{0}\"\\".to_owned(), "repo:owner/name".to_owned()];
        let codes: Vec<String> = files.iter().map(|(_, len, _, seed)| noise_hex(*seed, *len)).collect();
        let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
        for ((name, _, note, _), code) in files.iter().zip(&codes) {
            let source = EntrySource { note: note.as_deref(), tags: &tags, ..entry(name, code.as_bytes()) };
            writer.add(source).unwrap();
        }
        let (out, manifest) = writer.finish(header()).unwrap();
        let archive = out.into_inner();
        let Ok(plans) = plan_parts(&archive, &manifest, max) else {
            return Ok(());
        };
        let mut listed = 0;
        for (index, plan) in plans.iter().enumerate() {
            let part = build_part(&archive, &manifest, plan, index, plans.len(), Cursor::new(Vec::new()))
                .unwrap()
                .into_inner();
            prop_assert!((part.len() as u64) < max, "{} >= {max}", part.len());
            listed += verify(&part).unwrap().files.len();
        }
        prop_assert_eq!(listed, files.len());
    }
}
