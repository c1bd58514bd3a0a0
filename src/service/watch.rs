//! Long work watched by its user: progress and cancellation carried across the two places
//! work happens, the blocking pool (ZIP building) and the stream of an archive being stored.

use std::{
    io,
    pin::Pin,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    io::{AsyncRead, ReadBuf},
    task::JoinError,
};

use crate::domain::progress::{Progress, Unit};

/// How often a blocking task's progress reaches its watcher, and a cancellation the task.
const RELAY_EVERY: Duration = Duration::from_millis(100);

/// The blocking side's [`Progress`]: it keeps the latest figures and reads a flag the async
/// side sets, so the caller's `Progress` (borrowed, not `'static`) never crosses threads.
#[derive(Default)]
struct Relay {
    latest: Mutex<Option<(Unit, u64, Option<u64>)>>,
    cancelled: AtomicBool,
}

impl Relay {
    fn forward(&self, to: &dyn Progress) {
        let latest = self
            .latest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some((unit, done, total)) = latest {
            to.advance(unit, done, total);
        }
        if to.cancelled() {
            self.cancelled.store(true, Ordering::Relaxed);
        }
    }
}

impl Progress for Relay {
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>) {
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner) = Some((unit, done, total));
    }

    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// Runs `work` on the blocking pool; what it reports reaches `progress`, and a cancellation
/// of `progress` reaches it, within [`RELAY_EVERY`].
pub(crate) async fn blocking<T, F>(progress: &dyn Progress, work: F) -> Result<T, JoinError>
where
    F: FnOnce(&dyn Progress) -> T + Send + 'static,
    T: Send + 'static,
{
    let relay = Arc::new(Relay::default());
    let theirs = relay.clone();
    let mut task = tokio::task::spawn_blocking(move || work(theirs.as_ref()));
    let mut ticks = tokio::time::interval(RELAY_EVERY);
    loop {
        tokio::select! {
            done = &mut task => {
                relay.forward(progress);
                return done;
            }
            _ = ticks.tick() => relay.forward(progress),
        }
    }
}

/// An archive read while its user may cancel: the read fails once they do, so whatever it is
/// being copied into (a store) stops and removes what it wrote.
pub(crate) struct Watched<'a, R> {
    inner: R,
    progress: &'a dyn Progress,
}

impl<'a, R> Watched<'a, R> {
    pub(crate) fn new(inner: R, progress: &'a dyn Progress) -> Self {
        Self { inner, progress }
    }
}

impl<R> AsyncRead for Watched<'_, R>
where
    R: AsyncRead + Unpin,
{
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.progress.cancelled() {
            return Poll::Ready(Err(io::Error::other("cancelled")));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;

    use tokio::io::AsyncReadExt;

    use super::*;

    /// Counts what it is told and cancels once told `cancel_at`.
    struct Counting {
        seen: AtomicU64,
        cancel_at: u64,
    }

    impl Progress for Counting {
        fn advance(&self, _unit: Unit, done: u64, _total: Option<u64>) {
            self.seen.store(done, Ordering::Relaxed);
        }

        fn cancelled(&self) -> bool {
            self.seen.load(Ordering::Relaxed) >= self.cancel_at
        }
    }

    #[tokio::test]
    async fn a_blocking_task_reports_and_learns_it_was_cancelled() {
        let watcher = Counting {
            seen: AtomicU64::new(0),
            cancel_at: 3,
        };
        let stopped_at = blocking(&watcher, |progress| {
            for done in 1.. {
                progress.advance(Unit::Files, done, None);
                std::thread::sleep(Duration::from_millis(20));
                if progress.cancelled() {
                    return done;
                }
            }
            0
        })
        .await
        .unwrap();
        assert!(stopped_at >= 3, "stopped at {stopped_at}");
        assert_eq!(
            watcher.seen.load(Ordering::Relaxed),
            stopped_at,
            "the last count arrives"
        );
    }

    #[tokio::test]
    async fn a_watched_read_fails_once_cancelled() {
        let watcher = Counting {
            seen: AtomicU64::new(0),
            cancel_at: 1,
        };
        let mut read = Watched::new(&b"abc"[..], &watcher);
        let mut first = [0; 2];
        read.read_exact(&mut first).await.unwrap();
        watcher.advance(Unit::Bytes, 1, None);
        let refused = read.read(&mut first).await.unwrap_err();
        assert_eq!(refused.to_string(), "cancelled");
    }
}
