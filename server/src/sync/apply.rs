//! Applying one pushed mutation inside the push's transaction: who may, what the plan allows, and
//! then the merge rule of its entity — a newer clock wins field by field; a workflow's nodes and
//! edges merge against the version the desktop started from; executions are written whole. A
//! mutation that may not be applied fails with an API error, which the push records as its
//! rejection.

use crate::api::plan_limit;
use crate::db::Tx;
use crate::error::{Error, ErrorCode, Result};
use crate::permissions::{Plan, PlanLimits, Role, require};
use crate::sync::entities::{Entity, Merge, find};
use crate::sync::merge::merge;
use crate::sync::wire::{Mutation, Op};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The push's view of its organization, and what it has done so far.
pub struct Ctx {
    pub org: Uuid,
    pub user: Uuid,
    pub role: Role,
    pub plan: Plan,
    pub author: String,
    /// Counted once per push, then kept up to date as creates and deletes are applied.
    workflows: Option<i64>,
    agents: Option<i64>,
    executions: Option<i64>,
    pub conflicts: Vec<Uuid>,
}

impl Ctx {
    pub fn new(org: Uuid, user: Uuid, role: Role, plan: Plan, author: String) -> Self {
        Self { org, user, role, plan, author, workflows: None, agents: None, executions: None, conflicts: Vec::new() }
    }

    fn limits(&self) -> PlanLimits {
        self.plan.limits()
    }
}

/// The clocks are fixed-width text: longer than this is not one.
const MAX_HLC: usize = 80;

/// Applies `m`; an `Err` is its rejection.
pub async fn apply(tx: &mut Tx, ctx: &mut Ctx, m: &Mutation) -> Result<()> {
    let entity = find(&m.entity).ok_or_else(|| Error::bad_request(format!("'{}' is not a synced record", m.entity)))?;
    let permission = match m.op {
        Op::Create | Op::Upsert => entity.create,
        Op::Update => entity.update,
        Op::Delete => entity.delete,
    };
    require(ctx.role, ctx.plan, permission)?;
    if entity.key_is_uuid && Uuid::parse_str(&m.row_id).is_err() {
        return Err(Error::bad_request(format!("{} id '{}' is not a UUID", entity.name, m.row_id)));
    }
    if let Some(field) = m.fields.keys().find(|f| !entity.fields.contains(&f.as_str())) {
        return Err(Error::bad_request(format!("{} has no field '{field}' that a desktop may write", entity.name)));
    }
    check_no_secrets(entity, &m.fields)?;
    match (entity.merge, m.op) {
        (Merge::PushOnly, Op::Upsert) => upsert(tx, ctx, entity, m).await,
        (Merge::PushOnly, _) | (_, Op::Upsert) => {
            Err(Error::bad_request(format!("{} cannot be changed with {:?}", entity.name, m.op)))
        }
        (_, Op::Delete) => delete(tx, ctx, entity, m).await,
        (_, Op::Create) => create(tx, ctx, entity, m).await,
        (_, Op::Update) => update(tx, ctx, entity, m).await,
    }
}

/// Integrations and settings carry configuration: a key that names a secret is refused, at any
/// depth, because secrets stay in each desktop's keychain.
fn check_no_secrets(entity: &Entity, fields: &Map<String, Value>) -> Result<()> {
    if !matches!(entity.name, "integration" | "setting") {
        return Ok(());
    }
    for value in fields.values() {
        if let Value::Object(map) = value {
            crate::api::ai_hub::check_no_secret(map)?;
        }
    }
    Ok(())
}

fn hlc_of<'a>(m: &'a Mutation, field: &str) -> Result<&'a str> {
    let h = m
        .hlc
        .get(field)
        .or_else(|| m.hlc.get("*"))
        .ok_or_else(|| Error::bad_request(format!("{} field '{field}' has no clock", m.entity)))?;
    if h.is_empty() || h.len() > MAX_HLC {
        return Err(Error::bad_request(format!("{} field '{field}' has a malformed clock", m.entity)));
    }
    Ok(h)
}

async fn count(tx: &mut Tx, sql: &str, org: Uuid) -> Result<i64> {
    Ok(sqlx::query_scalar(sql).bind(org).fetch_one(&mut **tx).await?)
}

/// Refuses a create past the plan's cap on workflows or agents.
async fn check_cap(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity) -> Result<()> {
    let (cap, slot, sql, what) = match entity.name {
        "workflow" => (
            ctx.limits().workflows,
            &mut ctx.workflows,
            "SELECT count(*) FROM automation_workflows WHERE organization_id = $1",
            "workflows",
        ),
        "agent" => (
            ctx.limits().agents,
            &mut ctx.agents,
            "SELECT count(*) FROM ai_agents WHERE organization_id = $1",
            "agents",
        ),
        _ => return Ok(()),
    };
    let Some(cap) = cap else { return Ok(()) };
    let have = match *slot {
        Some(n) => n,
        None => count(tx, sql, ctx.org).await?,
    };
    *slot = Some(have);
    if have >= cap {
        return Err(plan_limit(what, cap, ctx.plan));
    }
    Ok(())
}

fn adjust(ctx: &mut Ctx, entity: &Entity, by: i64) {
    let slot = match entity.name {
        "workflow" => &mut ctx.workflows,
        "agent" => &mut ctx.agents,
        _ => return,
    };
    if let Some(n) = slot {
        *n += by;
    }
}

async fn delete(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity, m: &Mutation) -> Result<()> {
    let sql =
        format!("DELETE FROM {} WHERE organization_id = $1 AND {} = {}", entity.table, entity.key, entity.key_param(2));
    let gone = sqlx::query(&sql).bind(ctx.org).bind(&m.row_id).execute(&mut **tx).await?.rows_affected();
    // Deleting what is already gone is done.
    adjust(ctx, entity, -(gone as i64));
    Ok(())
}

async fn create(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity, m: &Mutation) -> Result<()> {
    let exists: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE organization_id = $1 AND {} = {})",
        entity.table,
        entity.key,
        entity.key_param(2)
    ))
    .bind(ctx.org)
    .bind(&m.row_id)
    .fetch_one(&mut **tx)
    .await?;
    if exists {
        // A create sent again (or made on two desktops): its fields are changes like any other.
        return update(tx, ctx, entity, m).await;
    }
    if entity.name == "conflict" {
        return Err(Error::api(ErrorCode::Forbidden, "conflicts are made by the workspace's merge, not pushed"));
    }
    check_cap(tx, ctx, entity).await?;
    let mut clocks = Map::new();
    for field in m.fields.keys() {
        clocks.insert(field.clone(), Value::String(hlc_of(m, field)?.to_string()));
    }
    let cols: Vec<&String> = m.fields.keys().collect();
    let mut names = vec!["organization_id".to_string(), entity.key.to_string(), "field_hlc".to_string()];
    let mut values = vec!["$1".to_string(), entity.key_param(2), "$3".to_string()];
    if entity.has_created_by {
        names.push("created_by".into());
        values.push("$5".into());
    }
    for c in &cols {
        names.push((*c).clone());
        values.push(format!("r.{c}"));
    }
    let sql = format!(
        "INSERT INTO {t} ({}) SELECT {} FROM jsonb_populate_record(NULL::{t}, $4) r",
        names.join(", "),
        values.join(", "),
        t = entity.table
    );
    let mut q = sqlx::query(&sql).bind(ctx.org).bind(&m.row_id).bind(Value::Object(clocks));
    q = q.bind(Value::Object(m.fields.clone()));
    if entity.has_created_by {
        q = q.bind(ctx.user);
    }
    q.execute(&mut **tx).await?;
    adjust(ctx, entity, 1);
    Ok(())
}

/// The row's clocks (and, for a workflow, its document), locked for this push.
async fn current(tx: &mut Tx, ctx: &Ctx, entity: &Entity, m: &Mutation) -> Result<Option<Value>> {
    let extra = if entity.merge == Merge::Workflow {
        ", jsonb_build_object('version', version, 'name', name, 'description', description, 'nodes', nodes,
            'edges', edges, 'variables', variables, 'tags', tags)"
    } else {
        ", NULL::jsonb"
    };
    let row: Option<(Value, Option<Value>)> = sqlx::query_as(&format!(
        "SELECT field_hlc{extra} FROM {} WHERE organization_id = $1 AND {} = {} FOR UPDATE",
        entity.table,
        entity.key,
        entity.key_param(2)
    ))
    .bind(ctx.org)
    .bind(&m.row_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(clocks, doc)| json!({ "clocks": clocks, "doc": doc })))
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

async fn update(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity, m: &Mutation) -> Result<()> {
    let Some(now) = current(tx, ctx, entity, m).await? else {
        return Err(missing(tx, ctx, entity, m).await?);
    };
    let clocks = now["clocks"].as_object().cloned().unwrap_or_default();
    // The fields whose clock is newer than their last write.
    let mut winners: BTreeMap<String, Value> = BTreeMap::new();
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
    let mut bump = false;
    // A pushed document always touches the row, merged or not, so that the desktop that pushed
    // it pulls back the workspace's document (which may differ from what it sent).
    let document =
        entity.merge == Merge::Workflow && (m.fields.contains_key("nodes") || m.fields.contains_key("edges"));
    if entity.merge == Merge::Workflow {
        bump = winners.keys().any(|f| ["name", "description", "variables", "tags"].contains(&f.as_str()));
        if document {
            bump |= merge_document(tx, ctx, m, &now["doc"], &mut winners).await?;
        }
    }
    if winners.is_empty() && !document {
        return Ok(());
    }
    let mut sets: Vec<String> = winners.keys().map(|c| format!("{c} = r.{c}")).collect();
    sets.push("field_hlc = t.field_hlc || $3".into());
    if entity.has_updated_at {
        sets.push("updated_at = now()".into());
    }
    if bump {
        sets.push("version = t.version + 1".into());
    }
    let sql = format!(
        "UPDATE {t} AS t SET {} FROM jsonb_populate_record(NULL::{t}, $4) r
         WHERE t.organization_id = $1 AND t.{k} = {}",
        sets.join(", "),
        entity.key_param(2),
        t = entity.table,
        k = entity.key
    );
    let data: Map<String, Value> = winners.into_iter().collect();
    sqlx::query(&sql)
        .bind(ctx.org)
        .bind(&m.row_id)
        .bind(Value::Object(new_clocks))
        .bind(Value::Object(data))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Merges the pushed nodes and edges into the workflow's; puts the result among `winners`, keeps
/// a conflict copy when both sides changed the same node. Whether the document changed.
async fn merge_document(
    tx: &mut Tx,
    ctx: &mut Ctx,
    m: &Mutation,
    now: &Value,
    winners: &mut BTreeMap<String, Value>,
) -> Result<bool> {
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
        (Some(_), _) => format!("Merged with {}'s edit; their version is kept as a conflict copy", ctx.author),
        (None, true) if m.base_version != Some(version) => format!("Merged with {}'s edit", ctx.author),
        _ => format!("Synced from {}", ctx.author),
    };
    sqlx::query("SELECT set_config('app.version_message', $1, true)").bind(message).execute(&mut **tx).await?;
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
    Ok(changed)
}

/// Executions: written whole; a new workflow execution counts against the monthly allowance.
async fn upsert(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity, m: &Mutation) -> Result<()> {
    let exists: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE organization_id = $1 AND id = $2::uuid)",
        entity.table
    ))
    .bind(ctx.org)
    .bind(&m.row_id)
    .fetch_one(&mut **tx)
    .await?;
    if !exists
        && entity.name == "workflow_execution"
        && let Some(cap) = ctx.limits().executions_per_month
    {
        let used = match ctx.executions {
            Some(n) => n,
            None => crate::api::plan::executions_this_month(tx, ctx.org).await?.0,
        };
        if used >= cap {
            return Err(plan_limit("executions a month", cap, ctx.plan));
        }
        ctx.executions = Some(used + 1);
    }
    let cols: Vec<&String> = m.fields.keys().collect();
    let names: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
    let picks: Vec<String> = cols.iter().map(|c| format!("r.{c}")).collect();
    let updates: Vec<String> = cols.iter().map(|c| format!("{c} = EXCLUDED.{c}")).collect();
    let sql = format!(
        "INSERT INTO {t} (organization_id, id{}{}) SELECT $1, $2::uuid{}{} FROM jsonb_populate_record(NULL::{t}, $3) r
         ON CONFLICT (id) DO {}",
        if names.is_empty() { "" } else { ", " },
        names.join(", "),
        if picks.is_empty() { "" } else { ", " },
        picks.join(", "),
        if updates.is_empty() { "NOTHING".to_string() } else { format!("UPDATE SET {}", updates.join(", ")) },
        t = entity.table
    );
    sqlx::query(&sql).bind(ctx.org).bind(&m.row_id).bind(Value::Object(m.fields.clone())).execute(&mut **tx).await?;
    Ok(())
}
