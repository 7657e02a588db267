//! workflow_templates: ready-made workflow documents.

use crate::error::Result;
use crate::sql::{self, Filter};
use neuroflow_types::{OrgId, Page, TemplateFilter, TemplateId, TemplatePatch, WorkflowTemplate, now};
use rusqlite::{Connection, Row, params};

const T: &str = "workflow_templates";

pub fn insert(conn: &Connection, t: &WorkflowTemplate) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO workflow_templates (id, organization_id, created_by, name, description, category, difficulty,
            estimated_time, document, tags, usage_count, rating, is_public, is_featured, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            t.id.to_string(),
            t.organization_id.to_string(),
            t.created_by.map(|u| u.to_string()),
            t.name,
            t.description,
            t.category.as_str(),
            t.difficulty.as_str(),
            t.estimated_time_minutes,
            sql::to_json(&t.document)?,
            sql::to_json(&t.tags)?,
            t.usage_count,
            t.rating,
            t.is_public,
            t.is_featured,
            sql::ts(&t.created_at),
            sql::ts(&t.updated_at),
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: TemplateId) -> Result<WorkflowTemplate> {
    let found = sql::one(
        conn,
        "SELECT * FROM workflow_templates WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "template", id)
}

/// Lists templates matching `filter`: featured first, then the most used.
pub fn list(conn: &Connection, org: OrgId, filter: &TemplateFilter) -> Result<Page<WorkflowTemplate>> {
    let mut f = Filter::for_org("organization_id", org);
    f.search(&["name", "description", "tags"], filter.search.as_deref());
    f.eq_opt("category", filter.category.map(|c| c.as_str().to_string()));
    f.eq_opt("difficulty", filter.difficulty.map(|d| d.as_str().to_string()));
    f.eq_opt("is_featured", filter.is_featured);
    f.eq_opt("is_public", filter.is_public);
    f.page(
        conn,
        "*",
        "workflow_templates",
        "is_featured DESC, usage_count DESC, name COLLATE NOCASE, id",
        &filter.page,
        decode,
    )
}

pub fn update(conn: &Connection, org: OrgId, id: TemplateId, patch: &TemplatePatch) -> Result<WorkflowTemplate> {
    let mut t = get(conn, org, id)?;
    if let Some(v) = &patch.name {
        t.name = v.clone();
    }
    if let Some(v) = &patch.description {
        t.description = v.clone();
    }
    if let Some(v) = patch.category {
        t.category = v;
    }
    if let Some(v) = patch.difficulty {
        t.difficulty = v;
    }
    if let Some(v) = patch.estimated_time_minutes {
        t.estimated_time_minutes = v;
    }
    if let Some(v) = &patch.document {
        t.document = v.clone();
    }
    if let Some(v) = &patch.tags {
        t.tags = v.clone();
    }
    if let Some(v) = patch.rating {
        t.rating = v;
    }
    if let Some(v) = patch.is_public {
        t.is_public = v;
    }
    if let Some(v) = patch.is_featured {
        t.is_featured = v;
    }
    t.updated_at = now();
    sql::exec(
        conn,
        "UPDATE workflow_templates SET name = ?, description = ?, category = ?, difficulty = ?, estimated_time = ?,
            document = ?, tags = ?, rating = ?, is_public = ?, is_featured = ?, updated_at = ?
         WHERE id = ? AND organization_id = ?",
        params![
            t.name,
            t.description,
            t.category.as_str(),
            t.difficulty.as_str(),
            t.estimated_time_minutes,
            sql::to_json(&t.document)?,
            sql::to_json(&t.tags)?,
            t.rating,
            t.is_public,
            t.is_featured,
            sql::ts(&t.updated_at),
            id.to_string(),
            org.to_string(),
        ],
    )?;
    Ok(t)
}

/// Counts one more workflow made from this template.
pub fn record_use(conn: &Connection, org: OrgId, id: TemplateId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE workflow_templates SET usage_count = usage_count + 1 WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "template", id)
}

pub fn delete(conn: &Connection, org: OrgId, id: TemplateId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM workflow_templates WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "template", id)
}

fn decode(row: &Row) -> Result<WorkflowTemplate> {
    Ok(WorkflowTemplate {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        name: sql::get(row, T, "name")?,
        description: sql::get(row, T, "description")?,
        category: sql::parsed(row, T, "category")?,
        difficulty: sql::parsed(row, T, "difficulty")?,
        estimated_time_minutes: sql::get(row, T, "estimated_time")?,
        document: sql::json(row, T, "document")?,
        tags: sql::json(row, T, "tags")?,
        usage_count: sql::get(row, T, "usage_count")?,
        rating: sql::get(row, T, "rating")?,
        is_public: sql::get(row, T, "is_public")?,
        is_featured: sql::get(row, T, "is_featured")?,
        created_by: sql::parsed_opt(row, T, "created_by")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}
