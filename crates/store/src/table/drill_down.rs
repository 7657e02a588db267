//! The runs behind an analytics figure: workflow_executions filtered by what the figure counted —
//! a window, a workflow, a status, an error group, or the agent, model, team or integration action a
//! run used (through its agent calls, team runs and steps, each found along its own index). Newest first, paged. Only production
//! runs, as every figure counts them; runs removed by retention are no longer here, though the
//! figures still count them.

use crate::error::Result;
use crate::sql::{self, Filter};
use crate::table::executions;
use neuroflow_types::{DrillDown, OrgId, Page, WorkflowExecution};
use rusqlite::Connection;

/// Lists the runs a drill-down names.
pub fn runs(conn: &Connection, org: OrgId, d: &DrillDown) -> Result<Page<WorkflowExecution>> {
    let mut f = Filter::for_org("e.organization_id", org);
    f.raw("e.test_run = 0", []);
    if d.top_level {
        f.raw("e.parent_execution_id IS NULL", []);
    }
    if let Some(from) = &d.from {
        f.raw("e.started_at >= ?", [sql::ts(from).into()]);
    }
    if let Some(to) = &d.to {
        f.raw("e.started_at < ?", [sql::ts(to).into()]);
    }
    f.eq_opt("e.workflow_id", d.workflow_id.map(|w| w.to_string()));
    f.eq_opt("e.status", d.status.map(|s| s.as_str().to_string()));
    f.eq_opt("e.trigger_kind", d.trigger.map(|t| t.as_str().to_string()));
    f.eq_opt("e.error_group", d.error_group.clone());
    // Runs that made such calls: the calls' own indexes find them (a call starts after its run).
    let since = d.from.as_ref().map(sql::ts).unwrap_or_default();
    if d.agent_id.is_some() || d.provider.is_some() || d.model.is_some() {
        let mut calls = String::from(
            "e.id IN (SELECT a.workflow_execution_id FROM agent_executions a WHERE a.started_at >= ?
               AND a.workflow_execution_id IS NOT NULL",
        );
        let mut params: Vec<rusqlite::types::Value> = vec![since.clone().into()];
        for (column, value) in [
            ("a.agent_id", d.agent_id.map(|a| a.to_string())),
            ("a.provider", d.provider.clone()),
            ("a.model", d.model.clone()),
        ] {
            if let Some(value) = value {
                calls.push_str(&format!(" AND {column} = ?"));
                params.push(value.into());
            }
        }
        calls.push(')');
        f.raw(&calls, params);
    }
    if let Some(team) = d.team_id {
        f.raw(
            "e.id IN (SELECT t.workflow_execution_id FROM team_executions t WHERE t.team_id = ? AND t.started_at >= ?)",
            [team.to_string().into(), since.clone().into()],
        );
    }
    if let Some(action) = &d.action {
        f.raw(
            "e.id IN (SELECT s.execution_id FROM execution_steps s WHERE s.action = ? AND s.started_at >= ?
               AND s.attempts > 0)",
            [action.clone().into(), since.into()],
        );
    }
    f.page(
        conn,
        "e.*, w.name AS workflow_name",
        "workflow_executions e JOIN automation_workflows w ON w.id = e.workflow_id",
        "e.started_at DESC, e.id DESC",
        &d.page,
        executions::decode,
    )
}
