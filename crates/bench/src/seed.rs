//! A large organization for the analytics benchmark: `runs` executions of 50 workflows over 120 days
//! (5 steps each, one an integration call), about one agent call per five runs (10 agents, three
//! providers, six models), team runs, 5% failures with eight kinds of message, 2% cancelled runs.
//!
//! Rows are written straight into the organization's file in large transactions (the app's own
//! write path would take many minutes for a million runs), then the rollups and error groups are
//! counted once from them (`neuroflow_store::table::recount`, which the store tests check gives the
//! very rollups the app's writes give). Deterministic: the same `runs` gives the same store.

use neuroflow_store::params;
use neuroflow_types::{AgentExecutionId, AgentId, ExecutionId, OrgId, TeamExecutionId, TeamId, WorkflowId};
use std::path::Path;
use std::time::{Duration, Instant};

const DAYS: i64 = 120;
const WORKFLOWS: usize = 50;
const MESSAGES: [&str; 8] = [
    "HTTP 503 Service Unavailable from POST https://crm.example.com/api/leads/48213: maintenance",
    "HTTP 429 Too Many Requests from POST https://api.slack.com/chat.postMessage",
    "timed out after 30012 ms",
    "the template failed: undefined value 'input.lead.email' at line 1",
    "HTTP 401 Unauthorized from GET https://mls.example.com/listings?since=2026-11-01T00:00:00Z",
    "'Qualifier' answered with JSON that does not match the schema: missing field 'score'",
    "SMTP 550 mailbox unavailable for agent7@example.com",
    "budget of the workflow run reached: 50000 tokens",
];
const ACTIONS: [&str; 4] = ["http.request", "slack.postMessage", "gmail.send", "smtp.send"];
const MODELS: [(&str, &str, i64); 6] = [
    ("openai", "gpt-4o-mini", 1),
    ("openai", "gpt-4o", 12),
    ("anthropic", "claude-3-5-haiku", 3),
    ("anthropic", "claude-sonnet-4", 18),
    ("gemini", "gemini-2.5-flash", 1),
    ("gemini", "gemini-2.5-pro", 10),
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A log-normal value around `median` (σ = 0.6), as durations are.
    fn around(&mut self, median: f64) -> i64 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        let normal = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
        (median * (0.6 * normal).exp()) as i64
    }
}

/// What was written.
#[derive(Debug)]
pub struct Seeded {
    pub runs: usize,
    pub steps: usize,
    pub calls: usize,
    pub rows_took: Duration,
    pub rollups_took: Duration,
}

fn ts(ms: i64) -> String {
    neuroflow_types::format_timestamp(&neuroflow_types::Timestamp::from_timestamp_millis(ms).expect("a time"))
}

/// Writes the organization's runs; `org` must exist in the file at `path`.
pub fn seed(path: &Path, org: OrgId, runs: usize) -> Seeded {
    let conn = neuroflow_store::open_connection(path).expect("open the organization's file");
    conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;").unwrap();
    let clock = Instant::now();
    let o = org.to_string();
    let created = ts(neuroflow_types::now().timestamp_millis() - (DAYS + 1) * 86_400_000);
    conn.execute_batch("BEGIN").unwrap();
    let workflows: Vec<String> = (0..WORKFLOWS)
        .map(|i| {
            let id = WorkflowId::new().to_string();
            conn.execute(
                "INSERT INTO automation_workflows (id, organization_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                params![id, o, format!("Seeded workflow {i:02}"), created, created],
            )
            .unwrap();
            id
        })
        .collect();
    let agents: Vec<String> = (0..10)
        .map(|i| {
            let id = AgentId::new().to_string();
            conn.execute(
                "INSERT INTO ai_agents (id, organization_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                params![id, o, format!("Seeded agent {i}"), created, created],
            )
            .unwrap();
            id
        })
        .collect();
    let teams: Vec<String> = (0..3)
        .map(|i| {
            let id = TeamId::new().to_string();
            conn.execute(
                "INSERT INTO agent_teams (id, organization_id, name, structure, created_at, updated_at)
                 VALUES (?, ?, ?, 'PIPELINE', ?, ?)",
                params![id, o, format!("Seeded team {i}"), created, created],
            )
            .unwrap();
            id
        })
        .collect();
    let mut run = conn
        .prepare(
            "INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind,
                trigger_node, started_at, completed_at, duration, input, output, error, nodes_executed, tokens_used, cost)
             VALUES (?, ?, ?, 1, ?, ?, 'n0', ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
        )
        .unwrap();
    let mut step = conn
        .prepare(
            "INSERT INTO execution_steps (execution_id, node_id, organization_id, node_type, node_name, ordinal, status,
                attempts, output, error, started_at, completed_at, duration_us, tokens_used, cost, action)
             VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .unwrap();
    let mut call = conn
        .prepare(
            "INSERT INTO agent_executions (id, organization_id, agent_id, workflow_execution_id, team_execution_id, node_id,
                task, status, started_at, completed_at, duration, tokens_in, tokens_out, tokens_used, cost, model, provider)
             VALUES (?, ?, ?, ?, ?, 'n3', 'qualify the lead', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .unwrap();
    let mut team_run = conn
        .prepare(
            "INSERT INTO team_executions (id, organization_id, team_id, workflow_execution_id, pattern, task, status,
                started_at, completed_at, duration, tokens_used, cost) VALUES (?, ?, ?, ?, 'PIPELINE', 'draft', ?, ?, ?, ?, ?, ?)",
        )
        .unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let now = neuroflow_types::now().timestamp_millis();
    let start = now - DAYS * 86_400_000;
    let (mut steps, mut calls) = (0, 0);
    for i in 0..runs {
        if i > 0 && i % 20_000 == 0 {
            conn.execute_batch("COMMIT; BEGIN").unwrap();
        }
        let w = (rng.below(WORKFLOWS as u64) * rng.below(WORKFLOWS as u64) / WORKFLOWS as u64) as usize;
        let started = start + (i as i64 * (now - start)) / runs as i64;
        let roll = rng.below(100);
        let status = if roll < 5 {
            "FAILED"
        } else if roll < 7 {
            "CANCELLED"
        } else {
            "COMPLETED"
        };
        let duration = rng.around(300.0 + 400.0 * w as f64).max(1);
        let ai = w.is_multiple_of(3);
        let (provider, model, price) = MODELS[w % MODELS.len()];
        let (tin, tout) = if ai { (400 + rng.below(800) as i64, 100 + rng.below(300) as i64) } else { (0, 0) };
        let cost = (tin + 4 * tout) * price;
        let id = ExecutionId::new().to_string();
        let trigger = ["WEBHOOK", "WEBHOOK", "SCHEDULE", "MANUAL"][rng.below(4) as usize];
        let fail_at = (status == "FAILED").then(|| 1 + rng.below(4) as usize);
        let message = fail_at.map(|_| MESSAGES[rng.below(MESSAGES.len() as u64) as usize]);
        let nodes = fail_at.unwrap_or(5) as i64;
        let output = (status == "COMPLETED").then_some(r#"{"ok":true}"#);
        run.execute(params![
            id,
            o,
            workflows[w],
            status,
            trigger,
            ts(started),
            ts(started + duration),
            duration,
            output,
            message,
            nodes,
            tin + tout,
            cost
        ])
        .unwrap();
        for n in 0..5usize {
            let (kind, action) = match n {
                0 => ("trigger", None),
                2 => ("integration", Some(ACTIONS[w % ACTIONS.len()])),
                3 if ai => ("aiAgent", None),
                _ => ("transform", None),
            };
            let s = match fail_at {
                Some(f) if n == f => "FAILED",
                Some(f) if n > f => "SKIPPED",
                _ if status == "CANCELLED" && n == 4 => "CANCELLED",
                _ => "COMPLETED",
            };
            let at = started + duration * n as i64 / 5;
            let took = (duration * 200).max(1);
            let error = (s == "FAILED").then_some(message.unwrap_or("failed"));
            let (st, sc) = if n == 3 && ai { (tin + tout, cost) } else { (0, 0) };
            step.execute(params![
                id,
                format!("n{n}"),
                o,
                kind,
                format!("Step {n}"),
                n as i64,
                s,
                (s == "COMPLETED").then_some(r#"{"ok":true}"#),
                error,
                ts(at),
                ts(at + duration / 5),
                took,
                st,
                sc,
                action
            ])
            .unwrap();
            steps += 1;
        }
        if ai {
            let team = (i % 10 == 0).then(|| {
                let t = TeamExecutionId::new().to_string();
                team_run
                    .execute(params![
                        t,
                        o,
                        teams[i % teams.len()],
                        id,
                        status,
                        ts(started),
                        ts(started + duration),
                        duration,
                        tin + tout,
                        cost
                    ])
                    .unwrap();
                t
            });
            let call_status = if status == "FAILED" && rng.below(3) == 0 { "FAILED" } else { "COMPLETED" };
            call.execute(params![
                AgentExecutionId::new().to_string(),
                o,
                agents[w % agents.len()],
                id,
                team,
                call_status,
                ts(started + 1),
                ts(started + duration),
                duration - 1,
                tin,
                tout,
                tin + tout,
                cost,
                model,
                provider
            ])
            .unwrap();
            calls += 1;
        }
    }
    drop((run, step, call, team_run));
    conn.execute_batch("COMMIT").unwrap();
    let rows_took = clock.elapsed();
    let clock = Instant::now();
    conn.execute_batch("BEGIN").unwrap();
    neuroflow_store::table::recount::recount(&conn).expect("count the rollups");
    conn.execute_batch("COMMIT; PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    Seeded { runs, steps, calls, rows_took, rollups_took: clock.elapsed() }
}
