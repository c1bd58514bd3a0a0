//! `jobs`: one row per user and destination (`id` `<destination>:<user>`), claimed with a lease.
//!
//! Every write that depends on who holds a job is a single conditional statement in a write
//! transaction, so the database, not the instances, decides who wins a race.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{
    db::Db,
    values::{Json, Named, json, millis, time, to_u32, to_u64},
};
use crate::{
    domain::{
        DestinationId, Id, Job, JobOverview, JobResult, ScheduledJobs, UserId,
        schedule::{Frequency, Schedule},
    },
    storage::{JobStore, StoreResult, lease_end},
};

pub(super) const JOB: &str = "id, destination, user_id, schedule, due_at, attempt, pending_backup, \
                   lease_owner, lease_until, last_error, last_success_at, updated_at, \
                   scheduled_since";

pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<Job> {
    Ok(Job {
        id: row.get("id")?,
        destination: row.get("destination")?,
        user_id: row.get("user_id")?,
        schedule: row.get::<_, Json<Schedule>>("schedule")?.0,
        due_at: row.get::<_, Option<i64>>("due_at")?.map(time),
        attempt: to_u32(row.get("attempt")?),
        pending_backup: row.get("pending_backup")?,
        lease_owner: row.get("lease_owner")?,
        lease_until: row.get::<_, Option<i64>>("lease_until")?.map(time),
        last_error: row.get("last_error")?,
        last_success_at: row.get::<_, Option<i64>>("last_success_at")?.map(time),
        updated_at: time(row.get("updated_at")?),
        scheduled_since: row.get::<_, Option<i64>>("scheduled_since")?.map(time),
    })
}

/// The jobs a claim at `now` (a parameter's name) may take: due, their lease free or ended.
fn claimable(now: &str) -> String {
    format!("due_at <= {now} AND (lease_until IS NULL OR lease_until < {now})")
}

#[derive(Clone)]
pub struct SqliteJobs {
    db: Arc<Db>,
}

impl SqliteJobs {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }

    /// Runs `sql` (over `params`), answering how many jobs it changed.
    async fn execute<P>(&self, sql: &'static str, params: P) -> StoreResult<usize>
    where
        P: rusqlite::Params + Send + 'static,
    {
        self.db
            .write(move |conn| Ok(conn.prepare_cached(sql)?.execute(params)?))
            .await
    }
}

#[async_trait]
impl JobStore for SqliteJobs {
    async fn set_schedule(
        &self,
        user: UserId,
        destination: &DestinationId,
        schedule: Schedule,
        due_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let id = Job::id_of(destination, user);
        let destination = destination.clone();
        // See `Job::scheduled_since`: kept while runs stay planned, set when they start.
        let since = due_at
            .filter(|_| schedule.frequency() != Frequency::Off)
            .map(|_| millis(at));
        let schedule = json(&schedule)?;
        self.db
            .write(move |conn| {
                // A pending, planned retry keeps its due time: only the schedule changes.
                let kept_retry = conn
                    .prepare_cached(
                        "UPDATE jobs SET schedule = ?2, updated_at = ?3, \
                         scheduled_since = CASE WHEN ?4 IS NULL THEN NULL \
                         ELSE COALESCE(scheduled_since, ?4) END \
                         WHERE id = ?1 AND pending_backup IS NOT NULL AND due_at IS NOT NULL",
                    )?
                    .execute(params![id, schedule, millis(at), since])?;
                if kept_retry > 0 {
                    return Ok(());
                }
                conn.prepare_cached(
                    "INSERT INTO jobs (id, user_id, destination, schedule, due_at, updated_at, \
                     attempt, scheduled_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7) \
                     ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, \
                     destination = excluded.destination, schedule = excluded.schedule, \
                     due_at = excluded.due_at, updated_at = excluded.updated_at, \
                     scheduled_since = CASE WHEN excluded.scheduled_since IS NULL THEN NULL \
                     WHEN jobs.due_at IS NULL THEN excluded.scheduled_since \
                     ELSE COALESCE(jobs.scheduled_since, excluded.scheduled_since) END",
                )?
                .execute(params![
                    id,
                    user,
                    destination,
                    schedule,
                    due_at.map(millis),
                    millis(at),
                    since
                ])?;
                Ok(())
            })
            .await
    }

    async fn schedule_retry(
        &self,
        user: UserId,
        destination: &DestinationId,
        backup: &Id,
        due_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let off = json(&Schedule::OFF)?;
        let params = (
            Job::id_of(destination, user),
            user,
            destination.clone(),
            off,
            backup.clone(),
            millis(due_at),
            millis(at),
        );
        self.execute(
            "INSERT INTO jobs (id, user_id, destination, schedule, pending_backup, due_at, \
             attempt, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7) \
             ON CONFLICT (id) DO UPDATE SET destination = excluded.destination, \
             pending_backup = excluded.pending_backup, due_at = excluded.due_at, attempt = 1, \
             updated_at = excluded.updated_at",
            params,
        )
        .await?;
        Ok(())
    }

    async fn claim_due(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
    ) -> StoreResult<Option<Job>> {
        let until = lease_end(now, lease)?;
        let (owner, now, until) = (owner.to_owned(), millis(now), millis(until));
        // One statement: the job is chosen and leased under the same write lock.
        let sql = format!(
            "UPDATE jobs SET lease_owner = ?1, lease_until = ?3, updated_at = ?2 \
             WHERE id = (SELECT id FROM jobs WHERE {} ORDER BY due_at, id LIMIT 1) \
             RETURNING {JOB}",
            claimable("?2")
        );
        self.db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached(&sql)?
                    .query_row(params![owner, now, until], read)
                    .optional()?)
            })
            .await
    }

    async fn finish(&self, job_id: &str, owner: &str, result: &JobResult) -> StoreResult<bool> {
        let params = (
            job_id.to_owned(),
            owner.to_owned(),
            result.next_due.map(millis),
            i64::from(result.attempt),
            result.pending_backup.clone(),
            result.last_error.clone(),
            millis(result.at),
            result.succeeded_at.map(millis),
        );
        let finished = self
            .execute(
                "UPDATE jobs SET due_at = ?3, attempt = ?4, pending_backup = ?5, \
                 last_error = ?6, updated_at = ?7, \
                 last_success_at = COALESCE(?8, last_success_at), \
                 lease_owner = NULL, lease_until = NULL \
                 WHERE id = ?1 AND lease_owner = ?2",
                params,
            )
            .await?;
        Ok(finished > 0)
    }

    async fn renew(&self, job_id: &str, owner: &str, until: DateTime<Utc>) -> StoreResult<bool> {
        let params = (job_id.to_owned(), owner.to_owned(), millis(until));
        let renewed = self
            .execute(
                "UPDATE jobs SET lease_until = ?3 WHERE id = ?1 AND lease_owner = ?2",
                params,
            )
            .await?;
        Ok(renewed > 0)
    }

    async fn release_all(&self, owner: &str) -> StoreResult<u64> {
        let released = self
            .execute(
                "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?1",
                (owner.to_owned(),),
            )
            .await?;
        Ok(u64::try_from(released).unwrap_or(u64::MAX))
    }

    async fn get(&self, user: UserId, destination: &DestinationId) -> StoreResult<Option<Job>> {
        let id = Job::id_of(destination, user);
        self.db
            .read(move |conn| {
                let sql = format!("SELECT {JOB} FROM jobs WHERE id = ?1 AND user_id = ?2");
                Ok(conn
                    .prepare_cached(&sql)?
                    .query_row(params![id, user], read)
                    .optional()?)
            })
            .await
    }

    async fn delete(&self, user: UserId, destination: &DestinationId) -> StoreResult<()> {
        let params = (Job::id_of(destination, user), user);
        self.execute("DELETE FROM jobs WHERE id = ?1 AND user_id = ?2", params)
            .await?;
        Ok(())
    }

    async fn overview(&self, now: DateTime<Utc>) -> StoreResult<JobOverview> {
        let waiting_sql = format!(
            "SELECT COUNT(*), MIN(due_at) FROM jobs WHERE {}",
            claimable("?1")
        );
        self.db
            .read(move |conn| {
                let mut by_frequency = conn.prepare_cached(
                    "SELECT json_extract(schedule, '$.frequency') AS frequency, COUNT(*), \
                     MAX(last_success_at) FROM jobs \
                     WHERE due_at IS NOT NULL \
                     AND json_extract(schedule, '$.frequency') != 'off' GROUP BY frequency",
                )?;
                let scheduled = by_frequency
                    .query_map([], |row| {
                        Ok(ScheduledJobs {
                            frequency: row.get::<_, Named<Frequency>>(0)?.0,
                            jobs: to_u64(row.get(1)?),
                            last_success: row.get::<_, Option<i64>>(2)?.map(time),
                        })
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let (waiting, oldest_due) = conn
                    .prepare_cached(&waiting_sql)?
                    .query_row([millis(now)], |row| {
                        Ok((to_u64(row.get(0)?), row.get::<_, Option<i64>>(1)?.map(time)))
                    })?;
                Ok(JobOverview::new(scheduled, waiting, oldest_due))
            })
            .await
    }

    async fn scheduled(&self) -> StoreResult<Vec<Job>> {
        let off = json(&Schedule::OFF)?;
        self.db
            .read(move |conn| {
                // A schedule is stored as its JSON; off is one value of it, whatever the hour.
                let sql = format!(
                    "SELECT {JOB} FROM jobs \
                     WHERE json_extract(schedule, '$.frequency') != json_extract(?1, '$.frequency') \
                     ORDER BY id"
                );
                let jobs = conn
                    .prepare_cached(&sql)?
                    .query_map([off], read)?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(jobs)
            })
            .await
    }
}
