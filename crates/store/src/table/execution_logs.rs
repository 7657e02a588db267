//! execution_logs: an execution's log, one row per line (at most [`MAX_LOG_ENTRIES`]; the rest are
//! counted on the execution as `logs_dropped`). A row per line makes each line durable as it is
//! written without rewriting the execution row. A run numbers its own lines as it goes;
//! [`append`] numbers a line after the last one, for writers outside a run. A run's own opening
//! (seq 0) and closing lines are not stored: [`list`] derives them from the execution
//! ([`with_run_lines`]).

use crate::error::Result;
use crate::sql;
use neuroflow_types::{ExecutionId, LogEntry, MAX_LOG_ENTRIES, OrgId, WorkflowExecution, with_run_lines};
use rusqlite::{Connection, params};

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

/// Inserts a log line at its place.
pub fn insert(conn: &Connection, r: &LogRow) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO execution_logs (execution_id, seq, organization_id, node_id, node_name, status, timestamp,
            message, data, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![r.execution, r.seq, r.org, r.node_id, r.node_name, r.status, r.timestamp, r.message, r.data, r.error],
    )?;
    Ok(())
}

/// Appends a log entry after the execution's last one (after the derived opening line, seq 0, if it
/// has none), or counts it as dropped once the execution has
/// [`MAX_LOG_ENTRIES`]. Returns whether the entry was kept. (A run in progress numbers its own lines;
/// see `LogRow`.)
pub fn append(conn: &Connection, org: OrgId, id: ExecutionId, entry: &LogEntry) -> Result<bool> {
    let next: i64 = conn
        .prepare_cached("SELECT coalesce(max(seq) + 1, 1) FROM execution_logs WHERE execution_id = ?")?
        .query_row([id.to_string()], |r| r.get(0))?;
    if next >= MAX_LOG_ENTRIES {
        sql::exec(
            conn,
            "UPDATE workflow_executions SET logs_dropped = logs_dropped + 1 WHERE id = ?",
            [id.to_string()],
        )?;
        return Ok(false);
    }
    insert(conn, &LogRow::encode(org, id, next, entry)?)?;
    sql::exec(conn, "UPDATE workflow_executions SET log_count = ? WHERE id = ?", params![next + 1, id.to_string()])?;
    Ok(true)
}

/// An execution's log, in order, with its opening and closing lines.
pub fn list(conn: &Connection, execution: &WorkflowExecution) -> Result<Vec<LogEntry>> {
    Ok(with_run_lines(execution, stored(conn, execution.id)?))
}

/// The lines stored for an execution, in order (without the derived ones).
pub fn stored(conn: &Connection, id: ExecutionId) -> Result<Vec<LogEntry>> {
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
