//! automation_workflows: each workflow, holding its published document (what triggers and runs
//! use, with `version` saying which one it is). Every saved document is kept in
//! `workflow_versions`; what is being edited, in `workflow_drafts`. A delete is soft until purged,
//! so it can be undone: deleted workflows are left out of everything but `undelete`.

use crate::error::{Result, StoreError};
use crate::sql::{self, Filter};
use crate::table::workflow_versions;
use neuroflow_types::{
    OrgId, Page, Timestamp, UserId, Workflow, WorkflowDocument, WorkflowFilter, WorkflowId, WorkflowPatch,
    WorkflowSort, WorkflowSummary, now,
};
use rusqlite::{Connection, Row, params};

const T: &str = "automation_workflows";

/// Stores a new workflow and its first version.
pub fn insert(conn: &Connection, wf: &Workflow) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO automation_workflows (id, organization_id, created_by, name, description, nodes, edges,
            variables, is_active, version, tags, execution_count, last_executed, template_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            wf.id.to_string(),
            wf.organization_id.to_string(),
            wf.created_by.map(|u| u.to_string()),
            wf.name,
            wf.description,
            sql::to_json(&wf.nodes)?,
            sql::to_json(&wf.edges)?,
            sql::to_json(&wf.variables)?,
            wf.is_active,
            wf.version,
            sql::to_json(&wf.tags)?,
            wf.execution_count,
            sql::ts_opt(&wf.last_executed),
            wf.template_id.map(|t| t.to_string()),
            sql::ts(&wf.created_at),
            sql::ts(&wf.updated_at),
        ],
    )?;
    workflow_versions::insert(conn, wf.organization_id, wf.id, wf.version, &wf.document(), wf.created_by, None)
}

/// The columns a workflow is read with: its own, and its newest version.
const SELECT: &str = "SELECT w.*, (SELECT max(v.version) FROM workflow_versions v WHERE v.workflow_id = w.id)
                      AS latest_version FROM automation_workflows w";

pub fn get(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<Workflow> {
    let found = sql::one(
        conn,
        &format!("{SELECT} WHERE w.id = ? AND w.organization_id = ? AND w.deleted_at IS NULL"),
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "workflow", id)
}

/// Lists workflow summaries matching `filter`.
pub fn list(conn: &Connection, org: OrgId, filter: &WorkflowFilter) -> Result<Page<WorkflowSummary>> {
    let mut f = Filter::for_org("organization_id", org);
    f.raw("deleted_at IS NULL", []);
    f.search(&["name", "description", "tags"], filter.search.as_deref());
    if let Some(tag) = filter.tag.as_deref() {
        f.raw("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ? COLLATE NOCASE)", [tag.to_string().into()]);
    }
    f.eq_opt("is_active", filter.is_active);
    f.eq_opt("template_id", filter.template_id.map(|t| t.to_string()));
    f.eq_opt("created_by", filter.created_by.map(|u| u.to_string()));
    let order = match filter.sort {
        WorkflowSort::UpdatedDesc => "updated_at DESC, id DESC",
        WorkflowSort::NameAsc => "name COLLATE NOCASE ASC, id ASC",
        WorkflowSort::NameDesc => "name COLLATE NOCASE DESC, id DESC",
        WorkflowSort::CreatedDesc => "created_at DESC, id DESC",
        WorkflowSort::LastExecutedDesc => "last_executed IS NULL, last_executed DESC, id DESC",
        WorkflowSort::ExecutionCountDesc => "execution_count DESC, id DESC",
    };
    let select = "id, name, description, tags, is_active, version, json_array_length(nodes) AS node_count,
                  execution_count, last_executed, created_at, updated_at";
    f.page(conn, select, "automation_workflows", order, &filter.page, decode_summary)
}

/// Applies a patch; a new document becomes a new version (after the newest) and is published.
pub fn update(
    conn: &Connection,
    org: OrgId,
    id: WorkflowId,
    patch: &WorkflowPatch,
    by: Option<UserId>,
) -> Result<Workflow> {
    let mut wf = get(conn, org, id)?;
    if let Some(expected) = patch.expected_version
        && expected != wf.version
    {
        return Err(StoreError::Conflict(format!(
            "workflow '{}' was changed elsewhere (now version {}, you edited version {expected}); reload it",
            wf.name, wf.version
        )));
    }
    let at = now();
    if let Some(doc) = &patch.document {
        let version = wf.latest_version + 1;
        workflow_versions::insert(conn, org, id, version, doc, by, None)?;
        wf.set_document(doc, version);
        wf.latest_version = version;
    }
    if let Some(active) = patch.is_active {
        wf.is_active = active;
    }
    wf.updated_at = at;
    write_document(conn, &wf)?;
    Ok(wf)
}

/// Writes a workflow's document, activity and version back.
fn write_document(conn: &Connection, wf: &Workflow) -> Result<()> {
    sql::exec(
        conn,
        "UPDATE automation_workflows SET name = ?, description = ?, nodes = ?, edges = ?, variables = ?, tags = ?,
            is_active = ?, version = ?, updated_at = ? WHERE id = ? AND organization_id = ?",
        params![
            wf.name,
            wf.description,
            sql::to_json(&wf.nodes)?,
            sql::to_json(&wf.edges)?,
            sql::to_json(&wf.variables)?,
            sql::to_json(&wf.tags)?,
            wf.is_active,
            wf.version,
            sql::ts(&wf.updated_at),
            wf.id.to_string(),
            wf.organization_id.to_string()
        ],
    )?;
    Ok(())
}

/// Makes a version's document the published one (the caller checked it is valid).
pub fn publish(
    conn: &Connection,
    org: OrgId,
    id: WorkflowId,
    doc: &WorkflowDocument,
    version: i64,
) -> Result<Workflow> {
    let mut wf = get(conn, org, id)?;
    wf.set_document(doc, version);
    wf.updated_at = now();
    write_document(conn, &wf)?;
    Ok(wf)
}

/// Renames a workflow (its published document and, the caller's job, its draft).
pub fn rename(conn: &Connection, org: OrgId, id: WorkflowId, name: &str) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE automation_workflows SET name = ?, updated_at = ? WHERE id = ? AND organization_id = ? AND deleted_at IS NULL",
        params![name, sql::ts(&now()), id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "workflow", id)
}

/// Deletes a workflow softly: it leaves every list and stops running, and can be brought back until
/// it is purged.
pub fn soft_delete(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE automation_workflows SET deleted_at = ?, is_active = 0 WHERE id = ? AND organization_id = ?
           AND deleted_at IS NULL",
        params![sql::ts(&now()), id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "workflow", id)
}

/// Brings back a softly deleted workflow (inactive).
pub fn undelete(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE automation_workflows SET deleted_at = NULL WHERE id = ? AND organization_id = ? AND deleted_at IS NOT NULL",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "deleted workflow", id)
}

/// Deletes for good the workflows deleted before `before` (with their versions and executions).
pub fn purge_deleted(conn: &Connection, before: &Timestamp) -> Result<usize> {
    sql::exec(conn, "DELETE FROM automation_workflows WHERE deleted_at < ?", [sql::ts(before)])
}

/// Deletes a workflow with its versions and executions.
pub fn delete(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM automation_workflows WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "workflow", id)
}

/// Counts one more execution, started at `at`.
pub fn record_execution(conn: &Connection, org: OrgId, id: WorkflowId, at: &Timestamp) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE automation_workflows SET execution_count = execution_count + 1,
            last_executed = max(coalesce(last_executed, ''), ?) WHERE id = ? AND organization_id = ?",
        params![sql::ts(at), id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "workflow", id)
}

fn decode(row: &Row) -> Result<Workflow> {
    Ok(Workflow {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        name: sql::get(row, T, "name")?,
        description: sql::get(row, T, "description")?,
        tags: sql::json(row, T, "tags")?,
        variables: sql::json(row, T, "variables")?,
        nodes: sql::json(row, T, "nodes")?,
        edges: sql::json(row, T, "edges")?,
        is_active: sql::get(row, T, "is_active")?,
        version: sql::get(row, T, "version")?,
        published_version: Some(sql::get(row, T, "version")?),
        latest_version: sql::get(row, T, "latest_version")?,
        execution_count: sql::get(row, T, "execution_count")?,
        last_executed: sql::time_opt(row, T, "last_executed")?,
        template_id: sql::parsed_opt(row, T, "template_id")?,
        created_by: sql::parsed_opt(row, T, "created_by")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}

fn decode_summary(row: &Row) -> Result<WorkflowSummary> {
    Ok(WorkflowSummary {
        id: sql::parsed(row, T, "id")?,
        name: sql::get(row, T, "name")?,
        description: sql::get(row, T, "description")?,
        tags: sql::json(row, T, "tags")?,
        is_active: sql::get(row, T, "is_active")?,
        version: sql::get(row, T, "version")?,
        node_count: sql::get(row, T, "node_count")?,
        execution_count: sql::get(row, T, "execution_count")?,
        last_executed: sql::time_opt(row, T, "last_executed")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}

/// The (id, version) of every active workflow, oldest first: what the trigger service serves.
pub fn active_versions(conn: &Connection, org: OrgId) -> Result<Vec<(WorkflowId, i64)>> {
    sql::all(
        conn,
        "SELECT id, version FROM automation_workflows WHERE organization_id = ? AND is_active = 1
           AND deleted_at IS NULL ORDER BY created_at, id",
        [org.to_string()],
        |row| Ok((sql::parsed(row, T, "id")?, sql::get(row, T, "version")?)),
    )
}

/// How many workflows the organization has, and how many of them are active.
pub fn counts(conn: &Connection, org: OrgId) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(is_active), 0) FROM automation_workflows
             WHERE organization_id = ? AND deleted_at IS NULL",
        )?
        .query_row([org.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?)
}
