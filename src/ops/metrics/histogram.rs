//! A Prometheus histogram: observations counted into buckets by upper bound, shown as the
//! exposition format wants them (`_bucket{le=…}` cumulative, ending with `+Inf`, then `_sum`
//! and `_count`), so `histogram_quantile` and `rate(…_sum) / rate(…_count)` work on them.

use std::fmt::Write;

use super::{Labels, render_labels};

#[derive(Clone, Debug)]
pub(super) struct Histogram {
    /// Upper bounds, ascending; `+Inf` is implied.
    bounds: &'static [f64],
    /// Observations per bucket (not cumulative); the last is over every bound.
    counts: Vec<u64>,
    sum: f64,
}

impl Histogram {
    pub(super) fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            counts: vec![0; bounds.len() + 1],
            sum: 0.0,
        }
    }

    pub(super) fn observe(&mut self, value: f64) {
        // A value equal to a bound belongs to that bound's bucket (`le`: less or equal).
        let bucket = self.bounds.partition_point(|bound| *bound < value);
        self.counts[bucket] += 1;
        self.sum += value;
    }

    /// Appends the series of `name` with `labels` to `out`.
    pub(super) fn render(&self, name: &str, labels: &Labels, out: &mut String) {
        let mut cumulative = 0;
        let bounds = self.bounds.iter().map(f64::to_string);
        for (count, bound) in self.counts.iter().zip(bounds.chain(["+Inf".to_owned()])) {
            cumulative += count;
            let mut with_bound = labels.clone();
            with_bound.push(("le", bound));
            let labels = render_labels(&with_bound);
            let _ = writeln!(out, "{name}_bucket{labels} {cumulative}");
        }
        let labels = render_labels(labels);
        let _ = writeln!(out, "{name}_sum{labels} {}", self.sum);
        let _ = writeln!(out, "{name}_count{labels} {cumulative}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_bounds_inclusive_and_end_with_inf() {
        let mut histogram = Histogram::new(&[0.5, 1.0, 2.5]);
        for value in [0.25, 0.5, 1.75, 7.0] {
            histogram.observe(value);
        }
        let mut out = String::new();
        histogram.render("t_seconds", &vec![("type", "full".to_owned())], &mut out);
        assert_eq!(
            out,
            "t_seconds_bucket{type=\"full\",le=\"0.5\"} 2\n\
             t_seconds_bucket{type=\"full\",le=\"1\"} 2\n\
             t_seconds_bucket{type=\"full\",le=\"2.5\"} 3\n\
             t_seconds_bucket{type=\"full\",le=\"+Inf\"} 4\n\
             t_seconds_sum{type=\"full\"} 9.5\n\
             t_seconds_count{type=\"full\"} 4\n"
        );
    }

    #[test]
    fn an_unlabelled_histogram_with_large_bounds_shows_them_whole() {
        let mut histogram = Histogram::new(&[1_048_576.0, 1_073_741_824.0]);
        histogram.observe(2_000_000.0);
        let mut out = String::new();
        histogram.render("s_bytes", &Vec::new(), &mut out);
        assert_eq!(
            out,
            "s_bytes_bucket{le=\"1048576\"} 0\n\
             s_bytes_bucket{le=\"1073741824\"} 1\n\
             s_bytes_bucket{le=\"+Inf\"} 1\n\
             s_bytes_sum 2000000\n\
             s_bytes_count 1\n"
        );
    }
}
