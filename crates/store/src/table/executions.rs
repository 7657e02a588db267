//! workflow_executions: the record of every run — inserted when it starts, closed once when it ends
//! (never reopened or overwritten), read by the executions pages and the CLI. Rows are encoded on
//! the caller's thread (JSON serialized, times formatted) so the single writer thread only binds and
//! executes: this is the hot path of every execution. Its steps and log lines live in
//! `execution_steps` and `execution_logs`.

use crate::error::Result;
use crate::sql::{self, Filter};
use crate::table::error_groups::{self, Failure};
use crate::table::rollups::{self, RunFacts};
use crate::table::{execution_logs, execution_steps};
use neuroflow_types::{
    ExecutionDetail, ExecutionFilter, ExecutionId, ExecutionStatus, OrgId, Page, Timestamp, WorkflowExecution,
};
use rusqlite::{Connection, Row, params};
use serde_json::Value;

const T: &str = "workflow_executions";

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
    test_run: bool,
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
            test_run: e.test_run,
            runner: runner.map(str::to_string),
            started_at: sql::ts(&e.started_at),
            input: sql::to_json(&e.input)?,
        })
    }
}

/// Inserts an execution: unfinished, or with `end` already ended and counted in the rollups as
/// [`finish`] would have (a run written whole at its end, see `app/src/runs/recording.rs`: one row
/// written once, instead of an insert and an update of every index it is in).
pub fn insert(conn: &Connection, r: &ExecutionRow, end: Option<&FinishRow>) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind,
            trigger_node, parent_execution_id, rerun_of, rerun_from, test_run, runner_id, started_at, input,
            output, error, completed_at, duration, nodes_executed, tokens_used, cost, log_count, logs_dropped)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            r.id,
            r.org,
            r.workflow,
            r.version,
            end.map_or(r.status, |e| e.status),
            r.trigger,
            r.trigger_node,
            r.parent,
            r.rerun_of,
            r.rerun_from,
            r.test_run,
            r.runner,
            r.started_at,
            r.input,
            end.and_then(|e| e.output.as_deref()),
            end.and_then(|e| e.error.as_deref()),
            end.map(|e| e.completed_at.as_str()),
            end.map(|e| e.duration_ms),
            end.map_or(0, |e| e.nodes),
            end.map_or(0, |e| e.tokens),
            end.map_or(0, |e| e.cost),
            end.map_or(0, |e| e.log_count),
            end.map_or(0, |e| e.logs_dropped)
        ],
    )?;
    let Some(end) = end else { return Ok(()) };
    let closed = Closed {
        org: r.org.clone(),
        workflow: r.workflow.clone(),
        trigger: r.trigger.to_string(),
        nested: r.parent.is_some(),
        test_run: r.test_run,
        started_at: r.started_at.clone(),
    };
    closed.count(
        conn,
        &r.id,
        end.status,
        end.duration_ms,
        end.nodes,
        end.tokens,
        end.cost,
        &end.completed_at,
        end.error.as_deref(),
    )
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

/// Closes an execution with its final status and totals, unless it is already closed, and counts it
/// in the rollups (and, when it failed, in its error group) in the same transaction. Returns whether
/// it was closed now.
pub fn finish(conn: &Connection, r: &FinishRow) -> Result<bool> {
    let closed = sql::one(
        conn,
        "UPDATE workflow_executions SET status = ?, output = ?, error = ?, completed_at = ?, duration = ?,
            nodes_executed = ?, tokens_used = ?, cost = ?, log_count = ?, logs_dropped = ?
         WHERE id = ? AND completed_at IS NULL
         RETURNING organization_id, workflow_id, trigger_kind, parent_execution_id IS NOT NULL AS nested, test_run,
            started_at",
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
        Closed::decode,
    )?;
    let Some(c) = closed else { return Ok(false) };
    c.count(conn, &r.id, r.status, r.duration_ms, r.nodes, r.tokens, r.cost, &r.completed_at, r.error.as_deref())?;
    Ok(true)
}

/// What the rollups need of a run being closed, as its closing UPDATE returns it.
pub(crate) struct Closed {
    pub org: String,
    pub workflow: String,
    pub trigger: String,
    pub nested: bool,
    pub test_run: bool,
    pub started_at: String,
}

impl Closed {
    pub fn decode(row: &Row) -> Result<Self> {
        Ok(Self {
            org: sql::get(row, T, "organization_id")?,
            workflow: sql::get(row, T, "workflow_id")?,
            trigger: sql::get(row, T, "trigger_kind")?,
            nested: sql::get(row, T, "nested")?,
            test_run: sql::get(row, T, "test_run")?,
            started_at: sql::get(row, T, "started_at")?,
        })
    }

    /// Counts the closed run in the rollups, and groups its failure.
    #[allow(clippy::too_many_arguments)]
    pub fn count(
        &self,
        conn: &Connection,
        id: &str,
        status: &str,
        duration_ms: i64,
        nodes: i64,
        tokens: i64,
        cost: i64,
        completed_at: &str,
        error: Option<&str>,
    ) -> Result<()> {
        rollups::record_run(
            conn,
            &RunFacts {
                org: &self.org,
                workflow: &self.workflow,
                trigger: &self.trigger,
                nested: self.nested,
                test_run: self.test_run,
                started_at: &self.started_at,
                status,
                duration_ms,
                nodes,
                tokens,
                cost,
            },
        )?;
        if status == "FAILED" {
            error_groups::record(
                conn,
                &Failure {
                    org: &self.org,
                    execution: id,
                    workflow: &self.workflow,
                    started_at: &self.started_at,
                    completed_at,
                    run_error: error,
                },
            )?;
        }
        Ok(())
    }
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

/// An execution with its steps and log.
pub fn detail(conn: &Connection, org: OrgId, id: ExecutionId) -> Result<ExecutionDetail> {
    let execution = get(conn, org, id)?;
    Ok(ExecutionDetail {
        steps: execution_steps::list(conn, id)?,
        logs: execution_logs::list(conn, &execution)?,
        execution,
    })
}

/// Pins a run (kept past retention) or unpins it.
pub fn set_pinned(conn: &Connection, org: OrgId, id: ExecutionId, pinned: bool) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE workflow_executions SET pinned = ? WHERE id = ? AND organization_id = ?",
        params![pinned, id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "execution", id)
}

pub fn delete(conn: &Connection, org: OrgId, id: ExecutionId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM workflow_executions WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "execution", id)
}

pub(crate) fn decode(row: &Row) -> Result<WorkflowExecution> {
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
        test_run: sql::get(row, T, "test_run")?,
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
        pinned: sql::get(row, T, "pinned")?,
    })
}

/// Runs started in `[since, until)`, oldest first, after the run `after` (its start and id) — a
/// stable walk through a window however many runs start meanwhile.
pub fn oldest_first(
    conn: &Connection,
    org: OrgId,
    since: &Timestamp,
    until: &Timestamp,
    after: Option<&WorkflowExecution>,
    limit: u32,
) -> Result<Vec<WorkflowExecution>> {
    let (after_at, after_id) = match after {
        Some(e) => (sql::ts(&e.started_at), e.id.to_string()),
        None => (String::new(), String::new()),
    };
    sql::all(
        conn,
        &format!(
            "{SELECT} WHERE e.organization_id = ? AND e.started_at >= ? AND e.started_at < ?
               AND (e.started_at, e.id) > (?, ?) ORDER BY e.started_at, e.id LIMIT ?"
        ),
        params![org.to_string(), sql::ts(since), sql::ts(until), after_at, after_id, limit],
        decode,
    )
}

/// The latest production runs with `status` (no count: the dashboard asks this on every change).
pub fn latest_with_status(
    conn: &Connection,
    org: OrgId,
    status: ExecutionStatus,
    limit: u32,
) -> Result<Vec<WorkflowExecution>> {
    sql::all(
        conn,
        &format!(
            "{SELECT} WHERE e.status = ? AND e.organization_id = ? AND e.test_run = 0 ORDER BY e.started_at DESC, e.id DESC LIMIT ?"
        ),
        params![status.as_str(), org.to_string(), limit],
        decode,
    )
}

/// Runs under way (pending or running), read along the partial index of open runs.
pub fn count_open(conn: &Connection, org: OrgId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM workflow_executions WHERE status IN ('PENDING', 'RUNNING') AND organization_id = ?",
        )?
        .query_row([org.to_string()], |r| r.get(0))?)
}

/// How many executions started since `since`, and how many of them failed.
pub fn started_since(conn: &Connection, org: OrgId, since: &Timestamp) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(status = 'FAILED'), 0) FROM workflow_executions
             WHERE organization_id = ? AND started_at >= ?",
        )?
        .query_row(params![org.to_string(), sql::ts(since)], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// What runs started since `since` spent, in micro-dollars and tokens; a child run's spending is
/// counted in its parent's, so only top-level runs are summed.
pub fn spent_since(conn: &Connection, org: OrgId, since: &Timestamp) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(cost), 0), coalesce(sum(tokens_used), 0) FROM workflow_executions
             WHERE organization_id = ? AND started_at >= ? AND parent_execution_id IS NULL",
        )?
        .query_row(params![org.to_string(), sql::ts(since)], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The ids that start with `prefix` (at most `limit`), for finding an execution by a short id.
pub fn ids_with_prefix(conn: &Connection, org: OrgId, prefix: &str, limit: usize) -> Result<Vec<ExecutionId>> {
    let pattern = format!("{}%", prefix.replace(['%', '_', '\\'], ""));
    sql::all(
        conn,
        "SELECT id FROM workflow_executions WHERE organization_id = ? AND id LIKE ? LIMIT ?",
        params![org.to_string(), pattern, limit as i64],
        |row| sql::parsed(row, T, "id"),
    )
}
