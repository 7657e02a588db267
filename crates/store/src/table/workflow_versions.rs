//! workflow_versions: every saved document of a workflow, immutable, numbered from 1, with what the
//! person who saved it said. Version history is free and unlimited. A version saved here has an id
//! that names it on every desktop its organization syncs to (V0014); one taken from the workspace's
//! document has none, unless it is a version saved on another desktop (sync_versions).

use crate::error::Result;
use crate::sql;
use neuroflow_types::{OrgId, UserId, VersionId, VersionSummary, WorkflowDocument, WorkflowId, WorkflowVersion, now};
use rusqlite::{Connection, Row, params};

const T: &str = "workflow_versions";

/// Keeps a document as a version.
pub fn insert(
    conn: &Connection,
    org: OrgId,
    id: WorkflowId,
    version: i64,
    doc: &WorkflowDocument,
    by: Option<UserId>,
    message: Option<&str>,
) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_versions (id, workflow_id, version, organization_id, document, created_by, created_at,
                                        message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            VersionId::new().to_string(),
            id.to_string(),
            version,
            org.to_string(),
            sql::to_json(doc)?,
            by.map(|u| u.to_string()),
            sql::ts(&now()),
            message
        ],
    )?;
    Ok(())
}

/// The newest version's number (0 for a workflow with none).
pub fn latest(conn: &Connection, id: WorkflowId) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(version), 0) FROM workflow_versions WHERE workflow_id = ?")?
        .query_row([id.to_string()], |r| r.get(0))?)
}

/// Every saved version of a workflow, newest first, with its document.
pub fn list(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<Vec<WorkflowVersion>> {
    sql::all(
        conn,
        "SELECT * FROM workflow_versions WHERE workflow_id = ? AND organization_id = ? ORDER BY version DESC",
        params![id.to_string(), org.to_string()],
        decode,
    )
}

/// Every saved version of a workflow, newest first, as the history lists them.
pub fn summaries(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<Vec<VersionSummary>> {
    sql::all(
        conn,
        "SELECT v.version, v.message, v.created_at, v.created_by, v.version = w.version AS published,
                json_array_length(v.document, '$.nodes') AS node_count
         FROM workflow_versions v JOIN automation_workflows w ON w.id = v.workflow_id
         WHERE v.workflow_id = ? AND v.organization_id = ? ORDER BY v.version DESC",
        params![id.to_string(), org.to_string()],
        |row| {
            Ok(VersionSummary {
                version: sql::get(row, T, "version")?,
                message: sql::get(row, T, "message")?,
                created_at: sql::time(row, T, "created_at")?,
                created_by: sql::parsed_opt(row, T, "created_by")?,
                published: sql::get(row, T, "published")?,
                node_count: sql::get::<Option<i64>>(row, T, "node_count")?.unwrap_or(0),
            })
        },
    )
}

pub fn get(conn: &Connection, org: OrgId, id: WorkflowId, version: i64) -> Result<WorkflowVersion> {
    let found = sql::one(
        conn,
        "SELECT * FROM workflow_versions WHERE workflow_id = ? AND organization_id = ? AND version = ?",
        params![id.to_string(), org.to_string(), version],
        decode,
    )?;
    sql::found(found, "workflow version", format!("{id} v{version}"))
}

fn decode(row: &Row) -> Result<WorkflowVersion> {
    Ok(WorkflowVersion {
        workflow_id: sql::parsed(row, T, "workflow_id")?,
        version: sql::get(row, T, "version")?,
        document: sql::json(row, T, "document")?,
        created_by: sql::parsed_opt(row, T, "created_by")?,
        created_at: sql::time(row, T, "created_at")?,
        message: sql::get(row, T, "message")?,
    })
}
