//! Dumps `serve` makes on a schedule: on either store, two instances sharing it dump once per
//! period between them (the instance lease), at once when none was made; a failed dump is
//! tried again after a short delay and says so in its status and metrics; and the real bot,
//! given `storage.dump_dir`, dumps at start-up, shows it in `/metrics`, and after a restart
//! does not dump again before the period is over.

mod support;

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use chrono::TimeDelta;
use codevault::{
    ops::{
        dump::{DumpSettings, ScheduledDumps, check, file_name},
        metrics::Metrics,
    },
    service::Clock,
    storage::transfer::Kind,
};
use support::{
    bot::Harness,
    clock::TestClock,
    dumps::dumps_in,
    migration::{dir as path, fill},
    stores::{TestStore, contract},
};
use tokio::sync::watch;

contract!(two_instances_dump_once_per_period_between_them);

/// How often the instances look in these tests.
const POLL: Duration = Duration::from_millis(10);
const HOUR: Duration = Duration::from_secs(3600);

fn settings(dir: &Path) -> DumpSettings {
    DumpSettings {
        dir: dir.to_owned(),
        every: HOUR,
        keep: 2,
        poll: POLL,
    }
}

fn instance(
    store: &TestStore,
    clock: &Arc<TestClock>,
    settings: DumpSettings,
) -> (ScheduledDumps, Arc<Metrics>) {
    let metrics = Metrics::new();
    let dumps = ScheduledDumps::new(
        store.transfer(),
        store.stores.backend(),
        store.leases.clone(),
        store.alerts.clone(),
        clock.clone(),
        metrics.clone(),
        settings,
    );
    (dumps, metrics)
}

/// The dumps in `dir` once their number has stayed the same for many polls, which must be
/// `count`.
async fn settled(dir: &Path, count: usize) -> Vec<PathBuf> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let mut steady = 0;
    let mut last = Vec::new();
    while steady < 30 {
        let now = dumps_in(dir);
        steady = if now == last { steady + 1 } else { 0 };
        last = now;
        assert!(
            tokio::time::Instant::now() < deadline,
            "never settled: {last:?}"
        );
        tokio::time::sleep(POLL).await;
    }
    assert_eq!(last.len(), count, "{last:?}");
    last
}

/// The value of an unlabelled series in `metrics`' text.
fn gauge(metrics: &Metrics, name: &str) -> Option<i64> {
    let text = metrics.render();
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .map(|value| value.parse().unwrap())
}

async fn two_instances_dump_once_per_period_between_them(store: TestStore) {
    fill(&store).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let started = clock.now();
    let (first, first_metrics) = instance(&store, &clock, settings(dir.path()));
    let (second, second_metrics) = instance(&store, &clock, settings(dir.path()));
    let status = first.status();
    let (stop_tx, stop) = watch::channel(false);
    let running = [
        tokio::spawn(first.run(stop.clone())),
        tokio::spawn(second.run(stop.clone())),
    ];

    // None was made: one now, by one of them, whole.
    let made = settled(dir.path(), 1).await;
    assert_eq!(made[0], dir.path().join(file_name(started)));
    let checked = check(&made[0]).await.expect("the dump is whole");
    assert_eq!(checked.manifest.count(Kind::File), 5);
    assert_eq!(checked.manifest.archives.len(), 2);

    // Within the period: none.
    clock.advance(TimeDelta::minutes(59));
    settled(dir.path(), 1).await;

    // The period over: one more, by one of them.
    clock.advance(TimeDelta::minutes(2));
    let second_made = clock.now();
    let made = settled(dir.path(), 2).await;
    assert_eq!(made[1], dir.path().join(file_name(second_made)));

    // Another period: the oldest goes (two are kept).
    clock.advance(TimeDelta::minutes(61));
    let made = settled(dir.path(), 2).await;
    assert_eq!(made[0], dir.path().join(file_name(second_made)));

    // Both know the newest dump, made by them or found on disk.
    let newest = clock.now().timestamp();
    for metrics in [&first_metrics, &second_metrics] {
        let name = "codevault_dump_last_success_timestamp_seconds";
        assert_eq!(gauge(metrics, name), Some(newest));
    }
    let results: Vec<Option<i64>> = [&first_metrics, &second_metrics]
        .iter()
        .map(|metrics| gauge(metrics, "codevault_dump_last_result"))
        .collect();
    assert!(results.contains(&Some(1)), "{results:?}");
    assert!(
        results.iter().all(|result| *result != Some(0)),
        "{results:?}"
    );
    let seen = status.borrow().clone();
    assert_eq!(seen.last_success.map(|at| at.timestamp()), Some(newest));
    assert!(!seen.failing() && !seen.overdue(clock.now(), Duration::ZERO));
    // The store knows it too, for the alerts of whichever instance judges them.
    let log = store.alerts.dump_log().await.unwrap().expect("recorded");
    assert_eq!(log.last_success.map(|at| at.timestamp()), Some(newest));
    assert_eq!((log.since, log.failures, log.every), (started, 0, HOUR));

    stop_tx.send_replace(true);
    for run in running {
        tokio::time::timeout(Duration::from_secs(10), run)
            .await
            .expect("it stops")
            .unwrap();
    }
}

#[tokio::test]
async fn a_failed_dump_is_tried_again_soon_and_shows_in_the_status_and_metrics() {
    let store = support::stores::Backend::Sqlite.open("dump_failing").await;
    fill(&store).await;
    let root = tempfile::tempdir().unwrap();
    // A file where the directory should be: no dump can be written.
    let dir = root.path().join("dumps");
    std::fs::write(&dir, "in the way").unwrap();
    let clock = TestClock::new();
    let (dumps, metrics) = instance(&store, &clock, settings(&dir));
    let mut status = dumps.status();
    let (stop_tx, stop) = watch::channel(false);
    let running = tokio::spawn(dumps.run(stop));

    let failed = |status: &codevault::ops::dump::DumpStatus, times| status.failures == times;
    tokio::time::timeout(Duration::from_secs(30), status.wait_for(|s| failed(s, 1)))
        .await
        .expect("a first attempt")
        .unwrap();
    let seen = status.borrow().clone();
    assert!(seen.failing() && seen.last_success.is_none());
    let error = seen.last_error.clone().unwrap_or_default();
    assert!(error.contains("cannot write the dump into"), "{error}");
    let log = store.alerts.dump_log().await.unwrap().expect("recorded");
    assert_eq!((log.failures, log.last_success), (1, None));
    assert_eq!(log.last_error.as_deref(), Some(error.as_str()));
    assert_eq!(gauge(&metrics, "codevault_dump_last_result"), Some(0));
    assert_eq!(
        gauge(&metrics, "codevault_dump_last_success_timestamp_seconds"),
        None
    );
    // None made for longer than the period: a missing dump besides a failed one.
    assert!(!seen.overdue(clock.now(), Duration::ZERO));
    assert!(seen.overdue(clock.now() + TimeDelta::minutes(61), Duration::ZERO));

    // Not again within the retry delay (5 minutes).
    clock.advance(TimeDelta::minutes(4));
    tokio::time::sleep(POLL * 20).await;
    assert_eq!(status.borrow().failures, 1);

    // After it, again; and once the way is clear, it succeeds.
    std::fs::remove_file(&dir).unwrap();
    clock.advance(TimeDelta::minutes(2));
    tokio::time::timeout(
        Duration::from_secs(30),
        status.wait_for(|s| s.failures == 0),
    )
    .await
    .expect("a second attempt")
    .unwrap();
    assert_eq!(dumps_in(&dir).len(), 1);
    assert_eq!(gauge(&metrics, "codevault_dump_last_result"), Some(1));
    assert!(gauge(&metrics, "codevault_dump_last_size_bytes").unwrap() > 70_000);
    stop_tx.send_replace(true);
    running.await.unwrap();
}

#[tokio::test]
async fn the_bot_dumps_at_start_up_shows_it_in_its_metrics_and_not_again_after_a_restart() {
    let dumps = tempfile::tempdir().unwrap();
    let dir = dumps.path().join("made-by-the-bot");
    let mut h = Harness::start_with(&[("CODEVAULT_STORAGE__DUMP_DIR", path(&dir))]).await;
    let made = wait_for_dumps(&dir, 1).await;
    check(&made[0]).await.expect("the dump is whole");

    let metrics = metrics_of(&h).await;
    for name in [
        "codevault_dump_last_success_timestamp_seconds ",
        "codevault_dump_last_result 1",
        "codevault_dump_last_size_bytes ",
    ] {
        assert!(
            metrics.lines().any(|l| l.starts_with(name)),
            "{name} in\n{metrics}"
        );
    }

    // Restarted within the period: the lease in the store says a dump was made.
    h.restart().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(dumps_in(&dir), made);
    let metrics = metrics_of(&h).await;
    let at = codevault::ops::dump::made_at(&made[0].file_name().unwrap().to_string_lossy());
    let line = format!(
        "codevault_dump_last_success_timestamp_seconds {}",
        at.unwrap().timestamp()
    );
    assert!(metrics.lines().any(|l| l == line), "{line} in\n{metrics}");
    // Nothing about an attempt: this instance has made none.
    let attempted = metrics
        .lines()
        .any(|l| l.starts_with("codevault_dump_last_result "));
    assert!(!attempted, "{metrics}");
}

async fn wait_for_dumps(dir: &Path, count: usize) -> Vec<PathBuf> {
    let waiting = async {
        loop {
            if dir.exists() && dumps_in(dir).len() >= count {
                return dumps_in(dir);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), waiting)
        .await
        .expect("the bot dumps")
}

async fn metrics_of(h: &Harness) -> String {
    let url = format!("http://{}/metrics", h.http_address());
    reqwest::get(url).await.unwrap().text().await.unwrap()
}
