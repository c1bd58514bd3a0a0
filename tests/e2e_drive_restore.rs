//! ☁️ Google Drive → 📥 Restore from Drive end to end: the real bot, the fake Telegram, the fake
//! Google and the embedded store. A user whose library and bot database are both gone
//! restores their latest backup from Drive byte for byte (one larger than the 20 MB Telegram
//! lets a bot download, and one Telegram could only take in parts); forged buttons and other
//! users' copies get nothing; a copy changed or damaged in Drive, one too large, a lost grant
//! and a cancel each get their own answer, and nothing is stored.

mod support;

use std::{collections::BTreeMap, time::Duration};

use codevault::{
    archive::sha256_hex,
    domain::{Id, backup::BackupKind},
    i18n::Locale,
};
use support::{
    blobs::blob,
    bot::Harness,
    drive_bot::{bot_backups, connect, start, start_with},
    flow::{
        answer_to, assert_clean, library, press, press_through, press_through_within,
        reader_in_utc, say, settled, text,
    },
    google::{DownloadQuirks, FakeGoogle},
    restoring::state,
    stored,
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;
/// Telegram lets a bot download at most this much.
const TELEGRAM_DOWNLOAD_LIMIT: usize = 20 * 1024 * 1024;
/// For steps that move tens of megabytes through a debug build.
const LONG: Duration = Duration::from_secs(180);

/// Code deflate can hardly shrink: lines of base64 letters from a xorshift generator, different
/// for every seed.
fn incompressible(seed: u64, len: usize) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut text = Vec::with_capacity(len);
    while text.len() < len {
        if text.len() % 77 == 76 {
            text.push(b'\n');
            continue;
        }
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push(LETTERS[(state % 64) as usize]);
    }
    String::from_utf8(text).expect("ASCII")
}

/// Saves `code` as `name` through the chat, without a note.
async fn save_code(h: &Harness, who: &TestUser, code: &str, name: &str) {
    say(h, who, code).await;
    let ask_note = say(h, who, name).await;
    let saved = press(h, who, &ask_note, "⏭").await;
    assert!(text(&saved).contains(name), "{saved:?}");
}

/// ☁️ Google Drive → 📥 Restore from Drive: the page of copies.
async fn copies_page(h: &Harness, who: &TestUser) -> Sent {
    let menu = say(h, who, "/drive").await;
    press_through(h, who, &menu, "📥").await
}

/// The data of the pick buttons on a page of copies.
fn picks(page: &Sent) -> Vec<(String, String)> {
    let buttons = page.buttons().into_iter();
    buttons
        .filter(|(_, data)| data.starts_with("dp:"))
        .collect()
}

/// Picks the first copy on the page of copies; the answer once the work is done.
async fn pick_first(h: &Harness, who: &TestUser) -> Sent {
    let page = copies_page(h, who).await;
    let (label, _) = picks(&page).into_iter().next().expect("a copy to pick");
    press_through(h, who, &page, &label).await
}

/// Presses a button carrying `data` (forged or not) on `screen`; the bot's settled answer.
async fn tap(h: &Harness, who: &TestUser, screen: &Sent, data: &str) -> Sent {
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.expect("a message"), data);
    settled(h, who, seq).await
}

/// The user's library: every current file's name and code.
async fn library_of(h: &Harness, who: &TestUser) -> BTreeMap<String, String> {
    let files = state(h, who).await.into_iter();
    files.map(|(name, code, _, _)| (name, code)).collect()
}

/// ☁️ Back up now through the chat; its copy in Drive is the newest of the bot's files there.
async fn back_up_now(h: &Harness, google: &FakeGoogle, who: &TestUser) -> String {
    let menu = say(h, who, "/drive").await;
    let done = press_through(h, who, &menu, "☁️").await;
    assert!(text(&done).starts_with('✅'), "{done:?}");
    let mut copies = bot_backups(google);
    copies.sort_by_key(|copy| copy.created_time);
    copies.pop().expect("the copy").id
}

/// Removes the backup the Drive copy `remote` is of from the bot's store, as if it were lost.
async fn forget(h: &Harness, google: &FakeGoogle, who: &TestUser, remote: &str) {
    let file = google.file(remote).expect("the copy");
    let id = Id::parse(&file.app_properties["codevault_backup_id"]).expect("a backup id");
    h.stores.backups.delete(who.id, &id).await.unwrap();
    h.stores.blobs.delete(&id).await.unwrap();
}

#[tokio::test]
async fn a_wiped_bot_restores_the_latest_backup_from_drive_byte_for_byte() {
    let google = FakeGoogle::start().await;
    // Telegram takes at most 10 MB here, so the large backup is sent in parts.
    let settings = [
        ("CODEVAULT_TELEGRAM__MAX_UPLOAD_BYTES", "10485760"),
        ("CODEVAULT_TELEGRAM__BACKUP_PART_BYTES", "8388608"),
    ];
    let h = start_with(&google, &settings).await;
    let u = TestUser::new(778_001, Some("en"));
    save_code(&h, &u, "print('hello drive')", "hello.py").await;
    connect(&h, &google, &u).await;

    // An older backup in Drive, of a smaller library.
    let older = back_up_now(&h, &google, &u).await;

    // Then a library whose backup is larger than Telegram lets a bot download.
    let lib = library(&h);
    for i in 0..4 {
        let name = format!("data/part{i}.txt");
        let code = incompressible(i, 7_500_000);
        lib.create(u.id, &name, code, None).await.unwrap();
    }
    let originals = library_of(&h, &u).await;
    assert_eq!(originals.len(), 5);

    // 📦 Create backup: too big for Telegram, so it is sent in parts, and uploaded to Drive
    // whole.
    let menu = say(&h, &u, "/backup").await;
    let seq = h.tg.last_seq();
    let create = menu.button_data("📦 ").expect("📦 Create backup");
    h.tg.click(&u, menu.message_id.unwrap(), &create);
    let too_big =
        h.tg.wait_for_within(seq, LONG, |s| {
            s.method == "sendMessage" && s.button_data("✂️").is_some()
        })
        .await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        too_big.message_id.unwrap(),
        &too_big.button_data("✂️").unwrap(),
    );
    let parts =
        h.tg.wait_for_within(seq, LONG, |s| {
            s.method == "sendDocument" && text(s).contains("part 1 of")
        })
        .await;
    let count: usize = text(&parts)
        .split("part 1 of ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|count| count.parse().ok())
        .expect("the parts' count");
    assert!(count >= 3, "{count} parts");
    let uploaded = press_through_within(&h, &u, &too_big, "☁️", LONG).await;
    assert!(text(&uploaded).starts_with('✅'), "{uploaded:?}");
    let original = stored::newest_backup(&h, u.id, BackupKind::FullBackup)
        .await
        .expect("the large backup");
    let copy = google
        .files()
        .into_iter()
        .find(|file| {
            let marked = file.app_properties.get("codevault_backup_id");
            marked == Some(&original.id.to_string())
        })
        .expect("its copy in Drive");
    assert!(
        copy.bytes.len() > TELEGRAM_DOWNLOAD_LIMIT,
        "{}",
        copy.bytes.len()
    );
    assert_eq!(sha256_hex(&copy.bytes), original.sha256);

    // Both the library and the bot's database are lost: a new bot, a new store.
    drop(h);
    let h = start_with(&google, &settings).await;
    connect(&h, &google, &u).await;
    assert!(stored::backups(&h, u.id).await.is_empty());
    assert!(library_of(&h, &u).await.is_empty());

    // Drive lists the copies, newest first, with their names, dates, files and sizes.
    let page = copies_page(&h, &u).await;
    let older_name = google.file(&older).unwrap().name;
    let page_text = text(&page);
    let (newest_at, older_at) = (
        page_text
            .find(&copy.name)
            .expect("the newest copy is listed"),
        page_text
            .find(&older_name)
            .expect("the older copy is listed"),
    );
    assert!(newest_at < older_at, "{page_text}");
    let listed = picks(&page);
    assert_eq!(listed.len(), 2, "{listed:?}");
    let date = reader_in_utc(Locale::En).time(original.created_at);
    assert!(
        listed[0]
            .0
            .starts_with(&format!("📦 1. {date} · 5 files · ")),
        "{listed:?}"
    );
    assert!(listed[1].0.starts_with("☁️ 2. "), "{listed:?}");
    assert!(listed[1].0.contains(" · 1 file · "), "{listed:?}");

    // The latest: downloaded through Drive (no Telegram limit), checked, kept in My backups,
    // and its restore planned.
    let plan = press_through_within(&h, &u, &page, "📦 1.", LONG).await;
    let kept = EN.t_with("drive-restore-kept", &[("name", copy.name.clone().into())]);
    assert!(text(&plan).starts_with(&kept), "{plan:?}");
    assert!(
        text(&plan).contains("New: 5 · Unchanged: 0 · Conflicts: 0"),
        "{plan:?}"
    );
    let report = press_through_within(&h, &u, &plan, "✅", LONG).await;
    let restored = EN.t_with(
        "restore-report",
        &[
            ("restored", 5.into()),
            ("new", 5.into()),
            ("replaced", 0.into()),
            ("kept", 0.into()),
            ("skipped", 0.into()),
            ("unchanged", 0.into()),
        ],
    );
    assert_eq!(text(&report), restored);
    assert!(
        report.button_data("↩️").is_some(),
        "the restore can be undone"
    );

    // Every file byte for byte; the backup is back as itself, its archive Drive's bytes.
    assert!(library_of(&h, &u).await == originals, "the library differs");
    let back = stored::backup(&h, u.id, &original.id.to_string())
        .await
        .expect("the backup is in My backups");
    assert_eq!(
        (back.kind, back.created_at, back.file_count, back.total_size),
        (
            original.kind,
            original.created_at,
            original.file_count,
            original.total_size
        )
    );
    assert_eq!(
        (back.archive_size, back.sha256.as_str()),
        (original.archive_size, original.sha256.as_str())
    );
    let archive = blob(h.stores.blobs.as_ref(), &original.id).await.unwrap();
    assert!(archive == copy.bytes, "the stored archive is Drive's");
    assert_clean(&h, &u, &h.temp_dir(), "after restoring from Drive").await;
}

#[tokio::test]
async fn forged_buttons_and_other_users_copies_get_nothing() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let alice = TestUser::new(778_002, Some("en"));
    let mallory = TestUser::new(778_003, Some("en"));
    save_code(&h, &alice, "print('mine')", "mine.py").await;
    connect(&h, &google, &alice).await;
    // Mallory connects the same Google account, so Drive shows them the same folder.
    connect(&h, &google, &mallory).await;
    let remote = back_up_now(&h, &google, &alice).await;
    let folder = google.file(&remote).unwrap().parents[0].clone();
    // Beside Alice's copy: a file of her own, and a lookalike without the bot's mark.
    google.add_user_file("notes.txt", &folder, &[]);
    google.add_user_file("copy.zip", &folder, &[("codevault_backup_id", "x")]);

    let page = copies_page(&h, &alice).await;
    let alices = picks(&page);
    assert_eq!(alices.len(), 1, "only her copy: {alices:?}");
    let page = copies_page(&h, &mallory).await;
    assert!(
        text(&page).contains(&EN.t("drive-copies-empty")),
        "{page:?}"
    );
    assert!(picks(&page).is_empty(), "{page:?}");

    let before = stored::everything(&h).await;
    // Alice's button, a page Mallory was never shown, a place past the end: stale.
    for data in [alices[0].1.as_str(), "dp:1:0", "dp:0:7"] {
        let answer = tap(&h, &mallory, &page, data).await;
        assert_eq!(text(&answer), EN.t("error-stale-button"), "{data}");
    }
    // A Drive id in the data is no button at all.
    for data in [format!("dp:{remote}"), format!("dp:1:{remote}")] {
        let seq = h.tg.last_seq();
        let query = h.tg.click(&mallory, page.message_id.unwrap(), &data);
        let answer = answer_to(&h, seq, &query).await;
        let unknown = EN.t("error-unknown-button");
        assert_eq!(answer.text.as_deref(), Some(unknown.as_str()), "{data}");
    }
    // Alice's own button of an earlier page, though the page shown now has a copy at that
    // place, and a page she left: stale, neither picks anything.
    let page = copies_page(&h, &alice).await;
    assert_ne!(
        picks(&page)[0].1,
        alices[0].1,
        "each page has a listing of its own"
    );
    let answer = tap(&h, &alice, &page, &alices[0].1).await;
    assert_eq!(text(&answer), EN.t("error-stale-button"));
    let page = copies_page(&h, &alice).await;
    say(&h, &alice, "/menu").await;
    let answer = tap(&h, &alice, &page, &picks(&page)[0].1).await;
    assert_eq!(text(&answer), EN.t("error-stale-button"));

    assert_eq!(stored::everything(&h).await, before, "nothing was stored");
    assert!(google.media_ranges().is_empty(), "nothing was downloaded");
    for who in [&alice, &mallory] {
        assert!(h.stores.tasks.active(who.id).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn a_changed_damaged_or_too_large_copy_and_a_lost_grant_are_refused_keeping_nothing() {
    let google = FakeGoogle::start().await;
    // A restore takes in at most 1 MB here.
    let h = start_with(
        &google,
        &[(
            "CODEVAULT_LIMITS__MAX_ARCHIVE_UNCOMPRESSED_BYTES",
            "1048576",
        )],
    )
    .await;
    let u = TestUser::new(778_004, Some("en"));
    let stranger = TestUser::new(778_005, Some("en"));
    save_code(&h, &u, "print('kept in drive')", "kept.py").await;
    connect(&h, &google, &u).await;
    let remote = back_up_now(&h, &google, &u).await;
    let archive = google.file_bytes(&remote).unwrap();
    forget(&h, &google, &u, &remote).await;
    let before = stored::everything(&h).await;

    let refused = |key: &str| EN.t(key);
    // Drive serves other bytes than its own MD5 of the file says.
    google.corrupt(&remote);
    let answer = pick_first(&h, &u).await;
    assert_eq!(text(&answer), refused("drive-restore-checksum"));
    google.corrupt(&remote);
    // The file's content was replaced in Drive by something that is no backup.
    google.replace_content(&remote, archive[..archive.len() / 2].to_vec());
    let answer = pick_first(&h, &u).await;
    assert_eq!(text(&answer), refused("drive-restore-damaged"));
    // Larger than a restore takes in: not even downloaded.
    let media = google.media_ranges().len();
    google.replace_content(&remote, incompressible(9, 1_100_000).into_bytes());
    let answer = pick_first(&h, &u).await;
    let too_large = EN.t_with("drive-restore-too-large", &[("max", "1".into())]);
    assert_eq!(text(&answer), too_large);
    assert_eq!(google.media_ranges().len(), media);
    assert_eq!(stored::everything(&h).await, before, "nothing was stored");

    // Someone never connected, pressing the button anyway.
    let menu = say(&h, &stranger, "/menu").await;
    let answer = tap(&h, &stranger, &menu, "dl:0").await;
    assert_eq!(text(&answer), refused("drive-error-not-connected"));
    // The grant revoked at Google: Drive is disconnected, and the user told to connect again.
    google.revoke_all();
    let menu = say(&h, &u, "/drive").await;
    let page = press_through(&h, &u, &menu, "📥").await;
    assert_eq!(text(&page), refused("drive-error-reconnect"));
    assert_eq!(stored::everything(&h).await, before, "nothing was stored");
}

#[tokio::test]
async fn a_cancelled_download_keeps_nothing_and_leaves_no_temporary_file() {
    let google = FakeGoogle::start().await;
    // Every archive on its way goes through a temporary file.
    let h = start_with(
        &google,
        &[
            ("CODEVAULT_STORAGE__ARCHIVE_MEMORY_BYTES", "0"),
            ("CODEVAULT_TASKS__CANCEL_GRACE", "1s"),
        ],
    )
    .await;
    let u = TestUser::new(778_006, Some("en"));
    connect(&h, &google, &u).await;
    let lib = library(&h);
    let code = incompressible(3, 600_000);
    lib.create(u.id, "big.txt", code, None).await.unwrap();
    let remote = back_up_now(&h, &google, &u).await;
    let size = google.file_bytes(&remote).unwrap().len();
    forget(&h, &google, &u, &remote).await;
    let before = stored::everything(&h).await;
    // The download stalls half-way: only ✖️ Cancel ends it.
    google.set_download_quirks(DownloadQuirks {
        stall_after: Some(size / 2),
        ..DownloadQuirks::default()
    });

    let page = copies_page(&h, &u).await;
    let seq = h.tg.last_seq();
    let (_, data) = picks(&page).remove(0);
    h.tg.click(&u, page.message_id.unwrap(), &data);
    let working =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(u.id) && s.button_data("✖️").is_some()
        })
        .await;
    let name = google.file(&remote).unwrap().name;
    let downloading = EN.t_with("drive-fetching", &[("name", name.into())]);
    assert!(text(&working).starts_with(&downloading), "{working:?}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while google.media_served() < size / 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the download never began"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        working.message_id.unwrap(),
        &working.button_data("✖️").unwrap(),
    );
    let ended =
        h.tg.wait_for(seq, |s| {
            s.message_id == working.message_id && text(s) == EN.t("task-cancelled")
        })
        .await;
    assert_eq!(text(&ended), EN.t("task-cancelled"));
    assert_eq!(stored::everything(&h).await, before, "nothing was stored");
    assert_clean(&h, &u, &h.temp_dir(), "after a cancelled download").await;
}
