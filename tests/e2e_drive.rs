//! Google Drive end to end: the real bot, the fake Telegram server, the fake Google (OAuth
//! device flow and Drive v3) and the test database.

mod support;

use std::time::Duration;

use codevault::{
    archive::sha256_hex,
    domain::{
        DestinationId, Job,
        backup::{BackupKind, BackupRecord, CopyStatus},
        retention::{Generations, RetentionPolicy},
        schedule::{Schedule, Zone},
    },
    i18n::Locale,
};
use mongodb::bson::{Document, doc};
use support::{
    bot::{Backend, Harness},
    drive_bot::{FOLDER, bot_backups, connect, shown_code, start, start_on_with, start_with},
    flow::{answer_to, create_backup, press, reader_in_utc, say, settled, text},
    google::{CLIENT_SECRET, FakeGoogle, Route},
    stored,
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;
async fn press_through(h: &Harness, who: &TestUser, screen: &Sent, label: &str) -> Sent {
    let seq = h.tg.last_seq();
    let data = screen
        .button_data(label)
        .unwrap_or_else(|| panic!("no {label} in {screen:?}"));
    h.tg.click(who, screen.message_id.unwrap(), &data);
    settled(h, who, seq).await
}

async fn backup_record(h: &Harness, who: &TestUser, id: &str) -> BackupRecord {
    stored::backup(h, who.id, id)
        .await
        .expect("the backup record")
}

async fn drive_job(h: &Harness, who: &TestUser) -> Option<Job> {
    h.stores
        .jobs
        .get(who.id, &DestinationId::DRIVE)
        .await
        .expect("read the job")
}

async fn sealed_token(h: &Harness, who: &TestUser) -> Option<Vec<u8>> {
    h.stores
        .drive
        .sealed_token(who.id)
        .await
        .expect("read the token")
}

#[tokio::test]
async fn connect_back_up_now_upload_a_stored_backup_and_schedule() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let u = TestUser::new(777_001, Some("en"));
    say(&h, &u, "print('hello drive')").await;
    let ask_note = say(&h, &u, "hello.py").await;
    press(&h, &u, &ask_note, "⏭").await;
    connect(&h, &google, &u).await;

    // ☁️ Back up now: the archive lands in the bot's folder with its backup id.
    let menu = say(&h, &u, "/drive").await;
    assert!(text(&menu).contains("alice@example.com"), "{menu:?}");
    let done = press_through(&h, &u, &menu, "☁️").await;
    let files = bot_backups(&google);
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(
        text(&done),
        EN.t_with(
            "drive-uploaded",
            &[
                ("name", file.name.clone().into()),
                ("folder", FOLDER.into())
            ]
        )
    );
    let id = file.app_properties["codevault_backup_id"].clone();
    let record = backup_record(&h, &u, &id).await;
    assert_eq!(record.kind, BackupKind::GoogleDriveBackup);
    assert_eq!(record.sha256, sha256_hex(&file.bytes));
    assert_eq!(
        record.file_count, 1,
        "the library's one file is in the backup"
    );
    let drive = record
        .copies
        .iter()
        .find(|copy| copy.destination == DestinationId::DRIVE)
        .expect("the copy at Drive");
    assert_eq!(drive.status, CopyStatus::Uploaded);
    assert_eq!(drive.remote_id.as_deref(), Some(file.id.as_str()));
    let folder = google.file(&file.parents[0]).expect("the folder");
    assert_eq!(folder.name, FOLDER);
    assert!(file.name.starts_with("codevault-") && file.name.ends_with(".zip"));

    // ☁️ Upload to Drive on a stored full backup.
    let (result, _, _) = create_backup(&h, &u).await;
    let opened = press(&h, &u, &result, "🔙").await;
    let uploaded = press_through(&h, &u, &opened, "☁️").await;
    assert!(text(&uploaded).starts_with("✅"), "{uploaded:?}");
    assert_eq!(bot_backups(&google).len(), 2);

    // ⏰ Schedule: daily at 07:00 UTC, then the due run happens once.
    let menu = say(&h, &u, "/drive").await;
    let frequencies = press(&h, &u, &menu, "⏰").await;
    let hours = press(&h, &u, &frequencies, "📅").await;
    let saved = press(&h, &u, &hours, "🕐 07").await;
    let job = drive_job(&h, &u).await.expect("a job");
    let due = job.due_at.expect("due");
    assert_eq!(due.format("%H:%M").to_string(), "07:00");
    assert!(due > chrono::Utc::now() && due <= chrono::Utc::now() + chrono::Duration::days(1));
    assert_eq!(
        text(&saved),
        EN.t_with(
            "drive-schedule-saved",
            &[
                (
                    "schedule",
                    EN.t_with(
                        "drive-schedule-daily",
                        &[("hour", "07:00".into()), ("zone", "UTC".into())]
                    )
                    .into()
                ),
                ("next_run", reader_in_utc(EN).time_in(Zone::UTC, due).into()),
            ]
        )
    );
    // The bot was "down" at 07:00: the missed run is caught up once.
    let past = chrono::Utc::now() - chrono::Duration::hours(2);
    h.stores
        .jobs
        .set_schedule(
            u.id,
            &DestinationId::DRIVE,
            job.schedule,
            Some(past),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while bot_backups(&google).len() < 3 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no scheduled upload:\n{}",
            h.logs()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let job = loop {
        let job = drive_job(&h, &u).await.expect("the job");
        if job.lease_owner.is_none() {
            break job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let next = job.due_at.expect("due");
    assert!(
        next > chrono::Utc::now(),
        "the next run is the next slot, not a replay"
    );
    assert_eq!(bot_backups(&google).len(), 3);

    // The operator's endpoint counts the uploads by trigger and result.
    let base = format!("http://{}", h.http_address());
    let get = |path: &str| reqwest::get(format!("{base}{path}"));
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    let metrics = get("/metrics").await.unwrap().text().await.unwrap();
    for line in [
        "codevault_drive_uploads_total{trigger=\"manual\",result=\"success\"} 2",
        "codevault_drive_uploads_total{trigger=\"scheduled\",result=\"success\"} 1",
        "codevault_backups_total{type=\"google_drive_backup\",result=\"success\"} 2",
        "codevault_backups_total{type=\"full_backup\",result=\"success\"} 1",
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "{line} not in\n{metrics}"
        );
    }

    // Tokens are sealed at rest (in no byte of the store's files) and never logged.
    assert!(sealed_token(&h, &u).await.is_some(), "a token is stored");
    assert!(
        stored::holds(&h, "alice@example.com").await,
        "the search sees what is stored in clear"
    );
    assert!(!stored::holds(&h, "fake-access").await);
    assert!(!stored::holds(&h, "fake-refresh").await);
    let logs = h.logs();
    assert!(!logs.contains("fake-access") && !logs.contains("fake-refresh"));
    assert!(!logs.contains(CLIENT_SECRET));
}

#[tokio::test]
async fn a_revoked_grant_disconnects_and_asks_to_connect_again() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let u = TestUser::new(777_002, Some("en"));
    connect(&h, &google, &u).await;
    google.revoke_all();

    let menu = say(&h, &u, "/drive").await;
    let refused = press_through(&h, &u, &menu, "☁️").await;
    assert_eq!(text(&refused), EN.t("drive-error-reconnect"));
    assert!(bot_backups(&google).is_empty());
    let menu = say(&h, &u, "/drive").await;
    assert_eq!(
        text(&menu),
        EN.t_with(
            "drive-menu",
            &[("status", EN.t("drive-status-reconnect").into())]
        )
    );
    // The backup made for the upload is kept in the bot.
    assert_eq!(stored::backups(&h, u.id).await.len(), 1);

    // Disconnect revokes and forgets; the menu offers to connect again.
    connect_again_then_disconnect(&h, &google, &u).await;
}

async fn connect_again_then_disconnect(h: &Harness, google: &FakeGoogle, who: &TestUser) {
    let menu = say(h, who, "/drive").await;
    let shown = press(h, who, &menu, "🔗").await;
    let code = shown_code(&shown);
    let seq = h.tg.last_seq();
    google.approve(&code);
    h.tg.wait_for(seq, |s| {
        s.chat_id == Some(who.id) && text(s).starts_with("✅")
    })
    .await;
    let menu = say(h, who, "/drive").await;
    let confirm = press(h, who, &menu, "🚪").await;
    let revocations = google.revocations().len();
    let done = press_through(h, who, &confirm, "✅ Disconnect").await;
    assert_eq!(text(&done), EN.t("drive-disconnected"));
    assert_eq!(google.revocations().len(), revocations + 1);
    assert_eq!(sealed_token(h, who).await, None);
}

#[tokio::test]
async fn without_a_google_client_drive_says_it_is_not_set_up() {
    let h = Harness::start().await;
    let u = TestUser::new(777_003, Some("en"));
    let menu = say(&h, &u, "/drive").await;
    assert_eq!(
        text(&menu),
        EN.t_with(
            "drive-menu",
            &[("status", EN.t("drive-not-configured").into())]
        )
    );
}

#[tokio::test]
async fn forged_drive_buttons_achieve_nothing() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let alice = TestUser::new(777_004, Some("en"));
    let mallory = TestUser::new(777_005, Some("en"));
    say(&h, &alice, "print('mine')").await;
    say(&h, &alice, "mine.py").await;
    let (_, _, _) = create_backup(&h, &alice).await;
    let alice_backup = stored::backups(&h, alice.id).await[0].id.to_string();
    connect(&h, &google, &mallory).await;
    let menu = say(&h, &mallory, "/drive").await;
    let message = menu.message_id.unwrap();

    // Someone else's backup id: refused, nothing uploaded.
    let seq = h.tg.last_seq();
    h.tg.click(&mallory, message, &format!("bu:{alice_backup}"));
    let refused = settled(&h, &mallory, seq).await;
    assert_eq!(text(&refused), EN.t("error-backup-not-found"));
    assert!(bot_backups(&google).is_empty());

    // Retentions the menu never offers (to preview, to pick on, to apply), and an hour that
    // does not exist.
    for forged in [
        "dA:n:7",
        "dA:g:0:0:0",
        "dP:n:7",
        "dP:g:7:5:12",
        "dgw:5",
        "dgm:7:5",
    ] {
        let seq = h.tg.last_seq();
        h.tg.click(&mallory, message, forged);
        let stale = settled(&h, &mallory, seq).await;
        assert_eq!(text(&stale), EN.t("error-stale-button"), "{forged}");
    }
    let seq = h.tg.last_seq();
    let query = h.tg.click(&mallory, message, "dh:d:24");
    answer_to(&h, seq, &query).await;
    let drive = h
        .stores
        .destinations
        .state(mallory.id, &DestinationId::DRIVE)
        .await
        .unwrap();
    assert_eq!((drive.retention, drive.schedule), (None, Schedule::OFF));
    assert!(
        drive_job(&h, &mallory)
            .await
            .is_none_or(|job| job.due_at.is_none())
    );
}

#[tokio::test]
async fn a_wait_lost_to_a_restart_asks_to_connect_again() {
    let google = FakeGoogle::start().await;
    let mut h = start(&google).await;
    let u = TestUser::new(777_006, Some("en"));
    google.set_device_timing(1, 600);
    let menu = say(&h, &u, "/drive").await;
    let shown = press(&h, &u, &menu, "🔗").await;
    h.restart().await;
    let checked = press(&h, &u, &shown, "🔄").await;
    assert!(
        text(&checked).starts_with(&EN.t("drive-connect-interrupted")),
        "{checked:?}"
    );
    assert!(checked.button_data("🔗").is_some(), "a way to start again");
}

#[tokio::test]
async fn retention_newest_and_by_generations_previewed_and_a_passing_503_through_the_bot() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let u = TestUser::new(777_007, Some("en"));
    say(&h, &u, "x = 1").await;
    say(&h, &u, "x.py").await;
    connect(&h, &google, &u).await;

    // 🗂 Kept in Drive: 3, previewed (nothing there yet), then applied.
    let newest_three = EN.t_with("drive-kept-newest", &[("keep", 3.into())]);
    let menu = say(&h, &u, "/drive").await;
    let choices = press(&h, &u, &menu, "🗂").await;
    let preview = press_through(&h, &u, &choices, "🗂 3").await;
    assert_eq!(
        text(&preview),
        EN.t_with(
            "drive-retention-preview-none",
            &[("policy", newest_three.clone().into()), ("count", 0.into())]
        )
    );
    let saved = press_through(&h, &u, &preview, "✅").await;
    assert_eq!(
        text(&saved),
        format!(
            "{}\n{}",
            EN.t_with(
                "drive-retention-applied",
                &[("policy", newest_three.clone().into())]
            ),
            EN.t("drive-retention-removed-none")
        )
    );

    // A 503 on the first upload is retried at once: one file, no duplicate.
    google.fail_next(Route::Upload, 1, 503, None);
    let menu = say(&h, &u, "/drive").await;
    let done = press_through(&h, &u, &menu, "☁️").await;
    assert!(text(&done).starts_with("✅"), "{done:?}");
    assert_eq!(bot_backups(&google).len(), 1);

    let folder = bot_backups(&google)[0].parents[0].clone();
    let mine = google.add_user_file("my-notes.txt", &folder, &[]);
    let mut last = done;
    for _ in 0..3 {
        let menu = say(&h, &u, "/drive").await;
        last = press_through(&h, &u, &menu, "☁️").await;
    }
    let pruned = [("count", 1.into()), ("policy", newest_three.into())];
    assert!(
        text(&last).contains(&EN.t_with("drive-pruned", &pruned)),
        "{last:?}"
    );
    assert_eq!(bot_backups(&google).len(), 3);
    assert!(google.file(&mine).is_some_and(|file| !file.trashed));

    // 📅 By day, week and month: 3 days, no weeks, no months. All three copies are of today,
    // so the preview names the two older ones; 🚫 Cancel changes nothing.
    let mut copies = bot_backups(&google);
    copies.sort_by(|a, b| a.id.cmp(&b.id));
    let (older, newest) = (&copies[..2], &copies[2]);
    let generations = RetentionPolicy::Generations(Generations {
        daily: 3,
        weekly: 0,
        monthly: 0,
    });
    let pick_generations = || async {
        let menu = say(&h, &u, "/drive").await;
        let choices = press(&h, &u, &menu, "🗂").await;
        let days = press(&h, &u, &choices, "📅").await;
        assert_eq!(text(&days), EN.t("drive-retention-days"));
        let weeks = press(&h, &u, &days, "📅 3").await;
        let months = press(&h, &u, &weeks, "📅 0").await;
        press_through(&h, &u, &months, "📅 0").await
    };
    let kept_text = EN.t_with(
        "drive-kept-generations",
        &[
            ("daily", 3.into()),
            ("weekly", 0.into()),
            ("monthly", 0.into()),
        ],
    );
    let preview = pick_generations().await;
    let header = EN.t_with(
        "drive-retention-preview",
        &[("policy", kept_text.clone().into()), ("count", 2.into())],
    );
    assert!(
        text(&preview).starts_with(&format!("{header}\n• <b>")),
        "{preview:?}"
    );
    for copy in older {
        assert!(text(&preview).contains(&copy.name), "{preview:?}");
    }
    assert!(!text(&preview).contains(&newest.name));
    let back = press(&h, &u, &preview, "🚫").await;
    assert!(text(&back).starts_with("🗂"), "{back:?}");
    assert_eq!(bot_backups(&google).len(), 3, "nothing deleted on Cancel");
    let state = (h.stores.destinations)
        .state(u.id, &DestinationId::DRIVE)
        .await
        .unwrap();
    assert_eq!(state.retention, Some(RetentionPolicy::Newest(3)));

    // ✅ Apply: kept from now on, the two deleted and named, the newest and the user's file
    // stay.
    let preview = pick_generations().await;
    let applied = press_through(&h, &u, &preview, "✅").await;
    let removed = EN.t_with("drive-retention-removed", &[("count", 2.into())]);
    assert!(
        text(&applied).starts_with(&format!(
            "{}\n{removed}\n• <b>",
            EN.t_with("drive-retention-applied", &[("policy", kept_text.into())])
        )),
        "{applied:?}"
    );
    let left = bot_backups(&google);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, newest.id);
    assert!(google.file(&mine).is_some_and(|file| !file.trashed));
    let state = (h.stores.destinations)
        .state(u.id, &DestinationId::DRIVE)
        .await
        .unwrap();
    assert_eq!(state.retention, Some(generations));
}

/// Issue 10 #17: Google did not confirm the revocation (503 after the retries): the tokens are
/// forgotten anyway and the user is told how to remove the access themselves.
#[tokio::test]
async fn an_unconfirmed_revocation_is_told_and_the_tokens_are_forgotten() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let u = TestUser::new(777_008, Some("en"));
    connect(&h, &google, &u).await;

    let menu = say(&h, &u, "/drive").await;
    let confirm = press(&h, &u, &menu, "🚪").await;
    let label = format!("✅ {}", EN.t("btn-confirm-disconnect"));
    assert_eq!(label, "✅ Disconnect");
    assert!(confirm.button_data(&label).is_some(), "{confirm:?}");
    assert!(confirm.button_data("✅ Confirm delete").is_none());

    google.fail_next(Route::Revoke, 100, 503, None);
    let done = press_through(&h, &u, &confirm, &label).await;
    assert_eq!(text(&done), EN.t("drive-disconnected-unconfirmed"));
    assert!(text(&done).contains("https://myaccount.google.com/permissions"));
    // Tried more than once, and Google still holds the grant.
    assert!(google.count_requests("POST /revoke") > 1);
    assert!(google.revocations().is_empty());
    assert_eq!(sealed_token(&h, &u).await, None);
    let menu = say(&h, &u, "/drive").await;
    assert_eq!(
        text(&menu),
        EN.t_with(
            "drive-menu",
            &[("status", EN.t("drive-status-disconnected").into())]
        )
    );
}

/// Issue 10 #17: Google unreachable when connecting is said as such, not as our own fault.
#[tokio::test]
async fn google_unreachable_on_connect_says_so() {
    let google = FakeGoogle::start().await;
    // A port nothing listens on.
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let dead_url = format!("http://{dead}/device/code");
    let h = start_with(&google, &[("CODEVAULT_GOOGLE__DEVICE_CODE_URL", &dead_url)]).await;
    let u = TestUser::new(777_009, Some("en"));
    let menu = say(&h, &u, "/drive").await;
    let refused = press(&h, &u, &menu, "🔗").await;
    assert_eq!(text(&refused), EN.t("drive-connect-failed"));

    // Google overloaded (5xx) reads the same.
    let h = start(&google).await;
    google.fail_next(Route::DeviceCode, 1, 503, None);
    let menu = say(&h, &u, "/drive").await;
    let refused = press(&h, &u, &menu, "🔗").await;
    assert_eq!(text(&refused), EN.t("drive-connect-failed"));
    assert_eq!(sealed_token(&h, &u).await, None);
}

/// MongoDB keeps the Drive token sealed in the user's document (`drive.token`, binary) and
/// removes the field on disconnecting.
#[tokio::test]
async fn on_mongodb_the_drive_token_is_sealed_in_the_users_document() {
    let google = FakeGoogle::start().await;
    let h = start_on_with(Backend::Mongo, &google, &[]).await;
    let u = TestUser::new(777_010, Some("en"));
    connect(&h, &google, &u).await;
    let users = h.mongo().database().collection::<Document>("users");
    let user = users.find_one(doc! { "_id": u.id }).await.unwrap().unwrap();
    let sealed = user
        .get_document("drive")
        .unwrap()
        .get_binary_generic("token")
        .expect("a sealed token");
    let raw = format!("{user:?}");
    for clear in [b"fake-access".as_slice(), b"fake-refresh"] {
        assert!(!sealed.windows(clear.len()).any(|w| w == clear), "{raw}");
    }
    assert!(
        !raw.contains("fake-access") && !raw.contains("fake-refresh"),
        "{raw}"
    );

    let menu = say(&h, &u, "/drive").await;
    let confirm = press(&h, &u, &menu, "🚪").await;
    let done = press_through(&h, &u, &confirm, "✅ Disconnect").await;
    assert_eq!(text(&done), EN.t("drive-disconnected"));
    let user = users.find_one(doc! { "_id": u.id }).await.unwrap().unwrap();
    assert!(user.get_document("drive").unwrap().get("token").is_none());
}
