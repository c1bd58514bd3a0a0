//! The backup quota end to end (2 backups per user here): every backup the quota removes is
//! named to the user, and when only rated backups could make room nothing more is stored.

mod support;

use codevault::{
    bot::ui::{format_size, format_time},
    domain::backup::{BackupKind, BackupRecord, Rating},
    i18n::Locale,
};
use support::{
    bot::Harness,
    flow::{library, press, say, settled, text},
    restoring::{backup, open_restore, press_until},
    stored,
    telegram::{Sent, TestUser},
    zips::{deflated, zip_of},
};

const EN: Locale = Locale::En;

/// Under its flat name of earlier releases on purpose: the alias still works end to end, and
/// start-up warns about it.
async fn start() -> Harness {
    let h = Harness::start_with(&[("CODEVAULT_MAX_BACKUPS_PER_USER", "2")]).await;
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

/// The note telling that the quota removed the backup `removed` (as it was stored).
fn pruned_note(removed: &BackupRecord) -> String {
    format!(
        "{}\n• 📦 {} · {} · {}",
        EN.t_with(
            "backup-quota-pruned",
            &[("count", 1.into()), ("limit", 2.into())]
        ),
        format_time(removed.created_at),
        EN.t_with("files-count", &[("count", removed.file_count.into())]),
        format_size(EN, removed.archive_size)
    )
}

async fn send_zip(h: &Harness, who: &TestUser, bytes: Vec<u8>) -> Sent {
    let seq = h.tg.last_seq();
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

#[tokio::test]
async fn at_the_quota_import_and_restore_name_the_backup_removed() {
    let h = start().await;
    let u = TestUser::new(888_001, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "a".into(), None).await.unwrap();
    let first = backup(&h, &u).await;
    lib.create(u.id, "b.py", "b".into(), None).await.unwrap();
    let second = backup(&h, &u).await;
    let (first_doc, second_doc) = (
        record(&h, &u, &first).await.unwrap(),
        record(&h, &u, &second).await.unwrap(),
    );

    // Keeping the imported archive removes the oldest backup, and the plan says which.
    let confirm = send_zip(&h, &u, zip_of(&[("c.py", b"c")], deflated())).await;
    let plan = press_until(&h, &u, &confirm, "✅", "✅").await;
    assert!(
        text(&plan).starts_with(&format!("{}\n\n", pruned_note(&first_doc))),
        "{plan:?}"
    );
    assert!(
        record(&h, &u, &first).await.is_none(),
        "the oldest one went"
    );

    // The restore's safety snapshot removes the next oldest, and the report says which.
    let report = press_until(&h, &u, &plan, "✅", "↩️").await;
    assert!(
        text(&report).ends_with(&format!("\n\n{}", pruned_note(&second_doc))),
        "{report:?}"
    );
    assert!(record(&h, &u, &second).await.is_none());
    let kinds: Vec<BackupKind> = stored::backups(&h, u.id)
        .await
        .iter()
        .rev()
        .map(|record| record.kind)
        .collect();
    assert_eq!(kinds, [BackupKind::ImportedZip, BackupKind::PreRestore]);
}

#[tokio::test]
async fn with_every_backup_rated_nothing_more_is_stored_or_changed() {
    let h = start().await;
    let u = TestUser::new(888_002, Some("en"));
    let lib = library(&h);
    lib.create(u.id, "a.py", "a1".into(), None).await.unwrap();
    let first = backup(&h, &u).await;
    backup(&h, &u).await;
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
    let no_room = EN.t_with(
        "backup-no-room",
        &[("stored", 2.into()), ("limit", 2.into())],
    );

    let menu = say(&h, &u, "/backup").await;
    let refused = tap_settled(&h, &u, &menu, "📦 ").await;
    assert_eq!(text(&refused), no_room, "create backup");
    assert_eq!(everything().await, before);

    // Told on arrival, before being asked to confirm the import.
    let refused = send_zip(&h, &u, zip_of(&[("c.py", b"c")], deflated())).await;
    assert_eq!(text(&refused), no_room, "import");
    assert_eq!(everything().await, before);

    let plan = open_restore(&h, &u, &first).await;
    let conflict = press(&h, &u, &plan, "✅").await;
    let refused = tap_settled(&h, &u, &conflict, "🔄 Replace").await;
    assert_eq!(
        text(&refused),
        format!("{}\n{no_room}", EN.t("restore-snapshot-needs-room")),
        "restore"
    );
    assert_eq!(everything().await, before);
}
