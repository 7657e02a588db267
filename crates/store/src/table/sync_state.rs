//! sync_state: where this copy of the organization stands with its workspace (connected or not,
//! the cursor, the mutation counter, the clock, the last-synced role and plan, the last error), and
//! connecting it — which, for an upload, queues every record already here as a create with the
//! clock of its last change, so that edits made in the workspace meanwhile still win.

use crate::error::Result;
use crate::sql;
use crate::table::sync_entities::{SYNCED, SyncEntity, find};
use neuroflow_types::{MemberRole, OrgId, Plan, Timestamp, format_timestamp, now};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

const T: &str = "sync_state";

/// This copy's sync state (one row, once connected).
#[derive(Debug, Clone, PartialEq)]
pub struct SyncState {
    pub organization_id: OrgId,
    pub connected: bool,
    pub client_id: String,
    pub workspace_url: Option<String>,
    pub workspace_org_id: Option<String>,
    pub account_id: Option<String>,
    pub account_email: Option<String>,
    pub cursor: i64,
    pub resyncing: bool,
    pub role: Option<MemberRole>,
    pub plan: Option<Plan>,
    pub executions_this_month: i64,
    pub usage_month: Option<String>,
    pub last_sync_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub last_error_at: Option<Timestamp>,
    pub failures: i64,
    pub next_attempt_at: Option<Timestamp>,
}

pub fn state(conn: &Connection) -> Result<Option<SyncState>> {
    sql::one(conn, "SELECT * FROM sync_state LIMIT 1", [], |row| {
        Ok(SyncState {
            organization_id: sql::parsed(row, T, "organization_id")?,
            connected: sql::get(row, T, "connected")?,
            client_id: sql::get(row, T, "client_id")?,
            workspace_url: sql::get(row, T, "workspace_url")?,
            workspace_org_id: sql::get(row, T, "workspace_org_id")?,
            account_id: sql::get(row, T, "account_id")?,
            account_email: sql::get(row, T, "account_email")?,
            cursor: sql::get(row, T, "cursor")?,
            resyncing: sql::get(row, T, "resyncing")?,
            role: sql::parsed_opt(row, T, "role")?,
            plan: sql::parsed_opt(row, T, "plan")?,
            executions_this_month: sql::get(row, T, "executions_this_month")?,
            usage_month: sql::get(row, T, "usage_month")?,
            last_sync_at: sql::time_opt(row, T, "last_sync_at")?,
            last_error: sql::get(row, T, "last_error")?,
            last_error_at: sql::time_opt(row, T, "last_error_at")?,
            failures: sql::get(row, T, "failures")?,
            next_attempt_at: sql::time_opt(row, T, "next_attempt_at")?,
        })
    })
}

/// Who connected this copy, and to which workspace.
#[derive(Debug, Clone)]
pub struct Connect {
    pub client_id: String,
    pub workspace_url: String,
    pub workspace_org_id: String,
    pub account_id: String,
    pub account_email: String,
}

/// Connects this copy: a fresh client (its own mutation numbers, pulling from the start) whose
/// changes are captured from now on. With `upload`, every synced row already here is put in the
/// outbox as a create, each with the clock of its last change (so that newer edits made in the
/// workspace meanwhile still win). Returns how many rows were queued.
pub fn connect(conn: &Connection, org: OrgId, how: &Connect, upload: bool) -> Result<usize> {
    sql::exec(
        conn,
        "INSERT INTO sync_state (organization_id, connected, client_id, workspace_url, workspace_org_id, account_id,
                                 account_email)
         VALUES (?, 1, ?, ?, ?, ?, ?)
         ON CONFLICT (organization_id) DO UPDATE SET connected = 1, client_id = excluded.client_id,
             workspace_url = excluded.workspace_url, workspace_org_id = excluded.workspace_org_id,
             account_id = excluded.account_id, account_email = excluded.account_email, cursor = 0,
             resyncing = 0, next_mutation = 1, last_error = NULL, last_error_at = NULL, failures = 0,
             next_attempt_at = NULL",
        params![
            org.to_string(),
            how.client_id,
            how.workspace_url,
            how.workspace_org_id,
            how.account_id,
            how.account_email
        ],
    )?;
    for table in ["sync_outbox", "sync_rows", "sync_inbox", "sync_rejections"] {
        conn.execute(&format!("DELETE FROM {table}"), [])?;
    }
    if !upload {
        return Ok(0);
    }
    let mut queued = 0;
    let mut entities: Vec<&SyncEntity> = SYNCED.iter().collect();
    entities.sort_by_key(|e| e.rank);
    for e in entities {
        let Some(Whole { op, when, filter }) = whole_row(e) else { continue };
        let shared = serde_json::to_string(crate::table::sync_entities::SHARED_SETTINGS).unwrap_or_default();
        let sql = format!(
            "INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
             SELECT '{name}', {key}, '{op}', '[\"*\"]',
                    printf('%015d-%05d-%s', CAST(round((julianday({when}) - 2440587.5) * 86400000.0) AS INTEGER), 0, ?1)
             FROM {table} WHERE organization_id = ?3{filter} ORDER BY {order}",
            // settings is WITHOUT ROWID: its key orders it.
            order = if e.name == "setting" { "key" } else { "rowid" },
            name = e.name,
            key = e.key,
            table = e.table,
        );
        let mut stmt = conn.prepare(&sql)?;
        let n = if filter.contains("?2") {
            stmt.execute(params![how.client_id, shared, org.to_string()])?
        } else {
            stmt.execute(params![how.client_id, Value::Null.to_string(), org.to_string()])?
        };
        queued += n;
    }
    Ok(queued)
}

/// How a row is queued whole (on connecting, and when a refused change is sent again).
struct Whole {
    op: &'static str,
    /// The column that dates the row's last change: the queued change's clock.
    when: &'static str,
    /// Which rows travel (`?2`: the shared settings' keys).
    filter: &'static str,
}

fn whole_row(e: &SyncEntity) -> Option<Whole> {
    let (op, when, filter) = match e.name {
        "conflict" => return None,
        "workflow" => ("create", "updated_at", " AND deleted_at IS NULL"),
        "template" => ("create", "updated_at", " AND source <> 'BUILTIN'"),
        "team_member" => ("create", "joined_at", ""),
        // Saved here (one taken from the workspace is there already), of a workflow not deleted.
        "workflow_version" => (
            "create",
            "created_at",
            " AND pulled = 0 AND id IS NOT NULL
              AND workflow_id IN (SELECT id FROM automation_workflows WHERE deleted_at IS NULL)",
        ),
        "setting" => ("create", "updated_at", " AND key IN (SELECT value FROM json_each(?2))"),
        _ if e.push_only => ("upsert", "started_at", " AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')"),
        _ => ("create", "updated_at", ""),
    };
    Some(Whole { op, when, filter })
}

/// Sends the refused changes again: after the role or the plan changed (see [`record_session`]),
/// or when the person asks. Each refused row goes back in the outbox whole, as on connecting — a
/// create clocked at its last change, which the workspace merges field by field into a row it
/// already has — or as a delete when the row is gone here. Returns how many rows were queued.
pub fn resend_rejections(conn: &Connection) -> Result<usize> {
    let refused: Vec<(String, String)> =
        sql::all(conn, "SELECT DISTINCT entity, row_id FROM sync_rejections", [], |row| {
            Ok((sql::get(row, "sync_rejections", "entity")?, sql::get(row, "sync_rejections", "row_id")?))
        })?;
    let mut queued = 0;
    for (entity, row_id) in refused {
        let Some(e) = find(&entity) else { continue };
        let Some(Whole { op, when, filter }) = whole_row(e) else { continue };
        // A setting that was refused was a shared one: its filter (`?2`) is not needed here.
        let filter = if filter.contains("?2") { "" } else { filter };
        let whole = format!(
            "INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
             SELECT ?1, {key}, '{op}', '[\"*\"]',
                    printf('%015d-%05d-%s', CAST(round((julianday({when}) - 2440587.5) * 86400000.0) AS INTEGER), 0,
                           (SELECT client_id FROM sync_state))
             FROM {table} WHERE {key} = ?2{filter}",
            key = e.key,
            table = e.table,
        );
        let mut n = conn.execute(&whole, params![entity, row_id])?;
        // A saved version gone here went with its workflow: the workspace's goes with it there.
        if n == 0 && !e.push_only && e.name != "workflow_version" {
            // Gone here: its deletion was what the workspace refused, or it was deleted since.
            n = conn.execute(
                "INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
                 SELECT ?1, ?2, 'delete', '[]', printf('%015d-%05d-%s',
                        CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER), 0, client_id)
                 FROM sync_state",
                params![entity, row_id],
            )?;
        }
        queued += n;
    }
    sql::exec(conn, "DELETE FROM sync_rejections", [])?;
    Ok(queued)
}

/// Stops capturing and forgets what was waiting: this copy becomes a local organization again.
pub fn disconnect(conn: &Connection) -> Result<()> {
    sql::exec(
        conn,
        "UPDATE sync_state SET connected = 0, role = NULL, plan = NULL, last_error = NULL, failures = 0,
             next_attempt_at = NULL",
        [],
    )?;
    for table in ["sync_outbox", "sync_rows", "sync_inbox", "sync_rejections"] {
        conn.execute(&format!("DELETE FROM {table}"), [])?;
    }
    Ok(())
}

/// Keeps what the workspace said about the user's role, the plan and this month's executions. When
/// the role or the plan changed, the changes the workspace refused are sent again: what a plan's
/// limit or a role stopped may pass now (and what still does not is refused again, and kept).
pub fn record_session(conn: &Connection, role: MemberRole, plan: Plan, executions: i64, month: &str) -> Result<()> {
    let before: Option<(Option<String>, Option<String>)> =
        conn.query_row("SELECT role, plan FROM sync_state", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    if let Some((Some(was_role), Some(was_plan))) = before
        && (was_role != role.as_str() || was_plan != plan.as_str())
    {
        resend_rejections(conn)?;
    }
    sql::exec(
        conn,
        "UPDATE sync_state SET role = ?, plan = ?, executions_this_month = ?, usage_month = ?, session_at = ?",
        params![role.as_str(), plan.as_str(), executions, month, format_timestamp(&now())],
    )?;
    // Only a plan that changed: the update adds to the change feed, and the background sync, hearing
    // of a change while its push waits, starts the round again (each round would cut itself short).
    sql::exec(conn, "UPDATE organizations SET plan = ?1 WHERE plan IS NOT ?1", [plan.as_str()])?;
    Ok(())
}

pub fn record_success(conn: &Connection) -> Result<()> {
    sql::exec(
        conn,
        "UPDATE sync_state SET last_sync_at = ?, last_error = NULL, last_error_at = NULL, failures = 0,
             next_attempt_at = NULL",
        [format_timestamp(&now())],
    )?;
    Ok(())
}

/// Records a failed attempt and when the next one is due; returns the failures in a row.
pub fn record_failure(conn: &Connection, error: &str, next_attempt: &Timestamp) -> Result<i64> {
    sql::exec(
        conn,
        "UPDATE sync_state SET last_error = ?, last_error_at = ?, failures = failures + 1, next_attempt_at = ?",
        params![error, format_timestamp(&now()), format_timestamp(next_attempt)],
    )?;
    Ok(conn.query_row("SELECT failures FROM sync_state", [], |r| r.get(0))?)
}

/// Changes made here that the workspace does not have yet: the records changed, not the edits; a
/// saved version is a change of its workflow.
pub fn pending(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT DISTINCT
                 CASE WHEN o.entity = 'workflow_version' THEN 'workflow' ELSE o.entity END,
                 CASE WHEN o.entity = 'workflow_version' THEN coalesce(v.workflow_id, o.row_id) ELSE o.row_id END
             FROM sync_outbox o LEFT JOIN workflow_versions v ON o.entity = 'workflow_version' AND v.id = o.row_id)",
        )?
        .query_row([], |r| r.get(0))?)
}

/// This month's executions not yet counted by the workspace (recorded here since `since`).
pub fn local_executions_since(conn: &Connection, since: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM sync_outbox WHERE entity = 'workflow_execution' AND created_at >= ?")?
        .query_row([since], |r| r.get(0))?)
}
