//! workflow_template_links: which template (slug and version) a deployed workflow came from, and the
//! choices made for its requirements; and workflow_template_ratings: one rating per organization and
//! template, whose sum and count the template row keeps.

use crate::error::Result;
use crate::sql;
use neuroflow_types::{Deployment, OrgId, TemplateChoices, TemplateId, Timestamp, WorkflowId};
use rusqlite::{Connection, Row, params};

const T: &str = "workflow_template_links";

/// A deployed workflow's link to its template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateLink {
    pub workflow_id: WorkflowId,
    pub organization_id: OrgId,
    pub template_id: Option<TemplateId>,
    pub slug: String,
    /// The template's name when it was deployed (kept if the template is deleted).
    pub name: String,
    pub version: String,
    pub choices: TemplateChoices,
    pub deployed_at: Timestamp,
}

pub fn insert(conn: &Connection, link: &TemplateLink) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_template_links (workflow_id, organization_id, template_id, slug, name, version, choices,
            deployed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            link.workflow_id.to_string(),
            link.organization_id.to_string(),
            link.template_id.map(|t| t.to_string()),
            link.slug,
            link.name,
            link.version,
            sql::to_json(&link.choices)?,
            sql::ts(&link.deployed_at),
        ],
    )?;
    Ok(())
}

/// The link of a workflow, if it was deployed from a template.
pub fn get(conn: &Connection, org: OrgId, workflow: WorkflowId) -> Result<Option<TemplateLink>> {
    sql::one(
        conn,
        "SELECT * FROM workflow_template_links WHERE workflow_id = ? AND organization_id = ?",
        params![workflow.to_string(), org.to_string()],
        decode,
    )
}

/// Records that a workflow took a newer version of its template, with the choices now made.
pub fn set_version(
    conn: &Connection,
    org: OrgId,
    workflow: WorkflowId,
    version: &str,
    choices: &TemplateChoices,
) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE workflow_template_links SET version = ?, choices = ? WHERE workflow_id = ? AND organization_id = ?",
        params![version, sql::to_json(choices)?, workflow.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "template link of workflow", workflow)
}

/// The workflows deployed from a template that are not deleted, newest first.
pub fn deployments(conn: &Connection, org: OrgId, template: TemplateId) -> Result<Vec<Deployment>> {
    sql::all(
        conn,
        "SELECT l.workflow_id, w.name, l.version, w.is_active, l.deployed_at
         FROM workflow_template_links l JOIN automation_workflows w ON w.id = l.workflow_id
         WHERE l.organization_id = ? AND l.template_id = ? AND w.deleted_at IS NULL
         ORDER BY l.deployed_at DESC, l.workflow_id",
        params![org.to_string(), template.to_string()],
        |r| {
            Ok(Deployment {
                workflow_id: sql::parsed(r, T, "workflow_id")?,
                workflow_name: sql::get(r, T, "name")?,
                version: sql::get(r, T, "version")?,
                is_active: sql::get(r, T, "is_active")?,
                deployed_at: sql::time(r, T, "deployed_at")?,
            })
        },
    )
}

/// Whether a workflow deployed from the template has completed a run (test runs included).
pub fn has_completed_run(conn: &Connection, org: OrgId, template: TemplateId) -> Result<bool> {
    Ok(sql::one(
        conn,
        "SELECT 1 FROM workflow_template_links l
         JOIN workflow_executions e ON e.workflow_id = l.workflow_id AND e.status = 'COMPLETED'
         WHERE l.organization_id = ? AND l.template_id = ? LIMIT 1",
        params![org.to_string(), template.to_string()],
        |_| Ok(()),
    )?
    .is_some())
}

/// Whether this workflow has completed a run since `since` (the checklist's test run).
pub fn completed_since(conn: &Connection, org: OrgId, workflow: WorkflowId, since: &Timestamp) -> Result<bool> {
    Ok(sql::one(
        conn,
        "SELECT 1 FROM workflow_executions
         WHERE organization_id = ? AND workflow_id = ? AND status = 'COMPLETED' AND started_at >= ? LIMIT 1",
        params![org.to_string(), workflow.to_string(), sql::ts(since)],
        |_| Ok(()),
    )?
    .is_some())
}

/// The organization's rating of a template, 1–5.
pub fn rating(conn: &Connection, org: OrgId, template: TemplateId) -> Result<Option<u8>> {
    sql::one(
        conn,
        "SELECT stars FROM workflow_template_ratings WHERE template_id = ? AND organization_id = ?",
        params![template.to_string(), org.to_string()],
        |r| sql::get(r, "workflow_template_ratings", "stars"),
    )
}

/// Records the organization's rating (replacing its earlier one) and keeps the template's sum and
/// count in step, in the caller's transaction.
pub fn rate(conn: &Connection, org: OrgId, template: TemplateId, stars: u8, at: &Timestamp) -> Result<()> {
    let before = rating(conn, org, template)?;
    sql::exec(
        conn,
        "INSERT INTO workflow_template_ratings (template_id, organization_id, stars, rated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (template_id, organization_id) DO UPDATE SET stars = excluded.stars, rated_at = excluded.rated_at",
        params![template.to_string(), org.to_string(), stars, sql::ts(at)],
    )?;
    super::templates::add_rating(conn, org, template, stars, before)
}

fn decode(row: &Row) -> Result<TemplateLink> {
    Ok(TemplateLink {
        workflow_id: sql::parsed(row, T, "workflow_id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        template_id: sql::parsed_opt(row, T, "template_id")?,
        slug: sql::get(row, T, "slug")?,
        name: sql::get(row, T, "name")?,
        version: sql::get(row, T, "version")?,
        choices: sql::json(row, T, "choices")?,
        deployed_at: sql::time(row, T, "deployed_at")?,
    })
}
