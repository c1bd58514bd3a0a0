//! Undoing a restore end to end: only what the restore wrote is reverted, work done after it
//! is kept (and named when it touched the restore's files), a second tap says so, and `ru:`
//! accepts nothing but a restore's own safety snapshot.

mod support;

use codevault::{domain::backup::BackupKind, i18n::Locale};
use support::{
    bot::Harness,
    flow::{library, press, text},
    restoring::{backup, delete_file, newest_backup, open_restore, press_until, state, tap},
    stored, tamper,
    telegram::TestUser,
};

const EN: Locale = Locale::En;

/// Everything an undo could change.
async fn everything(h: &Harness) -> stored::Everything {
    stored::everything(h).await
}

async fn code_and_version(h: &Harness, who: &TestUser, name: &str) -> Option<(String, i64)> {
    stored::current_file(h, who.id, name)
        .await
        .map(|file| (file.code, i64::from(file.version)))
}

#[tokio::test]
async fn undo_reverts_only_what_the_restore_wrote() {
    let h = Harness::start().await;
    let u = TestUser::new(999_101, Some("en"));
    let lib = library(&h);
    for (name, code) in [
        ("a.py", "a1"),
        ("b.py", "b1"),
        ("c.py", "c1"),
        ("d.py", "d1"),
    ] {
        lib.create(u.id, name, code.into(), None).await.unwrap();
    }
    let id = backup(&h, &u).await;
    lib.replace(u.id, "a.py", "a2".into(), None).await.unwrap();
    delete_file(&h, &u, "c.py").await;
    delete_file(&h, &u, "d.py").await;

    // The restore replaces a.py and brings back c.py and d.py.
    let plan = open_restore(&h, &u, &id).await;
    assert!(
        text(&plan).contains("New: 2 · Unchanged: 1 · Conflicts: 1"),
        "{plan:?}"
    );
    let conflict = press(&h, &u, &plan, "✅").await;
    let report = press_until(&h, &u, &conflict, "🔄 Replace", "↩️").await;
    assert!(
        text(&report).starts_with("✅ Restored 3 files"),
        "{report:?}"
    );

    // Work after the restore: a new file, a new version of a file the restore did not
    // write, and an edit of a file it did write.
    lib.create(u.id, "later.py", "new work".into(), None)
        .await
        .unwrap();
    lib.replace(u.id, "b.py", "b2".into(), None).await.unwrap();
    lib.replace(u.id, "d.py", "d edited".into(), None)
        .await
        .unwrap();

    let undone = press(&h, &u, &report, "↩️").await;
    let expected = format!(
        "{}\n\n{}",
        EN.t_with(
            "restore-undone",
            &[("binned", 1.into()), ("reverted", 1.into())]
        ),
        EN.t_with(
            "restore-undone-left",
            &[("count", 1.into()), ("names", "<b>d.py</b>".into())]
        )
    );
    assert_eq!(
        code_and_version(&h, &u, "a.py").await,
        Some(("a2".to_owned(), 4)),
        "the replaced file has its content from before the restore back, as a new version"
    );
    assert_eq!(
        code_and_version(&h, &u, "c.py").await,
        None,
        "a file the restore created is in the bin"
    );
    assert_eq!(
        code_and_version(&h, &u, "d.py").await,
        Some(("d edited".to_owned(), 2)),
        "a file changed after the restore is left as it is"
    );
    assert_eq!(
        code_and_version(&h, &u, "later.py").await,
        Some(("new work".to_owned(), 1)),
        "a file saved after the restore stays"
    );
    assert_eq!(
        code_and_version(&h, &u, "b.py").await,
        Some(("b2".to_owned(), 2)),
        "a new version saved after the restore stays"
    );
    assert_eq!(text(&undone), expected);
    let snapshot = newest_backup(&h, &u, BackupKind::PreRestore).await.unwrap();
    let log = h
        .stores
        .backups
        .undo_log(u.id, &snapshot.id)
        .await
        .unwrap()
        .expect("an undo log");
    assert!(
        log.undone_at.is_some(),
        "the undo log is marked used: {log:?}"
    );

    // A second tap on the same button changes nothing and says why.
    let before = everything(&h).await;
    let again = press(&h, &u, &report, "↩️").await;
    assert_eq!(text(&again), EN.t("restore-undo-already"));
    assert_eq!(everything(&h).await, before);
}

#[tokio::test]
async fn only_a_restores_own_snapshot_undoes_it() {
    let h = Harness::start().await;
    let alice = TestUser::new(999_102, Some("en"));
    let mallory = TestUser::new(999_103, Some("en"));
    let lib = library(&h);
    lib.create(alice.id, "a.py", "a1".into(), None)
        .await
        .unwrap();
    let full = backup(&h, &alice).await;

    // A full backup's id is not a restore's snapshot.
    let before = everything(&h).await;
    let refused = tap(&h, &alice, &format!("ru:{full}")).await;
    assert_eq!(text(&refused), EN.t("restore-undo-unavailable"));
    assert_eq!(everything(&h).await, before);

    // Alice restores, so she has a snapshot with an undo log.
    lib.replace(alice.id, "a.py", "a2".into(), None)
        .await
        .unwrap();
    let plan = open_restore(&h, &alice, &full).await;
    let conflict = press(&h, &alice, &plan, "✅").await;
    press_until(&h, &alice, &conflict, "🔄 Replace", "↩️").await;
    let snapshot = newest_backup(&h, &alice, BackupKind::PreRestore)
        .await
        .unwrap();
    let snapshot_id = snapshot.id.to_string();

    // Another user's snapshot is not found for Mallory.
    let before = everything(&h).await;
    let refused = tap(&h, &mallory, &format!("ru:{snapshot_id}")).await;
    assert_eq!(text(&refused), EN.t("error-backup-not-found"));
    assert_eq!(everything(&h).await, before);

    // A snapshot without an undo log (as an older version made them) cannot undo.
    tamper::drop_undo_log(&h, &snapshot_id).await;
    let before = everything(&h).await;
    let refused = tap(&h, &alice, &format!("ru:{snapshot_id}")).await;
    assert_eq!(text(&refused), EN.t("restore-undo-unavailable"));
    assert_eq!(everything(&h).await, before);
    assert_eq!(
        state(&h, &alice).await,
        [("a.py".to_owned(), "a1".to_owned(), None, vec![])],
        "the restore stays applied"
    );
}
