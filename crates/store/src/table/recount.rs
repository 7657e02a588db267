//! Rollups and error groups counted again from the records present, in a few set-wise statements
//! (error groups through the same code as a run's close). Runs removed by retention are no longer
//! there to count, so the app never does this on a real store: it serves the benchmark (which
//! writes a million runs directly, then counts them once) and the tests (which check it gives the
//! very rollups the incremental writes gave).

use crate::error::Result;
use crate::sql;
use crate::table::error_groups::{self, Failure};
use rusqlite::Connection;

/// The hour a stored time falls in (hours since the epoch), in SQL.
const HOUR: &str = "CAST(unixepoch(started_at) / 3600 AS INTEGER)";
/// Both grains of an hour `h`.
const GRAINS: &str = "(SELECT 'hour' AS grain UNION ALL SELECT 'day')";
const PERIOD: &str = "CASE g.grain WHEN 'hour' THEN h ELSE (h / 24) * 24 END";

/// Replaces every rollup and error group with a count of the records present.
pub fn recount(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM run_rollups; DELETE FROM agent_rollups; DELETE FROM team_rollups; DELETE FROM action_rollups;
         DELETE FROM error_rollups; DELETE FROM error_groups; UPDATE workflow_executions SET error_group = NULL
         WHERE error_group IS NOT NULL;",
    )?;
    conn.execute_batch(&format!(
        "INSERT INTO run_rollups (organization_id, grain, period, workflow_id, trigger_kind, nested, test_run, runs,
            completed, failed, cancelled, duration_ms, nodes, tokens, cost, latency)
         SELECT organization_id, g.grain, {PERIOD}, workflow_id, trigger_kind, nested, test_run, count(*),
            sum(status = 'COMPLETED'), sum(status = 'FAILED'), sum(status = 'CANCELLED'), sum(d), sum(nodes_executed),
            sum(tokens_used), sum(cost), nf_hist_of(d)
         FROM (SELECT *, {HOUR} AS h, parent_execution_id IS NOT NULL AS nested, max(coalesce(duration, 0), 0) AS d
               FROM workflow_executions WHERE completed_at IS NOT NULL), {GRAINS} g
         GROUP BY 1, 2, 3, 4, 5, 6, 7;

         INSERT INTO agent_rollups (organization_id, grain, period, agent_id, provider, model, origin, calls, completed,
            failed, cancelled, duration_ms, tokens_in, tokens_out, cost, latency)
         SELECT organization_id, g.grain, {PERIOD}, agent_id, provider, model, origin, count(*), sum(status = 'COMPLETED'),
            sum(status = 'FAILED'), sum(status = 'CANCELLED'), sum(d), sum(tokens_in), sum(tokens_out), sum(cost),
            nf_hist_of(d)
         FROM (SELECT *, {HOUR} AS h, max(coalesce(duration, 0), 0) AS d,
                  CASE WHEN team_execution_id IS NOT NULL THEN 'TEAM'
                       WHEN workflow_execution_id IS NOT NULL THEN 'WORKFLOW' ELSE 'DIRECT' END AS origin
               FROM agent_executions WHERE completed_at IS NOT NULL), {GRAINS} g
         GROUP BY 1, 2, 3, 4, 5, 6, 7;

         INSERT INTO team_rollups (organization_id, grain, period, team_id, origin, runs, completed, failed, cancelled,
            duration_ms, tokens, cost, latency)
         SELECT organization_id, g.grain, {PERIOD}, team_id, origin, count(*), sum(status = 'COMPLETED'),
            sum(status = 'FAILED'), sum(status = 'CANCELLED'), sum(d), sum(tokens_used), sum(cost), nf_hist_of(d)
         FROM (SELECT *, {HOUR} AS h, max(coalesce(duration, 0), 0) AS d,
                  CASE WHEN workflow_execution_id IS NOT NULL THEN 'WORKFLOW' ELSE 'DIRECT' END AS origin
               FROM team_executions WHERE completed_at IS NOT NULL), {GRAINS} g
         GROUP BY 1, 2, 3, 4, 5;

         INSERT INTO action_rollups (organization_id, grain, period, action, calls, completed, failed, cancelled,
            duration_us, latency)
         SELECT organization_id, g.grain, {PERIOD}, action, count(*), sum(status = 'COMPLETED'), sum(status = 'FAILED'),
            sum(status = 'CANCELLED'), sum(us), nf_hist_of(us / 1000)
         FROM (SELECT *, {HOUR} AS h, max(coalesce(duration_us, 0), 0) AS us FROM execution_steps
               WHERE action IS NOT NULL AND attempts > 0 AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')), {GRAINS} g
         GROUP BY 1, 2, 3, 4;"
    ))?;
    let failed = sql::all(
        conn,
        "SELECT id, organization_id, workflow_id, started_at, completed_at, error FROM workflow_executions
         WHERE status = 'FAILED' ORDER BY completed_at, id",
        [],
        |row| {
            const E: &str = "workflow_executions";
            Ok([
                sql::get::<String>(row, E, "id")?,
                sql::get::<String>(row, E, "organization_id")?,
                sql::get::<String>(row, E, "workflow_id")?,
                sql::get::<String>(row, E, "started_at")?,
                sql::get::<String>(row, E, "completed_at")?,
                sql::get::<Option<String>>(row, E, "error")?.unwrap_or_default(),
            ])
        },
    )?;
    for [id, org, workflow, started_at, completed_at, error] in &failed {
        let run_error = (!error.is_empty()).then_some(error.as_str());
        error_groups::record(conn, &Failure { org, execution: id, workflow, started_at, completed_at, run_error })?;
    }
    Ok(())
}
