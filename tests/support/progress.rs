//! A progress watcher for tests: it keeps every byte count it is told and says "cancelled"
//! once a count reaches a chosen point (or when the test says so).

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, Ordering},
};

use codevault::domain::progress::{Progress, Unit};
use tokio::sync::Notify;

#[derive(Default)]
pub struct Watcher {
    seen: Mutex<Vec<(u64, Option<u64>)>>,
    cancel_at: Option<u64>,
    cancelled: AtomicBool,
    /// Told once a count reaches the point.
    tell_at: Option<(u64, Arc<Notify>)>,
}

impl Watcher {
    /// Cancels once `done` reaches `bytes`.
    pub fn cancelling_at(bytes: u64) -> Self {
        Self {
            cancel_at: Some(bytes),
            ..Self::default()
        }
    }

    /// Notifies `told` once `done` reaches `bytes`.
    pub fn telling_at(bytes: u64, told: Arc<Notify>) -> Self {
        Self {
            tell_at: Some((bytes, told)),
            ..Self::default()
        }
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    /// `(done, total)` of every byte count told, in order.
    pub fn seen(&self) -> Vec<(u64, Option<u64>)> {
        self.seen.lock().unwrap().clone()
    }

    /// The counts never went back, every one named `total`, and the last one was all of it.
    pub fn assert_rose_to(&self, total: u64) {
        let seen = self.seen();
        assert!(
            seen.windows(2).all(|pair| pair[0].0 <= pair[1].0),
            "went back: {seen:?}"
        );
        assert!(
            seen.iter().all(|(_, of)| *of == Some(total)),
            "a count without the total {total}: {seen:?}"
        );
        assert_eq!(seen.last(), Some(&(total, Some(total))), "{seen:?}");
    }
}

impl Progress for Watcher {
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>) {
        assert_eq!(unit, Unit::Bytes);
        self.seen.lock().unwrap().push((done, total));
        if self.cancel_at.is_some_and(|at| done >= at) {
            self.cancel();
        }
        if let Some((at, told)) = &self.tell_at
            && done >= *at
        {
            told.notify_one();
        }
    }

    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}
