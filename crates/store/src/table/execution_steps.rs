//! execution_steps: each node's part in an execution — written when a node with effects starts
//! (RUNNING, with its input) and again when it settles, so a crash keeps every step that completed.

use crate::error::Result;
use crate::sql;
use neuroflow_types::{ExecutionId, ExecutionStep, OrgId, StepStatus};
use rusqlite::{Connection, Row, params};

/// A step, encoded for writing.
#[derive(Debug, Clone)]
pub struct StepRow {
    execution: String,
    node: String,
    org: String,
    node_type: String,
    node_name: String,
    ordinal: i64,
    status: &'static str,
    attempts: i64,
    input: Option<String>,
    output: Option<String>,
    error: Option<String>,
    started_at: String,
    completed_at: Option<String>,
    duration_us: Option<i64>,
    tokens: i64,
    cost: i64,
}

impl StepRow {
    pub fn encode(org: OrgId, s: &ExecutionStep) -> Result<Self> {
        Ok(Self {
            execution: s.execution_id.to_string(),
            node: s.node_id.clone(),
            org: org.to_string(),
            node_type: s.node_type.clone(),
            node_name: s.node_name.clone(),
            ordinal: s.ordinal,
            status: s.status.as_str(),
            attempts: s.attempts,
            input: s.input.as_ref().map(sql::to_json).transpose()?,
            output: s.output.as_ref().map(sql::to_json).transpose()?,
            error: s.error.clone(),
            started_at: sql::ts(&s.started_at),
            completed_at: sql::ts_opt(&s.completed_at),
            duration_us: s.duration_us,
            tokens: s.tokens_used,
            cost: s.cost_micros,
        })
    }
}

/// Records a step: its start (RUNNING, with its input), or its outcome. An outcome keeps the input
/// recorded at the start when it brings none.
pub fn write(conn: &Connection, r: &StepRow) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO execution_steps (execution_id, node_id, organization_id, node_type, node_name, ordinal, status,
            attempts, input, output, error, started_at, completed_at, duration_us, tokens_used, cost)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (execution_id, node_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
            input = coalesce(excluded.input, input), output = excluded.output, error = excluded.error,
            completed_at = excluded.completed_at, duration_us = excluded.duration_us,
            tokens_used = excluded.tokens_used, cost = excluded.cost",
        params![
            r.execution,
            r.node,
            r.org,
            r.node_type,
            r.node_name,
            r.ordinal,
            r.status,
            r.attempts,
            r.input,
            r.output,
            r.error,
            r.started_at,
            r.completed_at,
            r.duration_us,
            r.tokens,
            r.cost
        ],
    )?;
    Ok(())
}

/// The steps of an execution, in the order they started.
pub fn list(conn: &Connection, id: ExecutionId) -> Result<Vec<ExecutionStep>> {
    sql::all(
        conn,
        "SELECT * FROM execution_steps WHERE execution_id = ?
         ORDER BY ordinal, started_at, node_id",
        [id.to_string()],
        decode_step,
    )
}

fn decode_step(row: &Row) -> Result<ExecutionStep> {
    const S: &str = "execution_steps";
    Ok(ExecutionStep {
        execution_id: sql::parsed(row, S, "execution_id")?,
        node_id: sql::get(row, S, "node_id")?,
        node_type: sql::get(row, S, "node_type")?,
        node_name: sql::get(row, S, "node_name")?,
        ordinal: sql::get(row, S, "ordinal")?,
        status: sql::parsed::<StepStatus>(row, S, "status")?,
        attempts: sql::get(row, S, "attempts")?,
        input: sql::json_opt(row, S, "input")?,
        output: sql::json_opt(row, S, "output")?,
        error: sql::get(row, S, "error")?,
        started_at: sql::time(row, S, "started_at")?,
        completed_at: sql::time_opt(row, S, "completed_at")?,
        duration_us: sql::get(row, S, "duration_us")?,
        tokens_used: sql::get(row, S, "tokens_used")?,
        cost_micros: sql::get(row, S, "cost")?,
    })
}
