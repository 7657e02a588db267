//! Whole runs as plain JSON, column by column — for the archive a prune may write and for reading it
//! back. A run is its workflow_executions row with its steps, log lines, team runs and agent calls.
//!
//! Rows are read with `SELECT *` and written back naming only the columns both the archive and the
//! current schema have, so an archive written before a migration added a column still imports (the
//! column takes its default), and one written after is read by a store that lacks it. JSON columns
//! stay the text they were, so a run comes back byte for byte.

use crate::error::{Result, StoreError};
use crate::sql;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, Row, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;

type Object = Map<String, Value>;

/// One run with everything that hangs off it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunRecord {
    pub execution: Object,
    pub steps: Vec<Object>,
    pub logs: Vec<Object>,
    pub team_runs: Vec<Object>,
    pub agent_calls: Vec<Object>,
}

impl RunRecord {
    pub fn id(&self) -> &str {
        self.execution.get("id").and_then(Value::as_str).unwrap_or("")
    }
}

/// Reads the runs `ids` (those that exist), in the order given.
pub fn read_runs(conn: &Connection, ids: &[String]) -> Result<Vec<RunRecord>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(execution) = objects(conn, "SELECT * FROM workflow_executions WHERE id = ?", id)?.pop() else {
            continue;
        };
        out.push(RunRecord {
            execution,
            steps: objects(conn, "SELECT * FROM execution_steps WHERE execution_id = ? ORDER BY ordinal, node_id", id)?,
            logs: objects(conn, "SELECT * FROM execution_logs WHERE execution_id = ? ORDER BY seq", id)?,
            team_runs: objects(conn, "SELECT * FROM team_executions WHERE workflow_execution_id = ? ORDER BY id", id)?,
            agent_calls: objects(
                conn,
                "SELECT * FROM agent_executions WHERE workflow_execution_id = ?1 OR team_execution_id IN
                   (SELECT id FROM team_executions WHERE workflow_execution_id = ?1) ORDER BY id",
                id,
            )?,
        });
    }
    Ok(out)
}

fn objects(conn: &Connection, query: &str, id: &str) -> Result<Vec<Object>> {
    let mut stmt = conn.prepare_cached(query)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_string).collect();
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(object(row, &names)?);
    }
    Ok(out)
}

fn object(row: &Row, names: &[String]) -> Result<Object> {
    let mut o = Map::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let value = match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::from(n),
            ValueRef::Real(f) => Value::from(f),
            ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => {
                return Err(StoreError::Internal(format!("column {name} holds bytes, which records do not carry")));
            }
        };
        o.insert(name.clone(), value);
    }
    Ok(o)
}

/// What an import wrote and left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub executions: i64,
    pub steps: i64,
    pub log_lines: i64,
    pub team_runs: i64,
    pub agent_calls: i64,
    pub already_present: i64,
    pub workflow_missing: i64,
}

/// Writes runs back into the organization `org` (in the caller's transaction): a run already there
/// is left alone, a run whose workflow is gone is left out; links to runs that are gone (a parent, the
/// run re-run) are cleared; team runs and agent calls of deleted teams or agents are left out. Rollups
/// are not touched: they counted these runs when they ended.
pub fn insert_runs(conn: &Connection, org: &str, records: &[RunRecord]) -> Result<Imported> {
    let mut counts = Imported::default();
    let columns = |table: &str| -> Result<HashSet<String>> {
        Ok(sql::all(conn, &format!("SELECT name FROM pragma_table_info('{table}')"), [], |row| {
            sql::get::<String>(row, "pragma_table_info", "name")
        })?
        .into_iter()
        .collect())
    };
    let tables = [
        ("workflow_executions", columns("workflow_executions")?),
        ("execution_steps", columns("execution_steps")?),
        ("execution_logs", columns("execution_logs")?),
        ("team_executions", columns("team_executions")?),
        ("agent_executions", columns("agent_executions")?),
    ];
    let exists = |table: &str, id: &Value| -> Result<bool> {
        let Some(id) = id.as_str() else { return Ok(false) };
        Ok(sql::one(conn, &format!("SELECT 1 FROM {table} WHERE id = ?"), [id], |_| Ok(()))?.is_some())
    };
    let mut sorted: Vec<&RunRecord> = records.iter().collect();
    sorted.sort_by(|a, b| a.id().cmp(b.id()));
    for record in sorted {
        let mut execution = record.execution.clone();
        if execution.get("organization_id").and_then(Value::as_str) != Some(org) {
            return Err(StoreError::Invalid(format!(
                "run {} belongs to another organization ({}); import an archive into the organization it came from",
                record.id(),
                execution.get("organization_id").and_then(Value::as_str).unwrap_or("none")
            )));
        }
        if exists("workflow_executions", &Value::String(record.id().to_string()))? {
            counts.already_present += 1;
            continue;
        }
        if !exists("automation_workflows", execution.get("workflow_id").unwrap_or(&Value::Null))? {
            counts.workflow_missing += 1;
            continue;
        }
        for link in ["parent_execution_id", "rerun_of"] {
            let target = execution.get(link).cloned().unwrap_or(Value::Null);
            if !target.is_null() && !exists("workflow_executions", &target)? {
                execution.insert(link.into(), Value::Null);
            }
        }
        insert(conn, &tables[0], &execution)?;
        counts.executions += 1;
        for step in &record.steps {
            insert(conn, &tables[1], step)?;
            counts.steps += 1;
        }
        for line in &record.logs {
            insert(conn, &tables[2], line)?;
            counts.log_lines += 1;
        }
        let mut teams_kept = HashSet::new();
        for team in &record.team_runs {
            if exists("agent_teams", team.get("team_id").unwrap_or(&Value::Null))? {
                insert(conn, &tables[3], team)?;
                teams_kept.insert(team.get("id").and_then(Value::as_str).unwrap_or("").to_string());
                counts.team_runs += 1;
            }
        }
        for call in &record.agent_calls {
            let team = call.get("team_execution_id").and_then(Value::as_str);
            let team_ok = team.is_none_or(|t| teams_kept.contains(t));
            if team_ok && exists("ai_agents", call.get("agent_id").unwrap_or(&Value::Null))? {
                insert(conn, &tables[4], call)?;
                counts.agent_calls += 1;
            }
        }
    }
    Ok(counts)
}

fn insert(conn: &Connection, (table, known): &(&str, HashSet<String>), row: &Object) -> Result<()> {
    let (names, values): (Vec<&String>, Vec<SqlValue>) =
        row.iter().filter(|(name, _)| known.contains(*name)).map(|(name, value)| (name, sql_value(value))).unzip();
    let columns: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    let marks = vec!["?"; columns.len()].join(", ");
    let query = format!("INSERT OR IGNORE INTO {table} ({}) VALUES ({marks})", columns.join(", "));
    conn.prepare_cached(&query)?.execute(params_from_iter(values)).map_err(|e| {
        StoreError::Invalid(format!(
            "a {table} row of the archive could not be stored ({}): {e}",
            row.get("id").or_else(|| row.get("execution_id")).and_then(Value::as_str).unwrap_or("?")
        ))
    })?;
    Ok(())
}

fn sql_value(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => {
            n.as_i64().map(SqlValue::Integer).unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(0.0)))
        }
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}
