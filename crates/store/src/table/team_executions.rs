//! team_executions: one row per run of a team, with every member's contribution.

use crate::error::Result;
use crate::sql::{self, Filter};
use crate::table::rollups::{self, TeamFacts};
use neuroflow_types::{ExecutionStatus, OrgId, Page, TeamExecution, TeamExecutionFilter, TeamExecutionId, Timestamp};
use rusqlite::{Connection, Row, params};
use serde_json::Value;

const T: &str = "team_executions";

/// Inserts a team run; `runner` is the process making it (recovery closes it if that process dies).
pub fn insert(conn: &Connection, e: &TeamExecution, runner: Option<&str>) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO team_executions (id, organization_id, team_id, workflow_execution_id, pattern, task, input,
            output, status, started_at, completed_at, duration, agent_results, tokens_used, cost, error, runner_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            e.id.to_string(),
            e.organization_id.to_string(),
            e.team_id.to_string(),
            e.workflow_execution_id.map(|x| x.to_string()),
            e.pattern.as_str(),
            e.task,
            sql::to_json(&e.input)?,
            e.output.as_ref().map(sql::to_json).transpose()?,
            e.status.as_str(),
            sql::ts(&e.started_at),
            sql::ts_opt(&e.completed_at),
            e.duration_ms,
            sql::to_json(&e.agent_results)?,
            e.tokens_used,
            e.cost_micros,
            e.error,
            runner,
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: TeamExecutionId) -> Result<TeamExecution> {
    let found = sql::one(
        conn,
        "SELECT * FROM team_executions WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "team execution", id)
}

/// Lists team runs matching `filter`, newest first.
pub fn list(conn: &Connection, org: OrgId, filter: &TeamExecutionFilter) -> Result<Page<TeamExecution>> {
    let mut f = Filter::for_org("organization_id", org);
    f.eq_opt("team_id", filter.team_id.map(|x| x.to_string()));
    f.eq_opt("workflow_execution_id", filter.workflow_execution_id.map(|x| x.to_string()));
    f.eq_opt("status", filter.status.map(|s| s.as_str().to_string()));
    f.page(conn, "*", "team_executions", "started_at DESC, id DESC", &filter.page, decode)
}

/// Records the contributions so far (written as members finish, so a crash keeps them).
pub fn set_agent_results(conn: &Connection, id: TeamExecutionId, results: &[Value]) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE team_executions SET agent_results = ? WHERE id = ?",
        params![sql::to_json(results)?, id.to_string()],
    )?;
    sql::touched(changed, "team execution", id)
}

/// Closes a team run with its outcome, unless it is already closed, and counts it in the rollups
/// in the same transaction.
#[allow(clippy::too_many_arguments)]
pub fn finish(
    conn: &Connection,
    id: TeamExecutionId,
    status: ExecutionStatus,
    output: Option<&Value>,
    error: Option<&str>,
    completed_at: &Timestamp,
    duration_ms: i64,
    tokens: i64,
    cost_micros: i64,
) -> Result<()> {
    let closed = sql::one(
        conn,
        "UPDATE team_executions SET status = ?, output = ?, error = ?, completed_at = ?, duration = ?,
            tokens_used = ?, cost = ? WHERE id = ? AND completed_at IS NULL
         RETURNING organization_id, team_id, workflow_execution_id IS NOT NULL AS in_workflow, started_at",
        params![
            status.as_str(),
            output.map(sql::to_json).transpose()?,
            error,
            sql::ts(completed_at),
            duration_ms.max(0),
            tokens,
            cost_micros,
            id.to_string()
        ],
        |row| {
            Ok((
                sql::get::<String>(row, T, "organization_id")?,
                sql::get::<String>(row, T, "team_id")?,
                sql::get::<bool>(row, T, "in_workflow")?,
                sql::get::<String>(row, T, "started_at")?,
            ))
        },
    )?;
    let Some((org, team, in_workflow, started_at)) = closed else {
        let exists = sql::one(conn, "SELECT 1 FROM team_executions WHERE id = ?", [id.to_string()], |_| Ok(()))?;
        return sql::found(exists, "team execution", id);
    };
    rollups::record_team_run(
        conn,
        &TeamFacts {
            org: &org,
            team: &team,
            in_workflow,
            started_at: &started_at,
            status: status.as_str(),
            duration_ms: duration_ms.max(0),
            tokens,
            cost: cost_micros,
        },
    )
}

pub fn delete(conn: &Connection, org: OrgId, id: TeamExecutionId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM team_executions WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "team execution", id)
}

fn decode(row: &Row) -> Result<TeamExecution> {
    Ok(TeamExecution {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        team_id: sql::parsed(row, T, "team_id")?,
        workflow_execution_id: sql::parsed_opt(row, T, "workflow_execution_id")?,
        pattern: sql::parsed(row, T, "pattern")?,
        task: sql::get(row, T, "task")?,
        input: sql::json(row, T, "input")?,
        output: sql::json_opt(row, T, "output")?,
        status: sql::parsed(row, T, "status")?,
        started_at: sql::time(row, T, "started_at")?,
        completed_at: sql::time_opt(row, T, "completed_at")?,
        duration_ms: sql::get(row, T, "duration")?,
        agent_results: sql::json(row, T, "agent_results")?,
        tokens_used: sql::get(row, T, "tokens_used")?,
        cost_micros: sql::get(row, T, "cost")?,
        error: sql::get(row, T, "error")?,
    })
}
