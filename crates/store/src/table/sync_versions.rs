//! A workflow's history from the other desktops: each version saved on one of them arrives once,
//! with the words it was saved with and who saved it, and takes the next number here (each copy
//! numbers its own history). Versions never change, so one this copy has already — its own save
//! coming back, or one pulled before — is left as it is.
//!
//! A published version reaches this copy twice: as the workspace's document (which becomes a
//! version of its own, sync_write) and as the version saved on its author's desktop. Whichever
//! comes second finds the first by its document and makes it one version: the saved version's id
//! goes to the one taken from the document, or the document's taking points at the saved version,
//! which then says what the workspace says of it.

use crate::error::{Result, StoreError};
use crate::sql;
use neuroflow_types::wire::Change;
use neuroflow_types::{OrgId, WORKFLOW_FORMAT, WorkflowDocument, format_timestamp, now, parse_timestamp};
use rusqlite::{Connection, params};
use serde_json::{Map, Value};

/// How many of a workflow's newest versions are looked through for the same document.
const LOOK_BACK: i64 = 50;

/// Writes a pulled version saved on another desktop.
pub(crate) fn write_saved_version(conn: &Connection, org: OrgId, c: &Change, data: &Map<String, Value>) -> Result<()> {
    let known: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM workflow_versions WHERE id = ?)")?
        .query_row([&c.row_id], |r| r.get(0))?;
    if !known {
        let text = |k: &str| data.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let workflow = text("workflow_id")
            .ok_or_else(|| StoreError::Invalid(format!("a pulled workflow version {} names no workflow", c.row_id)))?;
        // A document this version cannot read (made by a newer app) is not taken.
        let Some(document) = data.get("document").and_then(|d| readable(d.clone())) else { return Ok(()) };
        match same_document(conn, workflow, &document, "pulled = 1 AND id IS NULL")? {
            Some(version) => {
                sql::exec(
                    conn,
                    "UPDATE workflow_versions SET id = ? WHERE workflow_id = ? AND version = ?",
                    params![c.row_id, workflow, version],
                )?;
            }
            None => {
                let created_at = match text("created_at").map(parse_timestamp) {
                    Some(Ok(at)) => format_timestamp(&at),
                    _ => format_timestamp(&now()),
                };
                sql::exec(
                    conn,
                    "INSERT INTO workflow_versions (id, workflow_id, version, organization_id, document, created_at,
                                                    message, pulled)
                     VALUES (?1, ?2, (SELECT coalesce(max(version), 0) + 1 FROM workflow_versions WHERE workflow_id = ?2),
                             ?3, ?4, ?5, ?6, 1)",
                    params![
                        c.row_id,
                        workflow,
                        org.to_string(),
                        sql::to_json(&document)?,
                        created_at,
                        saved_words(text("message"), text("author_name"))
                    ],
                )?;
            }
        }
    }
    sql::exec(
        conn,
        "INSERT INTO sync_rows (entity, row_id, version) VALUES ('workflow_version', ?, ?)
         ON CONFLICT (entity, row_id) DO UPDATE SET version = excluded.version",
        params![c.row_id, c.version],
    )?;
    Ok(())
}

/// The version saved on another desktop that a taken workspace document is, if this copy has it.
pub(crate) fn saved_elsewhere(conn: &Connection, workflow: &str, document: Value) -> Result<Option<i64>> {
    match readable(document) {
        Some(doc) => same_document(conn, workflow, &doc, "pulled = 1 AND id IS NOT NULL"),
        None => Ok(None),
    }
}

/// A document as this version reads it, whatever format number it was stored with.
fn readable(mut document: Value) -> Option<WorkflowDocument> {
    document.as_object_mut()?.insert("format".into(), Value::from(WORKFLOW_FORMAT));
    serde_json::from_value(document).ok()
}

/// The newest of `workflow`'s recent versions (those `which` says) whose document is `document`.
fn same_document(conn: &Connection, workflow: &str, document: &WorkflowDocument, which: &str) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT version, document FROM workflow_versions WHERE workflow_id = ? AND {which}
         ORDER BY version DESC LIMIT {LOOK_BACK}"
    ))?;
    let mut rows = stmt.query([workflow])?;
    while let Some(row) = rows.next()? {
        let text: String = row.get(1)?;
        if serde_json::from_str(&text).ok().and_then(readable).as_ref() == Some(document) {
            return Ok(Some(row.get(0)?));
        }
    }
    Ok(None)
}

/// What the history says of a version saved on another desktop.
fn saved_words(message: Option<&str>, author: Option<&str>) -> String {
    match (message, author) {
        (Some(m), Some(a)) => format!("{m} — {a}, on their desktop"),
        (Some(m), None) => format!("{m}, on another desktop"),
        (None, Some(a)) => format!("Saved by {a} on their desktop"),
        (None, None) => "Saved on another desktop".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_saved_version_says_its_words_and_whose_desktop_it_was_saved_on() {
        assert_eq!(saved_words(Some("Shorter intro"), Some("Ada")), "Shorter intro — Ada, on their desktop");
        assert_eq!(saved_words(None, Some("Ada")), "Saved by Ada on their desktop");
        assert_eq!(saved_words(None, None), "Saved on another desktop");
    }

    #[test]
    fn documents_compare_as_documents_whatever_their_format_number_or_key_order() {
        let a = readable(json!({ "format": 1, "name": "Leads", "nodes": [], "edges": [] })).unwrap();
        let b = readable(json!({ "edges": [], "nodes": [], "name": "Leads", "format": "neuroflow.workflow/v1" }));
        assert_eq!(Some(a), b);
        assert!(readable(json!({ "name": "no nodes" })).is_none());
    }
}
