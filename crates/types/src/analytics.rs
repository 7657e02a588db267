//! What the Analytics page, the dashboard and `neuroflow analytics` ask and answer: a time range
//! resolved to whole hours, figures for it and for the period before, figures over time, breakdowns,
//! error groups and the runs behind any of them.
//!
//! Durations are milliseconds; percentiles come from the rollups' latency histograms and are within
//! `percentileError` (a fraction, 1/32) of the exact nearest-rank value; money is micro-dollars.
//! Workflow figures count production runs (an editor's test runs are left out); AI spend counts every
//! agent call, wherever it was made.

use crate::{
    AgentId, ExecutionStatus, PageRequest, TeamId, Timestamp, TriggerKind, WorkflowExecution, WorkflowId,
    parse_timestamp,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which stretch of time to look at. Ranges end with the current hour and are whole hours; the
/// previous period is the same length just before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TimeRange {
    Last24Hours,
    Last7Days,
    Last30Days,
    Last90Days,
    /// From one time to another, widened to whole hours.
    Custom {
        from: Timestamp,
        to: Timestamp,
    },
}

impl TimeRange {
    /// The preset's length in hours (`None` for a custom range).
    pub fn hours(self) -> Option<i64> {
        match self {
            Self::Last24Hours => Some(24),
            Self::Last7Days => Some(7 * 24),
            Self::Last30Days => Some(30 * 24),
            Self::Last90Days => Some(90 * 24),
            Self::Custom { .. } => None,
        }
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Last24Hours => f.write_str("24h"),
            Self::Last7Days => f.write_str("7d"),
            Self::Last30Days => f.write_str("30d"),
            Self::Last90Days => f.write_str("90d"),
            Self::Custom { from, to } => write!(f, "{}..{}", from.to_rfc3339(), to.to_rfc3339()),
        }
    }
}

/// `24h`, `7d`, `30d`, `90d`, or `FROM..TO` with dates (`2026-11-01`, UTC midnight) or RFC 3339 times.
impl FromStr for TimeRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "24h" | "1d" => return Ok(Self::Last24Hours),
            "7d" => return Ok(Self::Last7Days),
            "30d" => return Ok(Self::Last30Days),
            "90d" => return Ok(Self::Last90Days),
            _ => {}
        }
        let Some((from, to)) = s.split_once("..") else {
            return Err(format!("'{s}' is not a range: use 24h, 7d, 30d, 90d or FROM..TO (dates like 2026-11-01)"));
        };
        let (from, to) = (parse_instant(from)?, parse_instant(to)?);
        if from >= to {
            return Err(format!("the range '{s}' ends before it starts"));
        }
        Ok(Self::Custom { from, to })
    }
}

/// A date (UTC midnight) or an RFC 3339 time.
pub fn parse_instant(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)));
    }
    parse_timestamp(text).map_err(|_| format!("'{text}' is not a date (2026-11-01) or a time (2026-11-01T08:00:00Z)"))
}

/// How points over time are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Granularity {
    Hour,
    /// UTC days.
    Day,
}

/// A range resolved: `[from, to)` in whole hours, the previous period `[previousFrom, from)`, and
/// the bucket of its points over time (hours up to 7 days, UTC days beyond).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsWindow {
    pub from: Timestamp,
    pub to: Timestamp,
    pub previous_from: Timestamp,
    pub granularity: Granularity,
}

impl AnalyticsWindow {
    /// Resolves a range at `now`: presets end at the end of the current hour.
    pub fn resolve(range: TimeRange, now: Timestamp) -> Self {
        let hour = Duration::hours(1);
        let floor = |t: Timestamp| Utc.timestamp_opt(t.timestamp().div_euclid(3600) * 3600, 0).single().unwrap_or(t);
        let ceil = |t: Timestamp| {
            let f = floor(t);
            if f == t { f } else { f + hour }
        };
        let (from, to) = match (range, range.hours()) {
            (TimeRange::Custom { from, to }, _) => (floor(from), ceil(to).max(floor(from) + hour)),
            (_, Some(hours)) => {
                let to = floor(now) + hour;
                (to - Duration::hours(hours), to)
            }
            (_, None) => (floor(now), floor(now) + hour),
        };
        let length = to - from;
        let granularity = if length > Duration::days(7) { Granularity::Day } else { Granularity::Hour };
        Self { from, to, previous_from: from - length, granularity }
    }
}

/// What analytics look at: a range, and optionally one workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsQuery {
    pub range: TimeRange,
    #[serde(default)]
    pub workflow_id: Option<WorkflowId>,
}

/// The figures of a period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunFigures {
    /// Production runs of workflows (top-level: a sub-workflow's run is part of its parent's).
    pub runs: i64,
    pub completed: i64,
    pub failed: i64,
    pub cancelled: i64,
    /// completed / runs; `None` without runs.
    pub success_rate: Option<f64>,
    pub p50_ms: Option<i64>,
    pub p95_ms: Option<i64>,
    pub p99_ms: Option<i64>,
    pub avg_ms: Option<i64>,
    /// AI calls made in the period (by workflows, teams and people), their tokens and cost.
    pub agent_calls: i64,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub tokens: i64,
    pub cost_micros: i64,
}

/// Figures for a range and the period before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsSummary {
    pub window: AnalyticsWindow,
    pub current: RunFigures,
    pub previous: RunFigures,
    /// The largest relative error of a percentile (0.03125).
    pub percentile_error: f64,
}

/// One bucket of figures over time.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    pub at: Timestamp,
    pub runs: i64,
    pub completed: i64,
    pub failed: i64,
    pub cancelled: i64,
    pub p50_ms: Option<i64>,
    pub p95_ms: Option<i64>,
    pub tokens: i64,
    pub cost_micros: i64,
}

/// Figures over time: every bucket of the window, empty ones included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsSeries {
    pub window: AnalyticsWindow,
    pub points: Vec<SeriesPoint>,
}

/// What a breakdown groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BreakdownBy {
    Workflow,
    Agent,
    Team,
    Provider,
    Model,
    Action,
    Trigger,
}

impl BreakdownBy {
    pub const ALL: [BreakdownBy; 7] =
        [Self::Workflow, Self::Agent, Self::Team, Self::Provider, Self::Model, Self::Action, Self::Trigger];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Workflow => "workflow",
            Self::Agent => "agent",
            Self::Team => "team",
            Self::Provider => "provider",
            Self::Model => "model",
            Self::Action => "action",
            Self::Trigger => "trigger",
        }
    }
}

impl FromStr for BreakdownBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|b| b.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            let known: Vec<&str> = Self::ALL.iter().map(|b| b.as_str()).collect();
            format!("'{s}' is not something to break down by (use {})", known.join(", "))
        })
    }
}

/// One row of a breakdown: runs (or calls), how they ended, how long they took, what they spent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BreakdownRow {
    /// The id (workflow, agent, team), name (provider, action, trigger) or `provider/model`.
    pub key: String,
    pub label: String,
    pub runs: i64,
    pub completed: i64,
    pub failed: i64,
    pub cancelled: i64,
    pub failure_rate: Option<f64>,
    pub p50_ms: Option<i64>,
    pub p95_ms: Option<i64>,
    pub tokens: i64,
    pub cost_micros: i64,
    /// cost / completed, rounded half up; `None` without a completed run.
    pub cost_per_success_micros: Option<i64>,
}

/// A breakdown, most expensive first (then most runs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsBreakdown {
    pub window: AnalyticsWindow,
    pub by: BreakdownBy,
    pub rows: Vec<BreakdownRow>,
}

/// Failures of one workflow's node with one message (its variable parts replaced).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ErrorGroup {
    pub id: String,
    pub workflow_id: WorkflowId,
    pub workflow_name: String,
    /// `None` when the run failed outside any node (interrupted, a budget reached).
    pub node_id: Option<String>,
    pub node_name: Option<String>,
    /// The message with ids, numbers and times replaced by `{id}`, `{n}`, `{time}`.
    pub message: String,
    /// The latest failure's own message, and its run.
    pub sample: String,
    pub sample_execution_id: String,
    /// Failures in the window.
    pub failures: i64,
    /// Failures ever, and when the group was first and last seen.
    pub total_failures: i64,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
}

/// The error groups of a window, most failures first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsErrors {
    pub window: AnalyticsWindow,
    /// Failed runs in the window (all groups).
    pub failures: i64,
    pub groups: Vec<ErrorGroup>,
}

/// The runs behind a figure: a window and what the figure counted. Workflow runs only (an agent
/// call from the playground has no run to open); an editor's test runs are left out, as in every
/// figure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DrillDown {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    #[serde(default)]
    pub workflow_id: Option<WorkflowId>,
    #[serde(default)]
    pub status: Option<ExecutionStatus>,
    #[serde(default)]
    pub trigger: Option<TriggerKind>,
    #[serde(default)]
    pub error_group: Option<String>,
    /// Runs in which this agent (provider, model) was called, or this team ran.
    #[serde(default)]
    pub agent_id: Option<AgentId>,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub team_id: Option<TeamId>,
    /// Runs with a step that ran this integration action.
    #[serde(default)]
    pub action: Option<String>,
    /// Only top-level runs (as the summary counts them); otherwise sub-workflows' runs too.
    #[serde(default)]
    pub top_level: bool,
    #[serde(default)]
    pub page: PageRequest,
}

/// What the dashboard asks: where "today" starts for the person looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DashboardQuery {
    /// Minutes east of UTC (the UI passes `-new Date().getTimezoneOffset()`); "today" starts at local
    /// midnight, rounded down to the hour.
    #[serde(default)]
    pub utc_offset_minutes: i32,
}

/// The dashboard: today's runs, failures and spend, what runs now, the latest failures and the
/// workflows that cost most this week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub workflows: i64,
    pub active_workflows: i64,
    /// Where "today" started (local midnight, to the hour).
    pub since: Timestamp,
    pub today: RunFigures,
    /// Runs under way now.
    pub running: i64,
    /// The latest failed runs, newest first.
    pub recent_failures: Vec<WorkflowExecution>,
    /// Where the top costs' week started.
    pub top_costs_since: Timestamp,
    /// The workflows that spent most in the last 7 days.
    pub top_costs: Vec<BreakdownRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_from_the_cli_forms() {
        assert_eq!("7d".parse::<TimeRange>(), Ok(TimeRange::Last7Days));
        assert_eq!("24H".parse::<TimeRange>(), Ok(TimeRange::Last24Hours));
        let custom: TimeRange = "2026-11-01..2026-11-03T12:00:00Z".parse().unwrap();
        assert_eq!(
            custom,
            TimeRange::Custom {
                from: parse_timestamp("2026-11-01T00:00:00Z").unwrap(),
                to: parse_timestamp("2026-11-03T12:00:00Z").unwrap()
            }
        );
        assert!("2026-11-03..2026-11-01".parse::<TimeRange>().unwrap_err().contains("ends before"));
        assert!("week".parse::<TimeRange>().unwrap_err().contains("24h, 7d"));
    }

    #[test]
    fn windows_are_whole_hours_ending_with_the_current_one() {
        let now = parse_timestamp("2026-11-22T08:15:30.123Z").unwrap();
        let w = AnalyticsWindow::resolve(TimeRange::Last24Hours, now);
        assert_eq!(w.to, parse_timestamp("2026-11-22T09:00:00Z").unwrap());
        assert_eq!(w.from, parse_timestamp("2026-11-21T09:00:00Z").unwrap());
        assert_eq!(w.previous_from, parse_timestamp("2026-11-20T09:00:00Z").unwrap());
        assert_eq!(w.granularity, Granularity::Hour);
        assert_eq!(AnalyticsWindow::resolve(TimeRange::Last30Days, now).granularity, Granularity::Day);
        let custom = TimeRange::Custom {
            from: parse_timestamp("2026-11-01T10:30:00Z").unwrap(),
            to: parse_timestamp("2026-11-01T10:45:00Z").unwrap(),
        };
        let w = AnalyticsWindow::resolve(custom, now);
        assert_eq!(
            (w.from.to_rfc3339(), w.to.to_rfc3339()),
            ("2026-11-01T10:00:00+00:00".to_string(), "2026-11-01T11:00:00+00:00".to_string())
        );
    }

    #[test]
    fn breakdowns_parse_and_name_the_choices() {
        assert_eq!("Model".parse::<BreakdownBy>(), Ok(BreakdownBy::Model));
        assert!("color".parse::<BreakdownBy>().unwrap_err().contains("workflow, agent, team"));
    }
}
