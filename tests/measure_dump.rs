//! Measurements, not tests: the time and peak memory of `codevault dump` and `load` of a
//! 10,000-file library on each store and across, and of a 300 MB archive. Ignored; run with
//! `scripts/test --locked --test measure_dump -- --ignored --nocapture --test-threads=1`.

mod support;

use codevault::{domain::Locale, storage::transfer::Transfer};
use support::{
    db,
    dumps::{dumps_in, sqlite},
    migration::{ALICE, backup_of, dir, records, succeeded, text},
};

/// Runs `codevault <args>` under `/usr/bin/time`, shows what it printed, and answers its wall
/// time and peak resident memory as `time` measured them.
async fn measured(args: &[&str]) -> String {
    let output = tokio::process::Command::new("/usr/bin/time")
        .args(["-f", "%e s, peak RSS %M KiB"])
        .arg(env!("CARGO_BIN_EXE_codevault"))
        .args(args)
        .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
        .output()
        .await
        .expect("time runs");
    print!("{}", succeeded(&output));
    text(&output.stderr)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// The time and peak memory of dumping and loading a 10,000-file library with a 12 MiB backup
/// on each store, and across.
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn dump_and_load_a_10000_file_library_on_each_store() {
    let (data, out, back) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let source = sqlite(data.path()).await;
    let stores = source.stores();
    stores.users.get_or_create(ALICE, Locale::En).await.unwrap();
    let template = support::migration::library_file(ALICE);
    for batch in (0..10_000).collect::<Vec<u32>>().chunks(500) {
        let records = batch.iter().map(|n| template(*n)).collect();
        assert!(source.insert(records).await.unwrap().is_empty());
    }
    backup_of(&stores, ALICE, 12 << 20).await;
    drop((stores, source));
    let database = db::unique_name("dump_bench");
    let uri = db::uri();
    let mongo = ["--database", database.as_str()];

    let figures = measured(&["dump", "--out", dir(out.path()), "--from", dir(data.path())]).await;
    let sqlite_dump = dumps_in(out.path()).pop().unwrap();
    let size = std::fs::metadata(&sqlite_dump).unwrap().len();
    println!("dump, embedded store: {figures} ({size} bytes)");
    let figures =
        measured(&[&["load", dir(&sqlite_dump), "--to", &uri], &mongo[..]].concat()).await;
    println!("load into MongoDB: {figures}");
    let figures = measured(
        &[
            &["dump", "--out", dir(back.path()), "--from", &uri],
            &mongo[..],
        ]
        .concat(),
    )
    .await;
    println!("dump, MongoDB: {figures}");
    let mongo_dump = dumps_in(back.path()).pop().unwrap();
    let into = back.path().join("store");
    let figures = measured(&["load", dir(&mongo_dump), "--to", dir(&into)]).await;
    println!("load into the embedded store: {figures}");
    assert_eq!(records(&sqlite(&into).await).await.len(), 10_002);
}

/// The peak memory of dumping and loading an embedded store holding a 300 MB archive:
/// archives stream, so it stays near the 10,000-file figure.
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn dump_and_load_a_300_mb_archive() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = sqlite(data.path()).await;
    backup_of(&source.stores(), ALICE, 300_000_000).await;
    drop(source);
    let figures = measured(&["dump", "--out", dir(out.path()), "--from", dir(data.path())]).await;
    println!("dump: {figures}");
    let path = dumps_in(out.path()).pop().unwrap();
    let into = out.path().join("store");
    let figures = measured(&["load", dir(&path), "--to", dir(&into)]).await;
    println!("load: {figures}");
}
