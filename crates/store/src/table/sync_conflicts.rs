//! What syncing leaves for a person to look at: the changes the workspace refused (a role, a plan
//! limit — kept so that the app can say which and why) and the conflict copies its merge kept
//! (a workflow both sides changed: the other side's document, until someone resolves it in the
//! editor's compare view; resolving is itself a synced change).

use crate::error::Result;
use crate::sql;
use neuroflow_types::{SyncConflict, SyncRejection, WorkflowId};
use rusqlite::{Connection, params};
use serde_json::Value;

/// The changes the workspace refused, newest first.
/// The refusals a person is shown: not a version refused because its workflow was (the workflow's
/// refusal says why, and both are sent again together).
pub(crate) const SEEN: &str = "NOT (entity = 'workflow_version' AND EXISTS (
        SELECT 1 FROM sync_rejections w JOIN workflow_versions v ON v.workflow_id = w.row_id
        WHERE w.entity = 'workflow' AND v.id = sync_rejections.row_id))";

pub fn rejections(conn: &Connection, limit: usize) -> Result<Vec<SyncRejection>> {
    sql::all(
        conn,
        &format!(
            "SELECT entity, row_id, code, message, at FROM sync_rejections WHERE {SEEN} ORDER BY mutation_id DESC LIMIT ?"
        ),
        [limit as i64],
        |row| {
            const R: &str = "sync_rejections";
            Ok(SyncRejection {
                entity: sql::get(row, R, "entity")?,
                row_id: sql::get(row, R, "row_id")?,
                code: sql::get(row, R, "code")?,
                message: sql::get(row, R, "message")?,
                at: sql::time(row, R, "at")?,
            })
        },
    )
}

pub fn rejection_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM sync_rejections WHERE {SEEN}"))?
        .query_row([], |r| r.get(0))?)
}

pub fn clear_rejections(conn: &Connection) -> Result<usize> {
    sql::exec(conn, "DELETE FROM sync_rejections", [])
}

pub fn conflict_count(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM sync_conflicts WHERE resolved = 0")?.query_row([], |r| r.get(0))?)
}

/// Conflict copies, unresolved first, newest first; of one workflow when given.
pub fn conflicts(conn: &Connection, workflow: Option<WorkflowId>, limit: usize) -> Result<Vec<SyncConflict>> {
    sql::all(
        conn,
        "SELECT c.id, c.workflow_id, coalesce(w.name, '') AS workflow_name, c.author_name, c.nodes, c.created_at,
                c.resolved, c.document
         FROM sync_conflicts c LEFT JOIN automation_workflows w ON w.id = c.workflow_id
         WHERE (?1 IS NULL OR c.workflow_id = ?1)
         ORDER BY c.resolved, c.created_at DESC LIMIT ?2",
        params![workflow.map(|w| w.to_string()), limit as i64],
        |row| {
            const C: &str = "sync_conflicts";
            let nodes: Vec<String> = sql::json::<Vec<Value>>(row, C, "nodes")?
                .into_iter()
                .map(|n| n.as_str().map(str::to_string).unwrap_or_else(|| n.to_string()))
                .collect();
            let document: Value = sql::json(row, C, "document")?;
            let node_labels = nodes.iter().map(|id| label_of(&document, id)).collect();
            Ok(SyncConflict {
                id: sql::get(row, C, "id")?,
                workflow_id: sql::parsed(row, C, "workflow_id")?,
                workflow_name: sql::get(row, C, "workflow_name")?,
                author_name: sql::get(row, C, "author_name")?,
                nodes,
                node_labels,
                created_at: sql::time(row, C, "created_at")?,
                resolved: sql::get(row, C, "resolved")?,
            })
        },
    )
}

/// A node's label in the other side's document (its id when it has none there).
fn label_of(document: &Value, id: &str) -> String {
    let nodes = document.get("nodes").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    nodes
        .iter()
        .find(|n| n.get("id").and_then(Value::as_str) == Some(id))
        .and_then(|n| n.pointer("/data/label").and_then(Value::as_str))
        .filter(|label| !label.trim().is_empty())
        .unwrap_or(id)
        .to_string()
}

/// The other side's whole document kept with a conflict copy.
pub fn conflict_document(conn: &Connection, id: &str) -> Result<Value> {
    let doc: Option<String> = sql::one(conn, "SELECT document FROM sync_conflicts WHERE id = ?", [id], |row| {
        sql::get(row, "sync_conflicts", "document")
    })?;
    let doc = sql::found(doc, "conflict", id)?;
    Ok(serde_json::from_str(&doc).unwrap_or(Value::Null))
}

/// Marks a conflict copy resolved (captured and pushed like any change).
pub fn resolve_conflict(conn: &Connection, id: &str) -> Result<()> {
    let changed = sql::exec(conn, "UPDATE sync_conflicts SET resolved = 1 WHERE id = ?", [id])?;
    sql::touched(changed, "conflict", id)
}

#[cfg(test)]
mod tests {
    use super::label_of;
    use serde_json::json;

    #[test]
    fn a_conflicting_node_is_named_by_its_label_in_the_other_document() {
        let doc = json!({ "nodes": [{ "id": "hello", "data": { "label": "Greet" } }, { "id": "bare", "data": {} }] });
        assert_eq!(label_of(&doc, "hello"), "Greet");
        assert_eq!(label_of(&doc, "bare"), "bare", "no label: its id");
        assert_eq!(label_of(&doc, "gone"), "gone", "not in the document: its id");
        assert_eq!(label_of(&json!({}), "x"), "x");
    }
}
