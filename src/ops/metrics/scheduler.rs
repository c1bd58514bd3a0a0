//! The scheduler's metrics: how late the jobs this instance claims start (told by the
//! scheduler through its [`SchedulerMeter`] port), and what the store says of every user's jobs
//! (read on a timer apart from the scheduler, so a scheduler that is stuck shows as jobs
//! waiting longer and longer, and the figures are right after a restart and the same on every
//! instance).

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use super::Metrics;
use crate::{
    domain::{JobOverview, schedule::Frequency},
    service::{Clock, scheduler::SchedulerMeter},
    storage::JobStore,
};

impl SchedulerMeter for Metrics {
    fn claimed(&self, lag: Duration) {
        let seconds = lag.as_secs_f64();
        self.observe_value("codevault_scheduler_lag_seconds", Vec::new(), seconds);
    }
}

impl Metrics {
    /// Shows `overview`, read at `now`: every frequency's count (0 when none is scheduled, so
    /// a rule sees "none" rather than nothing), and its newest success once there is one.
    pub fn observe_jobs(&self, overview: &JobOverview, now: DateTime<Utc>) {
        for frequency in [Frequency::Daily, Frequency::Weekly, Frequency::Monthly] {
            let of = overview
                .scheduled
                .iter()
                .find(|of| of.frequency == frequency);
            let label = || vec![("frequency", frequency.as_str().to_owned())];
            let jobs = of.map_or(0, |of| of.jobs);
            self.set("codevault_scheduled_jobs", label(), gauge(jobs));
            if let Some(at) = of.and_then(|of| of.last_success) {
                let name = "codevault_scheduled_backup_last_success_timestamp_seconds";
                self.set(name, label(), at.timestamp());
            }
        }
        let waiting = gauge(overview.waiting);
        self.set("codevault_scheduler_waiting_jobs", Vec::new(), waiting);
        let oldest = overview
            .oldest_due
            .map_or(0, |due| (now - due).num_seconds().max(0));
        self.set(
            "codevault_scheduler_oldest_waiting_seconds",
            Vec::new(),
            oldest,
        );
    }
}

fn gauge(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Reads the jobs' overview into `metrics` now and then every `every`, until `stop` turns
/// true; a failed read is logged and the gauges keep their last values.
pub async fn watch_jobs(
    jobs: Arc<dyn JobStore>,
    clock: Arc<dyn Clock>,
    metrics: Arc<Metrics>,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let now = clock.now();
        match jobs.overview(now).await {
            Ok(overview) => metrics.observe_jobs(&overview, now),
            Err(error) => tracing::warn!(%error, "cannot read the jobs' overview for /metrics"),
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|stop| *stop) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::ScheduledJobs;

    fn series(metrics: &Metrics) -> Vec<String> {
        let prefixes = ["codevault_scheduled_", "codevault_scheduler_"];
        (metrics.render().lines())
            .filter(|line| prefixes.iter().any(|p| line.starts_with(p)))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_overview_shows_every_frequency_and_how_long_the_oldest_due_job_waits() {
        let now = Utc.with_ymd_and_hms(2026, 3, 4, 2, 0, 0).unwrap();
        let success = Utc.with_ymd_and_hms(2026, 3, 3, 3, 0, 0).unwrap();
        let metrics = Metrics::new();
        let overview = JobOverview {
            scheduled: vec![
                ScheduledJobs {
                    frequency: Frequency::Daily,
                    jobs: 3,
                    last_success: Some(success),
                },
                ScheduledJobs {
                    frequency: Frequency::Monthly,
                    jobs: 1,
                    last_success: None,
                },
            ],
            waiting: 2,
            oldest_due: Some(now - chrono::TimeDelta::seconds(95)),
        };
        metrics.observe_jobs(&overview, now);
        let success = success.timestamp();
        assert_eq!(
            series(&metrics),
            [
                "codevault_scheduled_jobs{frequency=\"daily\"} 3".to_owned(),
                "codevault_scheduled_jobs{frequency=\"monthly\"} 1".to_owned(),
                "codevault_scheduled_jobs{frequency=\"weekly\"} 0".to_owned(),
                format!(
                    "codevault_scheduled_backup_last_success_timestamp_seconds\
                     {{frequency=\"daily\"}} {success}"
                ),
                "codevault_scheduler_waiting_jobs 2".to_owned(),
                "codevault_scheduler_oldest_waiting_seconds 95".to_owned(),
            ]
        );

        // Nothing waits any more: the age drops to 0, the counts follow the store.
        metrics.observe_jobs(&JobOverview::default(), now);
        let shown = series(&metrics);
        for line in [
            "codevault_scheduled_jobs{frequency=\"daily\"} 0",
            "codevault_scheduler_waiting_jobs 0",
            "codevault_scheduler_oldest_waiting_seconds 0",
        ] {
            assert!(shown.iter().any(|l| l == line), "{line} in {shown:?}");
        }
    }

    #[test]
    fn each_claim_counts_its_lag_in_the_histogram() {
        let metrics = Metrics::new();
        metrics.claimed(Duration::from_millis(300));
        metrics.claimed(Duration::from_secs(4000));
        let text = metrics.render();
        for line in [
            "# TYPE codevault_scheduler_lag_seconds histogram",
            "codevault_scheduler_lag_seconds_bucket{le=\"1\"} 1",
            "codevault_scheduler_lag_seconds_bucket{le=\"3600\"} 1",
            "codevault_scheduler_lag_seconds_bucket{le=\"7200\"} 2",
            "codevault_scheduler_lag_seconds_bucket{le=\"+Inf\"} 2",
            "codevault_scheduler_lag_seconds_sum 4000.3",
            "codevault_scheduler_lag_seconds_count 2",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
        }
    }
}
