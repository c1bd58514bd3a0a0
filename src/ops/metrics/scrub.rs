//! The scrub's progress as gauges: how far its round got, and how many backups are damaged
//! (the number an alert on damaged backups watches).

use super::Metrics;
use crate::{domain::backup::Integrity, service::scrub::ScrubGauges};

impl ScrubGauges for Metrics {
    fn scrubbed(&self, integrity: &Integrity) {
        let gauge = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
        let gauges = [
            ("codevault_scrub_checked_backups", integrity.checked()),
            ("codevault_scrub_due_backups", integrity.due),
            ("codevault_damaged_backups", integrity.damaged),
        ];
        for (name, value) in gauges {
            self.set(name, Vec::new(), gauge(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rounds_progress_and_the_damaged_show_as_gauges() {
        let metrics = Metrics::new();
        metrics.scrubbed(&Integrity {
            stored: 10,
            damaged: 2,
            due: 3,
        });
        let text = metrics.render();
        for line in [
            "# TYPE codevault_scrub_checked_backups gauge",
            "codevault_scrub_checked_backups 5",
            "codevault_scrub_due_backups 3",
            "codevault_damaged_backups 2",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
        }
    }
}
