//! Backups end to end: the real bot builds a ZIP, the fake Telegram server receives it, and the
//! test opens it and checks every byte and every manifest field.

mod support;

use std::{
    collections::BTreeMap,
    io::{Cursor, Read},
};

use chrono::SecondsFormat;
use codevault::{
    archive::sha256_hex,
    bot::ui::format_size,
    domain::{Id, backup::Rating},
    i18n::Locale,
    storage::StoreError,
};
use mongodb::bson::{Document, doc, oid::ObjectId};
use serde_json::Value;
use support::{
    bot::{Backend, Harness},
    db,
    flow::{create_backup, library, press, press_for_toast, say, text},
    stored::{self, Table},
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
    let record = stored::backups(&h, u.id).await.pop().unwrap();
    let id = record.id.to_string();
    let total_size = record.total_size;
    assert_eq!(
        total_size,
        21 + 14 + "строка\n".len() as u64 + "print('שלום')\n".len() as u64
    );
    let size = format_size(EN, total_size);
    let archive = format_size(EN, record.archive_size);
    assert_eq!(
        text(&result),
        EN.t_with(
            "backup-created",
            &[
                ("files", 4.into()),
                ("size", size.clone().into()),
                ("archive", archive.clone().into())
            ]
        )
    );

    // The document: its name, caption and bytes, which match the record.
    let stamp = record
        .created_at
        .to_rfc3339_opts(SecondsFormat::AutoSi, true);
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
                ("archive", archive.into()),
                ("id", id.clone().into())
            ]
        )
    );
    assert_eq!(sha256_hex(&document.bytes), record.sha256);
    assert_eq!(document.bytes.len() as u64, record.archive_size);

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
    assert_eq!(total, total_size);
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
    assert_eq!(stored::backups(&h, u.id).await.len(), 3);

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
    let (rated, toast) = press_for_toast(&h, &u, &rate, "🏆").await;
    assert!(text(&rated).contains("🏆"));
    assert_eq!(
        toast,
        Some(EN.t("toast-rated")),
        "a rating says it is saved"
    );
    // Opening a screen changes nothing and says nothing over the chat.
    let (menu, toast) = press_for_toast(&h, &u, &rated, "🏷").await;
    assert_eq!(toast, None);
    let rated = press(&h, &u, &menu, "🏆").await;
    assert_eq!(
        stored::backup(&h, u.id, &newest).await.unwrap().rating,
        Some(Rating::Excellent)
    );
    press(&h, &u, &rated, "📝").await;
    let before = stored::dump(&h, Table::Backups).await;
    let refused = say(&h, &u, &"n".repeat(1001)).await;
    assert_eq!(
        text(&refused),
        EN.t_with("error-note-too-long", &[("max", 1000.into())])
    );
    assert_eq!(
        stored::dump(&h, Table::Backups).await,
        before,
        "a refused note changes nothing"
    );
    let noted = say(&h, &u, "before the refactor").await;
    assert_eq!(text(&noted), EN.t("backup-note-saved"));
    assert_eq!(
        stored::backup(&h, u.id, &newest)
            .await
            .unwrap()
            .note
            .as_deref(),
        Some("before the refactor")
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
    assert!(stored::backup(&h, u.id, &newest).await.is_none());
    let newest = Id::parse(&newest).unwrap();
    assert!(
        matches!(h.stores.blobs.get(&newest).await, Err(StoreError::NotFound)),
        "its archive is gone"
    );

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
    assert!(stored::backups(&h, u.id).await.is_empty());
    assert!(stored::dump(&h, Table::Blobs).await.is_empty());
    let events = stored::events(&h, "backups_deleted").await;
    let event = events.first().expect("an event");
    assert_eq!((event.severity.as_str(), event.user), ("info", Some(u.id)));
    assert_eq!(event.fields["count"], "2");
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
    assert_eq!(stored::backups(&h, u.id).await.len(), 1, "stored anyway");

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
        stored::dump(&h, Table::Backups).await,
        stored::dump(&h, Table::Blobs).await,
    );
    let id = stored::backups(&h, alice.id).await[0].id.to_string();
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
                stored::dump(&h, Table::Backups).await,
                stored::dump(&h, Table::Blobs).await
            ),
            before,
            "{data}"
        );
    }
}

/// MongoDB keeps each archive as a file of the GridFS bucket `backups` under its backup's id,
/// so deleting the backup takes the file and its chunks with it.
#[tokio::test]
async fn on_mongodb_an_archive_is_a_gridfs_file_under_its_backup_s_id() {
    let h = Harness::start_on(Backend::Mongo).await;
    let u = TestUser::new(888_007, Some("en"));
    library(&h)
        .create(u.id, "a.py", "a = 1\n".into(), None)
        .await
        .unwrap();
    let (_, document, _) = create_backup(&h, &u).await;
    let id = stored::backups(&h, u.id).await[0].id.to_string();
    let oid = ObjectId::parse_str(&id).unwrap();
    let file = h
        .mongo()
        .database()
        .collection::<Document>("backups.files")
        .find_one(doc! { "_id": oid })
        .await
        .unwrap()
        .expect("a GridFS file under the backup's id");
    let length = file
        .get("length")
        .and_then(|l| l.as_i64().or(l.as_i32().map(i64::from)));
    assert_eq!(length, Some(document.bytes.len() as i64), "{file:?}");
    let mut chunks: Vec<Document> = db::dump(h.mongo(), "backups.chunks")
        .await
        .into_iter()
        .filter(|chunk| chunk.get_object_id("files_id") == Ok(oid))
        .collect();
    chunks.sort_by_key(|chunk| chunk.get_i32("n").unwrap());
    let bytes: Vec<u8> = chunks
        .iter()
        .flat_map(|chunk| chunk.get_binary_generic("data").unwrap().clone())
        .collect();
    assert_eq!(bytes, document.bytes);

    let menu = say(&h, &u, "/backup").await;
    let list = press(&h, &u, &menu, "🗂").await;
    let screen = press(&h, &u, &list, "📦").await;
    let confirm = press(&h, &u, &screen, "🗑").await;
    let deleted = press(&h, &u, &confirm, "✅").await;
    assert_eq!(text(&deleted), EN.t("backup-deleted"));
    assert!(db::dump(h.mongo(), "backups.files").await.is_empty());
    assert!(db::dump(h.mongo(), "backups.chunks").await.is_empty());
}
