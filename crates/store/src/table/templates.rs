//! workflow_templates: the organization's template library — the built-in templates copied in from
//! the binary, the ones it published, the ones it imported. Each row keeps the template file: the
//! workflow document in `document`, the rest of the manifest in `manifest`, and the fields lists,
//! sorts and full-text search use as columns of their own (the search itself is in
//! [`super::template_search`]).

use crate::error::{Result, StoreError};
use crate::sql;
use neuroflow_types::{
    IntegrationProvider, OrgId, RatingSummary, TEMPLATE_UNUSED_DAYS, Template, TemplateCard, TemplateFile, TemplateId,
    TemplateSource, Timestamp, UserId, WorkflowId,
};
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, Row, params, params_from_iter};
use serde_json::Value;

const T: &str = "workflow_templates";

/// The columns a card is read from (the `cleanup` flag is computed by the query).
pub(crate) const CARD_COLUMNS: &str = "t.id, t.organization_id, t.slug, t.version, t.source, t.name, t.description,
    t.category, t.difficulty, t.estimated_time, t.icon, t.tags, t.integrations, t.is_featured, t.usage_count,
    t.rating_sum, t.rating_count, t.estimate_tokens, t.estimate_cost, t.last_used_at, t.created_at, t.updated_at";

/// The condition that flags a private or imported template unused for [`TEMPLATE_UNUSED_DAYS`]
/// days, given the cutoff time as its one parameter.
pub(crate) const CLEANUP: &str = "(t.source <> 'BUILTIN' AND COALESCE(t.last_used_at, t.created_at) < ?)";

/// The cutoff for [`CLEANUP`] at `now`.
pub(crate) fn cleanup_cutoff(now: &Timestamp) -> String {
    sql::ts(&(*now - chrono::Duration::days(TEMPLATE_UNUSED_DAYS)))
}

/// A new row of the library.
#[derive(Debug, Clone)]
pub struct NewTemplateRow<'a> {
    pub id: TemplateId,
    pub organization_id: OrgId,
    pub file: &'a TemplateFile,
    pub source: TemplateSource,
    pub source_workflow_id: Option<WorkflowId>,
    pub created_by: Option<UserId>,
    pub at: Timestamp,
}

/// The manifest column: the file without its document (kept in `document`).
fn manifest_json(file: &TemplateFile) -> Result<String> {
    let mut value = serde_json::to_value(file).map_err(|e| StoreError::Internal(format!("template: {e}")))?;
    if let Value::Object(map) = &mut value {
        map.remove("document");
    }
    sql::to_json(&value)
}

/// The columns a template file fills, with their values: one mapping for making a row, replacing
/// its file, and taking one pulled from the workspace (`sync_templates`).
pub(crate) fn file_columns(f: &TemplateFile) -> Result<Vec<(&'static str, Sql)>> {
    Ok(vec![
        ("name", Sql::Text(f.name.clone())),
        ("description", Sql::Text(f.description.clone())),
        ("category", Sql::Text(f.category.as_str().into())),
        ("difficulty", Sql::Text(f.difficulty.as_str().into())),
        ("estimated_time", Sql::from(f.setup_minutes)),
        ("document", Sql::Text(sql::to_json(&f.document)?)),
        ("tags", Sql::Text(sql::to_json(&f.tags)?)),
        ("is_featured", Sql::from(f.featured)),
        ("slug", Sql::Text(f.slug.clone())),
        ("version", Sql::Text(f.version.clone())),
        ("icon", Sql::Text(f.icon.clone())),
        ("integrations", Sql::Text(sql::to_json(&f.providers())?)),
        ("manifest", Sql::Text(manifest_json(f)?)),
        ("estimate_tokens", Sql::from(f.estimate.tokens_per_run)),
        ("estimate_cost", Sql::Integer(f.estimate.cost_micros().max(0))),
    ])
}

pub fn insert(conn: &Connection, row: &NewTemplateRow) -> Result<()> {
    let at = Sql::Text(sql::ts(&row.at));
    let mut columns: Vec<(&str, Sql)> = vec![
        ("id", Sql::Text(row.id.to_string())),
        ("organization_id", Sql::Text(row.organization_id.to_string())),
        ("created_by", Sql::from(row.created_by.map(|u| u.to_string()))),
        ("usage_count", Sql::Integer(0)),
        ("rating", Sql::Integer(0)),
        ("is_public", Sql::Integer(0)),
        ("created_at", at.clone()),
        ("updated_at", at),
        ("source", Sql::Text(row.source.as_str().into())),
        ("source_workflow_id", Sql::from(row.source_workflow_id.map(|w| w.to_string()))),
    ];
    columns.extend(file_columns(row.file)?);
    let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let marks = vec!["?"; names.len()].join(", ");
    sql::exec(
        conn,
        &format!("INSERT INTO workflow_templates ({}) VALUES ({marks})", names.join(", ")),
        params_from_iter(columns.into_iter().map(|(_, v)| v)),
    )?;
    Ok(())
}

/// Replaces a template's file with a new version of it; its usage, ratings and id stay.
pub fn replace_file(conn: &Connection, org: OrgId, id: TemplateId, file: &TemplateFile, at: &Timestamp) -> Result<()> {
    let columns = file_columns(file)?;
    let sets: Vec<String> = columns.iter().map(|(c, _)| format!("{c} = ?")).collect();
    let mut values: Vec<Sql> = columns.into_iter().map(|(_, v)| v).collect();
    values.extend([Sql::Text(sql::ts(at)), Sql::Text(id.to_string()), Sql::Text(org.to_string())]);
    let changed = sql::exec(
        conn,
        &format!(
            "UPDATE workflow_templates SET {}, updated_at = ? WHERE id = ? AND organization_id = ?",
            sets.join(", ")
        ),
        params_from_iter(values),
    )?;
    sql::touched(changed, "template", id)
}

/// A template with its whole file.
pub fn get(conn: &Connection, org: OrgId, id: TemplateId, now: &Timestamp) -> Result<Template> {
    let found = sql::one(
        conn,
        &format!(
            "SELECT {CARD_COLUMNS}, {CLEANUP} AS cleanup, t.manifest, t.document, t.source_workflow_id
             FROM workflow_templates t WHERE t.id = ? AND t.organization_id = ?"
        ),
        params![cleanup_cutoff(now), id.to_string(), org.to_string()],
        decode_full,
    )?;
    sql::found(found, "template", id)
}

/// The template with this slug, if the library has one.
pub fn find_by_slug(conn: &Connection, org: OrgId, slug: &str) -> Result<Option<TemplateId>> {
    sql::one(
        conn,
        "SELECT id FROM workflow_templates WHERE organization_id = ? AND slug = ?",
        params![org.to_string(), slug],
        |r| sql::parsed(r, T, "id"),
    )
}

/// The template published from a workflow, if any.
pub fn find_by_source_workflow(conn: &Connection, org: OrgId, workflow: WorkflowId) -> Result<Option<TemplateId>> {
    sql::one(
        conn,
        "SELECT id FROM workflow_templates WHERE organization_id = ? AND source_workflow_id = ?",
        params![org.to_string(), workflow.to_string()],
        |r| sql::parsed(r, T, "id"),
    )
}

/// The slug, version and id of every template from `source` (to bring the built-ins up to date).
pub fn versions(conn: &Connection, org: OrgId, source: TemplateSource) -> Result<Vec<(String, String, TemplateId)>> {
    sql::all(
        conn,
        "SELECT slug, version, id FROM workflow_templates WHERE organization_id = ? AND source = ?",
        params![org.to_string(), source.as_str()],
        |r| Ok((sql::get(r, T, "slug")?, sql::get(r, T, "version")?, sql::parsed(r, T, "id")?)),
    )
}

/// Counts one more workflow deployed from the template.
pub fn record_use(conn: &Connection, org: OrgId, id: TemplateId, at: &Timestamp) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE workflow_templates SET usage_count = usage_count + 1, last_used_at = ?
         WHERE id = ? AND organization_id = ?",
        params![sql::ts(at), id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "template", id)
}

/// Adds `stars` to the ratings (and, when a rating is replaced, takes the old one out).
pub fn add_rating(conn: &Connection, org: OrgId, id: TemplateId, stars: u8, replaced: Option<u8>) -> Result<()> {
    let (sum_delta, count_delta) = match replaced {
        Some(old) => (i64::from(stars) - i64::from(old), 0),
        None => (i64::from(stars), 1),
    };
    let changed = sql::exec(
        conn,
        "UPDATE workflow_templates SET rating_sum = rating_sum + ?1, rating_count = rating_count + ?2,
            rating = CAST(rating_sum + ?1 AS REAL) / MAX(rating_count + ?2, 1)
         WHERE id = ?3 AND organization_id = ?4",
        params![sum_delta, count_delta, id.to_string(), org.to_string()],
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

/// Decodes a card from [`CARD_COLUMNS`] and a `cleanup` column.
pub(crate) fn decode_card(row: &Row) -> Result<TemplateCard> {
    let integrations: Vec<IntegrationProvider> = sql::json(row, T, "integrations")?;
    Ok(TemplateCard {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        slug: sql::get(row, T, "slug")?,
        version: sql::get(row, T, "version")?,
        source: sql::parsed(row, T, "source")?,
        name: sql::get(row, T, "name")?,
        description: sql::get(row, T, "description")?,
        category: sql::parsed(row, T, "category")?,
        difficulty: sql::parsed(row, T, "difficulty")?,
        setup_minutes: sql::get(row, T, "estimated_time")?,
        icon: sql::get(row, T, "icon")?,
        tags: sql::json(row, T, "tags")?,
        integrations,
        featured: sql::get(row, T, "is_featured")?,
        usage_count: sql::get(row, T, "usage_count")?,
        rating: RatingSummary { sum: sql::get(row, T, "rating_sum")?, count: sql::get(row, T, "rating_count")? },
        estimate_tokens: sql::get(row, T, "estimate_tokens")?,
        estimate_cost_micros: sql::get(row, T, "estimate_cost")?,
        last_used_at: sql::time_opt(row, T, "last_used_at")?,
        cleanup_suggested: sql::get(row, T, "cleanup")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}

fn decode_full(row: &Row) -> Result<Template> {
    let card = decode_card(row)?;
    let mut manifest: Value = sql::json(row, T, "manifest")?;
    let document: Value = sql::json(row, T, "document")?;
    if let Value::Object(map) = &mut manifest {
        map.insert("document".into(), document);
    }
    let file: TemplateFile = serde_json::from_value(manifest).map_err(|e| StoreError::Corrupt {
        table: T,
        column: "manifest",
        reason: e.to_string(),
    })?;
    Ok(Template { card, file, source_workflow_id: sql::parsed_opt(row, T, "source_workflow_id")? })
}
