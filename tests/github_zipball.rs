//! The GitHub client's download of a repository archive: streamed into a temporary file,
//! never held; the size limit enforced as it streams (GitHub's download host sends no
//! length); counted in bytes; stopped at once when cancelled; no temporary file left open
//! whichever way it ends.
//!
//! One test, so nothing else in this process holds a temporary file while it counts them.

mod support;

use std::{
    io::Read,
    sync::Mutex,
    time::{Duration, Instant},
};

use codevault::{
    domain::{
        progress::{Progress, Unit},
        repo_ref::RepoRef,
    },
    integrations::github::{GithubClient, GithubError, GithubSettings},
};
use futures::TryStreamExt;
use sha2::{Digest, Sha256};
use support::github::{FakeGithub, Generated, generated};

/// Byte counts it was told; cancels past `cancel_after` bytes.
struct Watcher {
    seen: Mutex<Vec<(u64, Option<u64>)>>,
    cancel_after: u64,
}

impl Watcher {
    fn new(cancel_after: u64) -> Self {
        Self {
            seen: Mutex::default(),
            cancel_after,
        }
    }

    fn seen(&self) -> Vec<(u64, Option<u64>)> {
        self.seen.lock().unwrap().clone()
    }
}

impl Progress for Watcher {
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>) {
        assert_eq!(unit, Unit::Bytes);
        self.seen.lock().unwrap().push((done, total));
    }

    fn cancelled(&self) -> bool {
        self.seen
            .lock()
            .unwrap()
            .last()
            .is_some_and(|(done, _)| *done > self.cancel_after)
    }
}

fn open_temp_files() -> Vec<String> {
    let temp = std::env::temp_dir().display().to_string();
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .map(|target| target.display().to_string())
        .filter(|target| target.starts_with(&temp) && target.ends_with("(deleted)"))
        .collect()
}

async fn assert_no_temp_files(when: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !open_temp_files().is_empty() {
        assert!(Instant::now() < deadline, "{when}: {:?}", open_temp_files());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zipball_streams_into_a_temporary_file_within_its_limit_and_stops_when_cancelled() {
    let github = FakeGithub::start().await;
    let shape = Generated {
        files: 8,
        file_bytes: 300_000,
        pause: Duration::ZERO,
    };
    let sha = github.add_generated_repo("octo/big", shape);
    let top = format!("octo-big-{}", &sha[..7]);
    let chunks: Vec<_> = generated::stream(shape, top.clone())
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<u8> = chunks.concat();
    assert_eq!(expected.len() as u64, shape.len(&top));
    let client = GithubClient::new(&GithubSettings {
        api_url: github.api_url().parse().unwrap(),
        timeout: Duration::from_secs(30),
        user_agent: "codevault tests".to_owned(),
    })
    .unwrap();
    let repo = RepoRef::parse("octo/big").unwrap();
    let len = expected.len() as u64;

    let watcher = Watcher::new(u64::MAX);
    let zipball = client
        .zipball(&repo, &sha, None, len, &watcher)
        .await
        .unwrap();
    assert!(!zipball.is_in_memory(), "a download goes to a file");
    assert_eq!(zipball.len(), len);
    assert_eq!(zipball.sha256_hex(), hex::encode(Sha256::digest(&expected)));
    let mut zip = zip::ZipArchive::new(zipball.source()).unwrap();
    let mut third = Vec::new();
    zip.by_index(2).unwrap().read_to_end(&mut third).unwrap();
    assert!(third == generated::file_bytes(2, 300_000));
    let seen = watcher.seen();
    assert!(
        seen.windows(2).all(|pair| pair[0].0 < pair[1].0),
        "{seen:?}"
    );
    assert_eq!(seen.last(), Some(&(len, None)), "no length was announced");
    drop((zip, zipball));
    assert_no_temp_files("after a download").await;

    let refused = client
        .zipball(&repo, &sha, None, len - 1, &Watcher::new(u64::MAX))
        .await;
    assert!(
        matches!(refused, Err(GithubError::TooLarge { max }) if max == len - 1),
        "{refused:?}"
    );
    assert_no_temp_files("past the limit").await;

    let watcher = Watcher::new(500_000);
    let refused = client.zipball(&repo, &sha, None, len, &watcher).await;
    assert!(
        matches!(refused, Err(GithubError::Cancelled)),
        "{refused:?}"
    );
    let stopped_at = watcher.seen().last().unwrap().0;
    assert!(
        stopped_at > 500_000 && stopped_at < len,
        "stopped at {stopped_at} of {len}"
    );
    assert_no_temp_files("after a cancel").await;

    // An announced length past the limit is refused before anything is downloaded.
    github.add_repo(
        "octo/small",
        false,
        &[("main", &[("a.txt", &[b'a'; 2000][..])])],
    );
    let small = RepoRef::parse("octo/small").unwrap();
    let commit = support::github::commit_sha("octo/small@main");
    let watcher = Watcher::new(u64::MAX);
    let refused = client.zipball(&small, &commit, None, 100, &watcher).await;
    assert!(
        matches!(refused, Err(GithubError::TooLarge { max: 100 })),
        "{refused:?}"
    );
    assert!(watcher.seen().is_empty(), "{:?}", watcher.seen());
}
