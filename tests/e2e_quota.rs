//! The backup quota end to end (2 of the user's own backups, 1 imported ZIP and 1 safety
//! snapshot per user here): each kind makes room only among its own, every backup the quota
//! removes is named to the user, and when only rated backups could make room nothing more is
//! stored.

mod support;

use codevault::{
    bot::ui::format_size,
    domain::backup::{BackupKind, BackupRecord, Rating},
    i18n::Locale,
};
use support::{
    bot::Harness,
    flow::{create_backup, library, press, reader_in_utc, say, settled, text},
    restoring::{backup, open_restore, press_until},
    stored,
    telegram::{Sent, TestUser},
    zips::{deflated, zip_of},
};

const EN: Locale = Locale::En;

/// The user's own backups under their flat name of earlier releases on purpose: the alias
/// still works end to end, and start-up warns about it.
async fn start() -> Harness {
    let h = Harness::start_with(&[
        ("CODEVAULT_MAX_BACKUPS_PER_USER", "2"),
        ("CODEVAULT_LIMITS__MAX_IMPORTED_BACKUPS", "1"),
        ("CODEVAULT_LIMITS__MAX_RESTORE_SNAPSHOTS", "1"),
    ])
    .await;
    let logs = h.logs();
    assert!(
        logs.contains("CODEVAULT_MAX_BACKUPS_PER_USER → CODEVAULT_LIMITS__MAX_BACKUPS"),
        "{logs}"
    );
    h
}

async fn record(h: &Harness, who: &TestUser, id: &str) -> Option<BackupRecord> {
    stored::backup(h, who.id, id).await
}

/// The note telling that the quota removed `removed` (as it was stored) to stay within
/// `limit` of its kind: `class` names the kind's share, `label` the backup's kind.
fn pruned_note(removed: &BackupRecord, class: &str, limit: u64) -> String {
    let kind = format!("backup-type-{}", removed.kind.as_str().replace('_', "-"));
    format!(
        "{}\n• {} · {} · {} · {}",
        EN.t_with(
            "backup-quota-pruned",
            &[
                ("count", 1.into()),
                ("class", EN.t(class).into()),
                ("limit", limit.into()),
                ("quota", "1.0 GB".into()),
            ]
        ),
        EN.t(&kind),
        reader_in_utc(Locale::En).time(removed.created_at),
        EN.t_with("files-count", &[("count", removed.file_count.into())]),
        EN.t_with(
            "backup-row-archive",
            &[("size", format_size(EN, removed.archive_size).into())]
        )
    )
}

async fn send_zip(h: &Harness, who: &TestUser, name: &str) -> Sent {
    let seq = h.tg.last_seq();
    let bytes = zip_of(&[(name, name.as_bytes())], deflated());
    h.tg.send_document(who, "snippets.zip", "application/zip", bytes);
    h.tg.next_message(seq, who.id).await
}

/// Taps `label` on `screen` and returns the result after any "working…" screen.
async fn tap_settled(h: &Harness, who: &TestUser, screen: &Sent, label: &str) -> Sent {
    let data = screen.button_data(label).unwrap();
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.unwrap(), &data);
    settled(h, who, seq).await
}

/// How many backups of each kind the user has, in `BackupKind::ALL`'s order.
async fn kinds(h: &Harness, who: &TestUser) -> [usize; 5] {
    let backups = stored::backups(h, who.id).await;
    BackupKind::ALL.map(|kind| backups.iter().filter(|b| b.kind == kind).count())
}

/// Imports a ZIP holding `name` through to its restore report, which carries ↩️ Undo.
async fn import(h: &Harness, who: &TestUser, name: &str) -> (Sent, Sent) {
    let confirm = send_zip(h, who, name).await;
    let plan = press_until(h, who, &confirm, "✅", "✅").await;
    let report = press_until(h, who, &plan, "✅", "↩️").await;
    (plan, report)
}

#[tokio::test]
async fn each_kind_of_backup_makes_room_only_among_its_own_and_names_what_went() {
    let h = start().await;
    let u = TestUser::new(888_001, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "a".into(), None).await.unwrap();
    let first = backup(&h, &u).await;
    lib.create(u.id, "b.py", "b".into(), None).await.unwrap();
    let second = backup(&h, &u).await;

    // The first import and its restore's snapshot fill shares of their own: the user's own
    // backups stay, and nothing is said about room.
    let (plan, report) = import(&h, &u, "c.py").await;
    for screen in [&plan, &report] {
        assert!(!text(screen).contains("♻️"), "{screen:?}");
    }
    assert_eq!(kinds(&h, &u).await, [2, 0, 0, 1, 1]);
    let first_import = stored::newest_backup(&h, u.id, BackupKind::ImportedZip)
        .await
        .unwrap();
    let first_snapshot = stored::newest_backup(&h, u.id, BackupKind::PreRestore)
        .await
        .unwrap();

    // The next import removes the earlier imported ZIP (and only it), and the plan says so.
    let (plan, report) = import(&h, &u, "d.py").await;
    assert!(
        text(&plan).starts_with(&format!(
            "{}\n\n",
            pruned_note(&first_import, "backup-class-imported", 1)
        )),
        "{plan:?}"
    );
    // Its restore's snapshot removes the earlier snapshot, and the report says which.
    assert!(
        text(&report).ends_with(&format!(
            "\n\n{}",
            pruned_note(&first_snapshot, "backup-class-snapshot", 1)
        )),
        "{report:?}"
    );
    assert!(record(&h, &u, &first_import.id.to_string()).await.is_none());
    assert!(
        record(&h, &u, &first_snapshot.id.to_string())
            .await
            .is_none()
    );
    assert!(record(&h, &u, &first).await.is_some() && record(&h, &u, &second).await.is_some());
    assert_eq!(kinds(&h, &u).await, [2, 0, 0, 1, 1]);

    // A third backup of the user's own removes the oldest of those.
    let first_doc = record(&h, &u, &first).await.unwrap();
    let (result, _, _) = create_backup(&h, &u).await;
    assert!(
        text(&result).ends_with(&format!(
            "\n\n{}",
            pruned_note(&first_doc, "backup-class-manual", 2)
        )),
        "{result:?}"
    );
    assert!(record(&h, &u, &first).await.is_none());
    assert!(record(&h, &u, &second).await.is_some());
    assert_eq!(kinds(&h, &u).await, [2, 0, 0, 1, 1]);

    // My backups shows what they take of the quota.
    let list = press(&h, &u, &say(&h, &u, "/backup").await, "🗂").await;
    let used: u64 = stored::backups(&h, u.id)
        .await
        .iter()
        .map(|b| b.archive_size)
        .sum();
    let usage = EN.t_with(
        "backups-usage",
        &[
            ("used", format_size(EN, used).into()),
            ("quota", "1.0 GB".into()),
            ("manual", "2/2".into()),
            ("scheduled", "0/10".into()),
            ("snapshots", "1/1".into()),
            ("imports", "1/1".into()),
        ],
    );
    assert!(text(&list).contains(&format!("\n{usage}")), "{list:?}");
}

#[tokio::test]
async fn with_every_backup_rated_nothing_more_is_stored_or_changed() {
    let h = start().await;
    let u = TestUser::new(888_002, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "a1".into(), None).await.unwrap();
    let first = backup(&h, &u).await;
    backup(&h, &u).await;
    import(&h, &u, "c.py").await;
    for record in stored::backups(&h, u.id).await {
        h.stores
            .backups
            .set_rating(u.id, &record.id, Some(Rating::Good))
            .await
            .unwrap();
    }
    lib.replace(u.id, "a.py", "a2".into(), None).await.unwrap();
    let everything = || stored::everything(&h);
    let before = everything().await;
    let no_room = |class: &str, stored: u64| {
        EN.t_with(
            "backup-no-room",
            &[
                ("class", EN.t(class).into()),
                ("stored", stored.into()),
                ("limit", stored.into()),
            ],
        )
    };

    let menu = say(&h, &u, "/backup").await;
    let refused = tap_settled(&h, &u, &menu, "📦 ").await;
    assert_eq!(
        text(&refused),
        no_room("backup-class-manual", 2),
        "create backup"
    );
    assert_eq!(everything().await, before);

    // Told on arrival, before being asked to confirm the import.
    let refused = send_zip(&h, &u, "d.py").await;
    assert_eq!(
        text(&refused),
        no_room("backup-class-imported", 1),
        "import"
    );
    assert_eq!(everything().await, before);

    let plan = open_restore(&h, &u, &first).await;
    let conflict = press(&h, &u, &plan, "✅").await;
    let refused = tap_settled(&h, &u, &conflict, "🔄 Replace").await;
    assert_eq!(
        text(&refused),
        format!(
            "{}\n{}",
            EN.t("restore-snapshot-needs-room"),
            no_room("backup-class-snapshot", 1)
        ),
        "restore"
    );
    assert_eq!(everything().await, before);
}
