//! automation_workflows and workflow_versions: every saved document is kept as a version.

use crate::error::{Result, StoreError};
use crate::sql::{self, Filter};
use neuroflow_types::{
    OrgId, Page, Timestamp, UserId, Workflow, WorkflowDocument, WorkflowFilter, WorkflowId, WorkflowPatch,
    WorkflowSort, WorkflowSummary, WorkflowVersion, now,
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
    insert_version(conn, wf.organization_id, wf.id, wf.version, &wf.document(), wf.created_by, &wf.updated_at)
}

fn insert_version(
    conn: &Connection,
    org: OrgId,
    id: WorkflowId,
    version: i64,
    doc: &WorkflowDocument,
    by: Option<UserId>,
    at: &Timestamp,
) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_versions (workflow_id, version, organization_id, document, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        params![id.to_string(), version, org.to_string(), sql::to_json(doc)?, by.map(|u| u.to_string()), sql::ts(at)],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<Workflow> {
    let found = sql::one(
        conn,
        "SELECT * FROM automation_workflows WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "workflow", id)
}

/// Lists workflow summaries matching `filter`.
pub fn list(conn: &Connection, org: OrgId, filter: &WorkflowFilter) -> Result<Page<WorkflowSummary>> {
    let mut f = Filter::for_org("organization_id", org);
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

/// Applies a patch; a new document bumps the version and is kept in the history.
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
        wf.name = doc.name.clone();
        wf.description = doc.description.clone();
        wf.tags = doc.tags.clone();
        wf.variables = doc.variables.clone();
        wf.nodes = doc.nodes.clone();
        wf.edges = doc.edges.clone();
        wf.version += 1;
        insert_version(conn, org, id, wf.version, &wf.document(), by, &at)?;
    }
    if let Some(active) = patch.is_active {
        wf.is_active = active;
    }
    wf.updated_at = at;
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
            id.to_string(),
            org.to_string()
        ],
    )?;
    Ok(wf)
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

/// Every saved version of a workflow, newest first.
pub fn versions(conn: &Connection, org: OrgId, id: WorkflowId) -> Result<Vec<WorkflowVersion>> {
    sql::all(
        conn,
        "SELECT * FROM workflow_versions WHERE workflow_id = ? AND organization_id = ? ORDER BY version DESC",
        params![id.to_string(), org.to_string()],
        decode_version,
    )
}

pub fn get_version(conn: &Connection, org: OrgId, id: WorkflowId, version: i64) -> Result<WorkflowVersion> {
    let found = sql::one(
        conn,
        "SELECT * FROM workflow_versions WHERE workflow_id = ? AND organization_id = ? AND version = ?",
        params![id.to_string(), org.to_string(), version],
        decode_version,
    )?;
    sql::found(found, "workflow version", format!("{id} v{version}"))
}

fn decode_version(row: &Row) -> Result<WorkflowVersion> {
    const V: &str = "workflow_versions";
    Ok(WorkflowVersion {
        workflow_id: sql::parsed(row, V, "workflow_id")?,
        version: sql::get(row, V, "version")?,
        document: sql::json(row, V, "document")?,
        created_by: sql::parsed_opt(row, V, "created_by")?,
        created_at: sql::time(row, V, "created_at")?,
    })
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
         ORDER BY created_at, id",
        [org.to_string()],
        |row| Ok((sql::parsed(row, T, "id")?, sql::get(row, T, "version")?)),
    )
}

/// How many workflows the organization has, and how many of them are active.
pub fn counts(conn: &Connection, org: OrgId) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(is_active), 0) FROM automation_workflows WHERE organization_id = ?",
        )?
        .query_row([org.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?)
}
