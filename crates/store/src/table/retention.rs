//! Retention over workflow_executions and what hangs off them: which runs are past their time, and
//! removing them in small batches; removing old log lines of runs that stay; giving pages back.
//!
//! A prune is done in batches so that it never holds the writer long: the caller picks the ids on a
//! reader ([`due`], [`logs_due`]), may archive them, then removes exactly those in one short write
//! ([`remove`], [`remove_logs`]) that checks again that each is still due (a run pinned in between is
//! kept). A run goes with its sub-workflows' runs, its agent calls and its team runs (an agent call
//! left behind without its run would read as a direct conversation and join the agent's memory); its
//! steps and log lines go by cascade. Rollups are not touched: analytics outlive the records.
//! A pinned run is kept, and so are its sub-workflows' runs and the run a pinned run is part of.

use crate::error::Result;
use crate::sql;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params, params_from_iter};

/// Where each kind of record's time is up, as stored times: runs started and finished before these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cutoffs {
    pub completed: String,
    pub failed: String,
    pub logs: String,
}

/// Not pinned, not part of a pinned run, and without a pinned sub-workflow run.
const KEEP_PINNED: &str = "e.pinned = 0
    AND NOT EXISTS (SELECT 1 FROM workflow_executions c WHERE c.parent_execution_id = e.id AND c.pinned = 1)
    AND (e.parent_execution_id IS NULL
         OR NOT EXISTS (SELECT 1 FROM workflow_executions p WHERE p.id = e.parent_execution_id AND p.pinned = 1))";

/// Up to `limit` runs past their time, oldest first (each status read along its own index range).
pub fn due(conn: &Connection, org: &str, cut: &Cutoffs, limit: usize) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for (status, before) in [("COMPLETED", &cut.completed), ("FAILED", &cut.failed), ("CANCELLED", &cut.failed)] {
        if ids.len() >= limit {
            break;
        }
        ids.extend(sql::all(
            conn,
            &format!(
                "SELECT e.id FROM workflow_executions e
                 WHERE e.status = ?1 AND e.started_at < ?2 AND e.completed_at < ?2 AND e.organization_id = ?3
                   AND {KEEP_PINNED}
                 ORDER BY e.started_at LIMIT ?4"
            ),
            params![status, before, org, (limit - ids.len()) as i64],
            |row| sql::get::<String>(row, "workflow_executions", "id"),
        )?);
    }
    Ok(ids)
}

/// How many runs are past their time, and how many of those are kept because they are pinned.
pub fn count_due(conn: &Connection, org: &str, cut: &Cutoffs) -> Result<(i64, i64)> {
    let mut due = 0;
    let mut pinned = 0;
    for (status, before) in [("COMPLETED", &cut.completed), ("FAILED", &cut.failed), ("CANCELLED", &cut.failed)] {
        let (all, kept): (i64, i64) = conn
            .prepare_cached(&format!(
                "SELECT count(*), coalesce(sum(NOT ({KEEP_PINNED})), 0) FROM workflow_executions e
                 WHERE e.status = ?1 AND e.started_at < ?2 AND e.completed_at < ?2 AND e.organization_id = ?3"
            ))?
            .query_row(params![status, before, org], |r| Ok((r.get(0)?, r.get(1)?)))?;
        due += all - kept;
        pinned += kept;
    }
    Ok((due, pinned))
}

/// What a batch removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    pub executions: i64,
    pub steps: i64,
    pub agent_calls: i64,
    pub team_runs: i64,
    pub log_lines: i64,
}

/// Fills `temp.prune_ids` with `ids` that are still due, and their sub-workflows' runs.
fn stage(conn: &Connection, org: &str, ids: &[String], cut: &Cutoffs) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS prune_ids (id TEXT PRIMARY KEY) WITHOUT ROWID;
         DELETE FROM temp.prune_ids;",
    )?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO temp.prune_ids SELECT e.id FROM workflow_executions e
         WHERE e.id = ?1 AND e.organization_id = ?2 AND {KEEP_PINNED}
           AND ((e.status = 'COMPLETED' AND e.completed_at < ?3)
                OR (e.status IN ('FAILED', 'CANCELLED') AND e.completed_at < ?4))"
    ))?;
    for id in ids {
        insert.execute(params![id, org, cut.completed, cut.failed])?;
    }
    conn.execute_batch(
        "WITH RECURSIVE d(id) AS (SELECT id FROM temp.prune_ids
            UNION SELECT c.id FROM workflow_executions c JOIN d ON c.parent_execution_id = d.id)
         INSERT OR IGNORE INTO temp.prune_ids SELECT id FROM d;",
    )?;
    Ok(())
}

/// The runs a batch will remove: `ids` still due, with their sub-workflows' runs (for archiving).
pub fn expand(conn: &Connection, org: &str, ids: &[String], cut: &Cutoffs) -> Result<Vec<String>> {
    stage(conn, org, ids, cut)?;
    let all = sql::all(conn, "SELECT id FROM temp.prune_ids ORDER BY id", [], |row| {
        sql::get::<String>(row, "prune_ids", "id")
    })?;
    conn.execute_batch("DELETE FROM temp.prune_ids")?;
    Ok(all)
}

/// Removes the runs `ids` that are still due, with everything that hangs off them, in the caller's
/// transaction. The change feed gets one 'execution deleted' row for the batch, not one per run.
pub fn remove(conn: &Connection, org: &str, ids: &[String], cut: &Cutoffs) -> Result<Removed> {
    stage(conn, org, ids, cut)?;
    let before = crate::table::changes::latest(conn)?;
    // Counted before: a sub-workflow's run goes by cascade with its parent's, uncounted by SQLite.
    let executions: i64 = conn.prepare_cached("SELECT count(*) FROM temp.prune_ids")?.query_row([], |r| r.get(0))?;
    let steps: i64 = conn
        .prepare_cached("SELECT count(*) FROM execution_steps WHERE execution_id IN (SELECT id FROM temp.prune_ids)")?
        .query_row([], |r| r.get(0))?;
    let log_lines: i64 = conn
        .prepare_cached("SELECT count(*) FROM execution_logs WHERE execution_id IN (SELECT id FROM temp.prune_ids)")?
        .query_row([], |r| r.get(0))?;
    let team_calls: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM agent_executions WHERE team_execution_id IN
               (SELECT id FROM team_executions WHERE workflow_execution_id IN (SELECT id FROM temp.prune_ids))",
        )?
        .query_row([], |r| r.get(0))?;
    let calls = sql::exec(
        conn,
        "DELETE FROM agent_executions WHERE workflow_execution_id IN (SELECT id FROM temp.prune_ids)
           AND (team_execution_id IS NULL OR team_execution_id NOT IN
                (SELECT id FROM team_executions WHERE workflow_execution_id IN (SELECT id FROM temp.prune_ids)))",
        [],
    )?;
    let teams = sql::exec(
        conn,
        "DELETE FROM team_executions WHERE workflow_execution_id IN (SELECT id FROM temp.prune_ids)",
        [],
    )?;
    sql::exec(conn, "DELETE FROM workflow_executions WHERE id IN (SELECT id FROM temp.prune_ids)", [])?;
    conn.execute_batch("DELETE FROM temp.prune_ids")?;
    collapse_changes(conn, before)?;
    Ok(Removed { executions, steps, agent_calls: calls as i64 + team_calls, team_runs: teams as i64, log_lines })
}

/// Replaces the per-run 'deleted' rows a batch added to the change feed by one.
fn collapse_changes(conn: &Connection, before: i64) -> Result<()> {
    let removed =
        sql::exec(conn, "DELETE FROM changes WHERE seq > ? AND model = 'execution' AND action = 'deleted'", [before])?;
    if removed > 0 {
        sql::exec(conn, "INSERT INTO changes (model, model_id, action) VALUES ('execution', NULL, 'deleted')", [])?;
    }
    Ok(())
}

/// The smallest UUIDv7 of a moment: ids below it were made before it.
pub fn id_floor(ms: i64) -> String {
    let ms = ms.max(0) as u64;
    format!("{:08x}-{:04x}-7000-8000-000000000000", ms >> 16, ms & 0xffff)
}

/// Up to `limit` runs whose log lines are past their time (finished before the cutoff, not pinned),
/// found along the log table's own key — run ids are time-ordered — from `after` on. Returns them and
/// where the scan stopped (the next batch starts there).
pub fn logs_due(
    conn: &Connection,
    after: &str,
    before_id: &str,
    logs_before: &str,
    limit: usize,
) -> Result<(Vec<String>, Option<String>)> {
    let candidates = sql::all(
        conn,
        "SELECT DISTINCT execution_id FROM execution_logs WHERE execution_id > ? AND execution_id < ?
         ORDER BY execution_id LIMIT ?",
        params![after, before_id, limit as i64],
        |row| sql::get::<String>(row, "execution_logs", "execution_id"),
    )?;
    let Some(last) = candidates.last().cloned() else { return Ok((vec![], None)) };
    let marks = vec!["?"; candidates.len()].join(", ");
    let params: Vec<SqlValue> = std::iter::once(SqlValue::Text(logs_before.to_string()))
        .chain(candidates.into_iter().map(SqlValue::Text))
        .collect();
    let due = sql::all(
        conn,
        &format!(
            "SELECT e.id FROM workflow_executions e WHERE e.completed_at < ? AND e.id IN ({marks}) AND {KEEP_PINNED}"
        ),
        params_from_iter(params),
        |row| sql::get::<String>(row, "workflow_executions", "id"),
    )?;
    Ok((due, Some(last)))
}

/// Removes the log lines of `ids`; returns how many went.
pub fn remove_logs(conn: &Connection, ids: &[String]) -> Result<i64> {
    let mut removed = 0;
    for id in ids {
        removed += sql::exec(conn, "DELETE FROM execution_logs WHERE execution_id = ?", [id])? as i64;
    }
    Ok(removed)
}

/// How many log lines are past their time (for a dry run).
pub fn count_logs_due(conn: &Connection, before_id: &str, logs_before: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM execution_logs l JOIN workflow_executions e ON e.id = l.execution_id
             WHERE l.execution_id < ? AND e.completed_at < ? AND {KEEP_PINNED}"
        ))?
        .query_row(params![before_id, logs_before], |r| r.get(0))?)
}

/// Gives up to `pages` free pages back to the file system; returns how many were freed.
pub fn vacuum_step(conn: &Connection, pages: i64) -> Result<i64> {
    let free_before: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let mut stmt = conn.prepare(&format!("PRAGMA incremental_vacuum({})", pages.max(1)))?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
    let free_after: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    Ok(free_before - free_after)
}

/// Free pages in the file, and the page size.
pub fn free_pages(conn: &Connection) -> Result<(i64, i64)> {
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    Ok((free, size))
}

/// Runs, pinned runs and the oldest run's start.
pub fn stored(conn: &Connection, org: &str) -> Result<(i64, i64, Option<String>)> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM workflow_executions WHERE organization_id = ?1),
                    (SELECT count(*) FROM workflow_executions WHERE pinned = 1 AND organization_id = ?1),
                    (SELECT min(started_at) FROM workflow_executions WHERE organization_id = ?1)",
        )?
        .query_row([org], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_floors_order_like_the_ids_of_their_time() {
        let earlier = neuroflow_types::ExecutionId::new().to_string();
        let ms = neuroflow_types::now().timestamp_millis() + 5;
        let floor = id_floor(ms);
        assert!(earlier < floor, "{earlier} < {floor}");
        assert!(id_floor(ms - 10_000) < earlier);
    }
}
