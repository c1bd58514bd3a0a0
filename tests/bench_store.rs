//! `codevault bench --store`: the floor (the store's own batched write), backup, restore and
//! import of a generated library on a real store (each store), reported run by run with the
//! median and peak memory; the restored and imported libraries hold every file; a store
//! holding anything is refused, untouched.

mod support;

use std::process::Output;

use codevault::storage::{sqlite::Sqlite, transfer::Kind, transfer::Transfer};
use support::db;
use tokio::process::Command;

/// The bench's first user (and the restore's and the import's of the first run).
const FIRST_USER: i64 = 9_000_000_000_000;

async fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codevault"))
        .arg("bench")
        .args(args)
        .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
        .output()
        .await
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The job lines of the report: name, size, each run's seconds, the median, the peak.
fn jobs(output: &Output) -> Vec<Vec<String>> {
    assert!(
        output.status.success(),
        "{}{}",
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(output)
        .lines()
        .skip_while(|line| !line.starts_with("job"))
        .skip(1)
        .map(|line| line.split_whitespace().map(str::to_owned).collect())
        .collect()
}

fn assert_report(jobs: &[Vec<String>], files: &str, runs: usize) {
    let names: Vec<&str> = jobs.iter().map(|job| job[0].as_str()).collect();
    assert_eq!(
        names,
        ["floor", "search1", "search*", "backup", "restore", "import"]
    );
    for job in jobs {
        assert_eq!(job[1], files, "{job:?}");
        assert_eq!(job.len(), 2 + runs + 2, "{job:?}");
        let times: Vec<f64> = job[2..2 + runs]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        let median: f64 = job[2 + runs].parse().unwrap();
        assert!(times.contains(&median), "{job:?}");
        let peak: f64 = job[3 + runs].parse().unwrap();
        assert!(peak > 1.0, "a peak in MB: {job:?}");
    }
}

#[tokio::test]
async fn on_the_embedded_store_every_job_runs_and_a_used_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("bench");
    let data = data.to_str().unwrap();
    let output = bench(&["--store", data, "--files", "40", "--runs", "2"]).await;
    assert!(
        stdout(&output).contains("embedded SQLite in"),
        "{}",
        stdout(&output)
    );
    assert_report(&jobs(&output), "40", 2);

    let sqlite = Sqlite::open(dir.path().join("bench").as_path())
        .await
        .unwrap();
    let stores = sqlite.stores();
    for user in [FIRST_USER, FIRST_USER + 1, FIRST_USER + 2, FIRST_USER + 5] {
        let usage = stores.files.usage(user).await.unwrap();
        assert_eq!(
            usage.files, 40,
            "user {user}: the library, restored, imported"
        );
    }
    let before = sqlite.count(Kind::Backup).await.unwrap();
    drop((stores, sqlite));

    let refused = bench(&["--store", data, "--files", "40", "--runs", "1"]).await;
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is not empty"), "{stderr}");
    let sqlite = Sqlite::open(dir.path().join("bench").as_path())
        .await
        .unwrap();
    assert_eq!(sqlite.count(Kind::Backup).await.unwrap(), before);
}

#[tokio::test]
async fn on_mongodb_every_job_runs() {
    let uri = db::uri();
    let database = db::unique_name("bench_store");
    let output = bench(&[
        "--store",
        &uri,
        "--database",
        &database,
        "--files",
        "25",
        "--runs",
        "1",
    ])
    .await;
    assert!(
        stdout(&output).contains("MongoDB at"),
        "{}",
        stdout(&output)
    );
    assert_report(&jobs(&output), "25", 1);
    let mongo = db::connect(&database).await;
    assert_eq!(
        mongo
            .stores()
            .files
            .usage(FIRST_USER + 2)
            .await
            .unwrap()
            .files,
        25
    );
}
