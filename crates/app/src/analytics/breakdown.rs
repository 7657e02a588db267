//! Breakdowns: the figures of a window grouped by workflow, trigger, agent, provider, model, team or
//! integration action, most expensive first. Workflow rows count every production run of the
//! workflow (as a sub-workflow too) with what it spent; agent, provider and model rows count agent
//! calls wherever they were made; a workflow asked for narrows the workflow and trigger breakdowns
//! (the others are not kept per workflow).

use super::figures::{hours, row};
use crate::error::AppResult;
use crate::hub::Hub;
use neuroflow_store::table::analytics::{self, Bucket, Conditions, Kind};
use neuroflow_types::{AnalyticsBreakdown, AnalyticsQuery, AnalyticsWindow, BreakdownBy, OrgId, now};

impl Hub {
    /// The window's figures grouped by `by`.
    pub async fn analytics_breakdown(
        &self,
        org: OrgId,
        query: AnalyticsQuery,
        by: BreakdownBy,
    ) -> AppResult<AnalyticsBreakdown> {
        let window = AnalyticsWindow::resolve(query.range, now());
        let open = self.org(org).await?;
        let oid = org.to_string();
        let range = hours(&window.from, &window.to);
        let production = Conditions::new().and("test_run = 0", []);
        let production = match query.workflow_id {
            Some(w) => production.and("workflow_id = ?", [w.to_string().into()]),
            None => production,
        };
        let (kind, key, conditions, labels) = match by {
            BreakdownBy::Workflow => (Kind::Runs, "workflow_id", production, Some("workflow")),
            BreakdownBy::Trigger => (Kind::Runs, "trigger_kind", production.and("nested = 0", []), None),
            BreakdownBy::Agent => (Kind::Calls, "agent_id", Conditions::new(), Some("agent")),
            BreakdownBy::Provider => (Kind::Calls, "provider", Conditions::new(), None),
            BreakdownBy::Model => (Kind::Calls, "provider || '/' || model", Conditions::new(), None),
            BreakdownBy::Team => (Kind::Teams, "team_id", Conditions::new(), Some("team")),
            BreakdownBy::Action => (Kind::Actions, "action", Conditions::new(), None),
        };
        let (cells, names) = open
            .store
            .read_async(move |c| {
                let cells = analytics::sums(c, &oid, kind, range, key, Bucket::Whole, &conditions)?;
                let names = match labels {
                    Some(kind) => analytics::labels(c, &oid, kind)?,
                    None => Default::default(),
                };
                Ok((cells, names))
            })
            .await?;
        let mut rows: Vec<_> = cells
            .into_iter()
            .map(|cell| {
                let label = match by {
                    BreakdownBy::Model => match cell.key.split_once('/') {
                        Some((provider, model)) => format!("{model} ({provider})"),
                        None => cell.key.clone(),
                    },
                    BreakdownBy::Trigger => cell.key.to_lowercase().replace('_', "-"),
                    _ => names.get(&cell.key).cloned().unwrap_or_else(|| cell.key.clone()),
                };
                row(cell.key, label, &cell.sums)
            })
            .collect();
        rows.sort_by(|a, b| {
            b.cost_micros.cmp(&a.cost_micros).then(b.runs.cmp(&a.runs)).then_with(|| a.label.cmp(&b.label))
        });
        Ok(AnalyticsBreakdown { window, by, rows })
    }
}
