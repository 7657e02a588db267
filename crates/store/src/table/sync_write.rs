//! Writing one pulled row into this copy: only the fields the workspace sent that this copy has not
//! changed later (by clock) and does not have already (so its own pushes coming back change
//! nothing), with what a new row needs that the wire does not carry; a workflow's taken document
//! becomes a local version (or is one pulled already from its author's desktop), and the workspace's
//! version it is based on is kept as the next push's merge base.

use crate::error::{Result, StoreError};
use crate::sql;
use crate::table::sync_apply::pending;
use crate::table::sync_entities::{Kind, SyncEntity};
use neuroflow_types::wire::Change;
use neuroflow_types::{OrgId, WORKFLOW_FORMAT, format_timestamp, now, parse_timestamp};
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value};

/// A wire value as this store keeps it.
fn to_sql(kind: Kind, v: &Value) -> Result<Sql> {
    Ok(match (kind, v) {
        (_, Value::Null) => Sql::Null,
        (Kind::Text, Value::String(s)) => Sql::Text(s.clone()),
        (Kind::Text, other) => Sql::Text(other.to_string()),
        (Kind::Json, other) => Sql::Text(other.to_string()),
        (Kind::Bool, Value::Bool(b)) => Sql::Integer(i64::from(*b)),
        (Kind::Bool, Value::Number(n)) => Sql::Integer(i64::from(n.as_i64().unwrap_or(0) != 0)),
        (Kind::Int, Value::Number(n)) => Sql::Integer(n.as_i64().unwrap_or_else(|| n.as_f64().unwrap_or(0.0) as i64)),
        (Kind::Time, Value::String(s)) => Sql::Text(format_timestamp(
            &parse_timestamp(s).map_err(|e| StoreError::Invalid(format!("a pulled time '{s}' is not a time: {e}")))?,
        )),
        (kind, other) => return Err(StoreError::Invalid(format!("a pulled value {other} is not a {kind:?}"))),
    })
}

pub(crate) fn write_row(
    conn: &Connection,
    org: OrgId,
    e: &SyncEntity,
    c: &Change,
    data: &Map<String, Value>,
) -> Result<()> {
    if e.name == "workflow_version" {
        return crate::table::sync_versions::write_saved_version(conn, org, c, data);
    }
    let (local, deleted_here) = pending(conn, e.name, &c.row_id)?;
    if deleted_here {
        return Ok(());
    }
    let remote = |f: &str| -> String {
        c.field_hlc.as_ref().and_then(|h| h.get(f)).and_then(Value::as_str).unwrap_or("").to_string()
    };
    // What this copy has now, to skip what it already has (its own changes coming back).
    let current = crate::table::sync::values(conn, e, &c.row_id, e.fields)?;
    // The fields to take: those the workspace sent, unless changed here later.
    let mut take: Vec<(&str, Kind, Sql)> = Vec::new();
    let mut kept_newer: Vec<&str> = Vec::new();
    for (field, kind) in e.fields {
        let Some(v) = data.get(*field) else { continue };
        let mine = local.get(*field).or_else(|| local.get("*"));
        if mine.is_some_and(|m| *m > remote(field)) {
            kept_newer.push(field);
            continue;
        }
        if current.as_ref().and_then(|cur| cur.get(*field)).is_some_and(|cur| same(*kind, cur, v)) {
            continue;
        }
        take.push((field, *kind, to_sql(*kind, v)?));
    }
    if e.name == "workflow" {
        keep_known(conn, &mut take, "template_id", "workflow_templates")?;
    }
    let exists = current.is_some();
    let mut extra = extra_columns(e, data)?;
    if e.name == "template" {
        keep_known(conn, &mut take, "source_workflow_id", "automation_workflows")?;
        let Some(file) = crate::table::sync_templates::pulled_file(data) else { return Ok(()) };
        // Derived again only when the file changed (not for this copy's own push coming back).
        if !exists || take.iter().any(|(f, _, _)| matches!(*f, "manifest" | "document")) {
            extra = crate::table::sync_templates::derived_columns(conn, &org.to_string(), &c.row_id, &file)?;
        }
    }
    // A taken document becomes a new local version, numbered here so that the row's own update
    // sets it (one update, one round of its triggers).
    let new_version =
        if e.name == "workflow" { next_version(conn, &c.row_id, &take, data, current.as_ref())? } else { None };
    let updated_at = match data.get("updated_at") {
        Some(v @ Value::String(_)) => to_sql(Kind::Time, v)?,
        _ => Sql::Text(format_timestamp(&now())),
    };
    if exists {
        let mut sets: Vec<String> = take.iter().map(|(f, _, _)| format!("{f} = ?")).collect();
        let mut values: Vec<Sql> = take.iter().map(|(_, _, v)| v.clone()).collect();
        for (f, v) in &extra {
            sets.push(format!("{f} = ?"));
            values.push(v.clone());
        }
        if e.has_updated_at {
            sets.push("updated_at = ?".into());
            values.push(updated_at);
        }
        if e.name == "workflow" {
            sets.push("deleted_at = NULL".into());
        }
        if let Some(v) = new_version {
            sets.push("version = ?".into());
            values.push(Sql::Integer(v));
        }
        // A workflow deleted here whose delete the workspace did not take comes back.
        let revive = e.name == "workflow"
            && conn
                .prepare_cached("SELECT deleted_at IS NOT NULL FROM automation_workflows WHERE id = ?")?
                .query_row([&c.row_id], |r| r.get::<_, bool>(0))?;
        if !take.is_empty() || !extra.is_empty() || revive {
            values.push(Sql::Text(c.row_id.clone()));
            conn.prepare_cached(&format!("UPDATE {} SET {} WHERE {} = ?", e.table, sets.join(", "), e.key))?
                .execute(params_from_iter(values))?;
        }
    } else {
        if e.name == "team_member" {
            // One agent appears once in a team: the workspace's row replaces this copy's.
            sql::exec(
                conn,
                "DELETE FROM team_members WHERE team_id = ? AND agent_id = ? AND id <> ?",
                params![
                    data.get("team_id").and_then(Value::as_str),
                    data.get("agent_id").and_then(Value::as_str),
                    c.row_id
                ],
            )?;
        }
        let mut names = vec![e.key.to_string(), "organization_id".to_string()];
        let mut values = vec![Sql::Text(c.row_id.clone()), Sql::Text(org.to_string())];
        for (f, _, v) in &take {
            names.push(f.to_string());
            values.push(v.clone());
        }
        for (f, v) in extra {
            names.push(f.to_string());
            values.push(v);
        }
        let stamp = Sql::Text(format_timestamp(&now()));
        for (column, default) in required(e) {
            if !names.iter().any(|n| n == column) {
                names.push(column.to_string());
                values.push(if column == "updated_at" { updated_at.clone() } else { default.unwrap_or(stamp.clone()) });
            }
        }
        let marks = vec!["?"; names.len()].join(", ");
        conn.prepare_cached(&format!("INSERT INTO {} ({}) VALUES ({marks})", e.table, names.join(", ")))?
            .execute(params_from_iter(values))?;
    }
    let base = if e.name == "workflow" { workflow_document(conn, c, data, new_version, &kept_newer)? } else { None };
    sql::exec(
        conn,
        "INSERT INTO sync_rows (entity, row_id, version, base_version) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity, row_id) DO UPDATE SET version = excluded.version,
             base_version = coalesce(excluded.base_version, sync_rows.base_version)",
        params![e.name, c.row_id, c.version, base],
    )?;
    Ok(())
}

/// Whether a pulled value is what this copy has (times compared as instants, JSON as values).
fn same(kind: Kind, current: &Value, pulled: &Value) -> bool {
    match (kind, current, pulled) {
        (Kind::Time, Value::String(a), Value::String(b)) => {
            matches!((parse_timestamp(a), parse_timestamp(b)), (Ok(x), Ok(y)) if x == y)
        }
        (Kind::Bool, Value::Bool(a), Value::Number(n)) | (Kind::Bool, Value::Number(n), Value::Bool(a)) => {
            n.as_i64().map(|n| n != 0) == Some(*a)
        }
        _ => current == pulled,
    }
}

/// The columns a new row needs that the wire may not carry, and their default (`None`: now).
fn required(e: &SyncEntity) -> Vec<(&'static str, Option<Sql>)> {
    match e.name {
        "team_member" => vec![("joined_at", None)],
        "conflict" => vec![("created_at", None)],
        "setting" => vec![("updated_at", None), ("value", Some(Sql::Text("null".into())))],
        _ => vec![("created_at", None), ("updated_at", None)],
    }
}

/// Columns of a conflict copy that only the workspace writes.
fn extra_columns(e: &SyncEntity, data: &Map<String, Value>) -> Result<Vec<(&'static str, Sql)>> {
    if e.name != "conflict" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (f, kind) in [
        ("workflow_id", Kind::Text),
        ("base_version", Kind::Int),
        ("merged_version", Kind::Int),
        ("document", Kind::Json),
        ("nodes", Kind::Json),
        ("edges", Kind::Json),
        ("author_name", Kind::Text),
        ("created_at", Kind::Time),
    ] {
        if let Some(v) = data.get(f) {
            out.push((f, to_sql(kind, v)?));
        }
    }
    Ok(out)
}

/// A reference to a row this copy does not have becomes none: a workflow may name another
/// organization's public template, a template the workflow it was published from, deleted since.
fn keep_known(conn: &Connection, take: &mut [(&str, Kind, Sql)], field: &str, table: &str) -> Result<()> {
    for (f, _, v) in take.iter_mut() {
        if *f == field
            && let Sql::Text(id) = v
        {
            let known: bool = conn
                .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?)"))?
                .query_row([id.as_str()], |r| r.get(0))?;
            if !known {
                *v = Sql::Null;
            }
        }
    }
    Ok(())
}

/// The local version a taken workflow document becomes: the version saved on another desktop that
/// it is, when this copy has that already; else the next after this copy's newest, or the first for
/// a new row (which its column's default already says). `None` when no part of the document was
/// taken.
fn next_version(
    conn: &Connection,
    row_id: &str,
    take: &[(&str, Kind, Sql)],
    pulled: &Map<String, Value>,
    current: Option<&Map<String, Value>>,
) -> Result<Option<i64>> {
    const DOCUMENT: [&str; 6] = ["name", "description", "nodes", "edges", "variables", "tags"];
    if !take.iter().any(|(f, _, _)| DOCUMENT.contains(f)) {
        return Ok(None);
    }
    let Some(current) = current else { return Ok(Some(1)) };
    // The document the row will have: what it has, with what is taken.
    let mut document = Map::new();
    for field in DOCUMENT {
        let taken = take.iter().any(|(f, _, _)| *f == field);
        let value = if taken { pulled.get(field) } else { current.get(field) };
        if let Some(v) = value.filter(|v| !v.is_null()) {
            document.insert(field.into(), v.clone());
        }
    }
    if let Some(saved) = crate::table::sync_versions::saved_elsewhere(conn, row_id, Value::Object(document))? {
        return Ok(Some(saved));
    }
    let latest: Option<i64> = conn
        .prepare_cached("SELECT max(version) FROM workflow_versions WHERE workflow_id = ?")?
        .query_row([row_id], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(Some(latest.unwrap_or(0) + 1))
}

/// When the workspace's document was taken (as local version `version`, already set on the row),
/// keeps it in the history (which shows where it came from), made from the row in one statement;
/// returns the workspace's version it is based on.
fn workflow_document(
    conn: &Connection,
    c: &Change,
    data: &Map<String, Value>,
    version: Option<i64>,
    kept_newer: &[&str],
) -> Result<Option<i64>> {
    let remote_version = data.get("version").and_then(Value::as_i64);
    // This copy's nodes or edges are newer and not pushed yet: its base stays the version they were
    // edited from, so that the push merges against it.
    let document_waits = kept_newer.iter().any(|f| *f == "nodes" || *f == "edges");
    if let Some(version) = version {
        let message = pulled_version_message(data, remote_version);
        // A version saved on another desktop that the document is (see next_version) is kept as it
        // was, and says what the workspace says of it.
        sql::exec(
            conn,
            "INSERT INTO workflow_versions (workflow_id, version, organization_id, document, created_at, message, pulled)
             SELECT id, ?, organization_id, json_object('format', ?, 'name', name,
                    'description', description, 'tags', json(tags), 'variables', json(variables),
                    'nodes', json(nodes), 'edges', json(edges)), ?, ?, 1
             FROM automation_workflows WHERE id = ?
             ON CONFLICT (workflow_id, version) DO UPDATE SET message = excluded.message",
            params![version, WORKFLOW_FORMAT, format_timestamp(&now()), message, c.row_id],
        )?;
    }
    Ok(if document_waits { None } else { remote_version })
}

/// What the history says of a version taken from the workspace: the words its author saved it with
/// on their desktop, and who, when the workspace has them; where it came from in any case.
fn pulled_version_message(data: &Map<String, Value>, remote_version: Option<i64>) -> String {
    let text = |k: &str| data.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let from = match remote_version {
        Some(v) => format!("From the workspace (its version {v})"),
        None => "From the workspace".to_string(),
    };
    match (text("version_message"), text("version_author")) {
        (Some(m), Some(a)) => format!("{m} — {a}. {from}"),
        (Some(m), None) => format!("{m}. {from}"),
        (None, Some(a)) => format!("{from}, by {a}"),
        (None, None) => from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_pulled_version_says_its_authors_words_and_where_it_came_from() {
        let data = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(
            pulled_version_message(
                &data(json!({ "version_message": "Added the follow-up", "version_author": "Ada" })),
                Some(7)
            ),
            "Added the follow-up — Ada. From the workspace (its version 7)"
        );
        assert_eq!(
            pulled_version_message(&data(json!({ "version_message": " ", "version_author": "Ada" })), Some(2)),
            "From the workspace (its version 2), by Ada"
        );
        assert_eq!(pulled_version_message(&data(json!({})), None), "From the workspace");
    }
}
