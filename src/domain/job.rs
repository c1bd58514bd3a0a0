//! Automatic-backup jobs and what a run leaves behind.

use chrono::{DateTime, Utc};

use super::{
    DestinationId, Id, UserId,
    schedule::{Frequency, Schedule},
};

/// A user's automatic-backup job for one destination: when it is due, who holds it, and what is
/// left to retry.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// `<destination>:<user id>`: one job per user and destination (see [`Job::id_of`]).
    pub id: String,
    pub destination: DestinationId,
    pub user_id: UserId,
    pub schedule: Schedule,
    /// When it should next run; `None` when nothing is planned (schedule off, destination
    /// disconnected, or retries given up).
    pub due_at: Option<DateTime<Utc>>,
    /// Failures in a row so far; 0 after a success.
    pub attempt: u32,
    /// A stored backup whose upload failed: the next run uploads it instead of making a new one.
    pub pending_backup: Option<Id>,
    /// The instance running the job now, and until when its claim holds.
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// Since when runs have been planned without a pause: set when the schedule is set with a
    /// run planned while none was (turned on, or the destination connected again), kept while
    /// runs stay planned, cleared when the schedule is set with none (turned off, or the
    /// destination disconnected). `None` too for jobs stored before it was recorded. Backups
    /// that have not succeeded are late from then or from the last success, whichever is later.
    pub scheduled_since: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl Job {
    /// `drive:<user id>` for Drive, as jobs were named before there were other destinations.
    pub fn id_of(destination: &DestinationId, user: UserId) -> String {
        format!("{destination}:{user}")
    }
}

/// What a finished run leaves behind (the store's `JobStore::finish` records it).
#[derive(Clone, Debug, PartialEq)]
pub struct JobResult {
    pub next_due: Option<DateTime<Utc>>,
    pub attempt: u32,
    pub pending_backup: Option<Id>,
    pub last_error: Option<String>,
    /// Set on success; `None` keeps the previous value.
    pub succeeded_at: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
}

/// Every user's jobs summed up, for the operator's metrics and alerts: an aggregate over all
/// users, not any one user's data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobOverview {
    /// Jobs with a schedule on and a run planned (not those waiting for their destination to
    /// be connected again), by frequency in [`Frequency::ALL`]'s order; a frequency no job
    /// has is left out.
    pub scheduled: Vec<ScheduledJobs>,
    /// Jobs due by now whose lease is free or ended: what the scheduler would claim next.
    pub waiting: u64,
    /// The earliest due time among them.
    pub oldest_due: Option<DateTime<Utc>>,
}

impl JobOverview {
    /// The overview of `scheduled` (in any order), `waiting` and `oldest_due`.
    pub fn new(
        mut scheduled: Vec<ScheduledJobs>,
        waiting: u64,
        oldest_due: Option<DateTime<Utc>>,
    ) -> Self {
        scheduled.sort_by_key(|of| Frequency::ALL.iter().position(|f| *f == of.frequency));
        Self {
            scheduled,
            waiting,
            oldest_due,
        }
    }
}

/// The scheduled jobs of one frequency.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledJobs {
    pub frequency: Frequency,
    pub jobs: u64,
    /// The newest success among them.
    pub last_success: Option<DateTime<Utc>>,
}
