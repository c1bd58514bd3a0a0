//! Jobs for the scheduler and job-store tests.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use codevault::{
    domain::{
        DestinationId, Job, JobResult,
        schedule::{Repeat, Schedule},
    },
    storage::JobStore,
};

pub const DRIVE: DestinationId = DestinationId::DRIVE;

pub type Jobs = Arc<dyn JobStore>;

pub fn daily(hour: u8) -> Schedule {
    Schedule::new(Repeat::Daily, hour).unwrap()
}

pub async fn job(jobs: &Jobs, user: i64) -> Job {
    jobs.get(user, &DRIVE)
        .await
        .unwrap()
        .expect("the job exists")
}

/// A run that succeeded at `at`, next due a day later.
pub fn done_at(at: DateTime<Utc>) -> JobResult {
    JobResult {
        next_due: Some(at + Duration::days(1)),
        attempt: 0,
        pending_backup: None,
        last_error: None,
        succeeded_at: Some(at),
        at,
    }
}
