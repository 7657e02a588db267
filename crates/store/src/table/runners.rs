//! runners: the processes that run executions. A runner's row names its process; the process also
//! holds an OS lock on `runners/<id>.lock` beside the organization's file for as long as it lives.
//! Recovery treats a runner whose lock can be taken as gone, and closes its unfinished executions —
//! never those of a live process, however long its runs take.

use crate::error::Result;
use crate::sql;
use crate::table::executions::Closed;
use crate::table::rollups::{self, ActionFacts, CallFacts, TeamFacts};
use neuroflow_types::{MAX_LOG_ENTRIES, Timestamp, now};
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

/// The runners named by unfinished executions, agent calls and team runs (`None` for rows that name
/// no runner).
pub fn runners_of_open_work(conn: &Connection) -> Result<Vec<Option<String>>> {
    sql::all(
        conn,
        "SELECT runner_id FROM workflow_executions WHERE status IN ('PENDING', 'RUNNING')
         UNION SELECT runner_id FROM agent_executions WHERE status IN ('PENDING', 'RUNNING')
         UNION SELECT runner_id FROM team_executions WHERE status IN ('PENDING', 'RUNNING')",
        [],
        |row| sql::get(row, "workflow_executions", "runner_id"),
    )
}

/// How many unfinished executions, agent calls and team runs a runner (or none) left.
pub fn count_open(conn: &Connection, runner: Option<&str>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM workflow_executions WHERE status IN ('PENDING', 'RUNNING') AND runner_id IS ?1)
                  + (SELECT count(*) FROM agent_executions WHERE status IN ('PENDING', 'RUNNING') AND runner_id IS ?1)
                  + (SELECT count(*) FROM team_executions WHERE status IN ('PENDING', 'RUNNING') AND runner_id IS ?1)",
        )?
        .query_row([runner], |r| r.get(0))?)
}

/// Closes everything a gone runner (or none) left unfinished, as FAILED with `reason`: its
/// executions with their running steps (each execution's counters rebuilt from the steps that were
/// recorded, and a last log line saying why, stored after the derived opening line at seq 0), its agent calls and team runs; agents left BUSY by
/// nothing are IDLE again. A handful of set-wise statements, however many rows: closing a hundred
/// thousand interrupted runs takes seconds, not minutes. Returns how many rows were closed.
pub fn close_orphans(conn: &Connection, runner: Option<&str>, reason: &str) -> Result<usize> {
    let at = sql::ts(&now());
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS closing (id TEXT PRIMARY KEY, next_seq INTEGER NOT NULL) WITHOUT ROWID;
         DELETE FROM temp.closing;",
    )?;
    let executions = sql::exec(
        conn,
        "INSERT INTO temp.closing (id, next_seq)
         SELECT e.id, (SELECT coalesce(max(l.seq) + 1, 1) FROM execution_logs l WHERE l.execution_id = e.id)
         FROM workflow_executions e WHERE e.status IN ('PENDING', 'RUNNING') AND e.runner_id IS ?",
        [runner],
    )?;
    if executions > 0 {
        let calls = sql::all(
            conn,
            "UPDATE execution_steps SET status = 'FAILED', error = ?1, completed_at = ?2,
                duration_us = max(0, CAST((julianday(?2) - julianday(started_at)) * 86400000000 AS INTEGER))
             WHERE status = 'RUNNING' AND execution_id IN (SELECT id FROM temp.closing)
             RETURNING organization_id, action, attempts, started_at, duration_us",
            params![reason, at],
            |row| {
                const S: &str = "execution_steps";
                Ok((
                    sql::get::<String>(row, S, "organization_id")?,
                    sql::get::<Option<String>>(row, S, "action")?,
                    sql::get::<i64>(row, S, "attempts")?,
                    sql::get::<String>(row, S, "started_at")?,
                    sql::get::<i64>(row, S, "duration_us")?,
                ))
            },
        )?;
        for (org, action, attempts, started_at, duration_us) in &calls {
            if let Some(action) = action.as_deref()
                && *attempts > 0
            {
                let facts = ActionFacts { org, action, started_at, status: "FAILED", duration_us: *duration_us };
                rollups::record_action(conn, &facts)?;
            }
        }
        // A step ran if it completed, or failed with an output (onError let the run go on).
        sql::exec(
            conn,
            "UPDATE workflow_executions SET status = 'FAILED', error = ?1, completed_at = ?2,
                duration = max(0, CAST((julianday(?2) - julianday(started_at)) * 86400000 AS INTEGER)),
                nodes_executed = (SELECT count(*) FROM execution_steps s WHERE s.execution_id = workflow_executions.id
                                  AND (s.status = 'COMPLETED' OR (s.status = 'FAILED' AND s.output IS NOT NULL))),
                tokens_used = (SELECT coalesce(sum(tokens_used), 0) FROM execution_steps s
                               WHERE s.execution_id = workflow_executions.id),
                cost = (SELECT coalesce(sum(cost), 0) FROM execution_steps s WHERE s.execution_id = workflow_executions.id),
                log_count = min((SELECT next_seq FROM temp.closing c WHERE c.id = workflow_executions.id) + 1, ?3),
                logs_dropped = logs_dropped
                    + ((SELECT next_seq FROM temp.closing c WHERE c.id = workflow_executions.id) >= ?3)
             WHERE id IN (SELECT id FROM temp.closing) AND completed_at IS NULL",
            params![reason, at, MAX_LOG_ENTRIES],
        )?;
        count_closed_runs(conn)?;
        sql::exec(
            conn,
            "INSERT INTO execution_logs (execution_id, seq, organization_id, status, timestamp, message, error)
             SELECT c.id, c.next_seq, e.organization_id, 'FAILED', ?1, ?2, ?2
             FROM temp.closing c JOIN workflow_executions e ON e.id = c.id WHERE c.next_seq < ?3",
            params![at, reason, MAX_LOG_ENTRIES],
        )?;
    }
    let calls = sql::all(
        conn,
        "UPDATE agent_executions SET status = 'FAILED', error = ?1, completed_at = ?2,
            duration = max(0, CAST((julianday(?2) - julianday(started_at)) * 86400000 AS INTEGER))
         WHERE status IN ('PENDING', 'RUNNING') AND runner_id IS ?3
         RETURNING organization_id, agent_id, provider, model, workflow_execution_id IS NOT NULL AS in_workflow,
            team_execution_id IS NOT NULL AS in_team, started_at, duration, tokens_in, tokens_out, cost",
        params![reason, at, runner],
        |row| {
            const A: &str = "agent_executions";
            Ok((
                [
                    sql::get::<String>(row, A, "organization_id")?,
                    sql::get::<String>(row, A, "agent_id")?,
                    sql::get::<String>(row, A, "provider")?,
                    sql::get::<String>(row, A, "model")?,
                    sql::get::<String>(row, A, "started_at")?,
                ],
                (sql::get::<bool>(row, A, "in_workflow")?, sql::get::<bool>(row, A, "in_team")?),
                [
                    sql::get::<i64>(row, A, "duration")?,
                    sql::get::<i64>(row, A, "tokens_in")?,
                    sql::get::<i64>(row, A, "tokens_out")?,
                    sql::get::<i64>(row, A, "cost")?,
                ],
            ))
        },
    )?;
    for ([org, agent, provider, model, started_at], (in_workflow, in_team), [duration, tokens_in, tokens_out, cost]) in
        &calls
    {
        let facts = CallFacts {
            org,
            agent,
            provider,
            model,
            origin: rollups::call_origin(*in_workflow, *in_team),
            started_at,
            status: "FAILED",
            duration_ms: *duration,
            tokens_in: *tokens_in,
            tokens_out: *tokens_out,
            cost: *cost,
        };
        rollups::record_call(conn, &facts)?;
    }
    let calls = calls.len();
    let teams = sql::all(
        conn,
        "UPDATE team_executions SET status = 'FAILED', error = ?1, completed_at = ?2,
            duration = max(0, CAST((julianday(?2) - julianday(started_at)) * 86400000 AS INTEGER))
         WHERE status IN ('PENDING', 'RUNNING') AND runner_id IS ?3
         RETURNING organization_id, team_id, workflow_execution_id IS NOT NULL AS in_workflow, started_at, duration,
            tokens_used, cost",
        params![reason, at, runner],
        |row| {
            const M: &str = "team_executions";
            Ok((
                [
                    sql::get::<String>(row, M, "organization_id")?,
                    sql::get::<String>(row, M, "team_id")?,
                    sql::get::<String>(row, M, "started_at")?,
                ],
                sql::get::<bool>(row, M, "in_workflow")?,
                [
                    sql::get::<i64>(row, M, "duration")?,
                    sql::get::<i64>(row, M, "tokens_used")?,
                    sql::get::<i64>(row, M, "cost")?,
                ],
            ))
        },
    )?;
    for ([org, team, started_at], in_workflow, [duration, tokens, cost]) in &teams {
        let facts = TeamFacts {
            org,
            team,
            in_workflow: *in_workflow,
            started_at,
            status: "FAILED",
            duration_ms: *duration,
            tokens: *tokens,
            cost: *cost,
        };
        rollups::record_team_run(conn, &facts)?;
    }
    let teams = teams.len();
    if calls > 0 {
        sql::exec(
            conn,
            "UPDATE ai_agents SET status = 'IDLE' WHERE status = 'BUSY' AND NOT EXISTS
               (SELECT 1 FROM agent_executions a WHERE a.agent_id = ai_agents.id AND a.status IN ('PENDING', 'RUNNING'))",
            [],
        )?;
    }
    conn.execute_batch("DELETE FROM temp.closing")?;
    Ok(executions + calls + teams)
}

/// Counts the runs recovery just closed (listed in `temp.closing`) in the rollups and error groups,
/// as `executions::finish` counts a run that ends normally.
fn count_closed_runs(conn: &Connection) -> Result<()> {
    let closed = sql::all(
        conn,
        "SELECT id, organization_id, workflow_id, trigger_kind, parent_execution_id IS NOT NULL AS nested, test_run,
            started_at, status, duration, nodes_executed, tokens_used, cost, completed_at, error
         FROM workflow_executions WHERE id IN (SELECT id FROM temp.closing)",
        [],
        |row| {
            const E: &str = "workflow_executions";
            Ok((
                Closed::decode(row)?,
                [
                    sql::get::<String>(row, E, "id")?,
                    sql::get::<String>(row, E, "status")?,
                    sql::get::<String>(row, E, "completed_at")?,
                ],
                [
                    sql::get::<i64>(row, E, "duration")?,
                    sql::get::<i64>(row, E, "nodes_executed")?,
                    sql::get::<i64>(row, E, "tokens_used")?,
                    sql::get::<i64>(row, E, "cost")?,
                ],
                sql::get::<Option<String>>(row, E, "error")?,
            ))
        },
    )?;
    for (run, [id, status, completed_at], [duration, nodes, tokens, cost], error) in &closed {
        run.count(conn, id, status, *duration, *nodes, *tokens, *cost, completed_at, error.as_deref())?;
    }
    Ok(())
}
