//! agent_executions: one row per call of an agent, from the playground, a workflow or a team.

use crate::error::Result;
use crate::sql::{self, Filter};
use crate::table::rollups::{self, CallFacts};
use neuroflow_types::{
    AgentExecution, AgentExecutionFilter, AgentExecutionId, AgentId, ExecutionStatus, OrgId, Page, Timestamp,
};
use rusqlite::{Connection, Row, params};
use serde_json::Value;

const T: &str = "agent_executions";

/// Inserts a call; `runner` is the process making it (recovery closes it if that process dies).
pub fn insert(conn: &Connection, e: &AgentExecution, runner: Option<&str>) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO agent_executions (id, organization_id, agent_id, workflow_execution_id, team_execution_id,
            node_id, task, input, output, status, started_at, completed_at, duration, tokens_in, tokens_out,
            tokens_used, cost, model, provider, error, runner_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            e.id.to_string(),
            e.organization_id.to_string(),
            e.agent_id.to_string(),
            e.workflow_execution_id.map(|x| x.to_string()),
            e.team_execution_id.map(|x| x.to_string()),
            e.node_id,
            e.task,
            sql::to_json(&e.input)?,
            e.output.as_ref().map(sql::to_json).transpose()?,
            e.status.as_str(),
            sql::ts(&e.started_at),
            sql::ts_opt(&e.completed_at),
            e.duration_ms,
            e.tokens_in,
            e.tokens_out,
            e.tokens_used,
            e.cost_micros,
            e.model,
            e.provider,
            e.error,
            runner,
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: AgentExecutionId) -> Result<AgentExecution> {
    let found = sql::one(
        conn,
        "SELECT * FROM agent_executions WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "agent execution", id)
}

/// Lists agent calls matching `filter`, newest first.
pub fn list(conn: &Connection, org: OrgId, filter: &AgentExecutionFilter) -> Result<Page<AgentExecution>> {
    let mut f = Filter::for_org("organization_id", org);
    f.eq_opt("agent_id", filter.agent_id.map(|x| x.to_string()));
    f.eq_opt("workflow_execution_id", filter.workflow_execution_id.map(|x| x.to_string()));
    f.eq_opt("team_execution_id", filter.team_execution_id.map(|x| x.to_string()));
    f.eq_opt("status", filter.status.map(|s| s.as_str().to_string()));
    if let Some(since) = &filter.since {
        f.raw("started_at >= ?", [sql::ts(since).into()]);
    }
    f.page(conn, "*", "agent_executions", "started_at DESC, id DESC", &filter.page, decode)
}

/// The outcome of a call, written when it ends.
#[derive(Debug, Clone, PartialEq)]
pub struct CallOutcome {
    pub status: ExecutionStatus,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub completed_at: Timestamp,
    pub duration_ms: i64,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub cost_micros: i64,
    pub model: String,
}

/// Closes a call with its outcome, unless it is already closed (a second close — the guard of a
/// dropped call after its normal end — changes nothing), and counts it in the rollups in the same
/// transaction.
pub fn finish(conn: &Connection, id: AgentExecutionId, o: &CallOutcome) -> Result<()> {
    let completed_at = sql::ts(&o.completed_at);
    let closed = sql::one(
        conn,
        "UPDATE agent_executions SET status = ?, output = ?, error = ?, completed_at = ?, duration = ?, tokens_in = ?,
            tokens_out = ?, tokens_used = ?, cost = ?, model = ? WHERE id = ? AND completed_at IS NULL
         RETURNING organization_id, agent_id, provider, workflow_execution_id IS NOT NULL AS in_workflow,
            team_execution_id IS NOT NULL AS in_team, started_at",
        params![
            o.status.as_str(),
            o.output.as_ref().map(sql::to_json).transpose()?,
            o.error,
            completed_at,
            o.duration_ms.max(0),
            o.tokens_in,
            o.tokens_out,
            o.tokens_in + o.tokens_out,
            o.cost_micros,
            o.model,
            id.to_string()
        ],
        |row| {
            Ok((
                sql::get::<String>(row, T, "organization_id")?,
                sql::get::<String>(row, T, "agent_id")?,
                sql::get::<String>(row, T, "provider")?,
                sql::get::<bool>(row, T, "in_workflow")?,
                sql::get::<bool>(row, T, "in_team")?,
                sql::get::<String>(row, T, "started_at")?,
            ))
        },
    )?;
    let Some((org, agent, provider, in_workflow, in_team, started_at)) = closed else {
        let exists = sql::one(conn, "SELECT 1 FROM agent_executions WHERE id = ?", [id.to_string()], |_| Ok(()))?;
        return sql::found(exists, "agent execution", id);
    };
    rollups::record_call(
        conn,
        &CallFacts {
            org: &org,
            agent: &agent,
            provider: &provider,
            model: &o.model,
            origin: rollups::call_origin(in_workflow, in_team),
            started_at: &started_at,
            status: o.status.as_str(),
            duration_ms: o.duration_ms.max(0),
            tokens_in: o.tokens_in,
            tokens_out: o.tokens_out,
            cost: o.cost_micros,
        },
    )
}

/// The agent's last `limit` completed conversations of its own (not in a workflow or a team), as
/// (prompt, answer) turns, oldest first: its memory window.
pub fn recent_turns(conn: &Connection, org: OrgId, agent: AgentId, limit: u32) -> Result<Vec<(String, String)>> {
    let mut turns = sql::all(
        conn,
        "SELECT json_extract(input, '$.prompt') AS prompt, json_extract(output, '$.text') AS answer
         FROM agent_executions
         WHERE organization_id = ? AND agent_id = ? AND workflow_execution_id IS NULL AND team_execution_id IS NULL
           AND status = 'COMPLETED' AND json_extract(input, '$.prompt') IS NOT NULL
           AND json_extract(output, '$.text') IS NOT NULL
         ORDER BY started_at DESC, id DESC LIMIT ?",
        params![org.to_string(), agent.to_string(), limit],
        |row| Ok((sql::get::<String>(row, T, "prompt")?, sql::get::<String>(row, T, "answer")?)),
    )?;
    turns.reverse();
    Ok(turns)
}

pub fn delete(conn: &Connection, org: OrgId, id: AgentExecutionId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM agent_executions WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "agent execution", id)
}

fn decode(row: &Row) -> Result<AgentExecution> {
    Ok(AgentExecution {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        agent_id: sql::parsed(row, T, "agent_id")?,
        workflow_execution_id: sql::parsed_opt(row, T, "workflow_execution_id")?,
        team_execution_id: sql::parsed_opt(row, T, "team_execution_id")?,
        node_id: sql::get(row, T, "node_id")?,
        task: sql::get(row, T, "task")?,
        input: sql::json(row, T, "input")?,
        output: sql::json_opt(row, T, "output")?,
        status: sql::parsed(row, T, "status")?,
        started_at: sql::time(row, T, "started_at")?,
        completed_at: sql::time_opt(row, T, "completed_at")?,
        duration_ms: sql::get(row, T, "duration")?,
        tokens_in: sql::get(row, T, "tokens_in")?,
        tokens_out: sql::get(row, T, "tokens_out")?,
        tokens_used: sql::get(row, T, "tokens_used")?,
        cost_micros: sql::get(row, T, "cost")?,
        model: sql::get(row, T, "model")?,
        provider: sql::get(row, T, "provider")?,
        error: sql::get(row, T, "error")?,
    })
}
