//! sync_outbox and sync_rows: this copy's side of syncing with the
//! workspace. Changes are captured into the outbox by trigger (migrations/V0006) in the
//! transaction that makes them; a push takes them in order, folds each row's changes into one
//! mutation with the row's current values, numbers the mutations and records the numbers before
//! anything is sent — so a push cut short by a crash is sent again exactly, and the workspace,
//! which skips numbers it has applied, never applies one twice. Only the workspace's answer
//! removes changes from the outbox. The state (cursor, role, plan …) is in `sync_state`; applying
//! pulled changes is in `sync_apply`.

use crate::error::Result;
use crate::sql;
use crate::table::sync_entities::{Kind, SyncEntity, find};
use neuroflow_types::wire::{Mutation, Op, PushResponse};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

pub use super::sync_state::*;

struct Entry {
    seq: i64,
    entity: String,
    row_id: String,
    op: Op,
    fields: Vec<String>,
    hlc: String,
    mutation_id: Option<i64>,
}

fn entries(conn: &Connection, in_flight: bool, limit: usize) -> Result<Vec<Entry>> {
    let sql = if in_flight {
        "SELECT seq, entity, row_id, op, fields, hlc, mutation_id FROM sync_outbox WHERE mutation_id IS NOT NULL
         ORDER BY seq LIMIT ?"
    } else {
        "SELECT seq, entity, row_id, op, fields, hlc, mutation_id FROM sync_outbox WHERE mutation_id IS NULL
         ORDER BY seq LIMIT ?"
    };
    sql::all(conn, sql, [limit as i64], |row| {
        let op: String = sql::get(row, "sync_outbox", "op")?;
        let fields: Vec<Option<String>> = sql::json(row, "sync_outbox", "fields")?;
        Ok(Entry {
            seq: sql::get(row, "sync_outbox", "seq")?,
            entity: sql::get(row, "sync_outbox", "entity")?,
            row_id: sql::get(row, "sync_outbox", "row_id")?,
            op: Op::parse(&op).unwrap_or(Op::Update),
            fields: fields.into_iter().flatten().collect(),
            hlc: sql::get(row, "sync_outbox", "hlc")?,
            mutation_id: sql::get(row, "sync_outbox", "mutation_id")?,
        })
    })
}

/// One row's changes, folded.
struct Group {
    entity: &'static SyncEntity,
    row_id: String,
    first_seq: i64,
    seqs: Vec<i64>,
    op: Op,
    /// Field → newest clock ("*": every field).
    clocks: BTreeMap<String, String>,
    mutation_id: Option<i64>,
}

fn fold(entries: Vec<Entry>) -> Vec<Group> {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut groups: HashMap<(String, String), Group> = HashMap::new();
    for e in entries {
        let Some(entity) = find(&e.entity) else { continue };
        let key = (e.entity.clone(), e.row_id.clone());
        let g = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Group {
                entity,
                row_id: e.row_id.clone(),
                first_seq: e.seq,
                seqs: Vec::new(),
                op: e.op,
                clocks: BTreeMap::new(),
                mutation_id: e.mutation_id,
            }
        });
        g.seqs.push(e.seq);
        // A delete forgets earlier changes; a create after it starts again; an update after a
        // create stays a create.
        match e.op {
            Op::Delete => {
                g.op = Op::Delete;
                g.clocks.clear();
            }
            Op::Create | Op::Upsert => {
                g.op = e.op;
                g.clocks.clear();
                g.clocks.insert("*".into(), e.hlc.clone());
            }
            Op::Update => {
                if g.op == Op::Delete {
                    g.op = Op::Update;
                }
                for f in &e.fields {
                    let slot = g.clocks.entry(f.clone()).or_default();
                    if e.hlc > *slot {
                        *slot = e.hlc.clone();
                    }
                }
                if let Some(all) = g.clocks.get_mut("*")
                    && e.hlc > *all
                {
                    *all = e.hlc.clone();
                }
            }
        }
    }
    order.into_iter().filter_map(|k| groups.remove(&k)).collect()
}

/// A row's current values of `columns`, as wire values; `None` when the row is gone.
pub(crate) fn values(
    conn: &Connection,
    e: &SyncEntity,
    row_id: &str,
    columns: &[(&str, Kind)],
) -> Result<Option<Map<String, Value>>> {
    let sql = format!("SELECT {} FROM {} WHERE {} = ?", e.json_object(columns), e.table, e.key);
    let text: Option<String> = conn.prepare_cached(&sql)?.query_row([row_id], |r| r.get(0)).optional()?;
    Ok(text.and_then(|t| match serde_json::from_str(&t) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }))
}

/// Whether an execution's parent records are in the workspace already (or go first in this push).
fn parents_ready(
    conn: &Connection,
    g: &Group,
    fields: &Map<String, Value>,
    sent: &HashSet<(String, String)>,
) -> Result<bool> {
    for (column, entity, table) in [
        ("workflow_execution_id", "workflow_execution", "workflow_executions"),
        ("team_execution_id", "team_execution", "team_executions"),
    ] {
        let Some(Value::String(parent)) = fields.get(column) else { continue };
        if g.entity.name == entity || sent.contains(&(entity.to_string(), parent.clone())) {
            continue;
        }
        let waiting: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE entity = ? AND row_id = ?)")?
            .query_row(params![entity, parent], |r| r.get(0))?;
        let unfinished: bool = conn
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ? AND status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED'))"
            ))?
            .query_row([parent], |r| r.get(0))?;
        if waiting || unfinished {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The most a push carries.
pub const MAX_MUTATIONS: usize = 500;
/// About this many bytes of values per push (the service accepts 16 MiB).
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The next push: the one in flight (numbered, not yet answered) if there is one, or a new one made
/// from the oldest changes, numbered and recorded as in flight. Empty when nothing waits.
pub fn prepare_push(conn: &Connection) -> Result<Vec<Mutation>> {
    let in_flight = entries(conn, true, usize::MAX >> 1)?;
    let resend = !in_flight.is_empty();
    let pool = if resend { in_flight } else { entries(conn, false, MAX_MUTATIONS * 4)? };
    let mut groups = fold(pool);
    // What a record refers to goes first; otherwise the order the changes were made.
    groups.sort_by_key(|g| (g.entity.rank, g.first_seq));
    if resend {
        groups.sort_by_key(|g| g.mutation_id);
    }
    let mut next: i64 = conn.query_row("SELECT next_mutation FROM sync_state", [], |r| r.get(0))?;
    let mut out = Vec::new();
    let mut sent: HashSet<(String, String)> = HashSet::new();
    let mut bytes = 0;
    for g in groups {
        if out.len() >= MAX_MUTATIONS || (bytes >= MAX_BYTES && !resend) {
            break;
        }
        let all = g.clocks.contains_key("*");
        let columns: Vec<(&str, Kind)> = if g.op == Op::Delete {
            Vec::new()
        } else if all {
            g.entity.fields.to_vec()
        } else {
            g.entity.fields.iter().filter(|(f, _)| g.clocks.contains_key(*f)).copied().collect()
        };
        let fields = if columns.is_empty() {
            Map::new()
        } else {
            match values(conn, g.entity, &g.row_id, &columns)? {
                Some(v) => v,
                // Gone without a delete captured (a pulled delete removed it): nothing to send.
                None if !resend => {
                    for seq in &g.seqs {
                        sql::exec(conn, "DELETE FROM sync_outbox WHERE seq = ?", [seq])?;
                    }
                    continue;
                }
                None => Map::new(),
            }
        };
        if g.entity.push_only && !resend && !parents_ready(conn, &g, &fields, &sent)? {
            continue;
        }
        let id = match g.mutation_id {
            Some(id) => id,
            None => {
                let id = next;
                next += 1;
                for seq in &g.seqs {
                    sql::exec(conn, "UPDATE sync_outbox SET mutation_id = ? WHERE seq = ?", params![id, seq])?;
                }
                id
            }
        };
        let document =
            g.entity.name == "workflow" && (all || fields.contains_key("nodes") || fields.contains_key("edges"));
        let (base_version, message) = if document { document_context(conn, &g.row_id)? } else { (None, None) };
        let hlc = if g.op == Op::Delete { BTreeMap::new() } else { g.clocks.clone() };
        bytes += fields.values().map(|v| v.to_string().len()).sum::<usize>();
        sent.insert((g.entity.name.to_string(), g.row_id.clone()));
        out.push(Mutation {
            id,
            entity: g.entity.name.to_string(),
            row_id: g.row_id,
            op: g.op,
            fields,
            hlc,
            base_version,
            message,
        });
    }
    sql::exec(conn, "UPDATE sync_state SET next_mutation = ?", [next])?;
    Ok(out)
}

/// What a pushed workflow document goes with, read in one statement: the workspace's version it was
/// edited from (the merge base), and the words its current version was saved with here — none for a
/// version that came from the workspace, which has its words there already.
fn document_context(conn: &Connection, workflow_id: &str) -> Result<(Option<i64>, Option<String>)> {
    let (base, message): (Option<i64>, Option<String>) = conn
        .prepare_cached(
            "SELECT (SELECT base_version FROM sync_rows WHERE entity = 'workflow' AND row_id = ?1),
                    (SELECT v.message FROM automation_workflows w
                     JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.version
                     WHERE w.id = ?1 AND NOT v.pulled)",
        )?
        .query_row([workflow_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((base, message.filter(|m| !m.trim().is_empty())))
}

/// Takes the workspace's answer to a push: what it has is removed from the outbox, what it
/// refused is kept for the person to see. Returns how many refusals they see: a version refused
/// with its workflow is that workflow's refusal (see `sync_conflicts::SEEN`), and is sent again
/// with it.
pub fn ack_push(conn: &Connection, answer: &PushResponse) -> Result<u32> {
    sql::exec(
        conn,
        "DELETE FROM sync_outbox WHERE mutation_id IS NOT NULL AND mutation_id <= ?",
        [answer.last_mutation_id],
    )?;
    for r in &answer.rejected {
        sql::exec(
            conn,
            "INSERT OR REPLACE INTO sync_rejections (mutation_id, entity, row_id, code, message) VALUES (?, ?, ?, ?, ?)",
            params![r.id, r.entity, r.row_id, r.code, r.message],
        )?;
    }
    let ids: Vec<i64> = answer.rejected.iter().map(|r| r.id).collect();
    let seen: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM sync_rejections WHERE mutation_id IN (SELECT value FROM json_each(?)) AND {}",
            crate::table::sync_conflicts::SEEN
        ),
        [crate::sql::to_json(&ids)?],
        |r| r.get(0),
    )?;
    Ok(seen as u32)
}
