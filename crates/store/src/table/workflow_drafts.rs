//! workflow_drafts: what is being edited, saved within a second of every change, valid or not —
//! with the version it started from, the editor's undo/redo history, the sample input and pinned
//! outputs. One draft per workflow; saving a version or discarding ends it.

use crate::error::Result;
use crate::sql;
use neuroflow_types::{DraftInput, OrgId, Timestamp, WorkflowDraft, WorkflowId};
use rusqlite::{Connection, Row, params};

const T: &str = "workflow_drafts";

/// Saves (or replaces) a workflow's draft.
pub fn save(conn: &Connection, org: OrgId, id: WorkflowId, draft: &DraftInput, at: &Timestamp) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_drafts (workflow_id, organization_id, document, base_version, history, sample_input,
            pins, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (workflow_id) DO UPDATE SET document = excluded.document, base_version = excluded.base_version,
            history = excluded.history, sample_input = excluded.sample_input, pins = excluded.pins,
            updated_at = excluded.updated_at",
        params![
            id.to_string(),
            org.to_string(),
            sql::to_json(&draft.document)?,
            draft.base_version,
            sql::to_json(&draft.history)?,
            sql::to_json(&draft.sample_input)?,
            sql::to_json(&draft.pins)?,
            sql::ts(at)
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<Option<WorkflowDraft>> {
    sql::one(
        conn,
        "SELECT * FROM workflow_drafts WHERE workflow_id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        decode,
    )
}

/// Moves a draft onto a new base (after a version was saved from it).
pub fn rebase(conn: &Connection, id: WorkflowId, version: i64) -> Result<()> {
    sql::exec(
        conn,
        "UPDATE workflow_drafts SET base_version = ? WHERE workflow_id = ?",
        params![version, id.to_string()],
    )?;
    Ok(())
}

/// Drops a workflow's draft, if it has one.
pub fn discard(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<()> {
    sql::exec(
        conn,
        "DELETE FROM workflow_drafts WHERE workflow_id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    Ok(())
}

fn decode(row: &Row) -> Result<WorkflowDraft> {
    Ok(WorkflowDraft {
        workflow_id: sql::parsed(row, T, "workflow_id")?,
        document: sql::json(row, T, "document")?,
        base_version: sql::get(row, T, "base_version")?,
        history: sql::json(row, T, "history")?,
        sample_input: sql::json(row, T, "sample_input")?,
        pins: sql::json(row, T, "pins")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}
