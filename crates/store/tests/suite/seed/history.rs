//! A random history of runs, calls, recoveries and prunes, and the recount that checks the rollups
//! against it: every rollup row must equal what the raw rows that ever existed add up to.

use super::{Call, Run, at, call, run, time_at};
use crate::common;
use neuroflow_store::histogram::Histogram;
use neuroflow_store::table::retention::{self, Cutoffs};
use neuroflow_store::table::rollups::Periods;
use neuroflow_store::table::runners;
use neuroflow_types::*;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

/// Counters and latency of one rollup row, as recounted or as stored.
#[derive(Debug, Clone, Default, PartialEq)]
struct Counts {
    n: i64,
    completed: i64,
    failed: i64,
    cancelled: i64,
    duration: i64,
    tokens: i64,
    cost: i64,
    latency: Histogram,
}

impl Counts {
    fn add(&mut self, status: &str, duration: i64, latency: i64, tokens: i64, cost: i64) {
        self.n += 1;
        self.completed += i64::from(status == "COMPLETED");
        self.failed += i64::from(status == "FAILED");
        self.cancelled += i64::from(status == "CANCELLED");
        self.duration += duration;
        self.tokens += tokens;
        self.cost += cost;
        self.latency.add(latency);
    }
}

type Table = BTreeMap<Vec<String>, Counts>;

/// Every closed run, call and integration step in the file now, by id (raw rows never change once
/// closed, so snapshots taken before each prune add up to everything that ever ran).
#[derive(Debug, Default)]
struct Raw {
    runs: HashMap<String, Vec<String>>,
    calls: HashMap<String, Vec<String>>,
    steps: HashMap<String, Vec<String>>,
}

fn strings(conn: &Connection, query: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(query).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |row| (0..n).map(|i| row.get::<_, rusqlite::types::Value>(i)).collect::<Result<Vec<_>, _>>())
        .unwrap()
        .map(|r| {
            r.unwrap()
                .into_iter()
                .map(|v| match v {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Null => String::new(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

impl Raw {
    fn snapshot(&mut self, conn: &Connection) {
        for row in strings(
            conn,
            "SELECT id, workflow_id, trigger_kind, parent_execution_id IS NOT NULL, test_run, started_at, status,
                duration, tokens_used, cost FROM workflow_executions WHERE completed_at IS NOT NULL",
        ) {
            self.runs.insert(row[0].clone(), row);
        }
        for row in strings(
            conn,
            "SELECT id, agent_id, provider, model, CASE WHEN team_execution_id IS NOT NULL THEN 'TEAM'
                WHEN workflow_execution_id IS NOT NULL THEN 'WORKFLOW' ELSE 'DIRECT' END, started_at, status,
                duration, tokens_in + tokens_out, cost FROM agent_executions WHERE completed_at IS NOT NULL",
        ) {
            self.calls.insert(row[0].clone(), row);
        }
        for row in strings(
            conn,
            "SELECT execution_id || '/' || node_id, action, started_at, status, duration_us FROM execution_steps
             WHERE action IS NOT NULL AND attempts > 0 AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')",
        ) {
            self.steps.insert(row[0].clone(), row);
        }
    }

    fn recount(&self) -> (Table, Table, Table) {
        let mut runs = Table::new();
        let mut calls = Table::new();
        let mut actions = Table::new();
        let num = |s: &String| s.parse::<i64>().unwrap_or(0);
        for r in self.runs.values() {
            let p = Periods::of(&r[5]).unwrap();
            for (grain, period) in [("hour", p.hour), ("day", p.day)] {
                let key =
                    vec![grain.into(), period.to_string(), r[1].clone(), r[2].clone(), r[3].clone(), r[4].clone()];
                runs.entry(key).or_default().add(&r[6], num(&r[7]), num(&r[7]), num(&r[8]), num(&r[9]));
            }
        }
        for c in self.calls.values() {
            let p = Periods::of(&c[5]).unwrap();
            for (grain, period) in [("hour", p.hour), ("day", p.day)] {
                let key =
                    vec![grain.into(), period.to_string(), c[1].clone(), c[2].clone(), c[3].clone(), c[4].clone()];
                calls.entry(key).or_default().add(&c[6], num(&c[7]), num(&c[7]), num(&c[8]), num(&c[9]));
            }
        }
        for s in self.steps.values() {
            let p = Periods::of(&s[2]).unwrap();
            for (grain, period) in [("hour", p.hour), ("day", p.day)] {
                let key = vec![grain.into(), period.to_string(), s[1].clone()];
                actions.entry(key).or_default().add(&s[3], num(&s[4]), num(&s[4]) / 1_000, 0, 0);
            }
        }
        (runs, calls, actions)
    }
}

fn stored(conn: &Connection, query: &str, keys: usize) -> Table {
    let mut stmt = conn.prepare(query).unwrap();
    stmt.query_map([], |row| {
        let key: Vec<String> = (0..keys)
            .map(|i| match row.get::<_, rusqlite::types::Value>(i).unwrap() {
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .collect();
        let latency: Vec<u8> = row.get(keys + 7)?;
        Ok((
            key,
            Counts {
                n: row.get(keys)?,
                completed: row.get(keys + 1)?,
                failed: row.get(keys + 2)?,
                cancelled: row.get(keys + 3)?,
                duration: row.get(keys + 4)?,
                tokens: row.get(keys + 5)?,
                cost: row.get(keys + 6)?,
                latency: Histogram::decode(&latency).unwrap(),
            },
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// A small deterministic generator (xorshift64*), so a failure names the seed that shows it.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// Random runs (some failing, some left open and recovered, some nested or test runs, some with an
/// integration step), agent calls, recoveries and prunes; then every rollup row must equal the recount
/// of every closed row that ever existed.
pub fn random_history(seed: u64, prunes: bool) -> common::Org {
    let org = common::org("Random");
    let workflows: Vec<_> = (0..3).map(|i| common::workflow(&org, common::document(&format!("W{i}"), 2))).collect();
    let agents: Vec<_> = (0..2).map(|i| common::agent(&org, &format!("A{i}"), "openai")).collect();
    let mut rng = Rng::new(seed);
    let base = at("2026-11-10T00:00:00.000Z");
    let mut raw = Raw::default();
    let mut ids: Vec<ExecutionId> = Vec::new();
    let statuses = ["COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "CANCELLED", "RUNNING"];
    let errors = ["HTTP 500 after 1203 ms", "HTTP 500 after 9931 ms", "bad key", "HTTP 404"];
    for _ in 0..400 {
        let started = format_timestamp(&time_at(base + rng.below(10 * 86_400_000) as i64));
        match rng.below(100) {
            0..70 => {
                let parent =
                    (rng.below(10) == 0).then(|| ids.get(rng.below(ids.len() as u64) as usize).copied()).flatten();
                let id = run(
                    &org,
                    &Run {
                        workflow: workflows[rng.below(3) as usize].id,
                        started: &started,
                        status: statuses[rng.below(6) as usize],
                        duration_ms: rng.below(6_000) as i64,
                        tokens: rng.below(1_000) as i64,
                        cost: rng.below(10_000) as i64,
                        error: Some(errors[rng.below(4) as usize]),
                        test_run: rng.below(10) == 0,
                        parent,
                        action: (rng.below(2) == 0)
                            .then_some(["slack.postMessage", "http.request"][rng.below(2) as usize]),
                        trigger: [TriggerKind::Manual, TriggerKind::Webhook][rng.below(2) as usize],
                    },
                );
                ids.push(id);
            }
            70..88 => {
                let execution =
                    (rng.below(2) == 0).then(|| ids.get(rng.below(ids.len() as u64) as usize).copied()).flatten();
                let _ = call(
                    &org,
                    &Call {
                        agent: agents[rng.below(2) as usize].id,
                        execution,
                        started: &started,
                        status: statuses[rng.below(6) as usize],
                        duration_ms: rng.below(20_000) as i64,
                        tokens_in: rng.below(500) as i64,
                        tokens_out: rng.below(500) as i64,
                        cost: rng.below(5_000) as i64,
                        model: ["gpt-4o", "gpt-4o-mini"][rng.below(2) as usize],
                    },
                );
            }
            88..93 => {
                org.store.write_blocking(|c| runners::close_orphans(c, None, "interrupted")).unwrap();
            }
            _ if prunes => {
                org.store
                    .read(|c| {
                        raw.snapshot(c);
                        Ok(())
                    })
                    .unwrap();
                let cut = |days: u64| format_timestamp(&time_at(base + (days * 86_400_000) as i64));
                let cutoffs = Cutoffs { completed: cut(rng.below(11)), failed: cut(rng.below(11)), logs: cut(0) };
                let oid = org.id.to_string();
                let due = org.store.read({
                    let (oid, cutoffs) = (oid.clone(), cutoffs.clone());
                    move |c| retention::due(c, &oid, &cutoffs, 50)
                });
                let due = due.unwrap();
                org.store.write_blocking(move |c| retention::remove(c, &oid, &due, &cutoffs)).unwrap();
                let left: Vec<String> =
                    org.store.read(|c| Ok(strings(c, "SELECT id FROM workflow_executions"))).unwrap().concat();
                ids.retain(|id| left.contains(&id.to_string()));
            }
            _ => {}
        }
    }
    org.store.write_blocking(|c| runners::close_orphans(c, None, "interrupted")).unwrap();
    org.store
        .read(|c| {
            raw.snapshot(c);
            Ok(())
        })
        .unwrap();
    let (runs, calls, actions) = raw.recount();
    assert!(runs.len() > 50 && calls.len() > 10 && actions.len() > 10, "seed {seed}: the history is varied");
    let (s_runs, s_calls, s_actions) = org
        .store
        .read(|c| {
            Ok((
                stored(
                    c,
                    "SELECT grain, period, workflow_id, trigger_kind, nested, test_run, runs, completed, failed,
                        cancelled, duration_ms, tokens, cost, latency FROM run_rollups",
                    6,
                ),
                stored(
                    c,
                    "SELECT grain, period, agent_id, provider, model, origin, calls, completed, failed,
                        cancelled, duration_ms, tokens_in + tokens_out, cost, latency FROM agent_rollups",
                    6,
                ),
                stored(
                    c,
                    "SELECT grain, period, action, calls, completed, failed, cancelled, duration_us, 0, 0,
                        latency FROM action_rollups",
                    3,
                ),
            ))
        })
        .unwrap();
    assert_eq!(s_runs, runs, "seed {seed}: run rollups");
    assert_eq!(s_calls, calls, "seed {seed}: agent rollups");
    assert_eq!(s_actions, actions, "seed {seed}: action rollups");
    org
}

/// Every rollup row, as stored (to compare two ways of counting).
pub fn all_rollups(conn: &Connection) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for table in ["run_rollups", "agent_rollups", "team_rollups", "action_rollups", "error_rollups"] {
        let mut rows = strings(conn, &format!("SELECT '{table}', * FROM {table}"));
        rows.sort();
        out.extend(rows);
    }
    out.extend(strings(
        conn,
        "SELECT id, workflow_id, node_id, signature, failures, first_seen, last_seen FROM error_groups ORDER BY id",
    ));
    out.extend(strings(
        conn,
        "SELECT id, error_group FROM workflow_executions WHERE error_group IS NOT NULL ORDER BY id",
    ));
    out
}
