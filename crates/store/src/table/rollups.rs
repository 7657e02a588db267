//! run_rollups, agent_rollups, team_rollups, action_rollups: the counts analytics read, kept per
//! hour and per UTC day (see migrations/V0004 for the tables).
//!
//! They are written only from here, and only by the store's own functions that close a record —
//! `executions::finish`, `agent_executions::finish`, `team_executions::finish`, a settled integration
//! step in `execution_steps::write`, and recovery's `runners::close_orphans` — inside the transaction
//! that closes it. A record is counted once, when it goes from open to closed, so rollups equal a
//! recount of the records and never drift; pruning the records leaves them alone. A call, team run
//! or action is counted by one two-row upsert (the hour's row and the day's), its latency added to
//! each row's histogram by `nf_hist_add` (see [`crate::histogram`]) without leaving SQLite.
//!
//! A run, the most frequent close, is noted in a temporary table of the connection, and the notes
//! are added to the rollups with one upsert per workflow and hour, and per day ([`add_due_runs`]).
//! On the writer thread that happens once per batch, just before its commit ([`flush_runs`]); on
//! any other connection (seeding, tools) at once. The notes are rows of the same transaction — a
//! write that fails rolls its savepoint back, notes included, and a batch that cannot commit rolls
//! back whole — so the rollups still change exactly when the runs close. Eight webhook runs of one
//! workflow in a batch cost one upsert instead of eight.

use crate::error::{Result, StoreError};
use crate::histogram::add_encoded;
use crate::sql;
use neuroflow_types::parse_timestamp;
use rusqlite::{Connection, params};

/// Built for the benchmark's uncounted comparison (the `uncounted` feature): nothing is counted.
const UNCOUNTED: bool = cfg!(feature = "uncounted");

thread_local! {
    /// Whether runs closed on this thread are noted for [`flush_runs`] (the writer thread's
    /// connection) rather than counted at once (any other connection: seeding, tests, tools).
    static DEFERRED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Makes this thread note the runs it closes on `conn`, for [`flush_runs`] before each commit.
/// Called once by the writer thread on its connection.
pub(crate) fn defer_run_counts(conn: &Connection) -> Result<()> {
    create_due_table(conn)?;
    DEFERRED.set(true);
    Ok(())
}

/// The temporary table of runs closed but not yet added to the rollups.
fn create_due_table(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS run_counts_due (organization_id, hour, day, workflow_id, trigger_kind, nested,
            test_run, completed, failed, cancelled, duration_ms, nodes, tokens, cost)",
    )?;
    Ok(())
}

/// On the writer thread: adds the runs noted in this transaction to the rollups.
pub(crate) fn flush_runs(conn: &Connection) -> Result<()> {
    if DEFERRED.get() { add_due_runs(conn) } else { Ok(()) }
}

/// Adds the noted runs to the rollups, one upsert per row they fall in, and forgets them.
fn add_due_runs(conn: &Connection) -> Result<()> {
    let sums = "count(*), sum(completed), sum(failed), sum(cancelled), sum(duration_ms), sum(nodes), sum(tokens),
        sum(cost), nf_hist_of(duration_ms) FROM temp.run_counts_due";
    let key = "organization_id, workflow_id, trigger_kind, nested, test_run";
    let noted = sql::exec(
        conn,
        &format!(
            "INSERT INTO run_rollups (organization_id, grain, period, workflow_id, trigger_kind, nested, test_run,
                runs, completed, failed, cancelled, duration_ms, nodes, tokens, cost, latency)
             SELECT * FROM (
                SELECT organization_id, 'hour', hour, workflow_id, trigger_kind, nested, test_run, {sums}
                    GROUP BY {key}, hour
                UNION ALL
                SELECT organization_id, 'day', day, workflow_id, trigger_kind, nested, test_run, {sums}
                    GROUP BY {key}, day
             ) WHERE true
             ON CONFLICT (organization_id, grain, period, workflow_id, trigger_kind, nested, test_run) DO UPDATE SET
                runs = runs + excluded.runs, completed = completed + excluded.completed,
                failed = failed + excluded.failed, cancelled = cancelled + excluded.cancelled,
                duration_ms = duration_ms + excluded.duration_ms, nodes = nodes + excluded.nodes,
                tokens = tokens + excluded.tokens, cost = cost + excluded.cost,
                latency = nf_hist_sum(latency, excluded.latency)"
        ),
        [],
    )?;
    if noted > 0 {
        sql::exec(conn, "DELETE FROM temp.run_counts_due", [])?;
    }
    Ok(())
}

/// The hour and the UTC day (both in hours since the epoch) a record started in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    pub hour: i64,
    pub day: i64,
}

impl Periods {
    /// From a stored time (`2026-11-22T08:15:30.123Z`).
    pub fn of(stored: &str) -> Result<Self> {
        let t = parse_timestamp(stored)
            .map_err(|e| StoreError::Internal(format!("a start time '{stored}' could not be read: {e}")))?;
        Ok(Self::at_ms(t.timestamp_millis()))
    }

    /// From milliseconds since the epoch.
    pub fn at_ms(ms: i64) -> Self {
        let hour = ms.div_euclid(3_600_000);
        Self { hour, day: hour.div_euclid(24) * 24 }
    }
}

/// (completed, failed, cancelled) as 0/1 for a final status.
fn outcome(status: &str) -> (i64, i64, i64) {
    (i64::from(status == "COMPLETED"), i64::from(status == "FAILED"), i64::from(status == "CANCELLED"))
}

/// A workflow run, as counted.
#[derive(Debug, Clone)]
pub struct RunFacts<'a> {
    pub org: &'a str,
    pub workflow: &'a str,
    pub trigger: &'a str,
    pub nested: bool,
    pub test_run: bool,
    pub started_at: &'a str,
    pub status: &'a str,
    pub duration_ms: i64,
    pub nodes: i64,
    pub tokens: i64,
    pub cost: i64,
}

pub(crate) fn record_run(conn: &Connection, f: &RunFacts) -> Result<()> {
    if UNCOUNTED {
        return Ok(());
    }
    let (completed, failed, cancelled) = outcome(f.status);
    let p = Periods::of(f.started_at)?;
    let deferred = DEFERRED.get();
    if !deferred {
        create_due_table(conn)?;
    }
    sql::exec(
        conn,
        "INSERT INTO temp.run_counts_due VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            f.org,
            p.hour,
            p.day,
            f.workflow,
            f.trigger,
            f.nested,
            f.test_run,
            completed,
            failed,
            cancelled,
            f.duration_ms.max(0),
            f.nodes,
            f.tokens,
            f.cost
        ],
    )?;
    // Off the writer thread nothing flushes later: count it now.
    if !deferred {
        add_due_runs(conn)?;
    }
    Ok(())
}

/// An agent call, as counted.
#[derive(Debug, Clone)]
pub struct CallFacts<'a> {
    pub org: &'a str,
    pub agent: &'a str,
    pub provider: &'a str,
    pub model: &'a str,
    /// `DIRECT`, `WORKFLOW` or `TEAM`.
    pub origin: &'static str,
    pub started_at: &'a str,
    pub status: &'a str,
    pub duration_ms: i64,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub cost: i64,
}

pub(crate) fn record_call(conn: &Connection, f: &CallFacts) -> Result<()> {
    if UNCOUNTED {
        return Ok(());
    }
    let (completed, failed, cancelled) = outcome(f.status);
    let p = Periods::of(f.started_at)?;
    let duration = f.duration_ms.max(0);
    sql::exec(
        conn,
        "INSERT INTO agent_rollups (organization_id, grain, period, agent_id, provider, model, origin,
                calls, completed, failed, cancelled, duration_ms, tokens_in, tokens_out, cost, latency)
             VALUES (?1, 'hour', ?2, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15),
                    (?1, 'day', ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (organization_id, grain, period, agent_id, provider, model, origin) DO UPDATE SET
                calls = calls + 1, completed = completed + excluded.completed, failed = failed + excluded.failed,
                cancelled = cancelled + excluded.cancelled, duration_ms = duration_ms + excluded.duration_ms,
                tokens_in = tokens_in + excluded.tokens_in, tokens_out = tokens_out + excluded.tokens_out,
                cost = cost + excluded.cost, latency = nf_hist_add(latency, excluded.duration_ms)",
        params![
            f.org,
            p.hour,
            p.day,
            f.agent,
            f.provider,
            f.model,
            f.origin,
            completed,
            failed,
            cancelled,
            duration,
            f.tokens_in,
            f.tokens_out,
            f.cost,
            add_encoded(&[], duration)
        ],
    )?;
    Ok(())
}

/// Where an agent call was made, from the record's links.
pub fn call_origin(workflow_execution: bool, team_execution: bool) -> &'static str {
    match (team_execution, workflow_execution) {
        (true, _) => "TEAM",
        (false, true) => "WORKFLOW",
        (false, false) => "DIRECT",
    }
}

/// A team run, as counted.
#[derive(Debug, Clone)]
pub struct TeamFacts<'a> {
    pub org: &'a str,
    pub team: &'a str,
    pub in_workflow: bool,
    pub started_at: &'a str,
    pub status: &'a str,
    pub duration_ms: i64,
    pub tokens: i64,
    pub cost: i64,
}

pub(crate) fn record_team_run(conn: &Connection, f: &TeamFacts) -> Result<()> {
    if UNCOUNTED {
        return Ok(());
    }
    let (completed, failed, cancelled) = outcome(f.status);
    let origin = if f.in_workflow { "WORKFLOW" } else { "DIRECT" };
    let p = Periods::of(f.started_at)?;
    let duration = f.duration_ms.max(0);
    sql::exec(
        conn,
        "INSERT INTO team_rollups (organization_id, grain, period, team_id, origin, runs, completed, failed,
                cancelled, duration_ms, tokens, cost, latency)
             VALUES (?1, 'hour', ?2, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12),
                    (?1, 'day', ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (organization_id, grain, period, team_id, origin) DO UPDATE SET
                runs = runs + 1, completed = completed + excluded.completed, failed = failed + excluded.failed,
                cancelled = cancelled + excluded.cancelled, duration_ms = duration_ms + excluded.duration_ms,
                tokens = tokens + excluded.tokens, cost = cost + excluded.cost,
                latency = nf_hist_add(latency, excluded.duration_ms)",
        params![
            f.org,
            p.hour,
            p.day,
            f.team,
            origin,
            completed,
            failed,
            cancelled,
            duration,
            f.tokens,
            f.cost,
            add_encoded(&[], duration)
        ],
    )?;
    Ok(())
}

/// An integration action run by a step, as counted (its latency in milliseconds, its sum in µs).
#[derive(Debug, Clone)]
pub struct ActionFacts<'a> {
    pub org: &'a str,
    pub action: &'a str,
    pub started_at: &'a str,
    pub status: &'a str,
    pub duration_us: i64,
}

pub(crate) fn record_action(conn: &Connection, f: &ActionFacts) -> Result<()> {
    if UNCOUNTED {
        return Ok(());
    }
    let (completed, failed, cancelled) = outcome(f.status);
    let us = f.duration_us.max(0);
    let p = Periods::of(f.started_at)?;
    sql::exec(
        conn,
        "INSERT INTO action_rollups (organization_id, grain, period, action, calls, completed, failed, cancelled,
            duration_us, latency)
         VALUES (?1, 'hour', ?2, ?4, 1, ?5, ?6, ?7, ?8, ?10), (?1, 'day', ?3, ?4, 1, ?5, ?6, ?7, ?8, ?10)
         ON CONFLICT (organization_id, grain, period, action) DO UPDATE SET
            calls = calls + 1, completed = completed + excluded.completed, failed = failed + excluded.failed,
            cancelled = cancelled + excluded.cancelled, duration_us = duration_us + excluded.duration_us,
            latency = nf_hist_add(latency, ?9)",
        params![
            f.org,
            p.hour,
            p.day,
            f.action,
            completed,
            failed,
            cancelled,
            us,
            us / 1_000,
            add_encoded(&[], us / 1_000)
        ],
    )?;
    Ok(())
}

/// Whether a step's write closes an integration call that counts: a final status reached by running
/// it (at least one attempt; a reused or pinned output is not a call).
pub(crate) fn step_counts(status: &str, attempts: i64, action: Option<&str>) -> bool {
    action.is_some() && attempts > 0 && matches!(status, "COMPLETED" | "FAILED" | "CANCELLED")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_whole_hours_and_utc_days() {
        let p = Periods::of("2026-11-22T08:15:30.123Z").unwrap();
        assert_eq!(p.hour % 24, 8);
        assert_eq!(p.day, p.hour - 8);
        let midnight = Periods::of("2026-11-22T00:00:00.000Z").unwrap();
        assert_eq!(midnight.hour, midnight.day);
        assert!(Periods::of("yesterday").is_err());
    }
}
