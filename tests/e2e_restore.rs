//! Restore end to end: plan, every conflict choice (and "for all"), snapshot, apply, undo;
//! damaged backups and forged buttons change nothing.

mod support;

use codevault::{archive::sha256_hex, domain::backup::BackupKind, i18n::Locale};
use support::{
    bot::{Backend, Harness},
    flow::{library, press, say, text},
    restoring::{backup, delete_file, open_restore, state, tap},
    stored::{self, Table},
    tamper,
    telegram::TestUser,
};

const EN: Locale = Locale::En;

#[tokio::test]
async fn restore_with_every_choice_then_undo() {
    let h = Harness::start().await;
    let u = TestUser::new(999_001, Some("en"));
    let lib = library(&h);
    for name in ["a", "b", "c", "d", "e", "f"] {
        lib.create(
            u.id,
            &format!("{name}.py"),
            format!("{name}1"),
            Some(format!("note {name}")),
        )
        .await
        .unwrap();
    }
    lib.create(u.id, "same.py", "s".into(), None).await.unwrap();
    let id = backup(&h, &u).await;

    // Change the library after the backup.
    for name in ["a", "b", "c", "d", "e"] {
        lib.replace(u.id, &format!("{name}.py"), format!("{name}2"), None)
            .await
            .unwrap();
    }
    delete_file(&h, &u, "f.py").await;
    lib.create(u.id, "new.py", "n".into(), None).await.unwrap();
    let before = state(&h, &u).await;

    let plan = open_restore(&h, &u, &id).await;
    assert!(
        text(&plan).contains("New: 1 · Unchanged: 1 · Conflicts: 5"),
        "{plan:?}"
    );
    assert_eq!(state(&h, &u).await, before, "a plan writes nothing");
    let first = press(&h, &u, &plan, "✅").await;
    assert!(
        text(&first).contains("a.py") && text(&first).contains("1 of 5"),
        "{first:?}"
    );
    let second = press(&h, &u, &first, "🔄 Replace").await;
    assert!(text(&second).contains("b.py"));
    let third = press(&h, &u, &second, "⏭ Skip").await;
    assert!(text(&third).contains("c.py"));
    let fourth = press(&h, &u, &third, "✏️ Keep both").await;
    assert!(text(&fourth).contains("d.py") && text(&fourth).contains("4 of 5"));
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        fourth.message_id.unwrap(),
        &fourth.button_data("🔄 Replace all").unwrap(),
    );
    let report = h.tg.wait_for(seq, |s| s.button_data("↩️").is_some()).await;
    assert_eq!(
        text(&report),
        EN.t_with(
            "restore-report",
            &[
                ("restored", 5.into()),
                ("new", 1.into()),
                ("replaced", 3.into()),
                ("kept", 1.into()),
                ("skipped", 1.into()),
                ("unchanged", 1.into())
            ]
        )
    );

    // Every file's content and history.
    let code = |name: &str| {
        let name = name.to_owned();
        let h = &h;
        async move {
            stored::current_file(h, 999_001, &name)
                .await
                .map(|file| (file.code, i64::from(file.version)))
        }
    };
    assert_eq!(
        code("a.py").await,
        Some(("a1".into(), 3)),
        "replaced: a new version, the old ones kept"
    );
    assert_eq!(code("b.py").await, Some(("b2".into(), 2)), "skipped");
    assert_eq!(
        code("c.py").await,
        Some(("c2".into(), 2)),
        "kept both: the current one stays"
    );
    assert_eq!(
        code("c (restored).py").await,
        Some(("c1".into(), 1)),
        "kept both: the restored copy"
    );
    assert_eq!(code("d.py").await, Some(("d1".into(), 3)));
    assert_eq!(code("e.py").await, Some(("e1".into(), 3)));
    assert_eq!(
        code("f.py").await,
        Some(("f1".into(), 1)),
        "new: brought back"
    );
    assert_eq!(
        code("same.py").await,
        Some(("s".into(), 1)),
        "unchanged: untouched"
    );
    assert_eq!(
        code("new.py").await,
        Some(("n".into(), 1)),
        "files not in the backup stay"
    );
    let a_versions = stored::versions(&h, u.id)
        .await
        .iter()
        .filter(|v| v.name == "a.py")
        .count();
    assert_eq!(a_versions, 3);
    let snapshots = stored::backups(&h, u.id)
        .await
        .iter()
        .filter(|b| b.kind == BackupKind::PreRestore)
        .count();
    assert_eq!(snapshots, 1, "a safety snapshot was stored first");
    let applied = stored::events(&h, "restore_applied").await.len();
    assert_eq!(applied, 1);

    // Undo: the library is exactly as before the restore.
    let undone = press(&h, &u, &report, "↩️").await;
    assert_eq!(
        text(&undone),
        EN.t_with(
            "restore-undone",
            &[("binned", 2.into()), ("reverted", 3.into())]
        )
    );
    assert_eq!(state(&h, &u).await, before);
    let undo_events = stored::events(&h, "restore_undone").await.len();
    assert_eq!(undo_events, 1);
}

#[tokio::test]
async fn cancel_at_a_conflict_changes_nothing() {
    let h = Harness::start().await;
    let u = TestUser::new(999_002, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "x.py", "x1".into(), None).await.unwrap();
    let id = backup(&h, &u).await;
    lib.replace(u.id, "x.py", "x2".into(), None).await.unwrap();
    let before = (state(&h, &u).await, stored::dump(&h, Table::Backups).await);
    let plan = open_restore(&h, &u, &id).await;
    let conflict = press(&h, &u, &plan, "✅").await;
    let cancelled = press(&h, &u, &conflict, "🚫").await;
    back_at_the_backup(&cancelled, &id);
    assert_eq!(
        (state(&h, &u).await, stored::dump(&h, Table::Backups).await),
        before
    );
    // The step is over: the conflict's buttons are stale now.
    let stale = press(&h, &u, &conflict, "🔄 Replace").await;
    assert_eq!(text(&stale), EN.t("error-stale-button"));
    assert_eq!(state(&h, &u).await, before.0);
}

/// The answer to 🚫 Cancel under a plan: said, over the backup's own screen (its ♻️ Restore
/// plans it again).
fn back_at_the_backup(screen: &support::telegram::Sent, backup: &str) {
    let said = text(screen);
    assert!(
        said.starts_with(&format!("{}\n\n", EN.t("restore-cancelled"))),
        "{screen:?}"
    );
    assert!(said.contains(backup), "the backup's screen: {screen:?}");
    assert_eq!(
        screen.button_data("♻️").as_deref(),
        Some(format!("br:{backup}").as_str())
    );
}

#[tokio::test]
async fn cancel_under_a_plan_goes_back_to_the_backup() {
    let h = Harness::start().await;
    let u = TestUser::new(999_009, Some("en"));
    library(&h)
        .create(u.id, "y.py", "y1".into(), None)
        .await
        .unwrap();
    let id = backup(&h, &u).await;
    delete_file(&h, &u, "y.py").await;
    let before = (state(&h, &u).await, stored::dump(&h, Table::Backups).await);
    let plan = open_restore(&h, &u, &id).await;
    assert_eq!(
        plan.button_data("🚫").as_deref(),
        Some(format!("rx:{id}").as_str())
    );
    let cancelled = press(&h, &u, &plan, "🚫").await;
    back_at_the_backup(&cancelled, &id);
    assert_eq!(
        (state(&h, &u).await, stored::dump(&h, Table::Backups).await),
        before
    );
    // Another user's backup in a forged Cancel shows nothing of it.
    let other = TestUser::new(999_010, Some("en"));
    let forged = tap(&h, &other, &format!("rx:{id}")).await;
    assert!(!text(&forged).contains(&id), "{forged:?}");
}

#[tokio::test]
async fn a_plan_that_would_change_nothing_says_so_without_a_snapshot() {
    let h = Harness::start().await;
    let u = TestUser::new(999_011, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "p.py", "p1".into(), None).await.unwrap();
    lib.create(u.id, "q.py", "q1".into(), None).await.unwrap();
    let id = backup(&h, &u).await;
    let before = (state(&h, &u).await, stored::dump(&h, Table::Backups).await);
    let plan = open_restore(&h, &u, &id).await;
    assert_eq!(
        text(&plan),
        EN.t_with("restore-nothing", &[("total", 2.into())])
    );
    assert_eq!(plan.button_data("✅"), None, "nothing to go ahead with");
    assert_eq!(
        plan.button_data("🔙").as_deref(),
        Some(format!("bo:{id}").as_str())
    );
    assert_eq!(
        (state(&h, &u).await, stored::dump(&h, Table::Backups).await),
        before,
        "no safety snapshot, nothing written"
    );
    // The ✅ of an earlier plan finds no step to go ahead with.
    let stale = tap(&h, &u, "rg").await;
    assert_eq!(text(&stale), EN.t("error-stale-button"));
    assert_eq!(stored::dump(&h, Table::Backups).await, before.1);
}

#[tokio::test]
async fn a_damaged_backup_is_refused_and_nothing_changes_embedded() {
    a_damaged_backup_is_refused_and_nothing_changes(Backend::Sqlite, 999_003).await;
}

/// MongoDB keeps the archive in GridFS chunks: damage there is caught the same way.
#[tokio::test]
async fn a_damaged_backup_is_refused_and_nothing_changes_mongodb() {
    a_damaged_backup_is_refused_and_nothing_changes(Backend::Mongo, 999_008).await;
}

async fn a_damaged_backup_is_refused_and_nothing_changes(backend: Backend, user: i64) {
    let h = Harness::start_on(backend).await;
    let u = TestUser::new(user, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "x.py", "print('x')\n".repeat(50), None)
        .await
        .unwrap();
    let id = backup(&h, &u).await;
    lib.replace(u.id, "x.py", "changed".into(), None)
        .await
        .unwrap();

    // Flip a byte inside the stored archive.
    let bytes = tamper::flip_archive_byte(&h, &id, 40).await;

    let before = (state(&h, &u).await, stored::dump(&h, Table::Backups).await);
    let refused = open_restore(&h, &u, &id).await;
    assert_eq!(
        text(&refused),
        EN.t("error-backup-corrupt"),
        "the archive no longer matches its record"
    );
    assert_eq!(
        (state(&h, &u).await, stored::dump(&h, Table::Backups).await),
        before
    );

    // Even with the record's checksum forged to match, the entry's CRC gives it away.
    tamper::set_backup_sha256(&h, &id, &sha256_hex(&bytes)).await;
    let before = (state(&h, &u).await, stored::dump(&h, Table::Backups).await);
    let refused = open_restore(&h, &u, &id).await;
    assert_eq!(text(&refused), EN.t("error-backup-corrupt"));
    assert_eq!(
        (state(&h, &u).await, stored::dump(&h, Table::Backups).await),
        before
    );
}

#[tokio::test]
async fn another_users_restore_and_undo_buttons_achieve_nothing() {
    let h = Harness::start().await;
    let alice = TestUser::new(999_004, Some("en"));
    let mallory = TestUser::new(999_005, Some("en"));
    library(&h)
        .create(alice.id, "a.py", "a".into(), None)
        .await
        .unwrap();
    let id = backup(&h, &alice).await;
    let before = (
        stored::dump(&h, Table::Files).await,
        stored::dump(&h, Table::Backups).await,
    );
    for data in [format!("br:{id}"), format!("ru:{id}")] {
        let menu = say(&h, &mallory, "/start").await;
        let seq = h.tg.last_seq();
        h.tg.click(&mallory, menu.message_id.unwrap(), &data);
        let reply = h.tg.next_message(seq, mallory.id).await;
        assert_eq!(text(&reply), EN.t("error-backup-not-found"), "{data}");
        assert_eq!(
            (
                stored::dump(&h, Table::Files).await,
                stored::dump(&h, Table::Backups).await
            ),
            before,
            "{data}"
        );
    }
    // A choice with no restore in progress is stale.
    let menu = say(&h, &mallory, "/start").await;
    let seq = h.tg.last_seq();
    h.tg.click(&mallory, menu.message_id.unwrap(), "rc:r:1");
    assert_eq!(
        text(&h.tg.next_message(seq, mallory.id).await),
        EN.t("error-stale-button")
    );
}

/// A backup holding more than a restore takes in (a large repository) is not "damaged": the
/// user is told what the limit is, and nothing changes.
#[tokio::test]
async fn a_backup_past_the_restore_limits_says_so_and_changes_nothing() {
    let h = Harness::start_with(&[("CODEVAULT_LIMITS__MAX_ARCHIVE_ENTRIES", "2")]).await;
    let u = TestUser::new(999_007, Some("en"));
    let lib = library(&h);
    for name in ["a.py", "b.py", "c.py"] {
        lib.create(u.id, name, format!("# {name}\n"), None)
            .await
            .unwrap();
    }
    let id = backup(&h, &u).await;
    let before = state(&h, &u).await;

    let refused = open_restore(&h, &u, &id).await;
    assert_eq!(
        text(&refused),
        EN.t_with(
            "restore-too-large",
            &[("entries", 2.into()), ("max", "200".into())]
        )
    );
    assert_eq!(state(&h, &u).await, before);
}
