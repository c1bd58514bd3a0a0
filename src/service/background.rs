//! What the background loops (the scheduler's jobs, the task worker's tasks) do alike with the
//! work they started: log a panic, and at shutdown wait out a grace period before stopping
//! what still runs.

use std::time::Duration;

use tokio::task::{JoinError, JoinSet};

/// Logs a piece of work that panicked; `what` names it (`a job`, `a task`). Its lease runs out,
/// so another claim takes it up.
pub(super) fn log_panic<T>(done: Result<T, JoinError>, what: &str) {
    if let Err(error) = done
        && error.is_panic()
    {
        tracing::error!(%error, "{what} panicked");
    }
}

/// Waits up to `grace` for everything in `running` to end, then stops what still runs;
/// answers how many it stopped.
pub(super) async fn drain(running: &mut JoinSet<()>, grace: Duration, what: &str) -> usize {
    let drained = tokio::time::timeout(grace, async {
        while let Some(done) = running.join_next().await {
            log_panic(done, what);
        }
    })
    .await;
    if drained.is_ok() {
        return 0;
    }
    let stopped = running.len();
    running.shutdown().await;
    stopped
}
