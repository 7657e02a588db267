//! What the Analytics page, the dashboard and `neuroflow analytics` ask and answer: a time range
//! resolved to whole hours, figures for it and for the period before, figures over time, breakdowns,
//! error groups and the runs behind any of them.
//!
//! Durations are milliseconds; percentiles come from the rollups' latency histograms and are within
//! `percentileError` (a fraction, 1/32) of the exact nearest-rank value; money is micro-dollars.
//! Workflow figures count production runs (an editor's test runs are left out); AI spend counts every
//! agent call, wherever it was made.

mod range;

pub use range::*;

use crate::{AgentId, ExecutionStatus, PageRequest, TeamId, Timestamp, TriggerKind, WorkflowExecution, WorkflowId};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

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
    fn breakdowns_parse_and_name_the_choices() {
        assert_eq!("Model".parse::<BreakdownBy>(), Ok(BreakdownBy::Model));
        assert!("color".parse::<BreakdownBy>().unwrap_err().contains("workflow, agent, team"));
    }
}
