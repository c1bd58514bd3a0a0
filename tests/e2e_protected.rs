//! Password-protected backups end to end through the real bot: 🔒 With password (the message
//! holding the password deleted at once, a short one refused), a restore and an import of a
//! protected archive asking for the password (a wrong one: a clear message, nothing changed),
//! and Drive backups protected by a password kept sealed, which the user can remove. The
//! password is never in the store or the logs.

mod support;

use std::io::{Cursor, Read};

use codevault::{
    domain::{DestinationId, backup::BackupKind, password::MIN_PASSWORD_CHARS},
    i18n::Locale,
};
use support::{
    bot::Harness,
    drive_bot,
    flow::{library, press, say, send_zip, settled, text},
    google::FakeGoogle,
    restoring::{delete_file, newest_backup, open_restore, press_until, state},
    stored,
    telegram::{Sent, SentDocument, TestUser},
};

const EN: Locale = Locale::En;
const PASSWORD: &str = "correct horse battery";
const WRONG: &str = "wrong horse battery";

/// Sends `password` as the user's message; answers the bot's next message and whether the
/// user's message was deleted from the chat by then.
async fn type_password(h: &Harness, who: &TestUser, password: &str) -> (Sent, bool) {
    let seq = h.tg.last_seq();
    let sent = h.tg.send_text(who, password);
    let reply = h.tg.next_message(seq, who.id).await;
    (reply, h.tg.is_deleted(who.id, sent))
}

/// The archive's entry `name`, opened with `password`.
fn open(archive: &[u8], name: &str, password: &str) -> Result<String, zip::result::ZipError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    let mut entry = zip.by_name_decrypt(name, password.as_bytes())?;
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    Ok(text)
}

async fn seed(h: &Harness, who: &TestUser) {
    let lib = library(h);
    lib.create(who.id, "app.py", "print('secret')\n".into(), None)
        .await
        .unwrap();
    lib.create(who.id, "notes.md", "# plans\n".into(), None)
        .await
        .unwrap();
}

/// 📦 → 🔒 With password → a password too short → the right one: the backup made, stored
/// and sent protected.
async fn protected_backup(h: &Harness, who: &TestUser) -> SentDocument {
    let menu = say(h, who, "/backup").await;
    let prompt = press(h, who, &menu, "🔒").await;
    assert!(
        text(&prompt)
            .contains(&EN.t_with("backup-ask-password", &[("min", MIN_PASSWORD_CHARS.into())])),
        "{prompt:?}"
    );
    let (short, deleted) = type_password(h, who, "short").await;
    assert!(deleted, "a password too short leaves the chat too");
    assert!(
        text(&short).starts_with(&EN.t_with(
            "error-password-too-short",
            &[("min", MIN_PASSWORD_CHARS.into())]
        )),
        "{short:?}"
    );
    let seq = h.tg.last_seq();
    let sent = h.tg.send_text(who, PASSWORD);
    let document = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    assert!(h.tg.is_deleted(who.id, sent), "the password left the chat");
    let result =
        h.tg.sent_since(seq)
            .into_iter()
            .rfind(|s| s.method == "editMessageText")
            .expect("a result screen");
    assert!(
        text(&result).contains(&EN.t("backup-created-protected")),
        "{result:?}"
    );
    document.document.clone().expect("a document")
}

async fn nothing_kept_of_the_password(h: &Harness) {
    assert!(!stored::holds(h, PASSWORD).await, "the password is stored");
    assert!(!h.logs().contains(PASSWORD), "the password is logged");
}

#[tokio::test]
async fn a_protected_backup_restores_after_a_wrong_then_the_right_password() {
    let h = Harness::start().await;
    let u = TestUser::new(162_001, Some("en"));
    seed(&h, &u).await;
    let document = protected_backup(&h, &u).await;
    assert_eq!(
        open(&document.bytes, "app.py", PASSWORD).unwrap(),
        "print('secret')\n"
    );
    assert!(open(&document.bytes, "app.py", WRONG).is_err());
    assert!(open(&document.bytes, "metadata.json", PASSWORD).is_ok());
    assert!(
        zip::ZipArchive::new(Cursor::new(document.bytes.as_slice()))
            .unwrap()
            .by_name("metadata.json")
            .is_err(),
        "the manifest opens only with the password"
    );
    let backup = newest_backup(&h, &u, BackupKind::FullBackup).await.unwrap();
    assert!(backup.protected);

    // The library changes; the restore asks for the password.
    delete_file(&h, &u, "app.py").await;
    let before = state(&h, &u).await;
    let everything = stored::everything(&h).await;
    let prompt = open_restore(&h, &u, &backup.id.to_string()).await;
    let asked = EN.t_with(
        "archive-ask-password",
        &[("name", backup.file_name().into())],
    );
    assert!(text(&prompt).contains(&asked), "{prompt:?}");

    let (wrong, deleted) = type_password(&h, &u, WRONG).await;
    assert!(deleted, "a wrong password leaves the chat too");
    assert!(
        text(&wrong).starts_with(&EN.t("archive-wrong-password")),
        "{wrong:?}"
    );
    assert!(text(&wrong).contains(&asked), "asked again: {wrong:?}");
    assert_eq!(
        state(&h, &u).await,
        before,
        "a wrong password changes nothing"
    );
    assert_eq!(stored::everything(&h).await, everything);

    let (plan, deleted) = type_password(&h, &u, PASSWORD).await;
    assert!(deleted);
    assert!(
        text(&plan).contains("New: 1 · Unchanged: 1 · Conflicts: 0"),
        "{plan:?}"
    );
    press_until(&h, &u, &plan, "✅", "↩️").await;
    let app = stored::current_file(&h, u.id, "app.py").await.unwrap();
    assert_eq!(app.code, "print('secret')\n");
    nothing_kept_of_the_password(&h).await;
}

#[tokio::test]
async fn a_protected_archive_sent_back_is_imported_after_its_password() {
    let h = Harness::start().await;
    let u = TestUser::new(162_002, Some("en"));
    seed(&h, &u).await;
    let document = protected_backup(&h, &u).await;
    delete_file(&h, &u, "notes.md").await;
    let everything = stored::everything(&h).await;

    let prompt = send_zip(&h, &u, &document.file_name, document.bytes.clone()).await;
    let asked = EN.t_with(
        "archive-ask-password",
        &[("name", document.file_name.clone().into())],
    );
    assert_eq!(text(&prompt), asked);
    let (wrong, deleted) = type_password(&h, &u, WRONG).await;
    assert!(deleted);
    assert!(
        text(&wrong).starts_with(&EN.t("archive-wrong-password")),
        "{wrong:?}"
    );
    assert_eq!(stored::everything(&h).await, everything, "nothing changed");

    let (confirm, deleted) = type_password(&h, &u, PASSWORD).await;
    assert!(deleted);
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        confirm.message_id.unwrap(),
        &confirm.button_data("✅").unwrap(),
    );
    let plan =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(u.id) && text(s).contains("New: 1 · Unchanged: 1")
        })
        .await;
    press_until(&h, &u, &plan, "✅", "↩️").await;
    let notes = stored::current_file(&h, u.id, "notes.md").await.unwrap();
    assert_eq!(notes.code, "# plans\n");
    let kept = newest_backup(&h, &u, BackupKind::ImportedZip)
        .await
        .unwrap();
    assert!(kept.protected, "the archive is kept as it came, protected");
    nothing_kept_of_the_password(&h).await;
}

/// Drive backups protected by a password the user sets once, kept sealed; removable.
#[tokio::test]
async fn drive_backups_are_protected_by_a_sealed_password_until_it_is_removed() {
    let google = FakeGoogle::start().await;
    let h = drive_bot::start(&google).await;
    let u = TestUser::new(162_003, Some("en"));
    seed(&h, &u).await;
    drive_bot::connect(&h, &google, &u).await;
    let menu = say(&h, &u, "/drive").await;
    assert!(
        text(&menu).contains(&EN.t("drive-protected-off")),
        "{menu:?}"
    );

    let prompt = press(&h, &u, &menu, "🔒").await;
    assert!(text(&prompt).starts_with("🔒"), "{prompt:?}");
    let (short, deleted) = type_password(&h, &u, "too short").await;
    assert!(deleted);
    assert!(text(&short).contains("10"), "{short:?}");
    let (set, deleted) = type_password(&h, &u, PASSWORD).await;
    assert!(deleted);
    assert_eq!(text(&set), EN.t("drive-password-set"));
    let sealed = h
        .stores
        .destinations
        .sealed_password(u.id, &DestinationId::DRIVE)
        .await
        .unwrap()
        .expect("the password is kept sealed");
    assert!(
        !sealed
            .windows(PASSWORD.len())
            .any(|w| w == PASSWORD.as_bytes())
    );

    let menu = say(&h, &u, "/drive").await;
    assert!(
        text(&menu).contains(&EN.t("drive-protected-on")),
        "{menu:?}"
    );
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        menu.message_id.unwrap(),
        &menu.button_data("☁️").unwrap(),
    );
    settled(&h, &u, seq).await;
    let copies = drive_bot::bot_backups(&google);
    assert_eq!(copies.len(), 1);
    assert_eq!(
        open(&copies[0].bytes, "app.py", PASSWORD).unwrap(),
        "print('secret')\n"
    );
    assert!(open(&copies[0].bytes, "app.py", WRONG).is_err());
    nothing_kept_of_the_password(&h).await;

    let menu = say(&h, &u, "/drive").await;
    let removed = press(&h, &u, &menu, "🔓").await;
    assert_eq!(text(&removed), EN.t("drive-password-removed"));
    let menu = say(&h, &u, "/drive").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        menu.message_id.unwrap(),
        &menu.button_data("☁️").unwrap(),
    );
    settled(&h, &u, seq).await;
    let plain = drive_bot::bot_backups(&google)
        .into_iter()
        .find(|file| file.id != copies[0].id)
        .expect("a second backup");
    let mut zip = zip::ZipArchive::new(Cursor::new(plain.bytes.as_slice())).unwrap();
    let mut code = String::new();
    zip.by_name("app.py")
        .expect("a plain backup once the password is removed")
        .read_to_string(&mut code)
        .unwrap();
    assert_eq!(code, "print('secret')\n");
}
