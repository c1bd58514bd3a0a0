//! A protected backup is a standard WinZip AES-256 archive: Python's `pyzipper` (installed in
//! the test venv by `scripts/test`) opens every file of it, its manifest and its history with
//! the right password, byte for byte, and refuses a wrong one.

mod support;

use std::{path::Path, process::Command};

use chrono::Utc;
use codevault::{
    domain::{NewFile, backup::BackupKind, password::Password, progress::Unwatched},
    service::BackupOptions,
};
use serde_json::Value;
use support::{services, stores::Backend};

const USER: i64 = 4242;
const PASSWORD: &str = "correct horse battery";

/// Opens `archive` with `password` through pyzipper: every entry's text, or why it refused.
const OPEN: &str = r#"
import json, sys, pyzipper
path, password = sys.argv[1], sys.argv[2]
try:
    with pyzipper.AESZipFile(path) as archive:
        archive.setpassword(password.encode())
        entries = {info.filename: {
            "text": archive.read(info.filename).decode("utf-8"),
            "encrypted": bool(info.flag_bits & 1),
        } for info in archive.infolist()}
    print(json.dumps({"entries": entries}))
except RuntimeError as refused:
    print(json.dumps({"refused": str(refused)}))
"#;

fn pyzipper(archive: &Path, password: &str) -> Value {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let output = Command::new(&python)
        .args(["-c", OPEN])
        .arg(archive)
        .arg(password)
        .output()
        .unwrap_or_else(|error| panic!("{} (run scripts/test): {error}", python.display()));
    assert!(
        output.status.success(),
        "pyzipper failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("pyzipper's answer")
}

#[tokio::test]
async fn pyzipper_opens_a_protected_backup_with_its_password_only() {
    let store = Backend::Sqlite.open("pyzipper").await;
    let file = NewFile {
        user_id: USER,
        name: "app.py".to_owned(),
        language: "python".to_owned(),
        code: "print('v1')\n".to_owned(),
        note: None,
        tags: vec![],
    };
    let app = store.files.create(file, Utc::now()).await.unwrap();
    (store.files)
        .add_version(
            USER,
            &app.key,
            "print('v2 ✓')\n".into(),
            "python".into(),
            None,
            Utc::now(),
        )
        .await
        .unwrap();
    let notes = NewFile {
        user_id: USER,
        name: "notes/שלום.md".to_owned(),
        language: "markdown".to_owned(),
        code: "# שלום\n".to_owned(),
        note: None,
        tags: vec![],
    };
    store.files.create(notes, Utc::now()).await.unwrap();

    let backups = services::backups(&store.stores, 10);
    let password = Password::new(PASSWORD.to_owned()).unwrap();
    let options = BackupOptions::with_history(true).protected_by(Some(password));
    let created = backups
        .create_full(USER, BackupKind::FullBackup, &options, &Unwatched)
        .await
        .unwrap();
    assert!(created.record.protected);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("protected.zip");
    std::fs::write(&path, created.archive.to_vec().await.unwrap()).unwrap();

    let opened = pyzipper(&path, PASSWORD);
    let entries = opened["entries"]
        .as_object()
        .unwrap_or_else(|| panic!("{opened}"));
    let text = |name: &str| entries[name]["text"].as_str().unwrap().to_owned();
    assert_eq!(text("app.py"), "print('v2 ✓')\n");
    assert_eq!(text("versions/app (v1).py"), "print('v1')\n");
    assert_eq!(text("notes_שלום.md"), "# שלום\n");
    let manifest: Value = serde_json::from_str(&text("metadata.json")).unwrap();
    assert_eq!(manifest["version"], "1.1");
    assert_eq!(manifest["total_files"], 2);
    assert!(
        entries.values().all(|entry| entry["encrypted"] == true),
        "every entry, the manifest too, is encrypted: {entries:?}"
    );

    let refused = pyzipper(&path, "wrong horse battery");
    assert!(
        refused["refused"]
            .as_str()
            .is_some_and(|why| why.contains("password")),
        "{refused}"
    );
}
