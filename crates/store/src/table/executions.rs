//! workflow_executions, execution_steps and execution_logs: the record of every run, written as it
//! happens so that a crash loses nothing that completed.

use crate::error::Result;
use crate::sql::{self, Filter};
use crate::table::run_records;
use neuroflow_types::{
    ExecutionDetail, ExecutionFilter, ExecutionId, ExecutionStatus, ExecutionStep, LogEntry, MAX_LOG_ENTRIES, OrgId,
    Page, StepStatus, Timestamp, WorkflowExecution,
};
use rusqlite::{Connection, Row, params};
use serde_json::Value;

const T: &str = "workflow_executions";

/// Stores a whole execution record, finished or not (a run starting uses the leaner
/// `run_records::insert_execution`).
pub fn insert(conn: &Connection, e: &WorkflowExecution, runner: Option<&str>) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind,
            trigger_node, parent_execution_id, rerun_of, rerun_from, runner_id, started_at, completed_at, duration,
            input, output, error, nodes_executed, tokens_used, cost, log_count, logs_dropped)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            e.id.to_string(),
            e.organization_id.to_string(),
            e.workflow_id.to_string(),
            e.workflow_version,
            e.status.as_str(),
            e.trigger.as_str(),
            e.trigger_node,
            e.parent_execution_id.map(|p| p.to_string()),
            e.rerun_of.map(|p| p.to_string()),
            e.rerun_from,
            runner,
            sql::ts(&e.started_at),
            sql::ts_opt(&e.completed_at),
            e.duration_ms,
            sql::to_json(&e.input)?,
            e.output.as_ref().map(sql::to_json).transpose()?,
            e.error,
            e.nodes_executed,
            e.tokens_used,
            e.cost_micros,
            e.log_count,
            e.logs_dropped,
        ],
    )?;
    Ok(())
}

const SELECT: &str = "SELECT e.*, w.name AS workflow_name FROM workflow_executions e
                      JOIN automation_workflows w ON w.id = e.workflow_id";

pub fn get(conn: &Connection, org: OrgId, id: ExecutionId) -> Result<WorkflowExecution> {
    let found = sql::one(
        conn,
        &format!("{SELECT} WHERE e.id = ? AND e.organization_id = ?"),
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "execution", id)
}

/// Lists executions matching `filter`, newest first.
pub fn list(conn: &Connection, org: OrgId, filter: &ExecutionFilter) -> Result<Page<WorkflowExecution>> {
    let mut f = Filter::for_org("e.organization_id", org);
    f.eq_opt("e.workflow_id", filter.workflow_id.map(|w| w.to_string()));
    f.eq_opt("e.status", filter.status.map(|s| s.as_str().to_string()));
    f.eq_opt("e.trigger_kind", filter.trigger.map(|t| t.as_str().to_string()));
    if let Some(since) = &filter.since {
        f.raw("e.started_at >= ?", [sql::ts(since).into()]);
    }
    if let Some(until) = &filter.until {
        f.raw("e.started_at < ?", [sql::ts(until).into()]);
    }
    f.page(
        conn,
        "e.*, w.name AS workflow_name",
        "workflow_executions e JOIN automation_workflows w ON w.id = e.workflow_id",
        "e.started_at DESC, e.id DESC",
        &filter.page,
        decode,
    )
}

/// Moves a PENDING execution to RUNNING.
pub fn mark_running(conn: &Connection, id: ExecutionId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE workflow_executions SET status = 'RUNNING' WHERE id = ? AND status = 'PENDING'",
        [id.to_string()],
    )?;
    sql::touched(changed, "pending execution", id)
}

/// Closes an execution with its final status (its totals unchanged), unless it is already closed.
/// Returns whether it was closed now.
pub fn finish(
    conn: &Connection,
    id: ExecutionId,
    status: ExecutionStatus,
    output: Option<&Value>,
    error: Option<&str>,
    completed_at: &Timestamp,
    duration_ms: i64,
) -> Result<bool> {
    let totals = sql::one(
        conn,
        "SELECT nodes_executed, tokens_used, cost, log_count, logs_dropped FROM workflow_executions WHERE id = ?",
        [id.to_string()],
        |row| {
            Ok(run_records::RunTotals {
                nodes_executed: sql::get(row, T, "nodes_executed")?,
                tokens_used: sql::get(row, T, "tokens_used")?,
                cost_micros: sql::get(row, T, "cost")?,
                log_count: sql::get(row, T, "log_count")?,
                logs_dropped: sql::get(row, T, "logs_dropped")?,
            })
        },
    )?
    .unwrap_or_default();
    let row = run_records::FinishRow::encode(id, status, output, error, completed_at, duration_ms, totals)?;
    run_records::finish_execution(conn, &row)
}

/// Records that a node started (or restarted for another attempt).
pub fn start_step(conn: &Connection, org: OrgId, step: &ExecutionStep) -> Result<()> {
    run_records::write_step(conn, &run_records::StepRow::encode(org, step)?)
}

/// Records a node's outcome, inserting the step if it never started (a skipped node, a reused output).
pub fn settle_step(conn: &Connection, org: OrgId, step: &ExecutionStep) -> Result<()> {
    run_records::write_step(conn, &run_records::StepRow::encode(org, step)?)
}

/// The steps of an execution, in the order they started.
pub fn steps(conn: &Connection, id: ExecutionId) -> Result<Vec<ExecutionStep>> {
    sql::all(
        conn,
        "SELECT * FROM execution_steps WHERE execution_id = ?
         ORDER BY ordinal, started_at, node_id",
        [id.to_string()],
        decode_step,
    )
}

/// Appends a log entry after the execution's last one, or counts it as dropped once the execution has
/// [`MAX_LOG_ENTRIES`]. Returns whether the entry was kept. (A run in progress numbers its own lines;
/// see `run_records`.)
pub fn append_log(conn: &Connection, org: OrgId, id: ExecutionId, entry: &LogEntry) -> Result<bool> {
    let next: i64 = conn
        .prepare_cached("SELECT coalesce(max(seq) + 1, 0) FROM execution_logs WHERE execution_id = ?")?
        .query_row([id.to_string()], |r| r.get(0))?;
    if next >= MAX_LOG_ENTRIES {
        sql::exec(
            conn,
            "UPDATE workflow_executions SET logs_dropped = logs_dropped + 1 WHERE id = ?",
            [id.to_string()],
        )?;
        return Ok(false);
    }
    run_records::insert_log(conn, &run_records::LogRow::encode(org, id, next, entry)?)?;
    sql::exec(conn, "UPDATE workflow_executions SET log_count = ? WHERE id = ?", params![next + 1, id.to_string()])?;
    Ok(true)
}

pub fn logs(conn: &Connection, id: ExecutionId) -> Result<Vec<LogEntry>> {
    sql::all(conn, "SELECT * FROM execution_logs WHERE execution_id = ? ORDER BY seq", [id.to_string()], |row| {
        const L: &str = "execution_logs";
        Ok(LogEntry {
            seq: sql::get(row, L, "seq")?,
            node_id: sql::get(row, L, "node_id")?,
            node_name: sql::get(row, L, "node_name")?,
            status: sql::get(row, L, "status")?,
            timestamp: sql::time(row, L, "timestamp")?,
            message: sql::get(row, L, "message")?,
            data: sql::json_opt(row, L, "data")?,
            error: sql::get(row, L, "error")?,
        })
    })
}

/// An execution with its steps and log.
pub fn detail(conn: &Connection, org: OrgId, id: ExecutionId) -> Result<ExecutionDetail> {
    Ok(ExecutionDetail { execution: get(conn, org, id)?, steps: steps(conn, id)?, logs: logs(conn, id)? })
}

pub fn delete(conn: &Connection, org: OrgId, id: ExecutionId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM workflow_executions WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "execution", id)
}

fn decode(row: &Row) -> Result<WorkflowExecution> {
    Ok(WorkflowExecution {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        workflow_id: sql::parsed(row, T, "workflow_id")?,
        workflow_name: sql::get(row, T, "workflow_name")?,
        workflow_version: sql::get(row, T, "workflow_version")?,
        status: sql::parsed(row, T, "status")?,
        trigger: sql::parsed(row, T, "trigger_kind")?,
        trigger_node: sql::get(row, T, "trigger_node")?,
        parent_execution_id: sql::parsed_opt(row, T, "parent_execution_id")?,
        rerun_of: sql::parsed_opt(row, T, "rerun_of")?,
        rerun_from: sql::get(row, T, "rerun_from")?,
        started_at: sql::time(row, T, "started_at")?,
        completed_at: sql::time_opt(row, T, "completed_at")?,
        duration_ms: sql::get(row, T, "duration")?,
        input: sql::json(row, T, "input")?,
        output: sql::json_opt(row, T, "output")?,
        error: sql::get(row, T, "error")?,
        nodes_executed: sql::get(row, T, "nodes_executed")?,
        tokens_used: sql::get(row, T, "tokens_used")?,
        cost_micros: sql::get(row, T, "cost")?,
        log_count: sql::get(row, T, "log_count")?,
        logs_dropped: sql::get(row, T, "logs_dropped")?,
    })
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
