//! Updates: each pushed field is written if its clock is newer than its last write (last writer
//! wins, field by field); a workflow's nodes and edges are merged against the version the desktop
//! edited, keeping a conflict copy when both sides changed the same node. Like every kind of
//! change, updates are applied set-wise (see `apply`): the rows are read and locked in one
//! statement and written in one statement per shape of change.

use crate::db::Tx;
use crate::error::{Error, ErrorCode, Result};
use crate::sync::apply::{Ctx, Outcome, by_columns, hlc_of, rejection};
use crate::sync::entities::{Entity, Merge};
use crate::sync::merge::merge;
use crate::sync::wire::Mutation;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// A row as it is: its fields' clocks and, for a workflow, its document.
struct Current {
    clocks: Map<String, Value>,
    doc: Value,
}

/// What an update writes to one row.
struct Write {
    row_id: String,
    winners: BTreeMap<String, Value>,
    clocks: Map<String, Value>,
    /// Whether a workflow's version moves (a new document, name, description …).
    bump: bool,
}

/// Applies updates, each to a different row: the outcome of each, in order.
pub async fn update_rows(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity, ms: &[&Mutation]) -> Result<Vec<Outcome>> {
    if ms.is_empty() {
        return Ok(Vec::new());
    }
    let now = current_rows(tx, ctx, entity, ms).await?;
    let mut outcomes = Vec::with_capacity(ms.len());
    let mut writes = Vec::new();
    let mut worded = false;
    for m in ms {
        let Some(row) = now.get(&entity.row_key(&m.row_id)) else {
            outcomes.push(Err(missing(tx, ctx, entity, m).await?));
            continue;
        };
        let mut write = match field_winners(entity, m, &row.clocks) {
            Ok(w) => w,
            Err(e) => {
                outcomes.push(rejection(e)?);
                continue;
            }
        };
        outcomes.push(Ok(()));
        // A pushed document always touches the row, merged or not, so that the desktop that
        // pushed it pulls back the workspace's document (which may differ from what it sent).
        let document =
            entity.merge == Merge::Workflow && (m.fields.contains_key("nodes") || m.fields.contains_key("edges"));
        if document {
            let (changed, merged) = merge_document(tx, ctx, m, &row.doc, &mut write.winners).await?;
            write.bump |= changed;
            // Its version says whose edit it was merged with, or the words it was saved with on the
            // desktop, and who: written on its own.
            let words = m.message.as_deref().map(str::trim).filter(|w| !w.is_empty());
            let own = match (merged, words) {
                (Some(merged), _) => Some((merged, None)),
                (None, Some(words)) if changed => Some((bounded(words, MESSAGE_CHARS), Some(ctx.author.as_str()))),
                _ => None,
            };
            if let Some((message, author)) = own {
                set_version_words(tx, &message, author).await?;
                worded = true;
                write_updates(tx, ctx, entity, vec![write]).await?;
                continue;
            }
        }
        if !write.winners.is_empty() || document {
            writes.push(write);
        }
    }
    if entity.merge == Merge::Workflow && !writes.is_empty() {
        set_version_words(tx, &format!("Synced from {}", ctx.author), None).await?;
        worded = true;
    }
    write_updates(tx, ctx, entity, writes).await?;
    if worded {
        // Nothing this transaction makes later (a workflow created) takes these words.
        set_version_words(tx, "", None).await?;
    }
    Ok(outcomes)
}

/// The longest version message kept, in characters (the column's check says the same).
const MESSAGE_CHARS: usize = 2_000;
/// The longest author name kept with a version.
const AUTHOR_CHARS: usize = 200;

/// At most `max` characters of `text`.
fn bounded(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The message (and its author, when the words are theirs) the version triggers give the next
/// versions this transaction makes: in `workflow_versions` and on the row, which pulls carry.
async fn set_version_words(tx: &mut Tx, message: &str, author: Option<&str>) -> Result<()> {
    sqlx::query("SELECT set_config('app.version_message', $1, true), set_config('app.version_author', $2, true)")
        .bind(message)
        .bind(author.map(|a| bounded(a.trim(), AUTHOR_CHARS)).unwrap_or_default())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The fields whose clock is newer than their last write (a workflow's nodes and edges aside:
/// they are merged).
fn field_winners(entity: &Entity, m: &Mutation, clocks: &Map<String, Value>) -> Result<Write> {
    let mut winners = BTreeMap::new();
    let mut new_clocks = Map::new();
    for (field, value) in &m.fields {
        if entity.merge == Merge::Workflow && (field == "nodes" || field == "edges") {
            continue;
        }
        let h = hlc_of(m, field)?;
        if clocks.get(field).and_then(Value::as_str).is_none_or(|old| h > old) {
            winners.insert(field.clone(), value.clone());
            new_clocks.insert(field.clone(), Value::String(h.to_string()));
        }
    }
    let bump = entity.merge == Merge::Workflow
        && winners.keys().any(|f| ["name", "description", "variables", "tags"].contains(&f.as_str()));
    Ok(Write { row_id: m.row_id.clone(), winners, clocks: new_clocks, bump })
}

/// The rows' clocks (and, for workflows, their documents), locked for this push.
async fn current_rows(tx: &mut Tx, ctx: &Ctx, entity: &Entity, ms: &[&Mutation]) -> Result<HashMap<String, Current>> {
    let extra = if entity.merge == Merge::Workflow {
        ", jsonb_build_object('version', version, 'name', name, 'description', description, 'nodes', nodes,
            'edges', edges, 'variables', variables, 'tags', tags)"
    } else {
        ", NULL::jsonb"
    };
    let keys: Vec<String> = ms.iter().map(|m| entity.row_key(&m.row_id)).collect();
    let rows: Vec<(String, Value, Option<Value>)> = sqlx::query_as(&format!(
        "SELECT {k}::text, field_hlc{extra} FROM {t} WHERE organization_id = $1 AND {k} = ANY({}) FOR UPDATE",
        entity.keys_param(2),
        t = entity.table,
        k = entity.key,
    ))
    .bind(ctx.org)
    .bind(keys)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, clocks, doc)| {
            let clocks = match clocks {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            (key, Current { clocks, doc: doc.unwrap_or(Value::Null) })
        })
        .collect())
}

async fn missing(tx: &mut Tx, ctx: &Ctx, entity: &Entity, m: &Mutation) -> Result<Error> {
    let deleted: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sync_tombstones WHERE organization_id = $1 AND entity = $2 AND row_id = $3)",
    )
    .bind(ctx.org)
    .bind(entity.name)
    .bind(&m.row_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Error::api(
        ErrorCode::NotFound,
        if deleted {
            format!("this {} was deleted in the workspace, so the change was not applied", entity.name)
        } else {
            format!("this {} is not in the workspace", entity.name)
        },
    ))
}

/// Writes updates: one statement per shape (the columns written, whether the version moves).
async fn write_updates(tx: &mut Tx, ctx: &Ctx, entity: &Entity, writes: Vec<Write>) -> Result<()> {
    let mut shapes: BTreeMap<bool, Vec<Map<String, Value>>> = BTreeMap::new();
    for w in writes {
        let mut row: Map<String, Value> = w.winners.into_iter().collect();
        row.insert(entity.key.into(), Value::String(w.row_id));
        row.insert("field_hlc".into(), Value::Object(w.clocks));
        shapes.entry(w.bump).or_default().push(row);
    }
    for (bump, rows) in shapes {
        for (names, rows) in by_columns(rows) {
            let mut sets: Vec<String> = names
                .iter()
                .filter(|c| *c != entity.key && *c != "field_hlc")
                .map(|c| format!("{c} = r.{c}"))
                .collect();
            sets.push("field_hlc = t.field_hlc || r.field_hlc".into());
            if entity.has_updated_at {
                sets.push("updated_at = now()".into());
            }
            if bump {
                sets.push("version = t.version + 1".into());
            }
            let sql = format!(
                "UPDATE {t} AS t SET {} FROM jsonb_populate_recordset(NULL::{t}, $2) r
                 WHERE t.organization_id = $1 AND t.{k} = r.{k}",
                sets.join(", "),
                t = entity.table,
                k = entity.key
            );
            sqlx::query(&sql).bind(ctx.org).bind(Value::Array(rows)).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// Merges the pushed nodes and edges into the workflow's and puts the result among `winners`;
/// keeps a conflict copy when both sides changed the same node. Whether the document changed,
/// and, when the desktop edited an older version, the message its version gets.
async fn merge_document(
    tx: &mut Tx,
    ctx: &mut Ctx,
    m: &Mutation,
    now: &Value,
    winners: &mut BTreeMap<String, Value>,
) -> Result<(bool, Option<String>)> {
    let arr = |v: &Value, k: &str| v.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
    let (ours_n, ours_e) = (arr(now, "nodes"), arr(now, "edges"));
    let theirs_n = m.fields.get("nodes").and_then(Value::as_array).cloned().unwrap_or_else(|| ours_n.clone());
    let theirs_e = m.fields.get("edges").and_then(Value::as_array).cloned().unwrap_or_else(|| ours_e.clone());
    let version = now["version"].as_i64().unwrap_or(1);
    let (nodes, edges, conflicts) = if m.base_version == Some(version) {
        (theirs_n.clone(), theirs_e.clone(), None)
    } else {
        let base: Option<Value> = match m.base_version {
            Some(b) => sqlx::query_scalar(
                "SELECT document FROM workflow_versions WHERE organization_id = $1 AND workflow_id = $2::uuid AND version = $3",
            )
            .bind(ctx.org)
            .bind(&m.row_id)
            .bind(b)
            .fetch_optional(&mut **tx)
            .await?,
            None => None,
        };
        let base = base.unwrap_or(Value::Null);
        let merged = merge((&arr(&base, "nodes"), &arr(&base, "edges")), (&ours_n, &ours_e), (&theirs_n, &theirs_e));
        let conflicts = merged.has_conflicts().then(|| (merged.node_conflicts.clone(), merged.edge_conflicts.clone()));
        (merged.nodes, merged.edges, conflicts)
    };
    let changed = nodes != ours_n || edges != ours_e;
    let message = match (&conflicts, changed) {
        (Some(_), _) => Some(format!("Merged with {}'s edit; their version is kept as a conflict copy", ctx.author)),
        (None, true) if m.base_version != Some(version) => Some(format!("Merged with {}'s edit", ctx.author)),
        _ => None,
    };
    if changed {
        winners.insert("nodes".into(), Value::Array(nodes));
        winners.insert("edges".into(), Value::Array(edges));
    }
    if let Some((node_ids, edge_ids)) = conflicts {
        let mut doc = Map::new();
        for k in ["name", "description", "variables", "tags"] {
            let v = m.fields.get(k).cloned().unwrap_or_else(|| now[k].clone());
            doc.insert(k.into(), v);
        }
        doc.insert("nodes".into(), Value::Array(theirs_n));
        doc.insert("edges".into(), Value::Array(theirs_e));
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO sync_conflicts (id, organization_id, workflow_id, base_version, merged_version, document, nodes,
                 edges, author_id, author_name)
             VALUES ($1, $2, $3::uuid, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(ctx.org)
        .bind(&m.row_id)
        .bind(m.base_version)
        .bind(if changed { version + 1 } else { version })
        .bind(Value::Object(doc))
        .bind(json!(node_ids))
        .bind(json!(edge_ids))
        .bind(ctx.user)
        .bind(&ctx.author)
        .execute(&mut **tx)
        .await?;
        ctx.conflicts.push(Uuid::parse_str(&m.row_id).unwrap_or_default());
    }
    Ok((changed, message))
}
