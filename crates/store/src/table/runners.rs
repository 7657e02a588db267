//! runners: the processes that run executions. A runner's row names its process; the process also
//! holds an OS lock on `runners/<id>.lock` beside the organization's file for as long as it lives.
//! Recovery treats a runner whose lock can be taken as gone, and closes its unfinished executions —
//! never those of a live process, however long its runs take.

use crate::error::Result;
use crate::sql;
use crate::table::executions;
use neuroflow_types::{ExecutionId, LogEntry, OrgId, Timestamp, now};
use rusqlite::{Connection, params};

/// A process that runs executions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runner {
    pub id: String,
    pub pid: i64,
    pub host: String,
    /// What kind of process: `desktop`, `cli`, `serve`.
    pub kind: String,
    pub started_at: Timestamp,
    pub heartbeat_at: Timestamp,
}

pub fn register(conn: &Connection, r: &Runner, lease_until: &Timestamp) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO runners (id, pid, host, kind, started_at, heartbeat_at, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![r.id, r.pid, r.host, r.kind, sql::ts(&r.started_at), sql::ts(&r.heartbeat_at), sql::ts(lease_until)],
    )?;
    Ok(())
}

/// Renews a runner's lease.
pub fn heartbeat(conn: &Connection, id: &str, lease_until: &Timestamp) -> Result<()> {
    sql::exec(
        conn,
        "UPDATE runners SET heartbeat_at = ?, lease_until = ? WHERE id = ?",
        params![sql::ts(&now()), sql::ts(lease_until), id],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, id: &str) -> Result<()> {
    sql::exec(conn, "DELETE FROM runners WHERE id = ?", [id])?;
    Ok(())
}

pub fn list(conn: &Connection) -> Result<Vec<Runner>> {
    sql::all(conn, "SELECT * FROM runners ORDER BY started_at", [], |row| {
        const T: &str = "runners";
        Ok(Runner {
            id: sql::get(row, T, "id")?,
            pid: sql::get(row, T, "pid")?,
            host: sql::get(row, T, "host")?,
            kind: sql::get(row, T, "kind")?,
            started_at: sql::time(row, T, "started_at")?,
            heartbeat_at: sql::time(row, T, "heartbeat_at")?,
        })
    })
}

/// The runners named by unfinished executions, with whether a runner row exists for them.
pub fn runners_of_open_executions(conn: &Connection) -> Result<Vec<Option<String>>> {
    sql::all(
        conn,
        "SELECT DISTINCT runner_id FROM workflow_executions WHERE status IN ('PENDING', 'RUNNING')",
        [],
        |row| sql::get(row, "workflow_executions", "runner_id"),
    )
}

/// Closes every unfinished execution of a gone runner (or of none) as FAILED with `reason`, with its
/// running steps; its counters are rebuilt from the steps that were recorded. Returns the executions
/// closed.
pub fn close_orphans(conn: &Connection, runner: Option<&str>, reason: &str) -> Result<Vec<ExecutionId>> {
    let at = now();
    let open: Vec<(ExecutionId, OrgId)> = sql::all(
        conn,
        "SELECT id, organization_id FROM workflow_executions WHERE status IN ('PENDING', 'RUNNING') AND runner_id IS ?",
        [runner],
        |row| {
            Ok((
                sql::parsed(row, "workflow_executions", "id")?,
                sql::parsed(row, "workflow_executions", "organization_id")?,
            ))
        },
    )?;
    for (id, org) in &open {
        let key = id.to_string();
        sql::exec(
            conn,
            "UPDATE execution_steps SET status = 'FAILED', error = ?, completed_at = ?
             WHERE execution_id = ? AND status = 'RUNNING'",
            params![reason, sql::ts(&at), key],
        )?;
        // A step ran if it completed, or failed with an output (onError let the run go on).
        sql::exec(
            conn,
            "UPDATE workflow_executions SET status = 'FAILED', error = ?2, completed_at = ?3,
                duration = max(0, CAST((julianday(?3) - julianday(started_at)) * 86400000 AS INTEGER)),
                nodes_executed = (SELECT count(*) FROM execution_steps s WHERE s.execution_id = ?1
                                  AND (s.status = 'COMPLETED' OR (s.status = 'FAILED' AND s.output IS NOT NULL))),
                tokens_used = (SELECT coalesce(sum(tokens_used), 0) FROM execution_steps s WHERE s.execution_id = ?1),
                cost = (SELECT coalesce(sum(cost), 0) FROM execution_steps s WHERE s.execution_id = ?1)
             WHERE id = ?1 AND completed_at IS NULL",
            params![key, reason, sql::ts(&at)],
        )?;
        let entry = LogEntry {
            seq: 0,
            node_id: None,
            node_name: None,
            status: "FAILED".into(),
            timestamp: at,
            message: reason.to_string(),
            data: None,
            error: Some(reason.to_string()),
        };
        executions::append_log(conn, *org, *id, &entry)?;
    }
    Ok(open.into_iter().map(|(id, _)| id).collect())
}
