//! The runs behind an analytics figure: workflow_executions filtered by what the figure counted —
//! a window, a workflow, a status, an error group, or the agent, model, team or integration action a
//! run used (through its agent calls, team runs and steps). Newest first, paged. Only production
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
    if d.agent_id.is_some() || d.provider.is_some() || d.model.is_some() {
        let mut call = String::from("EXISTS (SELECT 1 FROM agent_executions a WHERE a.workflow_execution_id = e.id");
        let mut params = Vec::new();
        for (column, value) in [
            ("a.agent_id", d.agent_id.map(|a| a.to_string())),
            ("a.provider", d.provider.clone()),
            ("a.model", d.model.clone()),
        ] {
            if let Some(value) = value {
                call.push_str(&format!(" AND {column} = ?"));
                params.push(value.into());
            }
        }
        call.push(')');
        f.raw(&call, params);
    }
    if let Some(team) = d.team_id {
        f.raw(
            "EXISTS (SELECT 1 FROM team_executions t WHERE t.workflow_execution_id = e.id AND t.team_id = ?)",
            [team.to_string().into()],
        );
    }
    if let Some(action) = &d.action {
        f.raw(
            "EXISTS (SELECT 1 FROM execution_steps s WHERE s.execution_id = e.id AND s.action = ? AND s.attempts > 0)",
            [action.clone().into()],
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
