//! Analytics: what ran, how it ended, how long it took and what it cost — one use case per question,
//! the same for the Analytics page, the dashboard and `neuroflow analytics`.
//!
//! Every figure comes from the rollups (`neuroflow_store::table::analytics`), never from scanning the
//! runs, so a question costs the same on a thousand runs or a million: a few index ranges over hour
//! and day rows, each answered in one read on the blocking pool. Workflow figures count production
//! runs (an editor's test runs are left out; a sub-workflow's run is part of its parent's unless a
//! workflow is asked for). AI spend counts every agent call, wherever it was made — with a workflow
//! asked for, it is that workflow's runs' own spend. Percentiles are within [`RELATIVE_ERROR`] of
//! the exact value. Only the drill-down reads the runs themselves, a page at a time.

mod breakdown;
mod dashboard;
mod figures;

use figures::{hours, time_of_hour};

use crate::error::AppResult;
use crate::hub::Hub;
use figures::figures;
use neuroflow_store::Connection;
use neuroflow_store::histogram::RELATIVE_ERROR;
use neuroflow_store::table::analytics::{self, Bucket, Conditions, HourRange, Kind, Sums};
use neuroflow_store::table::drill_down;
use neuroflow_types::{
    AnalyticsErrors, AnalyticsQuery, AnalyticsSeries, AnalyticsSummary, AnalyticsWindow, DrillDown, ErrorGroup,
    Granularity, OrgId, Page, RunFigures, SeriesPoint, WorkflowExecution, WorkflowId, now,
};
use std::collections::BTreeMap;

/// The most error groups a window lists.
const MAX_GROUPS: usize = 200;

/// The production runs a summary counts: top-level ones, or every run of one workflow.
fn run_scope(workflow: Option<WorkflowId>) -> Conditions {
    let c = Conditions::new().and("test_run = 0", []);
    match workflow {
        Some(w) => c.and("workflow_id = ?", [w.to_string().into()]),
        None => c.and("nested = 0", []),
    }
}

fn total(cells: Vec<analytics::Cell>) -> Sums {
    cells.iter().fold(Sums::default(), |mut acc, c| {
        acc.add(&c.sums);
        acc
    })
}

/// The figures of a range of hours: runs, and AI spend (of every call, or of one workflow's runs).
pub(crate) fn figures_in(
    conn: &Connection,
    org: &str,
    range: HourRange,
    workflow: Option<WorkflowId>,
) -> neuroflow_store::Result<RunFigures> {
    let runs = total(analytics::sums(conn, org, Kind::Runs, range, "''", Bucket::Whole, &run_scope(workflow))?);
    let spend = match workflow {
        Some(_) => Sums { tokens: runs.tokens, cost: runs.cost, ..Sums::default() },
        None => total(analytics::sums(conn, org, Kind::Calls, range, "''", Bucket::Whole, &Conditions::new())?),
    };
    Ok(figures(&runs, &spend))
}

impl Hub {
    /// Runs, success rate, p50/p95/p99 duration, tokens and dollars for a range and the period before.
    pub async fn analytics_summary(&self, org: OrgId, query: AnalyticsQuery) -> AppResult<AnalyticsSummary> {
        let window = AnalyticsWindow::resolve(query.range, now());
        let open = self.org(org).await?;
        let (oid, workflow) = (org.to_string(), query.workflow_id);
        let (current, previous) = open
            .store
            .read_async(move |c| {
                Ok((
                    figures_in(c, &oid, hours(&window.from, &window.to), workflow)?,
                    figures_in(c, &oid, hours(&window.previous_from, &window.from), workflow)?,
                ))
            })
            .await?;
        Ok(AnalyticsSummary { window, current, previous, percentile_error: RELATIVE_ERROR })
    }

    /// The same figures over time: one point per hour (up to 7 days) or per UTC day, every bucket of
    /// the window present.
    pub async fn analytics_series(&self, org: OrgId, query: AnalyticsQuery) -> AppResult<AnalyticsSeries> {
        let window = AnalyticsWindow::resolve(query.range, now());
        let (bucket, step) = match window.granularity {
            Granularity::Hour => (Bucket::Hour, 1),
            Granularity::Day => (Bucket::Day, 24),
        };
        let open = self.org(org).await?;
        let (oid, workflow) = (org.to_string(), query.workflow_id);
        let range = hours(&window.from, &window.to);
        let (runs, calls) = open
            .store
            .read_async(move |c| {
                let runs = analytics::sums(c, &oid, Kind::Runs, range, "''", bucket, &run_scope(workflow))?;
                let calls = match workflow {
                    Some(_) => vec![],
                    None => analytics::sums(c, &oid, Kind::Calls, range, "''", bucket, &Conditions::new())?,
                };
                Ok((runs, calls))
            })
            .await?;
        let mut points: BTreeMap<i64, SeriesPoint> = BTreeMap::new();
        let first = if step == 24 { range.from.div_euclid(24) * 24 } else { range.from };
        let mut at = first;
        while at < range.to {
            points.insert(at, SeriesPoint { at: time_of_hour(at.max(range.from)), ..SeriesPoint::default() });
            at += step;
        }
        for cell in runs {
            if let Some(p) = points.get_mut(&cell.period) {
                let s = &cell.sums;
                (p.runs, p.completed, p.failed, p.cancelled) = (s.runs, s.completed, s.failed, s.cancelled);
                (p.p50_ms, p.p95_ms) = (s.latency.quantile(0.5), s.latency.quantile(0.95));
                if workflow.is_some() {
                    (p.tokens, p.cost_micros) = (s.tokens, s.cost);
                }
            }
        }
        for cell in calls {
            if let Some(p) = points.get_mut(&cell.period) {
                (p.tokens, p.cost_micros) = (cell.sums.tokens, cell.sums.cost);
            }
        }
        Ok(AnalyticsSeries { window, points: points.into_values().collect() })
    }

    /// Failures grouped by workflow, node and message, most failures in the window first.
    pub async fn analytics_errors(&self, org: OrgId, query: AnalyticsQuery) -> AppResult<AnalyticsErrors> {
        let window = AnalyticsWindow::resolve(query.range, now());
        let open = self.org(org).await?;
        let (oid, workflow) = (org.to_string(), query.workflow_id.map(|w| w.to_string()));
        let range = hours(&window.from, &window.to);
        let ((rows, failures), names) = open
            .store
            .read_async(move |c| {
                Ok((
                    analytics::error_groups(c, &oid, range, workflow.as_deref(), MAX_GROUPS)?,
                    analytics::labels(c, &oid, "workflow")?,
                ))
            })
            .await?;
        let groups = rows
            .into_iter()
            .filter_map(|g| {
                let workflow_id: WorkflowId = g.workflow_id.parse().ok()?;
                Some(ErrorGroup {
                    workflow_name: names.get(&g.workflow_id).cloned().unwrap_or_else(|| g.workflow_id.clone()),
                    id: g.id,
                    workflow_id,
                    node_id: g.node_id,
                    node_name: g.node_name,
                    message: g.signature,
                    sample: g.sample,
                    sample_execution_id: g.sample_execution_id,
                    failures: g.in_range,
                    total_failures: g.total,
                    first_seen: g.first_seen,
                    last_seen: g.last_seen,
                })
            })
            .collect();
        Ok(AnalyticsErrors { window, failures, groups })
    }

    /// The runs behind a figure, newest first (only those retention has kept).
    pub async fn analytics_runs(&self, org: OrgId, drill: DrillDown) -> AppResult<Page<WorkflowExecution>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| drill_down::runs(c, org, &drill)).await?)
    }
}
