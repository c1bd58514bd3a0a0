//! Imported files meet the library's own rules, end to end: a manifest's names, notes, tags
//! and languages are checked like typed input (and the plan says what changed), and an import
//! or a restore that would take the library past its limits is refused with nothing written.

mod support;

use codevault::{domain::backup::BackupKind, i18n::Locale};
use serde_json::json;
use support::{
    bot::Harness,
    flow::{library, press, press_through, send_zip, text},
    stored::{self, Table},
    telegram::TestUser,
    zips::{deflated, stored, zip_of},
};

const EN: Locale = Locale::En;

async fn backups_of_kind(h: &Harness, who: &TestUser, kind: BackupKind) -> usize {
    stored::backups(h, who.id)
        .await
        .iter()
        .filter(|record| record.kind == kind)
        .count()
}

#[tokio::test]
async fn a_manifest_that_breaks_the_rules_is_admitted_file_by_file_and_reported() {
    let h = Harness::start().await;
    let u = TestUser::new(446_001, Some("en"));
    let long_name = format!("{}.py", "n".repeat(300));
    let tags: Vec<String> = (0..25)
        .map(|i| format!("t{i}"))
        .chain((0..5).map(|i| format!("x<&>{i}")))
        .collect();
    let manifest = json!({
        "files": [
            { "file_name": long_name, "path": "long.py", "note": "w".repeat(4000),
              "tags": tags, "programming_language": "python\"><i>" },
            { "file_name": "bad\u{1}name.py", "path": "bad\u{1}name.py" },
            { "file_name": "new\nline.py", "path": "newline.py" },
            { "file_name": "../../etc/passwd", "path": "passwd.txt" },
            { "file_name": "invoice\u{202E}yp.exe", "path": "invoice\u{202E}yp.exe" },
            { "file_name": "ok.py", "path": "ok.py", "note": "fine", "tags": ["good"],
              "programming_language": "Python" },
            { "file_name": "ok.py", "path": "dup.py" },
        ]
    });
    let manifest = serde_json::to_vec(&manifest).unwrap();
    let archive = zip_of(
        &[
            ("metadata.json", &manifest),
            ("long.py", b"print('long')\n"),
            ("bad\u{1}name.py", b"x = 1\n"),
            ("newline.py", b"x = 2\n"),
            ("passwd.txt", b"root:x:0:0\n"),
            ("invoice\u{202E}yp.exe", b"MZ but text\n"),
            ("ok.py", b"print('ok')\n"),
            ("dup.py", b"print('dup')\n"),
        ],
        deflated(),
    );
    let confirm = send_zip(&h, &u, "rules.zip", archive).await;
    let plan = press_through(&h, &u, &confirm, "✅").await;
    let plan_text = text(&plan);
    let line = |key: &str, count: usize, names: &str| {
        format!(
            "\n• {}",
            EN.t_with(
                key,
                &[
                    ("count", count.into()),
                    ("names", names.into()),
                    ("max", 0.into())
                ]
            )
        )
    };
    let cut_name = format!("{}…", "n".repeat(40));
    let expected = [
        EN.t("restore-admit-title"),
        line(
            "restore-admit-refused",
            2,
            "bad␁name.py, invoice⟨U+202E⟩yp.exe",
        ),
        line(
            "restore-admit-renamed",
            3,
            &format!("{cut_name}, new␊line.py, ../../etc/passwd"),
        ),
        line("restore-admit-duplicates", 1, "ok.py"),
    ];
    for part in expected {
        assert!(plan_text.contains(&part), "{part:?} missing in {plan:?}");
    }
    let notes = EN.t_with(
        "restore-admit-notes",
        &[
            ("count", 1.into()),
            ("names", "long.py".into()),
            ("max", 1000.into()),
        ],
    );
    let dropped = EN.t_with(
        "restore-admit-tags",
        &[
            ("count", 10.into()),
            ("names", "long.py".into()),
            ("max", 20.into()),
        ],
    );
    assert!(plan_text.contains(&notes), "{plan:?}");
    assert!(plan_text.contains(&dropped), "{plan:?}");
    assert!(plan_text.contains("New: 4 · Unchanged: 0 · Conflicts: 0"));

    let report = press_through(&h, &u, &plan, "✅").await;
    assert!(
        text(&report).starts_with("✅ Restored 4 files"),
        "{report:?}"
    );
    assert_eq!(
        stored::dump(&h, Table::Files).await.len(),
        4,
        "no other version"
    );
    let files = stored::versions(&h, u.id).await;
    let mut names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["long.py", "newline.py", "ok.py", "passwd.txt"]);
    let long = stored::current_file(&h, u.id, "long.py").await.unwrap();
    assert_eq!(long.note.unwrap(), "w".repeat(1000));
    let kept: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
    assert_eq!(long.tags, kept);
    assert_eq!(long.language, "python");
    let ok = stored::current_file(&h, u.id, "ok.py").await.unwrap();
    assert_eq!(
        (ok.code.as_str(), ok.note.as_deref(), ok.language.as_str()),
        ("print('ok')\n", Some("fine"), "python")
    );
    assert_eq!(ok.tags, ["good"]);
}

#[tokio::test]
async fn an_import_past_the_byte_limit_is_refused_before_anything_is_kept() {
    let h = Harness::start_with(&[("CODEVAULT_LIMITS__MAX_LIBRARY_BYTES", "1048576")]).await;
    let u = TestUser::new(446_002, Some("en"));
    library(&h)
        .create(u.id, "mine.txt", "m".repeat(600_000), None)
        .await
        .unwrap();
    let before = stored::everything(&h).await;
    let big = "b".repeat(600_000);
    let archive = zip_of(&[("big.txt", big.as_bytes())], stored());
    let confirm = send_zip(&h, &u, "big.zip", archive).await;
    let refused = press_through(&h, &u, &confirm, "✅").await;
    assert_eq!(
        text(&refused),
        EN.t_with("error-library-full", &[("max", "1".into())])
    );
    assert_eq!(stored::everything(&h).await, before);
}

#[tokio::test]
async fn a_restore_whose_choices_pass_a_limit_writes_nothing_and_leaves_no_snapshot() {
    let h = Harness::start_with(&[("CODEVAULT_LIMITS__MAX_FILES", "2")]).await;
    let u = TestUser::new(446_003, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "old a".into(), None)
        .await
        .unwrap();
    lib.create(u.id, "b.py", "b".into(), None).await.unwrap();
    // Skipping the conflict would fit, so the plan is shown; keeping both would not.
    let archive = zip_of(&[("a.py", b"new a")], deflated());
    let confirm = send_zip(&h, &u, "a.zip", archive).await;
    let plan = press_through(&h, &u, &confirm, "✅").await;
    assert!(text(&plan).contains("Conflicts: 1"), "{plan:?}");
    let files_before = stored::dump(&h, Table::Files).await;
    let backups_before = stored::dump(&h, Table::Backups).await;
    let conflict = press(&h, &u, &plan, "✅").await;
    let refused = press_through(&h, &u, &conflict, "✏️ Keep both").await;
    assert_eq!(
        text(&refused),
        EN.t_with("error-too-many-files", &[("max", 2.into())])
    );
    assert_eq!(stored::dump(&h, Table::Files).await, files_before);
    assert_eq!(stored::dump(&h, Table::Backups).await, backups_before);
    assert_eq!(backups_of_kind(&h, &u, BackupKind::PreRestore).await, 0);
}
