//! A template pulled from the workspace: the workspace keeps its file as the document and the
//! manifest (the rest of the file), and this copy derives from them the columns it searches and
//! shows by (slug, version, icon, the providers it needs, its estimate). A slug another template
//! here already has (two desktops published "lead-intake" apart) gets the id's tail, so the row is
//! kept rather than left waiting on the library's unique slug. A template whose file this version
//! cannot read (made by a newer app, or through the workspace's own API without a manifest) is not
//! taken.

use crate::error::Result;
use neuroflow_types::TemplateFile;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

/// The file a pulled template's manifest and document make, if this version can read it.
pub(crate) fn pulled_file(data: &Map<String, Value>) -> Option<TemplateFile> {
    let mut file = data.get("manifest")?.as_object()?.clone();
    file.insert("document".into(), data.get("document")?.clone());
    serde_json::from_value(Value::Object(file)).ok()
}

/// The columns this copy derives from a template's file (the wire carries the others).
pub(crate) fn derived_columns(
    conn: &Connection,
    org: &str,
    row_id: &str,
    file: &TemplateFile,
) -> Result<Vec<(&'static str, Sql)>> {
    const DERIVED: [&str; 7] =
        ["slug", "version", "icon", "integrations", "estimate_tokens", "estimate_cost", "is_featured"];
    let taken: Option<String> = conn
        .prepare_cached("SELECT id FROM workflow_templates WHERE organization_id = ? AND slug = ? AND id <> ?")?
        .query_row(params![org, file.slug, row_id], |r| r.get(0))
        .optional()?;
    let mut columns = crate::table::templates::file_columns(file)?;
    columns.retain(|(c, _)| DERIVED.contains(c));
    if taken.is_some() {
        let slug = format!("{}-{}", file.slug, &row_id[row_id.len().saturating_sub(8)..]);
        for (c, v) in &mut columns {
            if *c == "slug" {
                *v = Sql::Text(slug.clone());
            }
        }
    }
    Ok(columns)
}
