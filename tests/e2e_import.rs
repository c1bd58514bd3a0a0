//! Importing external ZIPs end to end: repository detection, plan and choices, tags; every
//! hostile or broken archive gets its specific message and changes nothing.

mod support;

use codevault::{
    domain::{CodeFile, backup::BackupKind},
    i18n::Locale,
};
use support::{
    bot::Harness,
    flow::{create_backup, library, press, press_through, say, send_zip, text},
    stored::{self, Table},
    telegram::TestUser,
    zips::{self, deflated, stored, zip_of},
};

const EN: Locale = Locale::En;

fn symlink() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.add_symlink("link.py", "/etc/passwd", stored()).unwrap();
    zip.finish().unwrap().into_inner()
}

async fn current(h: &Harness, who: &TestUser, name: &str) -> Option<CodeFile> {
    stored::current_file(h, who.id, name).await
}

async fn everything(h: &Harness) -> stored::Everything {
    stored::everything(h).await
}

#[tokio::test]
async fn a_github_zipball_is_imported_with_its_repo_tag() {
    let h = Harness::start().await;
    let u = TestUser::new(444_001, Some("en"));
    let zipball = zip_of(
        &[
            ("octo-widgets-abc1234/", b""),
            ("octo-widgets-abc1234/README.md", b"# Widgets\n"),
            ("octo-widgets-abc1234/src/", b""),
            ("octo-widgets-abc1234/src/main.rs", b"fn main() {}\n"),
            (
                "octo-widgets-abc1234/logo.png",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            ),
            ("octo-widgets-abc1234/node_modules/x.js", b"x"),
        ],
        deflated(),
    );
    let confirm = send_zip(&h, &u, "octo-widgets-abc1234.zip", zipball).await;
    assert_eq!(
        text(&confirm),
        EN.t_with(
            "import-confirm",
            &[
                ("count", 2.into()),
                ("repo", "octo/widgets".into()),
                ("skipped", 4.into())
            ]
        )
    );
    assert!(
        stored::dump(&h, Table::Backups).await.is_empty(),
        "nothing is stored before the go-ahead"
    );

    let plan = press_through(&h, &u, &confirm, "✅").await;
    assert!(
        text(&plan).contains("New: 2 · Unchanged: 0 · Conflicts: 0"),
        "{plan:?}"
    );
    let report = press_through(&h, &u, &plan, "✅").await;
    assert!(
        text(&report).starts_with("✅ Restored 2 files: 2 new"),
        "{report:?}"
    );
    for (name, code) in [
        ("README.md", "# Widgets\n"),
        ("src/main.rs", "fn main() {}\n"),
    ] {
        let file = current(&h, &u, name)
            .await
            .unwrap_or_else(|| panic!("{name} imported"));
        assert_eq!(file.code, code);
        assert_eq!(file.tags, ["repo:octo/widgets"]);
    }
    let kept = stored::newest_backup(&h, u.id, BackupKind::ImportedZip)
        .await
        .unwrap();
    assert_eq!(
        (kept.repo.as_deref(), kept.file_count),
        (Some("octo/widgets"), 2)
    );
}

#[tokio::test]
async fn a_plain_zip_goes_through_the_conflict_choices() {
    let h = Harness::start().await;
    let u = TestUser::new(444_002, Some("en"));
    library(&h)
        .create(u.id, "a.py", "old".into(), None)
        .await
        .unwrap();
    let archive = zip_of(&[("a.py", b"new"), ("b.py", b"b")], deflated());
    let menu = say(&h, &u, "/backup").await;
    let ask = press(&h, &u, &menu, "📥").await;
    assert_eq!(text(&ask), EN.t("import-send-zip"));
    let confirm = send_zip(&h, &u, "snippets.zip", archive).await;
    // No repository: the question names the file sent, not a repository.
    assert_eq!(
        text(&confirm),
        EN.t_with(
            "import-confirm-plain",
            &[
                ("count", 2.into()),
                ("document", "snippets.zip".into()),
                ("skipped", 0.into())
            ]
        )
    );
    let plan = press_through(&h, &u, &confirm, "✅").await;
    // The plan is the import of that file, not the restore of a backup.
    assert_eq!(
        text(&plan),
        EN.t_with(
            "import-plan",
            &[
                ("document", "snippets.zip".into()),
                ("total", 2.into()),
                ("new", 1.into()),
                ("unchanged", 0.into()),
                ("conflicts", 1.into())
            ]
        )
    );
    let conflict = press(&h, &u, &plan, "✅").await;
    assert!(text(&conflict).contains("a.py"));
    press_through(&h, &u, &conflict, "✏️ Keep both").await;
    assert_eq!(current(&h, &u, "a.py").await.unwrap().code, "old");
    assert_eq!(
        current(&h, &u, "a (restored).py").await.unwrap().code,
        "new"
    );
    assert_eq!(current(&h, &u, "b.py").await.unwrap().tags.len(), 0);
}

#[tokio::test]
async fn a_codevault_backup_sent_back_is_offered_as_a_restore() {
    let h = Harness::start().await;
    let u = TestUser::new(444_003, Some("en"));
    let lib = library(&h);
    let file = lib
        .create(
            u.id,
            "keep.py",
            "print('keep')\n".into(),
            Some("kept".into()),
        )
        .await
        .unwrap();
    let (_, backup, _) = create_backup(&h, &u).await;
    lib.delete(u.id, &file.key).await.unwrap();

    let offer = send_zip(&h, &u, &backup.file_name, backup.bytes).await;
    assert!(
        text(&offer).starts_with("♻️ This is a CodeVault backup"),
        "{offer:?}"
    );
    let plan = press_through(&h, &u, &offer, "✅").await;
    let title = EN.t_with(
        "import-plan",
        &[
            ("document", backup.file_name.as_str().into()),
            ("total", 1.into()),
            ("new", 1.into()),
            ("unchanged", 0.into()),
            ("conflicts", 0.into()),
        ],
    );
    assert_eq!(text(&plan), title);
    press_through(&h, &u, &plan, "✅").await;
    let restored = current(&h, &u, "keep.py").await.unwrap();
    assert_eq!(
        (restored.code.as_str(), restored.note.as_deref()),
        ("print('keep')\n", Some("kept"))
    );
}

/// The original Python bot's backups: a manifest without `files` (their entries are the
/// files) and with a `backup_id` that does not make them CodeVault backups.
#[tokio::test]
async fn the_original_bots_backup_imports_its_entries() {
    let h = Harness::start().await;
    let u = TestUser::new(444_006, Some("en"));
    let manifest = br#"{
  "backup_id": "backup_444006_20240115_103000",
  "user_id": 444006,
  "created_at": "2024-01-15T10:30:00.123456",
  "backup_type": "manual",
  "include_versions": false,
  "file_count": 2
}"#;
    let archive = zip_of(
        &[
            ("metadata.json", manifest),
            ("hello.py", b"print('hi')\n"),
            ("notes.md", b"# Notes\n"),
        ],
        deflated(),
    );
    let confirm = send_zip(&h, &u, "backup_444006_20240115_103000.zip", archive).await;
    assert_eq!(
        text(&confirm),
        EN.t_with(
            "import-confirm-plain",
            &[
                ("count", 2.into()),
                ("document", "backup_444006_20240115_103000.zip".into()),
                ("skipped", 0.into())
            ]
        )
    );
    let plan = press_through(&h, &u, &confirm, "✅").await;
    assert!(
        text(&plan).contains("New: 2 · Unchanged: 0 · Conflicts: 0"),
        "{plan:?}"
    );
    press_through(&h, &u, &plan, "✅").await;
    for (name, code) in [("hello.py", "print('hi')\n"), ("notes.md", "# Notes\n")] {
        let file = current(&h, &u, name).await.expect(name);
        assert_eq!(file.code, code);
    }
}

#[tokio::test]
async fn hostile_and_broken_archives_are_refused_and_change_nothing() {
    let h = Harness::start().await;
    let u = TestUser::new(444_004, Some("en"));
    library(&h)
        .create(u.id, "mine.py", "mine".into(), None)
        .await
        .unwrap();
    let before = everything(&h).await;
    let good = zip_of(
        &[("a.py", b"print('a')\n"), ("b.py", b"print('b')\n")],
        stored(),
    );
    let patched = |patch: &dyn Fn(&mut Vec<u8>)| {
        let mut archive = good.clone();
        patch(&mut archive);
        archive
    };
    let zeros = vec![0u8; 4 << 20];
    let big_manifest = format!("{{\"files\": [], \"pad\": \"{}\"}}", "ab".repeat(3 << 20));
    let t = |key: &str| EN.t(key);
    let named = |key: &str, name: &str| EN.t_with(key, &[("name", name.into())]);
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "not a ZIP",
            b"definitely not a zip".to_vec(),
            t("import-error-not-a-zip"),
        ),
        (
            "truncated",
            good[..good.len() / 2].to_vec(),
            t("import-error-not-a-zip"),
        ),
        ("empty", zip_of(&[], stored()), t("import-error-empty")),
        (
            "corrupted entry",
            patched(&|a| zips::corrupt_data(a, 1)),
            named("import-error-corrupt", "b.py"),
        ),
        (
            "parent path",
            zip_of(&[("../evil.py", b"x")], stored()),
            named("import-error-unsafe-path", "../evil.py"),
        ),
        (
            "absolute path",
            zip_of(&[("/etc/evil.py", b"x")], stored()),
            named("import-error-unsafe-path", "/etc/evil.py"),
        ),
        (
            "symlink",
            symlink(),
            named("import-error-symlink", "link.py"),
        ),
        (
            "encrypted",
            patched(&|a| zips::mark_encrypted(a, 0)),
            named("import-error-encrypted", "a.py"),
        ),
        (
            "deflate bomb",
            zip_of(&[("zeros.txt", &zeros)], deflated()),
            named("import-error-ratio", "zeros.txt"),
        ),
        (
            "overlapping entries",
            patched(&|a| zips::overlap_with_first(a, 1)),
            t("import-error-overlapping"),
        ),
        (
            "inflates past its size",
            patched(&|a| zips::declare_size(a, 0, 3)),
            named("import-error-inflates", "a.py"),
        ),
        (
            "local header disagrees with the central directory",
            patched(&|a| zips::declare_local_size(a, 0, 64)),
            t("import-error-inconsistent"),
        ),
        (
            "duplicate names",
            patched(&|a| zips::patch_name(a, 1, 0, b'a')),
            named("import-error-duplicate", "a.py"),
        ),
        (
            "NUL in a name, echoed visibly",
            patched(&|a| zips::patch_name(a, 0, 1, 0)),
            named("import-error-unsafe-path", "a␀py"),
        ),
        (
            "non-UTF-8 name",
            patched(&|a| zips::patch_name(a, 0, 0, 0xFF)),
            t("import-error-non-utf8"),
        ),
        (
            "malformed metadata.json",
            zip_of(&[("metadata.json", b"{not json"), ("a.py", b"x")], stored()),
            t("import-error-bad-manifest"),
        ),
        (
            "oversized metadata.json",
            zip_of(&[("metadata.json", big_manifest.as_bytes())], stored()),
            t("import-error-manifest-too-large"),
        ),
    ];
    for (case, archive, expected) in cases {
        let reply = send_zip(&h, &u, "upload.zip", archive).await;
        assert_eq!(text(&reply), expected, "{case}");
        assert!(!text(&reply).contains('\0'), "{case}: a raw NUL echoed");
        assert_eq!(everything(&h).await, before, "{case}: something changed");
    }
}

#[tokio::test]
async fn archive_size_limits_are_enforced() {
    let h = Harness::start_with(&[
        ("CODEVAULT_LIMITS__MAX_ARCHIVE_ENTRIES", "3"),
        (
            "CODEVAULT_LIMITS__MAX_ARCHIVE_UNCOMPRESSED_BYTES",
            "1048576",
        ),
    ])
    .await;
    let u = TestUser::new(444_005, Some("en"));
    let before = everything(&h).await;
    let many = zip_of(
        &[("a", b"1"), ("b", b"2"), ("c", b"3"), ("d", b"4")],
        stored(),
    );
    let reply = send_zip(&h, &u, "many.zip", many).await;
    assert_eq!(
        text(&reply),
        EN.t_with("import-error-too-many-entries", &[("max", 3.into())])
    );
    let large = zip_of(&[("big.txt", "x".repeat(1_500_000).as_bytes())], stored());
    let reply = send_zip(&h, &u, "large.zip", large).await;
    assert_eq!(
        text(&reply),
        EN.t_with("import-error-too-large", &[("max", "1".into())])
    );
    let seq = h.tg.last_seq();
    h.tg.send_document_with_size(&u, "huge.zip", "application/zip", b"PK".to_vec(), 21 << 20);
    assert_eq!(
        text(&h.tg.next_message(seq, u.id).await),
        EN.t_with("import-too-big", &[("max", "20".into())])
    );
    assert_eq!(everything(&h).await, before);
}
