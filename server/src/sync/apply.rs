//! Applying pushed mutations inside the push's transaction: who may, what the plan allows, and
//! then the merge rule of its entity — a newer clock wins field by field (`update`); a workflow's
//! nodes and edges merge against the version the desktop started from; executions are written
//! whole. A mutation that may not be applied gets its rejection (an API error), which the push
//! records; a database error fails the whole attempt.
//!
//! Mutations are applied set-wise: a run of consecutive creates (or updates, or upserts) of one
//! entity becomes one statement per kind of row, not one per mutation, because each statement
//! costs a round trip, a plan and the checks of row-level security, and a push carries hundreds.
//! A single mutation is a run of one: there is one way to apply each kind of change.

use crate::api::plan_limit;
use crate::db::Tx;
use crate::error::{Error, ErrorCode, Result};
use crate::permissions::{Plan, PlanLimits, Role, require};
use crate::sync::entities::{Entity, Merge, find};
use crate::sync::update::update_rows;
use crate::sync::wire::{Mutation, Op};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
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

/// One mutation's result: `Err` is its rejection.
pub type Outcome = Result<()>;

/// The clocks are fixed-width text: longer than this is not one.
const MAX_HLC: usize = 80;

/// The most mutations applied by one statement (a push carries at most 1,000).
const MAX_RUN: usize = 500;

/// Applies `m` alone; an `Err` is its rejection, or the database's error.
pub async fn apply(tx: &mut Tx, ctx: &mut Ctx, m: &Mutation) -> Result<()> {
    apply_run(tx, ctx, &[m]).await?.pop().unwrap_or(Ok(()))
}

/// Splits mutations into runs that [`apply_run`] takes: consecutive, of one entity and one kind
/// of change, each for a different row (a row changed twice is applied in two runs, in order).
pub fn runs<'a>(mutations: &[&'a Mutation]) -> Vec<Vec<&'a Mutation>> {
    let mut runs: Vec<Vec<&Mutation>> = Vec::new();
    let mut rows: HashSet<&str> = HashSet::new();
    for m in mutations {
        let joins = runs.last().is_some_and(|run| {
            let first = run[0];
            first.entity == m.entity && first.op == m.op && run.len() < MAX_RUN && !rows.contains(m.row_id.as_str())
        });
        if !joins {
            runs.push(Vec::new());
            rows.clear();
        }
        rows.insert(&m.row_id);
        runs.last_mut().expect("a run").push(m);
    }
    runs
}

/// Applies a run (see [`runs`]): the outcome of each mutation, in order. The outer `Err` is the
/// database's; the push then applies its mutations one at a time to find the one it refused.
pub async fn apply_run(tx: &mut Tx, ctx: &mut Ctx, run: &[&Mutation]) -> Result<Vec<Outcome>> {
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(run.len());
    let mut valid: Vec<(usize, &Mutation)> = Vec::new();
    let mut entity = None;
    for (i, m) in run.iter().enumerate() {
        match check(ctx, m) {
            Ok(e) => {
                entity = Some(e);
                valid.push((i, *m));
                outcomes.push(Ok(()));
            }
            Err(e) => outcomes.push(Err(e)),
        }
    }
    let (Some(entity), Some((_, first))) = (entity, valid.first()) else { return Ok(outcomes) };
    let ms: Vec<&Mutation> = valid.iter().map(|(_, m)| *m).collect();
    let results = match (entity.merge, first.op) {
        (Merge::PushOnly, Op::Upsert) => upsert_rows(tx, ctx, entity, &ms).await?,
        (Merge::Once, op @ (Op::Update | Op::Delete)) => ms
            .iter()
            .map(|_| {
                Err(Error::bad_request(format!("a {} never changes: it is made once ({op:?} refused)", entity.name)))
            })
            .collect(),
        (Merge::PushOnly, op) | (_, op @ Op::Upsert) => ms
            .iter()
            .map(|_| Err(Error::bad_request(format!("{} cannot be changed with {op:?}", entity.name))))
            .collect(),
        (_, Op::Delete) => {
            let mut done = Vec::with_capacity(ms.len());
            for m in &ms {
                delete(tx, ctx, entity, m).await?;
                done.push(Ok(()));
            }
            done
        }
        (_, Op::Create) => create_rows(tx, ctx, entity, &ms).await?,
        (_, Op::Update) => update_rows(tx, ctx, entity, &ms).await?,
    };
    for ((i, _), result) in valid.iter().zip(results) {
        outcomes[*i] = result;
    }
    Ok(outcomes)
}

/// An error as a mutation's outcome: a refusal is its rejection; the database's fails the push.
pub fn rejection(e: Error) -> Result<Outcome> {
    match e {
        e @ Error::Database(_) => Err(e),
        e => Ok(Err(e)),
    }
}

/// What may be checked of a mutation alone: its entity, the permission, its id and fields.
fn check(ctx: &Ctx, m: &Mutation) -> Result<&'static Entity> {
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
    Ok(entity)
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

pub fn hlc_of<'a>(m: &'a Mutation, field: &str) -> Result<&'a str> {
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

/// Which of `ms`' rows the organization has.
async fn existing(tx: &mut Tx, ctx: &Ctx, entity: &Entity, ms: &[&Mutation]) -> Result<HashSet<String>> {
    let keys: Vec<String> = ms.iter().map(|m| entity.row_key(&m.row_id)).collect();
    let sql = format!(
        "SELECT {k}::text FROM {t} WHERE organization_id = $1 AND {k} = ANY({})",
        entity.keys_param(2),
        k = entity.key,
        t = entity.table
    );
    let found: Vec<String> = sqlx::query_scalar(&sql).bind(ctx.org).bind(keys).fetch_all(&mut **tx).await?;
    Ok(found.into_iter().collect())
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
        None => sqlx::query_scalar(sql).bind(ctx.org).fetch_one(&mut **tx).await?,
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

/// New rows: each with its fields' clocks and, where the table keeps it, who created it. A create
/// of a row the workspace already has (sent again, or made on two desktops) is an update.
async fn create_rows(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity, ms: &[&Mutation]) -> Result<Vec<Outcome>> {
    let have = existing(tx, ctx, entity, ms).await?;
    let workflows =
        if entity.name == "workflow_version" { known_workflows(tx, ctx, ms).await? } else { HashSet::new() };
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(ms.len());
    let (mut again, mut again_at) = (Vec::new(), Vec::new());
    let mut rows = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        outcomes.push(Ok(()));
        if have.contains(&entity.row_key(&m.row_id)) {
            // A record made once, sent again, is the one the workspace has: nothing to change.
            if entity.merge != Merge::Once {
                again.push(*m);
                again_at.push(i);
            }
            continue;
        }
        if entity.name == "conflict" {
            outcomes[i] =
                Err(Error::api(ErrorCode::Forbidden, "conflicts are made by the workspace's merge, not pushed"));
            continue;
        }
        if entity.name == "workflow_version" && !workflows.contains(&workflow_of(m)) {
            // Its workflow was refused (a plan's limit) or deleted: the version waits with it.
            outcomes[i] = Err(Error::api(
                ErrorCode::NotFound,
                format!("workflow '{}' of this version is not in the workspace", workflow_of(m)),
            ));
            continue;
        }
        let clocks: Result<Map<String, Value>> =
            m.fields.keys().map(|f| Ok((f.clone(), Value::String(hlc_of(m, f)?.to_string())))).collect();
        let clocks = match clocks {
            Ok(c) => c,
            Err(e) => {
                outcomes[i] = Err(e);
                continue;
            }
        };
        if let Err(e) = check_cap(tx, ctx, entity).await {
            outcomes[i] = rejection(e)?;
            continue;
        }
        adjust(ctx, entity, 1);
        let mut row = m.fields.clone();
        row.insert(entity.key.into(), Value::String(m.row_id.clone()));
        row.insert("field_hlc".into(), Value::Object(clocks));
        rows.push(row);
    }
    for (names, rows) in by_columns(rows) {
        let mut cols = vec!["organization_id".to_string(), entity.key.to_string(), "field_hlc".to_string()];
        let mut picks = vec!["$1".to_string(), format!("r.{}", entity.key), "r.field_hlc".to_string()];
        if entity.has_created_by {
            cols.push("created_by".into());
            picks.push("$3".into());
        }
        // A saved version says who saved it, by the name they sync under.
        let named = entity.name == "workflow_version";
        if named {
            cols.push("author_name".into());
            picks.push(format!("${}", if entity.has_created_by { 4 } else { 3 }));
        }
        for c in names.iter().filter(|c| *c != entity.key && *c != "field_hlc") {
            cols.push(c.clone());
            picks.push(format!("r.{c}"));
        }
        let sql = format!(
            "INSERT INTO {t} ({}) SELECT {} FROM jsonb_populate_recordset(NULL::{t}, $2) r",
            cols.join(", "),
            picks.join(", "),
            t = entity.table
        );
        let mut q = sqlx::query(&sql).bind(ctx.org).bind(Value::Array(rows));
        if entity.has_created_by {
            q = q.bind(ctx.user);
        }
        if named {
            q = q.bind(ctx.author.chars().take(200).collect::<String>());
        }
        q.execute(&mut **tx).await?;
    }
    for (i, result) in again_at.into_iter().zip(update_rows(tx, ctx, entity, &again).await?) {
        outcomes[i] = result;
    }
    Ok(outcomes)
}

/// The workflow a pushed version names, as the database spells a uuid ("" when it names none).
fn workflow_of(m: &Mutation) -> String {
    let named = m.fields.get("workflow_id").and_then(Value::as_str).unwrap_or_default();
    Uuid::parse_str(named).map(|id| id.to_string()).unwrap_or_default()
}

/// Which of the workflows that pushed versions name the organization has.
async fn known_workflows(tx: &mut Tx, ctx: &Ctx, ms: &[&Mutation]) -> Result<HashSet<String>> {
    let named: Vec<String> = ms.iter().map(|m| workflow_of(m)).filter(|w| !w.is_empty()).collect();
    let found: Vec<String> = sqlx::query_scalar(
        "SELECT id::text FROM automation_workflows WHERE organization_id = $1 AND id = ANY($2::text[]::uuid[])",
    )
    .bind(ctx.org)
    .bind(named)
    .fetch_all(&mut **tx)
    .await?;
    Ok(found.into_iter().collect())
}

/// Rows grouped by the columns they give (one statement each), in the order each set first came.
pub fn by_columns(rows: Vec<Map<String, Value>>) -> Vec<(Vec<String>, Vec<Value>)> {
    let mut groups: Vec<(Vec<String>, Vec<Value>)> = Vec::new();
    let mut index: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for row in rows {
        let names: Vec<String> = row.keys().cloned().collect();
        let at = *index.entry(names.clone()).or_insert_with(|| {
            groups.push((names, Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(Value::Object(row));
    }
    groups
}

/// Executions: written whole, again if sent again; a new workflow execution counts against the
/// monthly allowance.
async fn upsert_rows(tx: &mut Tx, ctx: &mut Ctx, entity: &Entity, ms: &[&Mutation]) -> Result<Vec<Outcome>> {
    let have = existing(tx, ctx, entity, ms).await?;
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(ms.len());
    let mut rows = Vec::new();
    for m in ms {
        outcomes.push(Ok(()));
        if !have.contains(&entity.row_key(&m.row_id))
            && entity.name == "workflow_execution"
            && let Some(cap) = ctx.limits().executions_per_month
        {
            let used = match ctx.executions {
                Some(n) => n,
                None => crate::api::plan::executions_this_month(tx, ctx.org).await?.0,
            };
            if used >= cap {
                *outcomes.last_mut().expect("an outcome") = Err(plan_limit("executions a month", cap, ctx.plan));
                continue;
            }
            ctx.executions = Some(used + 1);
        }
        let mut row = m.fields.clone();
        row.insert("id".into(), Value::String(m.row_id.clone()));
        rows.push(row);
    }
    for (names, rows) in by_columns(rows) {
        let cols: Vec<&String> = names.iter().filter(|c| *c != "id").collect();
        let names: Vec<String> = cols.iter().map(|c| format!(", {c}")).collect();
        let picks: Vec<String> = cols.iter().map(|c| format!(", r.{c}")).collect();
        let updates: Vec<String> = cols.iter().map(|c| format!("{c} = EXCLUDED.{c}")).collect();
        let sql = format!(
            "INSERT INTO {t} (organization_id, id{}) SELECT $1, r.id{} FROM jsonb_populate_recordset(NULL::{t}, $2) r
             ON CONFLICT (id) DO {}",
            names.concat(),
            picks.concat(),
            if updates.is_empty() { "NOTHING".to_string() } else { format!("UPDATE SET {}", updates.join(", ")) },
            t = entity.table
        );
        sqlx::query(&sql).bind(ctx.org).bind(Value::Array(rows)).execute(&mut **tx).await?;
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: i64, entity: &str, row: &str, op: Op) -> Mutation {
        Mutation {
            id,
            entity: entity.into(),
            row_id: row.into(),
            op,
            fields: Map::new(),
            hlc: BTreeMap::new(),
            base_version: None,
            message: None,
        }
    }

    #[test]
    fn runs_end_at_another_entity_or_kind_of_change_or_a_row_seen_again() {
        let ms = [
            m(1, "agent", "a", Op::Create),
            m(2, "agent", "b", Op::Create),
            m(3, "agent", "a", Op::Create),
            m(4, "agent", "c", Op::Update),
            m(5, "workflow", "w", Op::Update),
            m(6, "workflow", "x", Op::Update),
        ];
        let refs: Vec<&Mutation> = ms.iter().collect();
        let ids: Vec<Vec<i64>> = runs(&refs).iter().map(|run| run.iter().map(|m| m.id).collect()).collect();
        assert_eq!(ids, [vec![1, 2], vec![3], vec![4], vec![5, 6]]);
        let many: Vec<Mutation> = (0..1_000).map(|i| m(i, "agent", &i.to_string(), Op::Create)).collect();
        let refs: Vec<&Mutation> = many.iter().collect();
        assert_eq!(runs(&refs).iter().map(Vec::len).collect::<Vec<_>>(), [MAX_RUN, MAX_RUN]);
    }
}
