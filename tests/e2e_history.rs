//! Backups with history, end to end through the real bot: 🕘 With history stores every
//! version, a restore into an emptied library brings every version back byte for byte (in
//! order, with its time and name), restoring it again adds nothing, Undo takes it out, a plain
//! backup still restores as before, and a forged history is refused with nothing written.

mod support;

use std::io::{Cursor, Read};

use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::{
    domain::{CodeFile, DestinationId, NewFile, backup::BackupKind},
    i18n::Locale,
};
use serde_json::Value;
use support::{
    bot::{Backend, Harness},
    drive_bot,
    flow::{create_backup, library, press, say, send_zip, settled, text},
    google::FakeGoogle,
    restoring::{newest_backup, open_restore, press_until},
    stored::{self, Table},
    telegram::{SentDocument, TestUser},
    zips::{deflated, zip_of},
};

const EN: Locale = Locale::En;

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap() + Duration::days(n)
}

/// One version as the user's history shows it: number, name, code, and when it was made.
type Row = (u32, String, String, DateTime<Utc>);

/// Every version of the user's current file `name`, oldest first.
async fn history_of(h: &Harness, who: &TestUser, name: &str) -> Vec<Row> {
    let file = stored::current_file(h, who.id, name)
        .await
        .unwrap_or_else(|| panic!("{name} is in the library"));
    let mut rows = Vec::new();
    for info in h.stores.files.versions(who.id, &file.key).await.unwrap() {
        let version: CodeFile = h
            .stores
            .files
            .version(who.id, &info.version_id)
            .await
            .unwrap()
            .unwrap();
        rows.push((
            version.version,
            version.name,
            version.code,
            version.updated_at,
        ));
    }
    rows.reverse();
    rows
}

/// `main.py` with four versions (renamed from `app.py` at the third), `שלום.py` with two, and
/// `notes.md` with one, each version a day after the one before.
async fn seed(h: &Harness, who: &TestUser) {
    let files = &h.stores.files;
    let new = |name: &str, code: &str| NewFile {
        user_id: who.id,
        name: name.to_owned(),
        language: "python".to_owned(),
        code: code.to_owned(),
        note: Some(format!("note of {name}")),
        tags: vec!["kept".to_owned()],
    };
    let version = async |file: &CodeFile, code: &str, at| {
        files
            .add_version(who.id, &file.key, code.into(), "python".into(), None, at)
            .await
            .unwrap()
    };
    let app = files
        .create(new("app.py", "print(1)\n"), day(1))
        .await
        .unwrap();
    let app = version(&app, "print(2)\n", day(2)).await;
    let main = files
        .rename(who.id, &app.key, "main.py", "python", None, day(3))
        .await
        .unwrap();
    version(&main, "print(4)\n", day(4)).await;
    let hello = files
        .create(new("שלום.py", "print('שלום')\n"), day(5))
        .await
        .unwrap();
    version(&hello, "print('שלום עולם')\n", day(6)).await;
    files
        .create(new("notes.md", "# notes\n"), day(7))
        .await
        .unwrap();
}

/// Takes every file out of the library for good: the database was lost.
async fn empty_library(h: &Harness, who: &TestUser) {
    let lib = library(h);
    for name in ["main.py", "שלום.py", "notes.md"] {
        if let Some(file) = stored::current_file(h, who.id, name).await {
            lib.delete(who.id, &file.key).await.unwrap();
        }
    }
    h.stores
        .files
        .purge_binned_before(Utc::now() + Duration::days(1))
        .await
        .unwrap();
    assert!(stored::dump(h, Table::Files).await.is_empty());
}

/// 📦 Backup & restore → 🕘 With history: the result screen and the archive sent.
async fn backup_with_history(h: &Harness, who: &TestUser) -> (String, SentDocument) {
    let menu = say(h, who, "/backup").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        who,
        menu.message_id.unwrap(),
        &menu.button_data("🕘").expect("🕘 With history"),
    );
    let sent = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    let result =
        h.tg.sent_since(seq)
            .into_iter()
            .rfind(|s| s.method == "editMessageText")
            .expect("a result screen");
    (
        text(&result).to_owned(),
        sent.document.clone().expect("a document"),
    )
}

fn entries(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    (0..zip.len())
        .map(|index| {
            let mut entry = zip.by_index(index).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

fn manifest(archive: &[u8]) -> Value {
    let (_, json) = entries(archive)
        .into_iter()
        .find(|(name, _)| name == "metadata.json")
        .expect("a manifest");
    serde_json::from_slice(&json).unwrap()
}

/// `archive` with its manifest changed by `change`, every other entry as it was.
fn forged(archive: &[u8], change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut manifest = manifest(archive);
    change(&mut manifest);
    let json = serde_json::to_vec_pretty(&manifest).unwrap();
    let kept = entries(archive);
    let mut all: Vec<(&str, &[u8])> = kept
        .iter()
        .filter(|(name, _)| name != "metadata.json")
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    all.push(("metadata.json", &json));
    zip_of(&all, deflated())
}

/// The record of `main.py`'s first version in a manifest.
fn first_version_of_main(manifest: &mut Value) -> &mut Value {
    let files = manifest["files"].as_array_mut().unwrap();
    let main = files
        .iter_mut()
        .find(|file| file["file_name"] == "main.py")
        .unwrap();
    &mut main["versions"][0]
}

fn row(version: u32, name: &str, code: &str, at: DateTime<Utc>) -> Row {
    (version, name.to_owned(), code.to_owned(), at)
}

#[tokio::test]
async fn a_backup_with_history_restores_every_version_into_an_emptied_library() {
    restores_every_version(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_backup_with_history_restores_every_version_on_mongodb() {
    restores_every_version(Backend::Mongo).await;
}

async fn restores_every_version(backend: Backend) {
    let h = Harness::start_on(backend).await;
    let u = TestUser::new(161_001, Some("en"));
    seed(&h, &u).await;
    let main_before = history_of(&h, &u, "main.py").await;
    let hello_before = history_of(&h, &u, "שלום.py").await;

    let (result, document) = backup_with_history(&h, &u).await;
    let with_versions = EN.t_with("backup-created-versions", &[("versions", 4.into())]);
    assert!(result.contains(&with_versions), "{result}");
    let listed = manifest(&document.bytes);
    assert_eq!(listed["version"], "1.1");
    let main = listed["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|file| file["file_name"] == "main.py")
        .unwrap();
    let versions: Vec<(u64, &str, Option<&str>)> = main["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_u64().unwrap(),
                v["path"].as_str().unwrap(),
                v["file_name"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (1, "versions/app (v1).py", Some("app.py")),
            (2, "versions/app (v2).py", Some("app.py")),
            (3, "versions/main (v3).py", None),
        ]
    );
    let stored_entries = entries(&document.bytes);
    let version_one = stored_entries
        .iter()
        .find(|(name, _)| name == "versions/app (v1).py")
        .unwrap();
    assert_eq!(version_one.1, b"print(1)\n");
    let backup = newest_backup(&h, &u, BackupKind::FullBackup).await.unwrap();
    assert_eq!(backup.version, "1.1");

    // The database is lost; the backup brings every version back.
    empty_library(&h, &u).await;
    let plan = open_restore(&h, &u, &backup.id.to_string()).await;
    assert!(
        text(&plan).contains("New: 3 · Unchanged: 0 · Conflicts: 0"),
        "{plan:?}"
    );
    let holds = EN.t_with("restore-plan-versions", &[("versions", 4.into())]);
    assert!(text(&plan).contains(&holds), "{plan:?}");
    let report = press_until(&h, &u, &plan, "✅", "↩️").await;
    let written = EN.t_with("restore-report-versions", &[("versions", 4.into())]);
    assert!(text(&report).contains(&written), "{report:?}");

    let main_after = history_of(&h, &u, "main.py").await;
    let hello_after = history_of(&h, &u, "שלום.py").await;
    assert_eq!(
        main_after[..3],
        main_before[..3],
        "every earlier version: number, name, bytes and time"
    );
    assert_eq!(
        main_after[..3],
        [
            row(1, "app.py", "print(1)\n", day(1)),
            row(2, "app.py", "print(2)\n", day(2)),
            row(3, "main.py", "print(2)\n", day(3)),
        ]
    );
    let current = &main_after[3];
    assert_eq!(
        (current.0, &*current.1, &*current.2),
        (4, "main.py", "print(4)\n")
    );
    assert!(current.3 > day(3), "the restored version is the newest");
    assert_eq!(hello_after[0], hello_before[0]);
    assert_eq!(
        (hello_after[1].0, &*hello_after[1].2),
        (2, "print('שלום עולם')\n")
    );
    assert_eq!(history_of(&h, &u, "notes.md").await.len(), 1);
    let main_file = stored::current_file(&h, u.id, "main.py").await.unwrap();
    assert_eq!(main_file.note.as_deref(), Some("note of app.py"));
    assert_eq!(
        main_file.created_at,
        day(1),
        "made when its first version was"
    );

    // Restoring the same backup again adds nothing: every version is recognised.
    let before_again = stored::dump(&h, Table::Files).await;
    let plan = open_restore(&h, &u, &backup.id.to_string()).await;
    assert!(
        text(&plan).contains("New: 0 · Unchanged: 3 · Conflicts: 0"),
        "{plan:?}"
    );
    let again = press(&h, &u, &plan, "✅").await;
    let settled = if text(&again).starts_with('⏳') {
        let seq = h.tg.last_seq();
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(u.id) && s.button_data("📂").is_some()
        })
        .await
    } else {
        again
    };
    assert!(
        !text(&settled).contains("🕘"),
        "no version written: {settled:?}"
    );
    assert_eq!(stored::dump(&h, Table::Files).await, before_again);

    // Undo of the first restore takes its files (and their histories) out again.
    let undone = press(&h, &u, &report, "↩️").await;
    assert_eq!(
        text(&undone),
        EN.t_with(
            "restore-undone",
            &[("binned", 3.into()), ("reverted", 0.into())]
        )
    );
    for name in ["main.py", "שלום.py", "notes.md"] {
        assert!(
            stored::current_file(&h, u.id, name).await.is_none(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_plain_backup_stays_format_1_0_and_restores_as_before() {
    let h = Harness::start().await;
    let u = TestUser::new(161_002, Some("en"));
    seed(&h, &u).await;
    let (_, document, _) = create_backup(&h, &u).await;
    let listed = manifest(&document.bytes);
    assert_eq!(listed["version"], "1.0");
    assert!(
        listed["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|file| file.get("versions").is_none())
    );
    assert!(
        entries(&document.bytes)
            .iter()
            .all(|(name, _)| !name.starts_with("versions/"))
    );
    let backup = newest_backup(&h, &u, BackupKind::FullBackup).await.unwrap();
    assert_eq!(backup.version, "1.0");

    empty_library(&h, &u).await;
    let plan = open_restore(&h, &u, &backup.id.to_string()).await;
    assert!(!text(&plan).contains("🕘"), "{plan:?}");
    let report = press_until(&h, &u, &plan, "✅", "↩️").await;
    assert!(!text(&report).contains("🕘"), "{report:?}");
    assert_eq!(
        history_of(&h, &u, "main.py")
            .await
            .into_iter()
            .map(|(version, name, code, _)| (version, name, code))
            .collect::<Vec<_>>(),
        [(1, "main.py".to_owned(), "print(4)\n".to_owned())],
        "the current content, as a new file"
    );
}

#[tokio::test]
async fn a_forged_history_is_refused_with_its_own_message_and_nothing_written() {
    let h = Harness::start().await;
    let u = TestUser::new(161_003, Some("en"));
    seed(&h, &u).await;
    let (_, document) = backup_with_history(&h, &u).await;
    let before = stored::everything(&h).await;
    let named = |key: &str, name: &str| EN.t_with(key, &[("name", name.into())]);
    let cases = [
        (
            "a version's SHA-256 does not match its bytes",
            forged(&document.bytes, |manifest| {
                first_version_of_main(manifest)["sha256"] = "0".repeat(64).into();
            }),
            named("import-error-checksum", "versions/app (v1).py"),
        ),
        (
            "a version's path leaves the archive",
            forged(&document.bytes, |manifest| {
                first_version_of_main(manifest)["path"] = "../../app (v1).py".into();
            }),
            named("import-error-unsafe-path", "../../app (v1).py"),
        ),
    ];
    for (case, archive, expected) in cases {
        let reply = send_zip(&h, &u, "codevault-forged.zip", archive).await;
        assert_eq!(text(&reply), expected, "{case}");
        assert_eq!(
            stored::everything(&h).await,
            before,
            "{case}: something changed"
        );
    }
}

/// The setting for Drive backups: 🕘 on the Drive screen; a backup made for Drive then holds
/// the history, until it is turned off again.
#[tokio::test]
async fn backups_for_drive_hold_the_history_when_the_user_turns_it_on() {
    let google = FakeGoogle::start().await;
    let h = drive_bot::start(&google).await;
    let u = TestUser::new(161_004, Some("en"));
    seed(&h, &u).await;
    drive_bot::connect(&h, &google, &u).await;
    let menu = say(&h, &u, "/drive").await;
    assert!(text(&menu).contains(&EN.t("drive-history-off")), "{menu:?}");

    let on = press(&h, &u, &menu, "🕘").await;
    assert!(text(&on).contains(&EN.t("drive-history-on")), "{on:?}");
    let state = h
        .stores
        .destinations
        .state(u.id, &DestinationId::DRIVE)
        .await
        .unwrap();
    assert!(state.history);
    let seq = h.tg.last_seq();
    h.tg.click(&u, on.message_id.unwrap(), &on.button_data("☁️").unwrap());
    settled(&h, &u, seq).await;
    let uploaded = drive_bot::bot_backups(&google);
    assert_eq!(uploaded.len(), 1);
    let listed = manifest(&uploaded[0].bytes);
    assert_eq!(listed["version"], "1.1");
    assert!(
        entries(&uploaded[0].bytes)
            .iter()
            .any(|(name, bytes)| name == "versions/app (v1).py" && bytes == b"print(1)\n")
    );

    let menu = say(&h, &u, "/drive").await;
    let off = press(&h, &u, &menu, "🕘").await;
    assert!(text(&off).contains(&EN.t("drive-history-off")), "{off:?}");
    let seq = h.tg.last_seq();
    h.tg.click(&u, off.message_id.unwrap(), &off.button_data("☁️").unwrap());
    settled(&h, &u, seq).await;
    let plain = drive_bot::bot_backups(&google)
        .into_iter()
        .find(|file| file.id != uploaded[0].id)
        .expect("a second backup");
    assert_eq!(manifest(&plain.bytes)["version"], "1.0");
}
