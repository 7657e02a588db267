//! Turning rollup sums into the figures people read: success rate, percentiles, averages, cost per
//! successful run — the one place these are computed, for the page, the dashboard and the CLI alike.

use neuroflow_store::table::analytics::{HourRange, Sums};
use neuroflow_types::{BreakdownRow, RunFigures, Timestamp};

/// The hours since the epoch of a time (rounded down).
pub(crate) fn hour_of(t: &Timestamp) -> i64 {
    t.timestamp().div_euclid(3600)
}

/// The start of an hour since the epoch.
pub(crate) fn time_of_hour(hour: i64) -> Timestamp {
    chrono::DateTime::from_timestamp(hour * 3600, 0).unwrap_or_default()
}

pub(crate) fn hours(from: &Timestamp, to: &Timestamp) -> HourRange {
    HourRange { from: hour_of(from), to: hour_of(to) }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// `a / b` rounded half up, in integers (micro-dollars stay exact).
pub(crate) fn div_round(a: i64, b: i64) -> Option<i64> {
    (b > 0).then(|| (2 * a + b) / (2 * b))
}

/// The figures of a period from its runs' sums and the sums of the AI calls made in it. Durations
/// of `runs` are milliseconds.
pub(crate) fn figures(runs: &Sums, calls: &Sums) -> RunFigures {
    RunFigures {
        runs: runs.runs,
        completed: runs.completed,
        failed: runs.failed,
        cancelled: runs.cancelled,
        success_rate: ratio(runs.completed, runs.runs),
        p50_ms: runs.latency.quantile(0.50),
        p95_ms: runs.latency.quantile(0.95),
        p99_ms: runs.latency.quantile(0.99),
        avg_ms: div_round(runs.duration, runs.runs),
        agent_calls: calls.runs,
        tokens_in: calls.tokens_in,
        tokens_out: calls.tokens_out,
        tokens: calls.tokens,
        cost_micros: calls.cost,
    }
}

/// A breakdown row from a group's sums.
pub(crate) fn row(key: String, label: String, s: &Sums) -> BreakdownRow {
    BreakdownRow {
        key,
        label,
        runs: s.runs,
        completed: s.completed,
        failed: s.failed,
        cancelled: s.cancelled,
        failure_rate: ratio(s.failed, s.runs),
        p50_ms: s.latency.quantile(0.50),
        p95_ms: s.latency.quantile(0.95),
        tokens: s.tokens,
        cost_micros: s.cost,
        cost_per_success_micros: div_round(s.cost, s.completed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroflow_store::histogram::Histogram;

    #[test]
    fn figures_round_half_up_and_leave_empty_periods_empty() {
        assert_eq!(div_round(5, 2), Some(3));
        assert_eq!(div_round(4, 3), Some(1));
        assert_eq!(div_round(1, 0), None);
        let empty = figures(&Sums::default(), &Sums::default());
        assert_eq!((empty.success_rate, empty.p95_ms, empty.avg_ms), (None, None, None));
        let runs = Sums {
            runs: 4,
            completed: 3,
            failed: 1,
            duration: 100,
            latency: Histogram::of([10, 20, 30, 40]),
            ..Sums::default()
        };
        let f = figures(&runs, &Sums { runs: 2, tokens: 7, cost: 9, ..Sums::default() });
        assert_eq!((f.success_rate, f.p50_ms, f.p95_ms, f.avg_ms), (Some(0.75), Some(20), Some(41), Some(25)));
        assert_eq!((f.agent_calls, f.tokens, f.cost_micros), (2, 7, 9));
    }
}
