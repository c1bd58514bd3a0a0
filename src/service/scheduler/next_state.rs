//! A job's state after a run: the domain's schedule and retry rules applied to an outcome.

use chrono::{DateTime, Utc};

use super::JobOutcome;
use crate::domain::{Id, Job, JobResult, schedule::retry_at};

/// The job's next state after a run that ended at `now`.
///
/// The next time is always computed from `now`, never from the old due time: a job missed
/// while the bot was down runs once and then waits for the next future slot.
pub(super) fn result_of(job: &Job, outcome: &JobOutcome, now: DateTime<Utc>) -> JobResult {
    match outcome {
        JobOutcome::Done => JobResult {
            next_due: job.schedule.next_run(now),
            attempt: 0,
            pending_backup: None,
            last_error: None,
            succeeded_at: Some(now),
            at: now,
        },
        JobOutcome::Failed {
            error,
            pending_backup,
        } => failed(
            job,
            error,
            pending_backup,
            retry_at(job.attempt, job.schedule, now),
            now,
        ),
        JobOutcome::WaitsForNextRun {
            error,
            pending_backup,
        } => failed(job, error, pending_backup, job.schedule.next_run(now), now),
        // Kept as it was, so connecting again resumes where the job stopped.
        JobOutcome::Disconnected => JobResult {
            next_due: None,
            attempt: 0,
            pending_backup: job.pending_backup.clone(),
            last_error: job.last_error.clone(),
            succeeded_at: None,
            at: now,
        },
    }
}

/// A failed run, tried again at `next_due` (`None`: not at all). Each failure counts, so the
/// admins' alert sees how many came in a row.
fn failed(
    job: &Job,
    error: &str,
    pending_backup: &Option<Id>,
    next_due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> JobResult {
    // Once retries give up, the unsent backup is dropped from the job (it stays stored in the
    // bot), so a schedule turned on later starts from a fresh backup.
    let pending = next_due.and(pending_backup.clone().or(job.pending_backup.clone()));
    JobResult {
        next_due,
        attempt: job.attempt.saturating_add(1),
        pending_backup: pending,
        last_error: Some(error.to_owned()),
        succeeded_at: None,
        at: now,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::{
        DestinationId, Id,
        schedule::{Repeat, Schedule},
    };

    fn at(d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, min, 0).unwrap()
    }

    fn job(schedule: Schedule, attempt: u32, pending: Option<Id>) -> Job {
        Job {
            id: Job::id_of(&DestinationId::DRIVE, 7),
            destination: DestinationId::DRIVE,
            user_id: 7,
            schedule,
            due_at: Some(at(1, 3, 0)),
            attempt,
            pending_backup: pending,
            lease_owner: Some("a".to_owned()),
            lease_until: Some(at(1, 4, 0)),
            last_error: Some("before".to_owned()),
            last_success_at: None,
            scheduled_since: Some(at(1, 0, 0)),
            updated_at: at(1, 3, 0),
        }
    }

    fn failed(pending: Option<Id>) -> JobOutcome {
        JobOutcome::Failed {
            error: "boom".to_owned(),
            pending_backup: pending,
        }
    }

    #[test]
    fn success_plans_the_next_future_slot_and_clears_the_retry_state() {
        let daily = Schedule::new(Repeat::Daily, 3).unwrap();
        let now = at(10, 12, 0);
        let result = result_of(&job(daily, 2, Some(Id::generate())), &JobOutcome::Done, now);
        assert_eq!(result.next_due, Some(at(11, 3, 0)));
        assert_eq!(result.attempt, 0);
        assert_eq!(result.pending_backup, None);
        assert_eq!(result.last_error, None);
        assert_eq!(result.succeeded_at, Some(now));
    }

    #[test]
    fn failure_keeps_the_pending_backup_until_retries_give_up() {
        let kept = Id::generate();
        let now = at(10, 12, 0);
        let daily = Schedule::new(Repeat::Daily, 3).unwrap();
        let result = result_of(&job(daily, 0, Some(kept.clone())), &failed(None), now);
        assert_eq!(result.next_due, Some(at(10, 12, 5)));
        assert_eq!(result.attempt, 1);
        assert_eq!(result.pending_backup, Some(kept.clone()));
        assert_eq!(result.last_error.as_deref(), Some("boom"));

        let fresh = Id::generate();
        let result = result_of(&job(daily, 3, None), &failed(Some(fresh.clone())), now);
        assert_eq!(result.next_due, Some(at(11, 3, 0)));
        assert_eq!(result.pending_backup, Some(fresh));

        let result = result_of(&job(Schedule::OFF, 3, Some(kept)), &failed(None), now);
        assert_eq!(result.next_due, None);
        assert_eq!(result.pending_backup, None);
    }

    #[test]
    fn a_run_that_waits_skips_the_quick_retries_for_the_next_scheduled_time() {
        let pending = Id::generate();
        let now = at(10, 12, 0);
        let daily = Schedule::new(Repeat::Daily, 3).unwrap();
        let full = JobOutcome::WaitsForNextRun {
            error: "full".to_owned(),
            pending_backup: Some(pending.clone()),
        };
        let result = result_of(&job(daily, 0, None), &full, now);
        assert_eq!(result.next_due, Some(at(11, 3, 0)), "not in 5 minutes");
        assert_eq!(result.attempt, 1, "a failure like any other");
        assert_eq!(result.pending_backup, Some(pending));
        assert_eq!(result.last_error.as_deref(), Some("full"));
        // With the schedule off, nothing is planned (a manual upload's retry job).
        let result = result_of(&job(Schedule::OFF, 0, None), &full, now);
        assert_eq!((result.next_due, result.pending_backup), (None, None));
    }

    #[test]
    fn disconnected_stops_the_job_but_keeps_what_is_pending() {
        let pending = Some(Id::generate());
        let daily = Schedule::new(Repeat::Daily, 3).unwrap();
        let result = result_of(
            &job(daily, 1, pending.clone()),
            &JobOutcome::Disconnected,
            at(10, 12, 0),
        );
        assert_eq!(result.next_due, None);
        assert_eq!(result.pending_backup, pending);
        assert_eq!(result.last_error.as_deref(), Some("before"));
    }
}
