//! execution_steps: each node's part in an execution — written when a node with effects starts
//! (RUNNING, with its input) and again when it settles, so a crash keeps every step that completed.

use crate::error::Result;
use crate::sql;
use crate::table::rollups::{self, ActionFacts};
use crate::table::step_values;
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
    action: Option<String>,
    input_from: Option<String>,
    output_is_input: bool,
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
            // A value the execution already holds is kept once (see `step_values`).
            input: match &s.input_from {
                Some(_) => None,
                None => s.input.as_ref().map(sql::to_json).transpose()?,
            },
            output: match s.output_is_input {
                true => None,
                false => s.output.as_ref().map(sql::to_json).transpose()?,
            },
            error: s.error.clone(),
            started_at: sql::ts(&s.started_at),
            completed_at: sql::ts_opt(&s.completed_at),
            duration_us: s.duration_us,
            tokens: s.tokens_used,
            cost: s.cost_micros,
            action: None,
            input_from: s.input_from.clone(),
            output_is_input: s.output_is_input,
        })
    }

    /// The integration action the step runs (`slack.postMessage` …), for the breakdown by action.
    pub fn with_action(mut self, action: Option<String>) -> Self {
        self.action = action;
        self
    }
}

/// Records a step: its start (RUNNING, with its input), or its outcome. An outcome keeps the input
/// recorded at the start when it brings none. An integration call's outcome is counted in the
/// action rollups in the same transaction, once (a step already closed is not counted again).
pub fn write(conn: &Connection, r: &StepRow) -> Result<()> {
    let counts = rollups::step_counts(r.status, r.attempts, r.action.as_deref())
        && sql::one(
            conn,
            "SELECT status FROM execution_steps WHERE execution_id = ? AND node_id = ?",
            params![r.execution, r.node],
            |row| sql::get::<String>(row, "execution_steps", "status"),
        )?
        .is_none_or(|previous| previous == "RUNNING");
    sql::exec(
        conn,
        "INSERT INTO execution_steps (execution_id, node_id, organization_id, node_type, node_name, ordinal, status,
            attempts, input, output, error, started_at, completed_at, duration_us, tokens_used, cost, action,
            input_from, output_is_input)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (execution_id, node_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
            input = coalesce(excluded.input, input), input_from = coalesce(excluded.input_from, input_from),
            output = excluded.output, output_is_input = excluded.output_is_input, error = excluded.error,
            completed_at = excluded.completed_at, duration_us = excluded.duration_us,
            tokens_used = excluded.tokens_used, cost = excluded.cost, action = coalesce(excluded.action, action)",
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
            r.cost,
            r.action,
            r.input_from,
            r.output_is_input
        ],
    )?;
    if counts && let Some(action) = &r.action {
        rollups::record_action(
            conn,
            &ActionFacts {
                org: &r.org,
                action,
                started_at: &r.started_at,
                status: r.status,
                duration_us: r.duration_us.unwrap_or(0),
            },
        )?;
    }
    Ok(())
}

/// The steps of an execution, in the order they started, whole (values kept once filled in).
pub fn list(conn: &Connection, id: ExecutionId) -> Result<Vec<ExecutionStep>> {
    let mut steps = sql::all(
        conn,
        "SELECT * FROM execution_steps WHERE execution_id = ?
         ORDER BY ordinal, started_at, node_id",
        [id.to_string()],
        decode_step,
    )?;
    if steps.iter().any(|s| s.input_from.is_some() || s.output_is_input) {
        let input = sql::one(conn, "SELECT input FROM workflow_executions WHERE id = ?", [id.to_string()], |row| {
            sql::json_opt(row, "workflow_executions", "input")
        })?
        .flatten()
        .unwrap_or(serde_json::Value::Null);
        step_values::fill_in(&mut steps, &input);
    }
    Ok(steps)
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
        input_from: sql::get(row, S, "input_from")?,
        output_is_input: sql::get(row, S, "output_is_input")?,
    })
}
