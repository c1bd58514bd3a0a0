//! The bot with every archive bound for a temporary file (`storage.archive_memory_bytes` = 0)
//! and `TMPDIR` pointed at a directory of the test's: a backup is built, stored, read back and
//! sent from files; sent in parts; restored; an imported ZIP arrives into a file; a large
//! repository is downloaded into one. What the user receives is byte for byte what is
//! stored, and after each step no temporary file is left, named or open.

mod support;

use std::{collections::BTreeMap, io::Cursor, io::Read};

use codevault::{
    archive::sha256_hex,
    domain::{Locale, backup::BackupKind},
};
use support::{
    blobs::blob,
    bot::Harness,
    flow::{
        assert_clean, create_backup, library, press, press_through, say, send_zip, settled, text,
    },
    github::{FakeGithub, Generated},
    restoring::open_restore,
    stored,
    telegram::TestUser,
    zips::{deflated, zip_of},
};

const EN: Locale = Locale::En;

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid ZIP");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().unwrap().into_owned(), content)
        })
        .collect()
}

/// Text deflate cannot shrink much, different for every seed.
fn noise(seed: usize, len: usize) -> String {
    let mut text = String::new();
    let mut block = sha256_hex(seed.to_string().as_bytes());
    while text.len() < len {
        text.push_str(&block);
        block = sha256_hex(block.as_bytes());
    }
    text.truncate(len);
    text
}

#[tokio::test]
async fn archives_go_through_temporary_files_that_never_outlive_their_step() {
    let temp = tempfile::tempdir().unwrap();
    let github = FakeGithub::start().await;
    let shape = Generated {
        files: 12,
        file_bytes: 100_000,
        pause: std::time::Duration::ZERO,
    };
    github.add_generated_repo("octo/big", shape);
    let api_url = github.api_url();
    let h = Harness::start_with(&[
        ("TMPDIR", temp.path().to_str().unwrap()),
        ("CODEVAULT_STORAGE__ARCHIVE_MEMORY_BYTES", "0"),
        ("CODEVAULT_TELEGRAM__MAX_UPLOAD_BYTES", "100000"),
        ("CODEVAULT_TELEGRAM__BACKUP_PART_BYTES", "65536"),
        ("CODEVAULT_GITHUB__API_URL", &api_url),
    ])
    .await;
    let u = TestUser::new(889_101, Some("en"));
    let lib = library(&h);
    let mut originals = BTreeMap::new();
    for i in 0..10 {
        let code = noise(i, 3000);
        lib.create(u.id, &format!("small{i:02}.txt"), code.clone(), None)
            .await
            .unwrap();
        originals.insert(format!("small{i:02}.txt"), code.into_bytes());
    }

    // Built, stored, read back and sent, each from a file.
    let (result, document, _) = create_backup(&h, &u).await;
    assert!(text(&result).starts_with('✅'), "{result:?}");
    let record = stored::newest_backup(&h, u.id, BackupKind::FullBackup)
        .await
        .unwrap();
    let kept = blob(h.stores.blobs.as_ref(), &record.id).await.unwrap();
    assert!(document.bytes == kept, "the document is the stored archive");
    assert_eq!(sha256_hex(&document.bytes), record.sha256);
    let received: BTreeMap<_, _> = unzip(&document.bytes)
        .into_iter()
        .filter(|(name, _)| name != "metadata.json")
        .collect();
    assert_eq!(received, originals);
    assert_clean(&h, &u, temp.path(), "after a backup").await;

    // Read from a file to plan a restore.
    let lib_change = library(&h);
    let changed = stored::current_file(&h, u.id, "small00.txt").await.unwrap();
    lib_change.delete(u.id, &changed.key).await.unwrap();
    let plan = open_restore(&h, &u, &record.id.to_string()).await;
    assert!(
        text(&plan).contains("New: 1 · Unchanged: 9 · Conflicts: 0"),
        "{plan:?}"
    );
    assert_clean(&h, &u, temp.path(), "after a restore plan").await;

    // Too big for Telegram: stored from a file, then sent in parts built into files.
    for i in 0..60 {
        let code = noise(100 + i, 3000);
        lib.create(u.id, &format!("big{i:02}.txt"), code.clone(), None)
            .await
            .unwrap();
        originals.insert(format!("big{i:02}.txt"), code.into_bytes());
    }
    originals.remove("small00.txt");
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
    assert_clean(&h, &u, temp.path(), "after a backup too big to send").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        too_big.message_id.unwrap(),
        &too_big.button_data("✂️").unwrap(),
    );
    let mut received = BTreeMap::new();
    let mut count = usize::MAX;
    let mut index = 0;
    while index < count {
        let part =
            h.tg.wait_for(seq, |s| {
                s.method == "sendDocument"
                    && s.text
                        .as_deref()
                        .is_some_and(|t| t.contains(&format!("part {} of", index + 1)))
            })
            .await;
        let bytes = part.document.unwrap().bytes;
        assert!(
            bytes.len() < 65_536,
            "part {} is {} bytes",
            index + 1,
            bytes.len()
        );
        let entries = unzip(&bytes);
        let manifest: serde_json::Value =
            serde_json::from_slice(&entries["metadata.json"]).unwrap();
        let (_, n) = manifest["part"].as_str().unwrap().split_once('/').unwrap();
        count = n.parse().unwrap();
        for file in manifest["files"].as_array().unwrap() {
            let name = file["file_name"].as_str().unwrap().to_owned();
            received.insert(name, entries[file["path"].as_str().unwrap()].clone());
        }
        index += 1;
    }
    assert!(count >= 3, "{count} parts");
    assert_eq!(received, originals, "every file once across the parts");
    assert_clean(&h, &u, temp.path(), "after sending parts").await;

    // A ZIP sent to be imported arrives into a file, and is kept byte for byte.
    let archive = zip_of(
        &[
            ("notes/one.md", noise(500, 4000).as_bytes()),
            ("notes/two.md", noise(501, 4000).as_bytes()),
        ],
        deflated(),
    );
    let confirm = send_zip(&h, &u, "notes.zip", archive.clone()).await;
    assert!(text(&confirm).contains("notes.zip"), "{confirm:?}");
    press_through(&h, &u, &confirm, "✅").await;
    let imported = stored::newest_backup(&h, u.id, BackupKind::ImportedZip)
        .await
        .expect("the import is kept");
    assert!(blob(h.stores.blobs.as_ref(), &imported.id).await.unwrap() == archive);
    assert_clean(&h, &u, temp.path(), "after an import was kept").await;

    // A repository archive downloaded into a file, repackaged into another, stored.
    let menu = say(&h, &u, "/github").await;
    let prompt = press(&h, &u, &menu, "📦").await;
    assert_eq!(text(&prompt), EN.t("github-ask-repo"));
    let seq = h.tg.last_seq();
    h.tg.send_text(&u, "octo/big");
    let done = settled(&h, &u, seq).await;
    assert!(text(&done).starts_with('✅'), "{done:?}");
    let repo = stored::newest_backup(&h, u.id, BackupKind::GithubRepoZip)
        .await
        .expect("the repository is kept");
    assert_eq!(repo.file_count, 12);
    assert!(repo.archive_size > 1_200_000, "{}", repo.archive_size);
    let bytes = blob(h.stores.blobs.as_ref(), &repo.id).await.unwrap();
    assert_eq!(sha256_hex(&bytes), repo.sha256);
    assert_clean(&h, &u, temp.path(), "after a repository backup").await;
}
