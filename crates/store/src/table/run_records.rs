//! The rows a run writes as it goes — its execution, each step, each log line, its end — encoded on
//! the caller's thread (JSON serialized, times formatted) so that the single writer thread only binds
//! and executes. This is the hot path of every execution.

use crate::error::Result;
use crate::sql;
use neuroflow_types::{ExecutionId, ExecutionStatus, ExecutionStep, LogEntry, OrgId, Timestamp, WorkflowExecution};
use rusqlite::{Connection, params};
use serde_json::Value;

/// An execution, encoded for insertion.
#[derive(Debug, Clone)]
pub struct ExecutionRow {
    id: String,
    org: String,
    workflow: String,
    version: i64,
    status: &'static str,
    trigger: &'static str,
    trigger_node: Option<String>,
    parent: Option<String>,
    rerun_of: Option<String>,
    rerun_from: Option<String>,
    runner: Option<String>,
    started_at: String,
    input: String,
}

impl ExecutionRow {
    pub fn encode(e: &WorkflowExecution, runner: Option<&str>) -> Result<Self> {
        Ok(Self {
            id: e.id.to_string(),
            org: e.organization_id.to_string(),
            workflow: e.workflow_id.to_string(),
            version: e.workflow_version,
            status: e.status.as_str(),
            trigger: e.trigger.as_str(),
            trigger_node: e.trigger_node.clone(),
            parent: e.parent_execution_id.map(|p| p.to_string()),
            rerun_of: e.rerun_of.map(|p| p.to_string()),
            rerun_from: e.rerun_from.clone(),
            runner: runner.map(str::to_string),
            started_at: sql::ts(&e.started_at),
            input: sql::to_json(&e.input)?,
        })
    }
}

/// Inserts a new, unfinished execution.
pub fn insert_execution(conn: &Connection, r: &ExecutionRow) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind,
            trigger_node, parent_execution_id, rerun_of, rerun_from, runner_id, started_at, input)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            r.id,
            r.org,
            r.workflow,
            r.version,
            r.status,
            r.trigger,
            r.trigger_node,
            r.parent,
            r.rerun_of,
            r.rerun_from,
            r.runner,
            r.started_at,
            r.input
        ],
    )?;
    Ok(())
}

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
pub fn write_step(conn: &Connection, r: &StepRow) -> Result<()> {
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

/// A log line with its place in the execution's log, encoded for insertion.
#[derive(Debug, Clone)]
pub struct LogRow {
    execution: String,
    seq: i64,
    org: String,
    node_id: Option<String>,
    node_name: Option<String>,
    status: String,
    timestamp: String,
    message: String,
    data: Option<String>,
    error: Option<String>,
}

impl LogRow {
    pub fn encode(org: OrgId, execution: ExecutionId, seq: i64, e: &LogEntry) -> Result<Self> {
        Ok(Self {
            execution: execution.to_string(),
            seq,
            org: org.to_string(),
            node_id: e.node_id.clone(),
            node_name: e.node_name.clone(),
            status: e.status.clone(),
            timestamp: sql::ts(&e.timestamp),
            message: e.message.clone(),
            data: e.data.as_ref().map(sql::to_json).transpose()?,
            error: e.error.clone(),
        })
    }
}

pub fn insert_log(conn: &Connection, r: &LogRow) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO execution_logs (execution_id, seq, organization_id, node_id, node_name, status, timestamp,
            message, data, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![r.execution, r.seq, r.org, r.node_id, r.node_name, r.status, r.timestamp, r.message, r.data, r.error],
    )?;
    Ok(())
}

/// How an execution ended, encoded for writing.
#[derive(Debug, Clone)]
pub struct FinishRow {
    id: String,
    status: &'static str,
    output: Option<String>,
    error: Option<String>,
    completed_at: String,
    duration_ms: i64,
    nodes: i64,
    tokens: i64,
    cost: i64,
    log_count: i64,
    logs_dropped: i64,
}

/// What is counted over a run and written with its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunTotals {
    pub nodes_executed: i64,
    pub tokens_used: i64,
    pub cost_micros: i64,
    pub log_count: i64,
    pub logs_dropped: i64,
}

impl FinishRow {
    pub fn encode(
        id: ExecutionId,
        status: ExecutionStatus,
        output: Option<&Value>,
        error: Option<&str>,
        completed_at: &Timestamp,
        duration_ms: i64,
        totals: RunTotals,
    ) -> Result<Self> {
        debug_assert!(status.is_final());
        Ok(Self {
            id: id.to_string(),
            status: status.as_str(),
            output: output.map(sql::to_json).transpose()?,
            error: error.map(str::to_string),
            completed_at: sql::ts(completed_at),
            duration_ms: duration_ms.max(0),
            nodes: totals.nodes_executed,
            tokens: totals.tokens_used,
            cost: totals.cost_micros,
            log_count: totals.log_count,
            logs_dropped: totals.logs_dropped,
        })
    }
}

/// Closes an execution with its final status and totals, unless it is already closed. Returns
/// whether it was closed now.
pub fn finish_execution(conn: &Connection, r: &FinishRow) -> Result<bool> {
    let changed = sql::exec(
        conn,
        "UPDATE workflow_executions SET status = ?, output = ?, error = ?, completed_at = ?, duration = ?,
            nodes_executed = ?, tokens_used = ?, cost = ?, log_count = ?, logs_dropped = ?
         WHERE id = ? AND completed_at IS NULL",
        params![
            r.status,
            r.output,
            r.error,
            r.completed_at,
            r.duration_ms,
            r.nodes,
            r.tokens,
            r.cost,
            r.log_count,
            r.logs_dropped,
            r.id
        ],
    )?;
    Ok(changed == 1)
}
