//! Reading the rollups: sums of runs, agent calls, team runs and integration calls over a range of
//! hours, grouped as a query needs, with their latency histograms merged inside SQLite; the error
//! groups of a range; the names of what the rollups count.
//!
//! A range is read from the day rows of the whole UTC days inside it and the hour rows of its ragged
//! ends ([`Cover`]), so 90 days of one workflow is 90 rows plus at most 46, not 2,160: every query
//! stays a few index ranges over thousands of rows, however many runs there were.

use crate::error::Result;
use crate::histogram::Histogram;
use crate::sql;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Row, params_from_iter};
use std::collections::HashMap;

/// Hours `[from, to)` since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourRange {
    pub from: i64,
    pub to: i64,
}

/// Which rows cover a range: hour rows `[a, b)`, day rows `[b, c)`, hour rows `[c, d)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cover([i64; 4]);

impl Cover {
    /// With `days`, the whole UTC days inside the range are read from day rows.
    fn new(range: HourRange, days: bool) -> Self {
        let (from, to) = (range.from, range.to.max(range.from));
        let first_day = from.div_euclid(24) * 24 + if from.rem_euclid(24) == 0 { 0 } else { 24 };
        let last_day = to.div_euclid(24) * 24;
        if days && first_day < last_day { Self([from, first_day, last_day, to]) } else { Self([from, to, to, to]) }
    }

    const SQL: &'static str = "((grain = 'hour' AND period >= ? AND period < ?) OR (grain = 'day' AND period >= ? \
                               AND period < ?) OR (grain = 'hour' AND period >= ? AND period < ?))";

    fn params(self) -> [SqlValue; 6] {
        let [a, b, c, d] = self.0;
        [a, b, b, c, c, d].map(SqlValue::Integer)
    }
}

/// How sums are bucketed in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// One sum for the whole range (read from day rows where it can).
    Whole,
    /// One sum per hour (hour rows only).
    Hour,
    /// One sum per UTC day.
    Day,
}

impl Bucket {
    fn expr(self) -> &'static str {
        match self {
            Self::Whole => "0",
            Self::Hour => "period",
            Self::Day => "(period / 24) * 24",
        }
    }

    fn uses_days(self) -> bool {
        self != Self::Hour
    }
}

/// Sums of counts over rollup rows. Fields a kind does not have stay 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sums {
    pub runs: i64,
    pub completed: i64,
    pub failed: i64,
    pub cancelled: i64,
    /// Milliseconds (microseconds for integration actions).
    pub duration: i64,
    pub nodes: i64,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub tokens: i64,
    pub cost: i64,
    pub latency: Histogram,
}

impl Sums {
    pub fn add(&mut self, o: &Sums) {
        self.runs += o.runs;
        self.completed += o.completed;
        self.failed += o.failed;
        self.cancelled += o.cancelled;
        self.duration += o.duration;
        self.nodes += o.nodes;
        self.tokens_in += o.tokens_in;
        self.tokens_out += o.tokens_out;
        self.tokens += o.tokens;
        self.cost += o.cost;
        self.latency.merge(&o.latency);
    }
}

/// Sums for one group and bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The group's key ('' when not grouped).
    pub key: String,
    /// The bucket's start in hours since the epoch (0 for [`Bucket::Whole`]).
    pub period: i64,
    pub sums: Sums,
}

/// A rollup table and the SQL that sums its counters into a [`Sums`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Runs,
    Calls,
    Teams,
    Actions,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Self::Runs => "run_rollups",
            Self::Calls => "agent_rollups",
            Self::Teams => "team_rollups",
            Self::Actions => "action_rollups",
        }
    }

    /// runs, completed, failed, cancelled, duration, nodes, tokens_in, tokens_out, tokens, cost.
    fn sums(self) -> &'static str {
        match self {
            Self::Runs => {
                "sum(runs), sum(completed), sum(failed), sum(cancelled), sum(duration_ms), sum(nodes), 0, 0, \
                 sum(tokens), sum(cost)"
            }
            Self::Calls => {
                "sum(calls), sum(completed), sum(failed), sum(cancelled), sum(duration_ms), 0, sum(tokens_in), \
                 sum(tokens_out), sum(tokens_in + tokens_out), sum(cost)"
            }
            Self::Teams => {
                "sum(runs), sum(completed), sum(failed), sum(cancelled), sum(duration_ms), 0, 0, 0, sum(tokens), \
                 sum(cost)"
            }
            Self::Actions => "sum(calls), sum(completed), sum(failed), sum(cancelled), sum(duration_us), 0, 0, 0, 0, 0",
        }
    }
}

/// A condition on rollup rows beyond the range, e.g. `("workflow_id = ?", value)`.
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    sql: String,
    params: Vec<SqlValue>,
}

impl Conditions {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `condition` (with `?` placeholders) and its parameters.
    pub fn and(mut self, condition: &str, params: impl IntoIterator<Item = SqlValue>) -> Self {
        self.sql.push_str(" AND ");
        self.sql.push_str(condition);
        self.params.extend(params);
        self
    }
}

/// Sums a rollup table over a range, grouped by `key` (an SQL expression over its columns, e.g.
/// `workflow_id`, or `''`) and bucketed in time.
pub fn sums(
    conn: &Connection,
    org: &str,
    kind: Kind,
    range: HourRange,
    key: &str,
    bucket: Bucket,
    conditions: &Conditions,
) -> Result<Vec<Cell>> {
    let cover = Cover::new(range, bucket.uses_days());
    let query = format!(
        "SELECT {key} AS k, {bucket} AS b, {sums}, nf_hist_merge(latency) FROM {table}
         WHERE organization_id = ? AND {cover}{extra} GROUP BY k, b",
        bucket = bucket.expr(),
        sums = kind.sums(),
        table = kind.table(),
        cover = Cover::SQL,
        extra = conditions.sql,
    );
    let params: Vec<SqlValue> = std::iter::once(SqlValue::Text(org.to_string()))
        .chain(cover.params())
        .chain(conditions.params.iter().cloned())
        .collect();
    let mut stmt = conn.prepare_cached(&query)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(cell(row)?);
    }
    Ok(out)
}

fn cell(row: &Row) -> Result<Cell> {
    const R: &str = "rollups";
    let n = |i: usize| -> Result<i64> {
        row.get::<_, Option<i64>>(i).map(Option::unwrap_or_default).map_err(|e| crate::StoreError::Corrupt {
            table: R,
            column: "sum",
            reason: e.to_string(),
        })
    };
    let blob: Vec<u8> =
        row.get(12).map_err(|e| crate::StoreError::Corrupt { table: R, column: "latency", reason: e.to_string() })?;
    Ok(Cell {
        key: row.get::<_, Option<String>>(0)?.unwrap_or_default(),
        period: row.get(1)?,
        sums: Sums {
            runs: n(2)?,
            completed: n(3)?,
            failed: n(4)?,
            cancelled: n(5)?,
            duration: n(6)?,
            nodes: n(7)?,
            tokens_in: n(8)?,
            tokens_out: n(9)?,
            tokens: n(10)?,
            cost: n(11)?,
            latency: Histogram::decode(&blob).map_err(|reason| crate::StoreError::Corrupt {
                table: R,
                column: "latency",
                reason,
            })?,
        },
    })
}

/// An error group with its failures in a range.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub id: String,
    pub workflow_id: String,
    pub node_id: Option<String>,
    pub node_name: Option<String>,
    pub signature: String,
    pub sample: String,
    pub sample_execution_id: String,
    pub in_range: i64,
    pub total: i64,
    pub first_seen: neuroflow_types::Timestamp,
    pub last_seen: neuroflow_types::Timestamp,
}

/// The error groups with failures in a range (optionally of one workflow), most failures first, and
/// the failures of all groups in the range.
pub fn error_groups(
    conn: &Connection,
    org: &str,
    range: HourRange,
    workflow: Option<&str>,
    limit: usize,
) -> Result<(Vec<GroupRow>, i64)> {
    let cover = Cover::new(range, true);
    let filter = if workflow.is_some() { " WHERE g.workflow_id = ?" } else { "" };
    let query = format!(
        "SELECT g.*, r.n FROM (SELECT group_id, sum(failures) AS n FROM error_rollups
            WHERE organization_id = ? AND {} GROUP BY group_id) r
         JOIN error_groups g ON g.id = r.group_id{filter}
         ORDER BY r.n DESC, g.last_seen DESC, g.id",
        Cover::SQL
    );
    let params: Vec<SqlValue> = std::iter::once(SqlValue::Text(org.to_string()))
        .chain(cover.params())
        .chain(workflow.map(|w| SqlValue::Text(w.to_string())))
        .collect();
    const G: &str = "error_groups";
    let all = sql::all(conn, &query, params_from_iter(params), |row| {
        Ok(GroupRow {
            id: sql::get(row, G, "id")?,
            workflow_id: sql::get(row, G, "workflow_id")?,
            node_id: sql::get(row, G, "node_id")?,
            node_name: sql::get(row, G, "node_name")?,
            signature: sql::get(row, G, "signature")?,
            sample: sql::get(row, G, "sample")?,
            sample_execution_id: sql::get(row, G, "sample_execution_id")?,
            in_range: sql::get(row, G, "n")?,
            total: sql::get(row, G, "failures")?,
            first_seen: sql::time(row, G, "first_seen")?,
            last_seen: sql::time(row, G, "last_seen")?,
        })
    })?;
    let failures = all.iter().map(|g| g.in_range).sum();
    Ok((all.into_iter().take(limit).collect(), failures))
}

/// What the rollups count, by id: workflows, agents or teams (`kind`), live or deleted.
pub fn labels(conn: &Connection, org: &str, kind: &str) -> Result<HashMap<String, String>> {
    let live = match kind {
        "workflow" => "automation_workflows",
        "agent" => "ai_agents",
        "team" => "agent_teams",
        other => return Err(crate::StoreError::Invalid(format!("there are no labels of '{other}'"))),
    };
    let rows = sql::all(
        conn,
        &format!(
            "SELECT id, name FROM rollup_labels WHERE organization_id = ?1 AND kind = ?2
             UNION ALL SELECT id, name FROM {live} WHERE organization_id = ?1"
        ),
        [org, kind],
        |row| Ok((sql::get::<String>(row, live, "id")?, sql::get::<String>(row, live, "name")?)),
    )?;
    // Live names come last and win.
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_read_whole_days_from_day_rows() {
        // 2026-11-20 05:00 to 2026-11-23 07:00 (hours since the epoch).
        let day = 20_412 * 24;
        let range = HourRange { from: day + 5, to: day + 3 * 24 + 7 };
        assert_eq!(Cover::new(range, true).0, [day + 5, day + 24, day + 72, day + 79]);
        assert_eq!(Cover::new(range, false).0, [day + 5, day + 79, day + 79, day + 79]);
        // Less than a whole day inside: hours only.
        assert_eq!(
            Cover::new(HourRange { from: day + 5, to: day + 30 }, true).0,
            [day + 5, day + 30, day + 30, day + 30]
        );
        // Aligned on midnights: days only.
        assert_eq!(Cover::new(HourRange { from: day, to: day + 48 }, true).0, [day, day, day + 48, day + 48]);
    }
}
