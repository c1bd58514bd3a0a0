//! The quota and automatic backups end to end, through the real bot with the fake Google: a
//! scheduled run at its share's limit removes the oldest automatic backup and never one of the
//! user's own, and a backup past the quota on bytes is refused with nothing lost.

mod support;

use codevault::{
    bot::ui::format_size,
    domain::backup::{BackupKind, BackupRecord, Rating},
    i18n::Locale,
};
use support::{
    bot::Harness,
    drive_bot::{bot_backups, connect, schedule_daily, scheduled_run, start_with},
    flow::{library, press, reader_in_utc, say, settled, text},
    google::FakeGoogle,
    restoring::backup,
    stored,
    telegram::TestUser,
};

const EN: Locale = Locale::En;

async fn of_kind(h: &Harness, who: &TestUser, kind: BackupKind) -> Vec<BackupRecord> {
    let mut found: Vec<_> = stored::backups(h, who.id)
        .await
        .into_iter()
        .filter(|b| b.kind == kind)
        .collect();
    found.reverse();
    found
}

#[tokio::test]
async fn a_scheduled_run_at_its_limit_removes_the_oldest_automatic_backup_and_no_manual_one() {
    let google = FakeGoogle::start().await;
    let h = start_with(
        &google,
        &[
            ("CODEVAULT_LIMITS__MAX_BACKUPS", "2"),
            ("CODEVAULT_LIMITS__MAX_SCHEDULED_BACKUPS", "2"),
        ],
    )
    .await;
    let u = TestUser::new(889_001, Some("en"));
    connect(&h, &google, &u).await;
    let lib = library(&h);
    let file = lib
        .create(u.id, "a.py", "print('a')".into(), None)
        .await
        .unwrap();
    // A scheduled run uploads only a library that changed since the last one.
    let change = |run: usize| {
        let (lib, key) = (&lib, file.key.clone());
        async move {
            lib.add_version(u.id, &key, format!("print({run})"))
                .await
                .unwrap();
        }
    };
    let manual = [backup(&h, &u).await, backup(&h, &u).await];
    schedule_daily(&h, &u, 7).await;

    // Two scheduled runs fill the automatic share; nothing is removed for them.
    for run in 1..=2 {
        change(run).await;
        let told = scheduled_run(&h, &u).await;
        assert!(told.is_empty(), "run {run}: {told:?}");
        assert_eq!(bot_backups(&google).len(), run);
    }
    let automatic = of_kind(&h, &u, BackupKind::GoogleDriveBackup).await;
    assert_eq!(automatic.len(), 2);

    // The third removes the oldest automatic backup, and says which, by kind, date and size.
    change(3).await;
    let told = scheduled_run(&h, &u).await;
    let oldest = &automatic[0];
    let expected = format!(
        "{}\n{}\n• {} · {} · {} · {}",
        EN.t("drive-notice-pruned"),
        EN.t_with(
            "backup-quota-pruned",
            &[
                ("count", 1.into()),
                ("class", EN.t("backup-class-scheduled").into()),
                ("limit", 2.into()),
                ("quota", "1.0 GB".into()),
            ]
        ),
        EN.t("backup-type-google-drive-backup"),
        reader_in_utc(Locale::En).time(oldest.created_at),
        EN.t_with("files-count", &[("count", 1.into())]),
        EN.t_with(
            "backup-row-archive",
            &[("size", format_size(EN, oldest.archive_size).into())]
        )
    );
    assert_eq!(told, [expected]);
    assert_eq!(bot_backups(&google).len(), 3, "Drive keeps its copies");

    // In the store: both manual backups, the two newest automatic ones.
    let now = of_kind(&h, &u, BackupKind::GoogleDriveBackup).await;
    assert_eq!(now.len(), 2);
    assert_eq!(now[0].id, automatic[1].id);
    assert!(
        stored::backup(&h, u.id, &oldest.id.to_string())
            .await
            .is_none()
    );
    let manual_now: Vec<String> = of_kind(&h, &u, BackupKind::FullBackup)
        .await
        .iter()
        .map(|b| b.id.to_string())
        .collect();
    assert_eq!(manual_now, manual);
    assert_eq!(stored::events(&h, "backups_pruned").await.len(), 1);
}

#[tokio::test]
async fn a_backup_past_the_quota_on_bytes_is_refused_and_nothing_is_lost() {
    let google = FakeGoogle::start().await;
    let h = start_with(&google, &[("CODEVAULT_LIMITS__MAX_BACKUP_BYTES", "50 KiB")]).await;
    let u = TestUser::new(889_002, Some("en"));
    connect(&h, &google, &u).await;
    // Hex of a hash chain: deflate halves it, so one archive is about 33 KB and two are not
    // under 50 KiB.
    let code: String = (0..1000)
        .map(|i| codevault::archive::sha256_hex(format!("{i}").as_bytes()))
        .collect();
    library(&h)
        .create(u.id, "big.txt", code, None)
        .await
        .unwrap();
    let first = backup(&h, &u).await;
    let kept = stored::backup(&h, u.id, &first).await.unwrap();
    assert!(
        (25 << 10..50 << 10).contains(&kept.archive_size),
        "{kept:?}"
    );
    h.stores
        .backups
        .set_rating(u.id, &kept.id, Some(Rating::Good))
        .await
        .unwrap();
    let before = stored::everything(&h).await;
    let limit = format_size(EN, 50 << 10);
    let refused = |size: &str| {
        EN.t_with(
            "backup-no-room-bytes-sized",
            &[
                ("size", size.to_owned().into()),
                ("used", format_size(EN, kept.archive_size).into()),
                ("limit", limit.clone().into()),
            ],
        )
    };
    /// The size of the backup the last refusal was about, as its event recorded it.
    async fn refused_size(h: &Harness, nth: usize) -> u64 {
        let events = stored::events(h, "backup_storage_full").await;
        assert_eq!(events.len(), nth, "{events:?}");
        events[nth - 1].fields["size"].parse().unwrap()
    }

    // 📦 Create backup: built and checked, then refused; the rated backup stays, nothing
    // else is kept.
    let menu = say(&h, &u, "/backup").await;
    let data = menu.button_data("📦 ").unwrap();
    let seq = h.tg.last_seq();
    h.tg.click(&u, menu.message_id.unwrap(), &data);
    let answer = settled(&h, &u, seq).await;
    let size = refused_size(&h, 1).await;
    assert!(size.abs_diff(kept.archive_size) < 1024, "{size}");
    assert_eq!(text(&answer), refused(&format_size(EN, size)));
    assert_eq!(stored::everything(&h).await, before);

    // A scheduled run: the same, told on its own, and nothing uploaded.
    schedule_daily(&h, &u, 7).await;
    let told = scheduled_run(&h, &u).await;
    let size = refused_size(&h, 2).await;
    assert_eq!(
        told,
        [format!(
            "{}\n{}",
            EN.t("drive-notice-no-room"),
            refused(&format_size(EN, size))
        )]
    );
    assert_eq!(stored::everything(&h).await, before);
    assert!(bot_backups(&google).is_empty());

    // My backups shows what is used of the quota.
    let list = press(&h, &u, &say(&h, &u, "/backup").await, "🗂").await;
    let usage = EN.t_with(
        "backups-usage",
        &[
            ("used", format_size(EN, kept.archive_size).into()),
            ("quota", limit.clone().into()),
            ("manual", "1/25".into()),
            ("scheduled", "0/10".into()),
            ("snapshots", "0/10".into()),
            ("imports", "0/5".into()),
        ],
    );
    assert!(text(&list).contains(&usage), "{list:?}");
}
