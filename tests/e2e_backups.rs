//! Backups end to end: the real bot builds a ZIP, the fake Telegram server receives it, and the
//! test opens it and checks every byte and every manifest field.

mod support;

use std::{
    collections::BTreeMap,
    io::{Cursor, Read},
};

use codevault::{archive::sha256_hex, bot::ui::format_size, i18n::Locale};
use mongodb::bson::{Document, doc};
use serde_json::Value;
use support::{
    bot::Harness,
    db,
    flow::{create_backup, library, press, say, text},
    telegram::TestUser,
};

const EN: Locale = Locale::En;

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid ZIP");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().expect("a UTF-8 name").into_owned(), content)
        })
        .collect()
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn a_full_backup_holds_every_file_and_an_exact_manifest() {
    let h = Harness::start().await;
    let u = TestUser::new(888_001, Some("en"));
    let lib = library(&h);
    let hello = lib
        .create(
            u.id,
            "שלום.py",
            "print('שלום')\n".into(),
            Some("greets".into()),
        )
        .await
        .unwrap();
    lib.set_tags(u.id, &hello.key, "demo work").await.unwrap();
    lib.create(u.id, "данные.txt", "строка\n".into(), None)
        .await
        .unwrap();
    lib.create(u.id, "app.rs", "fn main() {}\n".into(), None)
        .await
        .unwrap();
    lib.replace(u.id, "app.rs", "fn main() { run() }\n".into(), None)
        .await
        .unwrap();
    lib.replace(u.id, "app.rs", "fn main() { run(); }\n".into(), None)
        .await
        .unwrap();
    lib.create(u.id, "metadata.json", "{\"mine\": true}".into(), None)
        .await
        .unwrap();
    let gone = lib
        .create(u.id, "deleted.py", "x".into(), None)
        .await
        .unwrap();
    lib.delete(u.id, &gone.key).await.unwrap();

    let (result, document, sent) = create_backup(&h, &u).await;
    let record = h
        .mongo
        .database()
        .collection::<Document>("backups")
        .find_one(doc! { "user_id": u.id })
        .await
        .unwrap()
        .unwrap();
    let id = record.get_object_id("_id").unwrap().to_hex();
    let total_size = record.get_i64("total_size").unwrap();
    assert_eq!(
        total_size,
        21 + 14 + "строка\n".len() as i64 + "print('שלום')\n".len() as i64
    );
    let size = format_size(EN, total_size as u64);
    assert_eq!(
        text(&result),
        EN.t_with(
            "backup-created",
            &[("files", 4.into()), ("size", size.clone().into())]
        )
    );

    // The document: its name, caption and bytes, which match the record.
    let stamp = record
        .get_datetime("created_at")
        .unwrap()
        .try_to_rfc3339_string()
        .unwrap();
    let expected_name = format!(
        "codevault-{}-{}{}-{}.zip",
        &stamp[..10],
        &stamp[11..13],
        &stamp[14..16],
        &id[16..]
    );
    assert_eq!(document.file_name, expected_name);
    assert_eq!(
        text(&sent),
        EN.t_with(
            "backup-caption",
            &[
                ("files", 4.into()),
                ("size", size.into()),
                ("id", id.clone().into())
            ]
        )
    );
    assert_eq!(
        sha256_hex(&document.bytes),
        record.get_str("sha256").unwrap()
    );
    assert_eq!(
        document.bytes.len() as i64,
        record.get_i64("archive_size").unwrap()
    );

    // Every entry's bytes; the user's own metadata.json did not clash with the manifest.
    let entries = unzip(&document.bytes);
    let names: Vec<&str> = entries.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "app.rs",
            "metadata (2).json",
            "metadata.json",
            "данные.txt",
            "שלום.py"
        ]
    );
    assert_eq!(entries["app.rs"], b"fn main() { run(); }\n");
    assert_eq!(entries["שלום.py"], "print('שלום')\n".as_bytes());
    assert_eq!(entries["данные.txt"], "строка\n".as_bytes());
    assert_eq!(entries["metadata (2).json"], b"{\"mine\": true}");

    // The manifest: exactly the SPEC's fields, with the right values.
    let manifest: Value = serde_json::from_slice(&entries["metadata.json"]).unwrap();
    assert_eq!(
        keys(&manifest),
        [
            "app",
            "backup_id",
            "backup_type",
            "created_at",
            "files",
            "total_files",
            "total_size",
            "user_id",
            "version"
        ]
    );
    assert_eq!(manifest["version"], "1.0");
    assert_eq!(manifest["backup_id"], id);
    assert_eq!(manifest["backup_type"], "full_backup");
    assert_eq!(manifest["created_at"], stamp.as_str());
    assert_eq!(manifest["user_id"], u.id);
    assert_eq!(manifest["total_files"], 4);
    assert_eq!(
        manifest["app"],
        format!("codevault {}", env!("CARGO_PKG_VERSION"))
    );
    let files = manifest["files"].as_array().unwrap();
    let total: u64 = files.iter().map(|f| f["size"].as_u64().unwrap()).sum();
    assert_eq!(manifest["total_size"], total);
    assert_eq!(total as i64, total_size);
    for file in files {
        assert_eq!(
            keys(file),
            [
                "created_at",
                "file_name",
                "note",
                "path",
                "programming_language",
                "sha256",
                "size",
                "tags",
                "updated_at",
                "version"
            ]
        );
        let content = &entries[file["path"].as_str().unwrap()];
        assert_eq!(file["sha256"], sha256_hex(content));
        assert_eq!(file["size"], content.len());
    }
    let by_name = |name: &str| {
        files
            .iter()
            .find(|f| f["file_name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let shalom = by_name("שלום.py");
    assert_eq!(
        (
            shalom["programming_language"].as_str(),
            shalom["note"].as_str()
        ),
        (Some("python"), Some("greets"))
    );
    assert_eq!(shalom["tags"], serde_json::json!(["demo", "work"]));
    assert_eq!(by_name("app.rs")["version"], 3);
    assert_eq!(by_name("данные.txt")["note"], Value::Null);
    assert_eq!(by_name("metadata.json")["path"], "metadata (2).json");
}

#[tokio::test]
async fn an_empty_library_gives_a_manifest_only_backup() {
    let h = Harness::start().await;
    let u = TestUser::new(888_002, Some("en"));
    let (result, document, _) = create_backup(&h, &u).await;
    assert_eq!(text(&result), EN.t("backup-created-empty"));
    let entries = unzip(&document.bytes);
    assert_eq!(entries.keys().collect::<Vec<_>>(), ["metadata.json"]);
    let manifest: Value = serde_json::from_slice(&entries["metadata.json"]).unwrap();
    assert_eq!(
        (
            manifest["total_files"].as_u64(),
            manifest["files"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
}

#[tokio::test]
async fn my_backups_rate_note_delete_and_multi_delete() {
    let h = Harness::start().await;
    let u = TestUser::new(888_003, Some("en"));
    library(&h)
        .create(u.id, "a.py", "a = 1\n".into(), None)
        .await
        .unwrap();
    for _ in 0..3 {
        create_backup(&h, &u).await;
    }
    let backups = h.mongo.database().collection::<Document>("backups");
    assert_eq!(
        backups
            .count_documents(doc! { "user_id": u.id })
            .await
            .unwrap(),
        3
    );

    let menu = say(&h, &u, "/backup").await;
    let list = press(&h, &u, &menu, "🗂").await;
    let rows: Vec<(String, String)> = list
        .buttons()
        .into_iter()
        .filter(|(_, data)| data.starts_with("bo:"))
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0]
            .0
            .contains(&EN.t_with("files-count", &[("count", 1.into())])),
        "{rows:?}"
    );

    // Open the newest: rate it, note it.
    let screen = press(&h, &u, &list, "📦").await;
    let newest = rows[0].1.trim_start_matches("bo:").to_owned();
    assert!(text(&screen).contains(&newest));
    let rate = press(&h, &u, &screen, "🏷").await;
    let rated = press(&h, &u, &rate, "🏆").await;
    assert!(text(&rated).contains("🏆"));
    let oid = mongodb::bson::oid::ObjectId::parse_str(&newest).unwrap();
    assert_eq!(
        backups
            .find_one(doc! { "_id": oid })
            .await
            .unwrap()
            .unwrap()
            .get_str("rating")
            .unwrap(),
        "excellent"
    );
    press(&h, &u, &rated, "📝").await;
    let before = db::dump(&h.mongo, "backups").await;
    let refused = say(&h, &u, &"n".repeat(1001)).await;
    assert_eq!(
        text(&refused),
        EN.t_with("error-note-too-long", &[("max", 1000.into())])
    );
    assert_eq!(
        db::dump(&h.mongo, "backups").await,
        before,
        "a refused note changes nothing"
    );
    let noted = say(&h, &u, "before the refactor").await;
    assert_eq!(text(&noted), EN.t("backup-note-saved"));
    assert_eq!(
        backups
            .find_one(doc! { "_id": oid })
            .await
            .unwrap()
            .unwrap()
            .get_str("note")
            .unwrap(),
        "before the refactor"
    );
    let list = press(&h, &u, &noted, "🗂").await;
    assert!(
        list.buttons()[0].0.ends_with("🏆 📝"),
        "{:?}",
        list.buttons()[0]
    );

    // Delete one, with confirmation; its blob goes too.
    let screen = press(&h, &u, &list, "📦").await;
    let confirm = press(&h, &u, &screen, "🗑").await;
    let deleted = press(&h, &u, &confirm, "✅").await;
    assert_eq!(text(&deleted), EN.t("backup-deleted"));
    assert!(
        backups
            .find_one(doc! { "_id": oid })
            .await
            .unwrap()
            .is_none()
    );
    let blobs = h.mongo.database().collection::<Document>("backups.files");
    assert!(blobs.find_one(doc! { "_id": oid }).await.unwrap().is_none());

    // Multi-delete: select the page, confirm the list, "Deleted 2 backups", an event.
    let list = press(&h, &u, &deleted, "🗂").await;
    let select = press(&h, &u, &list, "🗑").await;
    assert!(
        select
            .buttons()
            .iter()
            .filter(|(l, _)| l.starts_with("⬜️"))
            .count()
            == 2,
        "{select:?}"
    );
    let toggled = press(&h, &u, &select, "⬜️").await;
    assert_eq!(
        toggled
            .buttons()
            .iter()
            .filter(|(l, _)| l.starts_with("✅"))
            .count(),
        1
    );
    let all = press(&h, &u, &toggled, "☑️").await;
    let confirm = press(&h, &u, &all, "🗑").await;
    assert!(
        text(&confirm)
            .starts_with(&EN.t_with("backups-confirm-delete-selected", &[("count", 2.into())])),
        "{confirm:?}"
    );
    assert_eq!(text(&confirm).matches("• 📦").count(), 2);
    let done = press(&h, &u, &confirm, "✅").await;
    assert_eq!(
        text(&done),
        EN.t_with("backups-deleted", &[("count", 2.into())])
    );
    assert_eq!(
        backups
            .count_documents(doc! { "user_id": u.id })
            .await
            .unwrap(),
        0
    );
    assert_eq!(blobs.count_documents(doc! {}).await.unwrap(), 0);
    let event = h
        .mongo
        .database()
        .collection::<Document>("events")
        .find_one(doc! { "name": "backups_deleted" })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            event.get_str("severity").unwrap(),
            event.get_i64("user_id").unwrap()
        ),
        ("info", u.id)
    );
    assert_eq!(
        event
            .get_document("fields")
            .unwrap()
            .get_str("count")
            .unwrap(),
        "2"
    );
}

#[tokio::test]
async fn a_backup_over_the_telegram_limit_is_stored_and_sent_in_parts() {
    let h = Harness::start_with(&[
        ("CODEVAULT_TELEGRAM__MAX_UPLOAD_BYTES", "100000"),
        ("CODEVAULT_TELEGRAM__BACKUP_PART_BYTES", "65536"),
    ])
    .await;
    let u = TestUser::new(888_004, Some("en"));
    let lib = library(&h);
    let mut originals = BTreeMap::new();
    for i in 0..80 {
        let code: String = (0..50)
            .map(|j| sha256_hex(format!("{i}/{j}").as_bytes()))
            .collect();
        lib.create(u.id, &format!("part{i:02}.txt"), code.clone(), None)
            .await
            .unwrap();
        originals.insert(format!("part{i:02}.txt"), code.into_bytes());
    }
    let menu = say(&h, &u, "/backup").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        menu.message_id.unwrap(),
        &menu.button_data("📦 ").unwrap(),
    );
    let too_big =
        h.tg.wait_for(seq, |s| {
            s.method == "sendMessage" && s.button_data("✂️").is_some()
        })
        .await;
    assert!(
        h.tg.sent_since(seq).iter().all(|s| s.document.is_none()),
        "nothing over the limit is sent"
    );
    assert!(too_big.button_data("☁️").is_some());
    let backups = h.mongo.database().collection::<Document>("backups");
    assert_eq!(
        backups
            .count_documents(doc! { "user_id": u.id })
            .await
            .unwrap(),
        1,
        "stored anyway"
    );

    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        too_big.message_id.unwrap(),
        &too_big.button_data("✂️").unwrap(),
    );
    let mut received = BTreeMap::new();
    let mut index = 0;
    loop {
        let part =
            h.tg.wait_for(seq, |s| {
                s.method == "sendDocument"
                    && s.seq > seq
                    && s.text
                        .as_deref()
                        .is_some_and(|t| t.contains(&format!("part {} of", index + 1)))
            })
            .await;
        let document = part.document.unwrap();
        assert!(
            document.bytes.len() < 65_536,
            "part {} is {} bytes",
            index + 1,
            document.bytes.len()
        );
        let entries = unzip(&document.bytes);
        let manifest: Value = serde_json::from_slice(&entries["metadata.json"]).unwrap();
        let (i, n) = manifest["part"].as_str().unwrap().split_once('/').unwrap();
        assert_eq!(i.parse::<usize>().unwrap(), index + 1);
        let count: usize = n.parse().unwrap();
        assert!(
            document
                .file_name
                .ends_with(&format!("-part{}of{count}.zip", index + 1)),
            "{}",
            document.file_name
        );
        for file in manifest["files"].as_array().unwrap() {
            let name = file["file_name"].as_str().unwrap().to_owned();
            received.insert(name, entries[file["path"].as_str().unwrap()].clone());
        }
        index += 1;
        if index == count {
            break;
        }
    }
    assert!(index >= 2, "{index} parts");
    assert_eq!(
        received, originals,
        "every file arrives exactly once across the parts"
    );
}

#[tokio::test]
async fn forged_backup_buttons_from_another_user_achieve_nothing() {
    let h = Harness::start().await;
    let alice = TestUser::new(888_005, Some("en"));
    let mallory = TestUser::new(888_006, Some("en"));
    library(&h)
        .create(alice.id, "a.py", "a = 1\n".into(), None)
        .await
        .unwrap();
    create_backup(&h, &alice).await;
    let before = (
        db::dump(&h.mongo, "backups").await,
        db::dump(&h.mongo, "backups.files").await,
    );
    let id = before.0[0].get_object_id("_id").unwrap().to_hex();
    let menu = say(&h, &mallory, "/start").await;
    for data in ["bo", "bd", "bR", "bn", "bN", "bx", "bX", "bp"]
        .map(|p| format!("{p}:{id}"))
        .into_iter()
        .chain([
            format!("bt:{id}:e"),
            format!("bt:{id}:c"),
            format!("bs:{id}:0"),
        ])
    {
        let seq = h.tg.last_seq();
        h.tg.click(&mallory, menu.message_id.unwrap(), &data);
        let reply = h.tg.next_message(seq, mallory.id).await;
        assert_eq!(text(&reply), EN.t("error-backup-not-found"), "{data}");
        assert!(
            h.tg.sent_since(seq).iter().all(|s| s.document.is_none()),
            "{data}: a document leaked"
        );
        assert_eq!(
            (
                db::dump(&h.mongo, "backups").await,
                db::dump(&h.mongo, "backups.files").await
            ),
            before,
            "{data}"
        );
    }
}
