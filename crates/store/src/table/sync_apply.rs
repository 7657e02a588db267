//! Applying pulled changes: one page in one transaction, together with the cursor that says how
//! far this copy has come — so a crash mid-pull leaves either the page and its cursor, or neither,
//! and the next pull starts where the last committed one ended. Changes are applied with capture
//! off (`applying`), so they are not pushed back. A field this copy changed with a newer clock and
//! has not pushed yet is kept (the push will carry it); a row deleted here and not yet pushed stays
//! deleted. A row that cannot be applied yet (a team member before its agent) waits in
//! `sync_inbox` and is tried again after every page.

use crate::error::{Result, StoreError};
use crate::sql;
use crate::table::sync_entities::{SyncEntity, find};
use crate::table::sync_write::write_row;
use neuroflow_types::wire::{Change, Op};
use neuroflow_types::{OrgId, format_timestamp, now};
use rusqlite::{Connection, params};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What applying a page did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub applied: usize,
    pub deleted: usize,
    /// Waiting in the inbox for what they refer to.
    pub parked: usize,
    /// Conflict copies that arrived.
    pub conflicts: usize,
}

/// Applies one page and moves the cursor to `cursor`.
pub fn apply_page(conn: &Connection, org: OrgId, changes: &[Change], cursor: i64) -> Result<Applied> {
    sql::exec(conn, "UPDATE sync_state SET applying = 1", [])?;
    let mut out = Applied::default();
    let mut newest_ms = 0_i64;
    for c in changes {
        if let Some(Value::Object(clocks)) = &c.field_hlc {
            for h in clocks.values().filter_map(Value::as_str) {
                newest_ms = newest_ms.max(h.get(..15).and_then(|ms| ms.parse().ok()).unwrap_or(0));
            }
        }
        apply_one(conn, org, c, &mut out)?;
    }
    retry_inbox(conn, org, &mut out)?;
    // The clock moves past every clock seen, so the next edit here is later than all of them.
    sql::exec(
        conn,
        "UPDATE sync_state SET applying = 0, cursor = ?, hlc_ctr = CASE WHEN ? > hlc_ms THEN 0 ELSE hlc_ctr END,
             hlc_ms = max(hlc_ms, ?)",
        params![cursor, newest_ms, newest_ms],
    )?;
    Ok(out)
}

/// Starts syncing again from the start (this copy fell behind the workspace's memory of deletions):
/// the cursor goes back to 0 and every row the workspace had sent is marked unseen. Rows it sends
/// again are marked seen as they arrive; [`finish_resync`] removes the rest.
pub fn begin_resync(conn: &Connection) -> Result<()> {
    sql::exec(conn, "UPDATE sync_state SET cursor = 0, resyncing = 1", [])?;
    sql::exec(conn, "UPDATE sync_rows SET version = -1", [])?;
    Ok(())
}

/// After syncing again from the start: removes what the workspace no longer has (rows it had sent
/// before and did not send again), unless this copy changed them since (the push carries those).
pub fn finish_resync(conn: &Connection) -> Result<usize> {
    sql::exec(conn, "UPDATE sync_state SET applying = 1", [])?;
    let stale: Vec<(String, String)> = sql::all(
        conn,
        "SELECT entity, row_id FROM sync_rows r WHERE version < 0
           AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.entity = r.entity AND o.row_id = r.row_id)",
        [],
        |row| Ok((sql::get(row, "sync_rows", "entity")?, sql::get(row, "sync_rows", "row_id")?)),
    )?;
    let mut removed = 0;
    for (entity, row_id) in &stale {
        if let Some(e) = find(entity) {
            removed += delete_row(conn, e, row_id)?;
        }
        sql::exec(conn, "DELETE FROM sync_rows WHERE entity = ? AND row_id = ?", params![entity, row_id])?;
    }
    sql::exec(conn, "UPDATE sync_state SET applying = 0, resyncing = 0", [])?;
    Ok(removed)
}

fn delete_row(conn: &Connection, e: &SyncEntity, row_id: &str) -> Result<usize> {
    if e.name == "workflow" {
        // Softly, as a delete here would be: it can be brought back (and that is pushed as a create).
        return sql::exec(
            conn,
            "UPDATE automation_workflows SET deleted_at = ?, is_active = 0 WHERE id = ? AND deleted_at IS NULL",
            params![format_timestamp(&now()), row_id],
        );
    }
    sql::exec(conn, &format!("DELETE FROM {} WHERE {} = ?", e.table, e.key), [row_id])
}

/// The newest local clock of each field with a change not yet in the workspace, and whether the
/// row's last local change is a delete.
pub(crate) fn pending(conn: &Connection, entity: &str, row_id: &str) -> Result<(HashMap<String, String>, bool)> {
    let rows: Vec<(String, String, String)> = sql::all(
        conn,
        "SELECT op, fields, hlc FROM sync_outbox WHERE entity = ? AND row_id = ? ORDER BY seq",
        params![entity, row_id],
        |row| {
            Ok((
                sql::get(row, "sync_outbox", "op")?,
                sql::get(row, "sync_outbox", "fields")?,
                sql::get(row, "sync_outbox", "hlc")?,
            ))
        },
    )?;
    let mut clocks: HashMap<String, String> = HashMap::new();
    let mut deleted = false;
    for (op, fields, hlc) in rows {
        deleted = Op::parse(&op) == Some(Op::Delete);
        let names: Vec<Option<String>> = serde_json::from_str(&fields).unwrap_or_default();
        for f in names.into_iter().flatten() {
            let slot = clocks.entry(f).or_default();
            if hlc > *slot {
                *slot = hlc.clone();
            }
        }
    }
    Ok((clocks, deleted))
}

fn apply_one(conn: &Connection, org: OrgId, c: &Change, out: &mut Applied) -> Result<()> {
    // A record this version does not know (a newer workspace): skipped, not an error.
    let Some(e) = find(&c.entity).filter(|e| !e.push_only) else { return Ok(()) };
    if c.deleted {
        let (_, deleted_here) = pending(conn, e.name, &c.row_id)?;
        out.deleted += delete_row(conn, e, &c.row_id)?;
        for table in ["sync_rows", "sync_inbox"] {
            sql::exec(
                conn,
                &format!("DELETE FROM {table} WHERE entity = ? AND row_id = ?"),
                params![e.name, c.row_id],
            )?;
        }
        if !deleted_here {
            // Its edits here can no longer land (a delete wins); a create (an undone delete) stays.
            sql::exec(
                conn,
                "DELETE FROM sync_outbox WHERE entity = ? AND row_id = ? AND mutation_id IS NULL AND op <> 'create'",
                params![e.name, c.row_id],
            )?;
        }
        return Ok(());
    }
    let Some(Value::Object(data)) = &c.data else {
        return Err(StoreError::Invalid(format!("a pulled {} has no data", e.name)));
    };
    match write_row(conn, org, e, c, data) {
        Ok(()) => {
            out.applied += 1;
            if e.name == "conflict" {
                out.conflicts += 1;
            }
            sql::exec(conn, "DELETE FROM sync_inbox WHERE entity = ? AND row_id = ?", params![e.name, c.row_id])?;
            Ok(())
        }
        Err(err) if err.is_constraint() => {
            // What it refers to has not arrived yet: it waits.
            sql::exec(
                conn,
                "INSERT OR REPLACE INTO sync_inbox (entity, row_id, version, data, field_hlc, reason) VALUES (?, ?, ?, ?, ?, ?)",
                params![
                    e.name,
                    c.row_id,
                    c.version,
                    Value::Object(data.clone()).to_string(),
                    c.field_hlc.clone().unwrap_or(Value::Object(Map::new())).to_string(),
                    err.to_string()
                ],
            )?;
            out.parked += 1;
            Ok(())
        }
        Err(err) => Err(err),
    }
}

/// Tries the waiting rows again until a round applies none of them.
fn retry_inbox(conn: &Connection, org: OrgId, out: &mut Applied) -> Result<()> {
    loop {
        let waiting: Vec<Change> = sql::all(
            conn,
            "SELECT entity, row_id, version, data, field_hlc FROM sync_inbox ORDER BY version",
            [],
            |row| {
                const I: &str = "sync_inbox";
                Ok(Change {
                    entity: sql::get(row, I, "entity")?,
                    row_id: sql::get(row, I, "row_id")?,
                    version: sql::get(row, I, "version")?,
                    deleted: false,
                    data: Some(sql::json(row, I, "data")?),
                    field_hlc: Some(sql::json(row, I, "field_hlc")?),
                })
            },
        )?;
        let mut round = Applied::default();
        for c in &waiting {
            apply_one(conn, org, c, &mut round)?;
        }
        out.applied += round.applied;
        out.conflicts += round.conflicts;
        out.parked = inbox_len(conn)? as usize;
        if round.applied == 0 {
            return Ok(());
        }
    }
}

/// How many pulled rows wait for what they refer to.
pub fn inbox_len(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM sync_inbox", [], |r| r.get(0))?)
}
