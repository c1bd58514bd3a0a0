//! A clock the test moves by hand, injected where services take a `Clock`.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::service::Clock;

pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    /// Starts at 2026-01-10 12:00 UTC.
    pub fn new() -> Arc<Self> {
        Self::at(Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0).unwrap())
    }

    pub fn at(start: DateTime<Utc>) -> Arc<Self> {
        Arc::new(Self(Mutex::new(start)))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.0.lock().unwrap() = to;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}
