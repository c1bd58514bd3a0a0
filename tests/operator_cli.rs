//! The operator's commands through the real binary on both stores: `verify --all` finds a
//! flipped byte (and passes intact backups), `backup` → `restore --dry-run` (the plan, nothing
//! written) → `restore` (written as the bot writes it), `export` (an archive that verifies and
//! holds exactly the library, stored nowhere), and unknown or other users' ids refused.

mod support;

use std::{path::Path, process::Output};

use codevault::{
    archive::verify,
    domain::{Id, Locale, backup::BackupKind, code_file::content_sha256},
};
use support::{
    bot::{Backend, Harness},
    flow::library,
    stored::{self, Table, current_file},
    tamper,
};
use tokio::process::Command;

const ALICE: i64 = 7301;
const BOB: i64 = 7302;

async fn codevault(h: &Harness, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codevault"));
    command
        .args(args)
        .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
        .env("CODEVAULT_STORAGE__CONNECT_TIMEOUT", "5s")
        .env_remove("TELOXIDE_TOKEN");
    h.point_at_store(&mut command);
    command.output().await.expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Its output, once it succeeded.
fn succeeded(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// The one line it printed on stderr, once it failed.
fn failed(output: &Output) -> String {
    assert!(!output.status.success(), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

/// A user who used the bot, with these files.
async fn seed(h: &Harness, user: i64, files: &[(&str, &str)]) {
    h.stores
        .users
        .get_or_create(user, Locale::En)
        .await
        .unwrap();
    let lib = library(h);
    for (name, code) in files {
        lib.create(user, name, (*code).to_owned(), None)
            .await
            .unwrap();
    }
}

/// `codevault backup --user`: the new backup's id.
async fn backed_up(h: &Harness, user: i64) -> String {
    let shown = succeeded(&codevault(h, &["backup", "--user", &user.to_string()]).await);
    let line = shown
        .lines()
        .find_map(|line| line.strip_prefix("Stored, read back and checked: backup "))
        .unwrap_or_else(|| panic!("no backup id in {shown}"));
    let record = stored::backup(h, user, line).await.expect("listed");
    assert_eq!(record.kind, BackupKind::FullBackup);
    assert!(
        shown.contains(&format!("  SHA-256: {}", record.sha256)),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("  files: {}", record.file_count)),
        "{shown}"
    );
    line.to_owned()
}

#[tokio::test]
async fn verify_finds_a_flipped_byte_embedded() {
    verify_finds_a_flipped_byte(Backend::Sqlite).await;
}

#[tokio::test]
async fn verify_finds_a_flipped_byte_mongodb() {
    verify_finds_a_flipped_byte(Backend::Mongo).await;
}

async fn verify_finds_a_flipped_byte(backend: Backend) {
    let h = Harness::without_bot(backend).await;
    seed(
        &h,
        ALICE,
        &[("a.py", "print('a')\n"), ("b.py", "print('b')\n")],
    )
    .await;
    seed(&h, BOB, &[("main.go", "package main\n")]).await;
    let alices = backed_up(&h, ALICE).await;
    let bobs = backed_up(&h, BOB).await;

    let shown = succeeded(&codevault(&h, &["verify", "--all"]).await);
    for id in [&alices, &bobs] {
        assert!(
            shown
                .lines()
                .any(|line| line.starts_with(&format!("ok       {id}"))),
            "{shown}"
        );
    }
    assert!(
        shown.contains("Verified 2 backup(s): 2 intact, 0 damaged, missing or unreadable"),
        "{shown}"
    );

    tamper::flip_archive_byte(&h, &alices, 40).await;
    let output = codevault(&h, &["verify", "--all"]).await;
    let error = failed(&output);
    let shown = text(&output.stdout);
    let damaged = shown
        .lines()
        .find(|line| line.starts_with(&format!("DAMAGED  {alices}")))
        .unwrap_or_else(|| panic!("the damaged backup is named: {shown}"));
    assert!(damaged.contains("is not the one recorded"), "{damaged}");
    assert!(
        shown
            .lines()
            .any(|line| line.starts_with(&format!("ok       {bobs}"))),
        "{shown}"
    );
    assert!(
        shown.contains("Verified 2 backup(s): 1 intact, 1 damaged, missing or unreadable"),
        "{shown}"
    );
    assert!(
        error.contains("1 of 2 backup(s) are damaged") && error.contains(&alices),
        "{error}"
    );

    // One user's: Bob's pass, Alice's do not.
    succeeded(&codevault(&h, &["verify", "--user", &BOB.to_string()]).await);
    let error = failed(&codevault(&h, &["verify", "--user", &ALICE.to_string()]).await);
    assert!(error.contains(&alices), "{error}");
    // Verifying remembers nothing: the scrub inside the bot marks and tells.
    assert!(
        !stored::backup(&h, ALICE, &alices)
            .await
            .unwrap()
            .is_damaged()
    );
}

async fn run(h: &Harness, args: Vec<String>) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    codevault(h, &args).await
}

/// The code of Alice's current file `name`.
async fn code(h: &Harness, name: &str) -> Option<String> {
    current_file(h, ALICE, name).await.map(|file| file.code)
}

#[tokio::test]
async fn a_backup_is_planned_then_restored_embedded() {
    a_backup_is_planned_then_restored(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_backup_is_planned_then_restored_mongodb() {
    a_backup_is_planned_then_restored(Backend::Mongo).await;
}

async fn a_backup_is_planned_then_restored(backend: Backend) {
    let h = Harness::without_bot(backend).await;
    seed(
        &h,
        ALICE,
        &[("app.py", "v1 app\n"), ("lib/util.py", "v1 util\n")],
    )
    .await;
    let id = backed_up(&h, ALICE).await;
    let lib = library(&h);
    lib.replace(ALICE, "app.py", "v2 app\n".to_owned(), None)
        .await
        .unwrap();
    let util = current_file(&h, ALICE, "lib/util.py").await.unwrap();
    lib.delete(ALICE, &util.key).await.unwrap();
    lib.create(ALICE, "new.py", "kept\n".to_owned(), None)
        .await
        .unwrap();
    let user = ALICE.to_string();
    let restore = |extra: &[&'static str]| {
        let mut args = vec!["restore", "--user", user.as_str(), "--backup", id.as_str()];
        args.extend(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };

    let before = stored::everything(&h).await;
    let plan = succeeded(&run(&h, restore(&["--dry-run"])).await);
    for line in [
        "Plan: 1 new, 0 unchanged, 1 conflict(s)",
        "  conflict   app.py",
        "  new        lib/util.py",
        "Dry run: nothing was written.",
    ] {
        assert!(plan.lines().any(|l| l == line), "{line:?} in\n{plan}");
    }
    assert_eq!(
        stored::everything(&h).await,
        before,
        "a dry run writes nothing"
    );

    let refused = failed(&run(&h, restore(&[])).await);
    assert!(
        refused.contains("app.py") && refused.contains("--conflicts"),
        "{refused}"
    );
    assert_eq!(
        stored::everything(&h).await,
        before,
        "refused: nothing written"
    );

    let done = succeeded(&run(&h, restore(&["--conflicts", "replace"])).await);
    assert!(
        done.contains("Restored 2 file(s): 1 new, 1 replaced, 0 kept both, 0 skipped, 0 unchanged"),
        "{done}"
    );
    assert_eq!(code(&h, "app.py").await.as_deref(), Some("v1 app\n"));
    assert_eq!(code(&h, "lib/util.py").await.as_deref(), Some("v1 util\n"));
    let kept = code(&h, "new.py").await;
    assert_eq!(kept.as_deref(), Some("kept\n"), "not in the backup: kept");
    let snapshot = done
        .lines()
        .find_map(|line| line.strip_prefix("Safety snapshot: backup "))
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("no snapshot in {done}"));
    let snapshot = stored::backup(&h, ALICE, snapshot).await.expect("stored");
    assert_eq!(snapshot.kind, BackupKind::PreRestore);
    let undo = h
        .stores
        .backups
        .undo_log(ALICE, &snapshot.id)
        .await
        .unwrap();
    assert_eq!(undo.map(|log| log.restored.to_string()), Some(id.clone()));
    let applied = stored::events(&h, "restore_applied").await;
    assert_eq!(applied.len(), 1, "{applied:?}");
}

#[tokio::test]
async fn an_export_holds_exactly_the_library_embedded() {
    an_export_holds_exactly_the_library(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_export_holds_exactly_the_library_mongodb() {
    an_export_holds_exactly_the_library(Backend::Mongo).await;
}

async fn an_export_holds_exactly_the_library(backend: Backend) {
    let h = Harness::without_bot(backend).await;
    let files = [
        ("main.rs", "fn main() {}\n"),
        ("src/lib.rs", "pub fn lib() {}\n"),
        ("notes/todo.md", "# שלום\n"),
    ];
    seed(&h, ALICE, &files).await;
    seed(&h, BOB, &[("bob.py", "bob\n")]).await;
    let backups = stored::dump(&h, Table::Backups).await;
    let blobs = stored::dump(&h, Table::Blobs).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("alice.zip");
    let out_arg = out.to_str().unwrap();

    let shown = succeeded(
        &codevault(
            &h,
            &["export", "--user", &ALICE.to_string(), "--out", out_arg],
        )
        .await,
    );
    let bytes = std::fs::read(&out).unwrap();
    let manifest = verify(&bytes[..]).expect("the export verifies");
    assert_eq!(manifest.user_id, ALICE);
    assert_eq!(manifest.backup_type, BackupKind::FullBackup);
    let mut held: Vec<(String, String)> = manifest
        .files
        .iter()
        .map(|file| (file.file_name.clone(), file.sha256.clone()))
        .collect();
    held.sort();
    let mut library: Vec<(String, String)> = files
        .iter()
        .map(|(name, code)| ((*name).to_owned(), content_sha256(code)))
        .collect();
    library.sort();
    assert_eq!(held, library, "exactly the library's files, byte for byte");
    assert!(
        shown.contains(&format!(
            "  SHA-256: {}",
            codevault::archive::sha256_hex(&bytes)
        )),
        "{shown}"
    );
    assert!(shown.contains("Exported 3 file(s)"), "{shown}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["alice.zip"], "no temporary file left");
    assert_eq!(
        stored::dump(&h, Table::Backups).await,
        backups,
        "not stored"
    );
    assert_eq!(stored::dump(&h, Table::Blobs).await, blobs);

    let error = failed(
        &codevault(
            &h,
            &["export", "--user", &ALICE.to_string(), "--out", out_arg],
        )
        .await,
    );
    assert!(error.contains("exists"), "{error}");
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "never replaced");
}

#[tokio::test]
async fn unknown_and_other_users_ids_are_refused_embedded() {
    unknown_and_other_users_ids_are_refused(Backend::Sqlite).await;
}

#[tokio::test]
async fn unknown_and_other_users_ids_are_refused_mongodb() {
    unknown_and_other_users_ids_are_refused(Backend::Mongo).await;
}

async fn unknown_and_other_users_ids_are_refused(backend: Backend) {
    let h = Harness::without_bot(backend).await;
    seed(&h, ALICE, &[("a.py", "a\n")]).await;
    seed(&h, BOB, &[("b.py", "b\n")]).await;
    let bobs = backed_up(&h, BOB).await;
    let before = stored::everything(&h).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.zip");
    let stranger = "424242";
    let alice = ALICE.to_string();
    let unknown: [&[&str]; 4] = [
        &["backup", "--user", stranger],
        &["verify", "--user", stranger],
        &["export", "--user", stranger, "--out", out.to_str().unwrap()],
        &["restore", "--user", stranger, "--backup", bobs.as_str()],
    ];
    for args in unknown {
        let error = failed(&codevault(&h, args).await);
        assert!(
            error.contains("there is no user 424242"),
            "{args:?}: {error}"
        );
    }
    let random = Id::generate().to_string();
    let refusals: [(&[&str], String); 4] = [
        (
            &[
                "restore",
                "--user",
                alice.as_str(),
                "--backup",
                bobs.as_str(),
            ],
            format!("user {ALICE} has no backup {bobs}"),
        ),
        (
            &[
                "restore",
                "--user",
                alice.as_str(),
                "--backup",
                bobs.as_str(),
                "--dry-run",
            ],
            format!("user {ALICE} has no backup {bobs}"),
        ),
        (
            &[
                "restore",
                "--user",
                alice.as_str(),
                "--backup",
                random.as_str(),
            ],
            format!("user {ALICE} has no backup {random}"),
        ),
        (
            &[
                "restore",
                "--user",
                alice.as_str(),
                "--backup",
                "../../etc/passwd",
            ],
            "is not a backup id".to_owned(),
        ),
    ];
    for (args, expected) in refusals {
        let error = failed(&codevault(&h, args).await);
        assert!(error.contains(&expected), "{args:?}: {error}");
    }
    assert_eq!(stored::everything(&h).await, before, "nothing changed");
    assert!(!Path::new(&out).exists(), "no export written");
}
