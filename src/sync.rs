//! Locking the process's few mutexes.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex` even when a holder panicked. What our mutexes guard stays whole across a
/// panic — small maps updated in one call, or a SQLite connection whose transaction was
/// rolled back as the panic unwound — so the poison says nothing about it, and refusing the
/// lock would only turn one failed update into a stuck bot.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
