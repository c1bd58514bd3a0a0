//! `codevault dump` and `codevault load`, the real binary on both stores: a store dumped,
//! wiped and loaded is the same, record for record and byte for byte, and so is one loaded
//! into the other kind of store; a dump with one byte changed anywhere is refused with nothing
//! written; a store that is not empty is refused; `--keep` prunes exactly the older dumps; and
//! a dump interrupted or failing leaves no file named like a dump.

mod support;

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use codevault::{
    domain::Locale,
    storage::transfer::{Kind, Record, Transfer},
};
use support::{
    db,
    dumps::{
        Dumped, assert_holds, dump, dumped, dumps_in, flipped_copy, member_at, names_in, sqlite,
    },
    migration::{
        ALICE, archives, backup_of, codevault, dir, failure, fill, records, succeeded, text,
        without_leases, zone_of,
    },
};

#[tokio::test]
async fn an_embedded_store_dumped_wiped_and_loaded_is_the_same_and_loads_into_mongodb_too() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = sqlite(data.path()).await;
    fill(&source.stores()).await;
    let (original, stored) = (records(&source).await, archives(&source).await);
    assert_eq!(zone_of(&original, ALICE).as_deref(), Some("Asia/Jerusalem"));
    drop(source);

    let path = dump(&["--from", dir(data.path())], out.path()).await;
    assert_holds(&path, &original, &stored, "sqlite");

    // Wiped: the data directory is gone.
    std::fs::remove_dir_all(data.path()).unwrap();
    let shown = succeeded(&codevault("load", &[dir(&path), "--to", dir(data.path())]).await);
    assert!(shown.contains("The dump is whole: made "), "{shown}");
    assert!(
        shown.contains("file versions: 5 in the source, 5 copied"),
        "{shown}"
    );
    assert!(
        shown.contains("archives with the same SHA-256: 2"),
        "{shown}"
    );
    let expected = without_leases(original);
    let loaded = sqlite(data.path()).await;
    assert_eq!(records(&loaded).await, expected);
    assert_eq!(archives(&loaded).await, stored);

    // The same dump into MongoDB.
    let database = db::unique_name("dump_into_mongo");
    let uri = db::uri();
    let load = ["load", dir(&path), "--to", &uri, "--database", &database];
    succeeded(&codevault(load[0], &load[1..]).await);
    let mongo = db::connect(&database).await;
    assert_eq!(records(&mongo).await, expected);
    assert_eq!(archives(&mongo).await, stored);
}

#[tokio::test]
async fn a_mongodb_store_dumped_wiped_and_loaded_is_the_same_and_loads_into_the_embedded_one_too() {
    let (out, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let database = db::unique_name("dump_mongo");
    let uri = db::uri();
    let mongo = db::connect(&database).await;
    fill(&mongo.stores()).await;
    let (original, stored) = (records(&mongo).await, archives(&mongo).await);
    assert_eq!(zone_of(&original, ALICE).as_deref(), Some("Asia/Jerusalem"));

    let from = ["--from", uri.as_str(), "--database", database.as_str()];
    let path = dump(&from, out.path()).await;
    assert_holds(&path, &original, &stored, "mongodb");

    // Wiped: the database is dropped.
    mongo.database().drop().await.unwrap();
    assert!(records(&mongo).await.is_empty());
    let load = ["load", dir(&path), "--to", &uri, "--database", &database];
    succeeded(&codevault(load[0], &load[1..]).await);
    let expected = without_leases(original);
    assert_eq!(records(&mongo).await, expected);
    assert_eq!(archives(&mongo).await, stored);

    // The same dump into the embedded store, which makes its data directory.
    let into = data.path().join("new");
    succeeded(&codevault("load", &[dir(&path), "--to", dir(&into)]).await);
    let loaded = sqlite(&into).await;
    assert_eq!(records(&loaded).await, expected);
    assert_eq!(archives(&loaded).await, stored);
}

#[tokio::test]
async fn a_dump_with_one_byte_flipped_anywhere_is_refused_and_nothing_is_written() {
    // The dump's directory is kept: dropped, it would take the dump with it.
    let Dumped {
        path,
        filled,
        out: _out,
        ..
    } = dumped().await;
    let work = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let archive = format!("archives/{}.zip", filled.backup);
    let middle = |name: &str| {
        let (_, start, len) = member_at(&bytes, name);
        start + len / 2
    };
    let (users_header, _, _) = member_at(&bytes, "records/users.jsonl");
    let cases = [
        ("an archive", middle(&archive), archive.as_str()),
        (
            "records",
            middle("records/files.jsonl"),
            "records/files.jsonl",
        ),
        ("the manifest", middle("manifest.json"), "manifest.json"),
        // The modification time in a member's header: no member reads differently.
        ("a header", users_header + 10, "the digest at its end"),
        ("the digest", bytes.len() - 1, "the digest at its end"),
    ];
    for (case, at, named) in cases {
        let damaged = flipped_copy(&path, work.path(), at);
        let target = work.path().join("store");
        let line = failure(&codevault("load", &[dir(&damaged), "--to", dir(&target)]).await);
        assert!(line.contains(" is damaged: "), "{case}: {line}");
        assert!(line.contains(named), "{case}: {line}");
        assert!(
            line.trim_end().ends_with("; nothing was loaded"),
            "{case}: {line}"
        );
        assert!(!target.exists(), "{case}: no store is even made");
    }

    // On MongoDB too: not a collection is made.
    let damaged = flipped_copy(&path, work.path(), middle(&archive));
    let database = db::unique_name("dump_damaged");
    let uri = db::uri();
    let load = ["load", dir(&damaged), "--to", &uri, "--database", &database];
    let line = failure(&codevault(load[0], &load[1..]).await);
    assert!(line.contains(&archive), "{line}");
    let client = mongodb::Client::with_uri_str(&uri).await.unwrap();
    let collections = client.database(&database).list_collection_names().await;
    assert_eq!(collections.unwrap(), Vec::<String>::new());

    // Not a dump at all.
    let other = work.path().join("other.zip");
    std::fs::write(&other, b"PK\x05\x06 not really").unwrap();
    let line =
        failure(&codevault("load", &[dir(&other), "--to", dir(&work.path().join("s"))]).await);
    assert!(line.contains("is not a CodeVault dump"), "{line}");
}

#[tokio::test]
async fn a_store_that_is_not_empty_is_refused_and_left_as_it_was() {
    let Dumped {
        data,
        path,
        out: _out,
        ..
    } = dumped().await;
    let other = tempfile::tempdir().unwrap();
    let target = sqlite(other.path()).await;
    target
        .stores()
        .users
        .get_or_create(99, Locale::En)
        .await
        .unwrap();
    let before = records(&target).await;

    let line = failure(&codevault("load", &[dir(&path), "--to", dir(other.path())]).await);
    assert!(
        line.contains("is not empty (1 users): a dump loads only into an empty store"),
        "{line}"
    );
    assert_eq!(records(&target).await, before);
    // Nor into the store it came from.
    let line = failure(&codevault("load", &[dir(&path), "--to", dir(data.path())]).await);
    assert!(
        line.contains("is not empty (2 users, 5 file versions"),
        "{line}"
    );
}

#[tokio::test]
async fn keep_prunes_exactly_the_older_dumps_and_nothing_else() {
    let Dumped {
        data, out, path, ..
    } = dumped().await;
    let from = ["--from", dir(data.path())];
    let others = ["notes.txt", "codevault-dump-by-hand.zip"];
    for other in others {
        std::fs::write(out.path().join(other), other).unwrap();
    }
    let mut made = vec![path];
    for _ in 0..2 {
        made.push(dump(&from, out.path()).await);
    }
    assert_eq!(dumps_in(out.path()), made);

    let output = codevault(
        "dump",
        &["--out", dir(out.path()), from[0], from[1], "--keep", "2"],
    )
    .await;
    let shown = succeeded(&output);
    let newest = dumps_in(out.path()).pop().unwrap();
    assert_eq!(dumps_in(out.path()), [made[2].clone(), newest.clone()]);
    for removed in &made[..2] {
        assert!(
            shown.contains(&format!("Removed {}", removed.display())),
            "{shown}"
        );
    }
    let mut expected: Vec<String> = others.map(str::to_owned).to_vec();
    for path in [&made[2], &newest] {
        expected.push(path.file_name().unwrap().to_string_lossy().into_owned());
    }
    expected.sort();
    assert_eq!(names_in(out.path()), expected);

    let output = codevault(
        "dump",
        &["--out", dir(out.path()), from[0], from[1], "--keep", "1"],
    )
    .await;
    succeeded(&output);
    assert_eq!(dumps_in(out.path()).len(), 1);
    assert!(!dumps_in(out.path()).contains(&newest));

    let output = codevault("dump", &["--out", dir(out.path()), "--keep", "0"]).await;
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("'--keep <N>'"),
        "{}",
        text(&output.stderr)
    );
}

/// Starts a dump of `data` into `out`, and waits until its temporary file is being written.
async fn dump_under_way(data: &Path, out: &Path) -> tokio::process::Child {
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_codevault"))
        .args(["dump", "--out", dir(out), "--from", dir(data)])
        .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary runs");
    let writing = async {
        loop {
            let temp = names_in(out)
                .into_iter()
                .find(|name| name.ends_with(".tmp"));
            let size = temp.map(|name| std::fs::metadata(out.join(name)).map_or(0, |m| m.len()));
            if size.is_some_and(|size| size > 1 << 20) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), writing)
        .await
        .expect("the dump starts writing");
    child
}

#[tokio::test]
async fn a_dump_interrupted_or_failing_leaves_no_file_named_like_a_dump() {
    let data = tempfile::tempdir().unwrap();
    let store = sqlite(data.path()).await;
    let stores = store.stores();
    fill(&stores).await;
    // Large enough to be caught half-way.
    for _ in 0..3 {
        backup_of(&stores, ALICE, 40 << 20).await;
    }

    // SIGTERM: it stops, removes its temporary file, and says so.
    let out = tempfile::tempdir().unwrap();
    let child = dump_under_way(data.path(), out.path()).await;
    let pid = child.id().unwrap().to_string();
    let sent = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status();
    assert!(sent.await.unwrap().success());
    let output = child.wait_with_output().await.unwrap();
    let line = failure(&output);
    assert!(
        line.contains("interrupted: the unfinished dump was removed"),
        "{line}"
    );
    assert_eq!(names_in(out.path()), Vec::<String>::new());

    // SIGKILL: only its temporary file is left, which no load or prune takes for a dump.
    let out = tempfile::tempdir().unwrap();
    let mut child = dump_under_way(data.path(), out.path()).await;
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    assert_eq!(dumps_in(out.path()), Vec::<PathBuf>::new());
    let left = names_in(out.path());
    assert!(
        left.iter()
            .all(|name| name.starts_with(".codevault-dump-") && name.ends_with(".tmp")),
        "{left:?}"
    );

    // A backup whose archive is gone from the store: the dump fails part way.
    let broken = backup_of(&stores, ALICE, 1000).await;
    stores.blobs.delete(&broken).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = codevault(
        "dump",
        &["--out", dir(out.path()), "--from", dir(data.path())],
    )
    .await;
    let line = failure(&output);
    assert!(
        line.contains(&format!("backup {broken} has no archive in the source")),
        "{line}"
    );
    assert_eq!(names_in(out.path()), Vec::<String>::new());
    assert!(store.count(Kind::Backup).await.unwrap() > 0);
}

#[tokio::test]
async fn a_dump_reads_as_a_store_from_any_page_and_is_never_written() {
    use codevault::ops::dump::{DumpSource, check, make};
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = sqlite(data.path()).await;
    let filled = fill(&source.stores()).await;
    let quiet = |_: String| {};
    let made = make(&source, "sqlite", out.path(), chrono::Utc::now(), &quiet)
        .await
        .unwrap();
    let dump = DumpSource::new(check(&made.path).await.unwrap());

    // Page after page (three records a page), as a copy reads it.
    let all = records(&source).await;
    assert_eq!(records(&dump).await, all);
    // From anywhere.
    let files: Vec<Record> = all
        .iter()
        .filter(|record| record.kind() == Kind::File)
        .cloned()
        .collect();
    let page = dump
        .page(Kind::File, Some(&files[1].key()), 2)
        .await
        .unwrap();
    assert_eq!(page, files[2..4]);
    let page = dump
        .page(Kind::File, Some(&files[3].key()), 5)
        .await
        .unwrap();
    assert_eq!(page, files[4..]);
    let found = dump
        .find(Kind::File, &[files[4].key(), files[0].key()])
        .await
        .unwrap();
    assert_eq!(found, [files[0].clone(), files[4].clone()]);
    for kind in Kind::ALL {
        let held = all.iter().filter(|record| record.kind() == kind).count();
        assert_eq!(dump.count(kind).await.unwrap(), held as u64, "{kind}");
    }
    assert_eq!(archives(&dump).await, archives(&source).await);
    assert!(matches!(
        dump.archive(&codevault::domain::Id::generate()).await,
        Err(codevault::storage::StoreError::NotFound)
    ));

    // Never written.
    assert!(dump.insert(vec![files[0].clone()]).await.is_err());
    let mut bytes: &[u8] = b"PK";
    assert!(
        dump.put_archive(&filled.backup, "x.zip", &mut bytes)
            .await
            .is_err()
    );
}
