//! The archives people actually send, as the tools that make them write them.

use std::collections::BTreeMap;

use super::craft::*;
use super::{IncomingFile, ReadArchive, ReadLimits, SkipReason, read_archive};
use crate::archive::manifest::MANIFEST_NAME;
use crate::archive::sha256_hex;

fn paths(read: &ReadArchive) -> Vec<&str> {
    read.files.iter().map(|file| file.path.as_str()).collect()
}

fn skipped(pairs: &[(SkipReason, usize)]) -> BTreeMap<SkipReason, usize> {
    pairs.iter().copied().collect()
}

fn file(path: &str, code: &str) -> IncomingFile {
    IncomingFile {
        path: path.to_owned(),
        code: code.to_owned(),
        language: None,
        note: None,
        tags: Vec::new(),
        sha256: sha256_hex(code.as_bytes()),
        history: Vec::new(),
    }
}

#[test]
fn a_codevault_backup_is_recognised_and_every_file_kept() {
    // Names a plain import would skip are the user's own files in a backup.
    let files: [(&str, &[u8]); 4] = [
        ("app.py", b"print(1)\n"),
        (".DS_Store", b"not Finder's\n"),
        ("._notes", b"mine\n"),
        ("blank.py", b"   \n"),
    ];
    let (archive, manifest) = backup(&files);
    // Its download name looks like a zipball's to the repository heuristics.
    let name = "codevault-2025-01-15-1030-89abcdef.zip";
    let read = read_archive(&archive, Some(name), &ReadLimits::default()).unwrap();
    assert_eq!(
        read.codevault_backup.as_deref(),
        Some(manifest.backup_id.as_str())
    );
    assert_eq!(read.manifest.as_ref(), Some(&manifest));
    assert_eq!(paths(&read), ["app.py", ".DS_Store", "._notes", "blank.py"]);
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    for (file, (_, code)) in read.files.iter().zip(files) {
        assert_eq!(file.code.as_bytes(), code);
        assert_eq!(file.language.as_deref(), Some("python"));
        assert_eq!(file.sha256, sha256_hex(code));
    }
    assert_eq!(read.repo, None);
}

#[test]
fn the_seeds_inline_code_manifest_gives_its_files() {
    let json = br#"{ "files": [
        { "file_name": "hello.py", "code": "print('hi')\n", "programming_language": "python",
          "note": "first", "tags": ["demo"] },
        { "file_name": "lib.rs", "code": "pub fn f() {}\n", "programming_language": null } ] }"#;
    let read = read(&raw_zip(&[(MANIFEST_NAME, json)], true)).unwrap();
    let hello = IncomingFile {
        language: Some("python".into()),
        note: Some("first".into()),
        tags: vec!["demo".into()],
        ..file("hello.py", "print('hi')\n")
    };
    assert_eq!(read.files, [hello, file("lib.rs", "pub fn f() {}\n")]);
    assert_eq!(read.codevault_backup, None);
    assert!(read.manifest.is_some());
}

/// The original Python bot wrote a manifest without `files`: its files are the entries.
#[test]
fn the_original_bots_backup_gives_its_entries() {
    let json = br#"{
  "backup_id": "backup_123456789_20240115_103000",
  "user_id": 123456789,
  "created_at": "2024-01-15T10:30:00.123456",
  "backup_type": "manual",
  "include_versions": true,
  "file_count": 2
}"#;
    let entries = [
        (MANIFEST_NAME, &json[..]),
        ("hello.py", b"print('hi')\n"),
        ("web/app.js", b"console.log(1);\n"),
    ];
    let read = read(&raw_zip(&entries, true)).unwrap();
    let expected = [
        file("hello.py", "print('hi')\n"),
        file("web/app.js", "console.log(1);\n"),
    ];
    assert_eq!(read.files, expected);
    assert_eq!(read.codevault_backup, None);
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    let manifest = read.manifest.expect("its manifest");
    assert_eq!(manifest.backup_id, "backup_123456789_20240115_103000");
}

/// A `backup_id` alone is no CodeVault backup: its records vouch for nothing, and its entries
/// are read as any external archive's.
#[test]
fn a_backup_id_without_our_app_is_an_external_archive() {
    let json = br#"{ "backup_id": "b-1", "files": [
        { "file_name": "a.py", "sha256": "0000000000000000000000000000000000000000000000000000000000000000" } ] }"#;
    let entries = [
        (MANIFEST_NAME, &json[..]),
        ("a.py", b"a = 1\n"),
        (".DS_Store", b"\0\0\0\x01Bud1"),
    ];
    let read = read(&raw_zip(&entries, true)).unwrap();
    assert_eq!(read.files, [file("a.py", "a = 1\n")]);
    assert_eq!(read.skipped, skipped(&[(SkipReason::DsStore, 1)]));
    assert_eq!(read.codevault_backup, None);
}

#[test]
fn a_foreign_manifest_describes_its_entries() {
    let json = br#"{ "repo": "https://github.com/octo/tool.git", "files": [
        { "file_name": "Main", "path": "src/main.rs", "programming_language": "rust",
          "tags": ["cli"] } ] }"#;
    let entries = [
        (MANIFEST_NAME, &json[..]),
        ("src/main.rs", b"fn main() {}\n"),
        ("README", b"hi\n"),
    ];
    let read = read(&raw_zip(&entries, true)).unwrap();
    let main = IncomingFile {
        language: Some("rust".into()),
        tags: vec!["cli".into()],
        ..file("src/main.rs", "fn main() {}\n")
    };
    assert_eq!(read.files, [main, file("README", "hi\n")]);
    assert_eq!(read.repo.as_deref(), Some("octo/tool"));
}

#[test]
fn an_info_zip_archive_with_directories_and_modes_loses_its_top_folder() {
    let archive = zip_with(|zip| {
        let dir = deflated().unix_permissions(0o755);
        let exe = deflated().unix_permissions(0o755);
        zip.add_directory("proj/", dir)?;
        zip.add_directory("proj/src/", dir)?;
        add(
            zip,
            "proj/src/main.c",
            b"int main(void) { return 0; }\n",
            deflated().unix_permissions(0o644),
        )?;
        add(zip, "proj/run.sh", b"#!/bin/sh\nmake\n", exe)
    });
    let read = read(&archive).unwrap();
    assert_eq!(paths(&read), ["src/main.c", "run.sh"]);
    assert_eq!(read.skipped, skipped(&[(SkipReason::Directory, 2)]));
    assert_eq!(read.repo, None);
}

#[test]
fn a_python_zipfile_archive_without_directories_reads_as_is() {
    let archive = raw_zip(
        &[
            ("setup.py", b"import x\n"),
            ("pkg/__init__.py", b""),
            ("pkg/m.py", b"y = 2\n"),
        ],
        true,
    );
    let read = read(&archive).unwrap();
    assert_eq!(
        read.files,
        [
            file("setup.py", "import x\n"),
            file("pkg/__init__.py", ""),
            file("pkg/m.py", "y = 2\n")
        ]
    );
    assert!(read.skipped.is_empty());
}

#[test]
fn a_github_zipball_names_its_repository() {
    let sha = "0123abcdef0123abcdef0123abcdef0123abcdef";
    let archive = zip_with(|zip| {
        zip.set_comment(sha)?;
        zip.add_directory("octo-hello-world-0123abc/", deflated())?;
        add(
            zip,
            "octo-hello-world-0123abc/README.md",
            b"# hello\n",
            deflated(),
        )?;
        add(
            zip,
            "octo-hello-world-0123abc/src/lib.rs",
            b"//! hi\n",
            deflated(),
        )
    });
    let read = read(&archive).unwrap();
    assert_eq!(paths(&read), ["README.md", "src/lib.rs"]);
    assert_eq!(read.repo.as_deref(), Some("octo/hello-world"));
}

#[test]
fn a_download_zip_takes_its_owner_from_the_document_name() {
    let archive = raw_zip(
        &[
            ("tool-main/a.py", b"x = 1\n"),
            ("tool-main/b.py", b"y = 2\n"),
        ],
        true,
    );
    let limits = ReadLimits::default();
    let named = read_archive(&archive, Some("octo-tool-main.zip"), &limits).unwrap();
    assert_eq!(named.repo.as_deref(), Some("octo/tool"));
    assert_eq!(paths(&named), ["a.py", "b.py"]);
    let unnamed = read_archive(&archive, Some("tool-main.zip"), &limits).unwrap();
    assert_eq!(unnamed.repo, None);
}

#[test]
fn a_finder_archive_drops_its_macos_litter() {
    // Finder streams: sizes follow the data in descriptors.
    let mut zip = zip::ZipWriter::new_stream(Vec::new());
    zip.add_directory("proj/", deflated()).unwrap();
    for (name, bytes) in [
        ("proj/a.py", &b"print('a')\n"[..]),
        ("proj/.DS_Store", b"\0\0\0\x01Bud1\0\0"),
        ("__MACOSX/proj/._a.py", b"\0\x05\x16\x07\0\x02\0\0Mac OS X"),
        ("__MACOSX/._proj", b"\0\x05\x16\x07"),
    ] {
        zip.start_file(name, deflated()).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    let archive = zip.finish().unwrap().into_inner();
    let read = read(&archive).unwrap();
    assert_eq!(read.files, [file("a.py", "print('a')\n")]);
    let expected = [
        (SkipReason::Directory, 1),
        (SkipReason::MacOsMetadata, 2),
        (SkipReason::DsStore, 1),
    ];
    assert_eq!(read.skipped, skipped(&expected));
}

#[test]
fn a_zip64_entry_reads_like_any_other() {
    let archive = zip_with(|zip| {
        add(zip, "big.rs", b"fn big() {}\n", deflated().large_file(true))?;
        add(
            zip,
            "small.rs",
            b"fn small() {}\n",
            stored().large_file(true),
        )
    });
    let read = read(&archive).unwrap();
    assert_eq!(
        read.files,
        [
            file("big.rs", "fn big() {}\n"),
            file("small.rs", "fn small() {}\n")
        ]
    );
}

#[test]
fn a_project_with_git_and_node_modules_keeps_only_its_own_text() {
    let config =
        b"[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:octo/site.git\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("// שלום\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let big = vec![b'x'; 2048];
    let archive = raw_zip(
        &[
            ("site/.git/config", config),
            ("site/.git/HEAD", b"ref: refs/heads/main\n"),
            (
                "site/node_modules/left-pad/index.js",
                b"module.exports = 1;\n",
            ),
            ("site/index.js", b"console.log(1);\n"),
            ("site/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            ("site/hebrew.js", &utf16),
            ("site/latin1.txt", b"caf\xE9\n"),
            ("site/huge.txt", &big),
        ],
        false,
    );
    let limits = ReadLimits {
        max_file_bytes: 1024,
        ..ReadLimits::default()
    };
    let read = read_archive(&archive, Some("site.zip"), &limits).unwrap();
    assert_eq!(paths(&read), ["index.js", "hebrew.js", "latin1.txt"]);
    assert_eq!(read.files[1].code, "// שלום\n");
    assert_eq!(read.files[2].code, "café\n");
    assert_eq!(read.files[2].sha256, sha256_hex("café\n".as_bytes()));
    let expected = [
        (SkipReason::Binary, 1),
        (SkipReason::GitFolder, 2),
        (SkipReason::NodeModules, 1),
        (SkipReason::TooLarge, 1),
    ];
    assert_eq!(read.skipped, skipped(&expected));
    assert_eq!(read.repo.as_deref(), Some("octo/site"));
}

#[test]
fn a_backup_zipped_again_in_a_folder_still_verifies() {
    let (archive, manifest) = backup(&[("a.py", b"a = 1\n")]);
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(archive.as_slice())).unwrap();
    let rezipped = zip_with(|zip| {
        for index in 0..source.len() {
            let entry = source.by_index(index).unwrap();
            let name = format!("backup/{}", entry.name().unwrap());
            zip.raw_copy_file_rename(entry, name)?;
        }
        Ok(())
    });
    let read = read(&rezipped).unwrap();
    assert_eq!(read.codevault_backup, Some(manifest.backup_id));
    assert_eq!(paths(&read), ["a.py"]);
}
