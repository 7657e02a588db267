//! Runs and agent calls recorded the way the app records them (inserted, steps written, closed once
//! through the store's own functions), and a random history checked against a recount of its rows.
#![allow(dead_code)]

mod history;

#[allow(unused_imports)] // each test binary uses a part
pub use history::{Rng, all_rollups, random_history};

use crate::common;
use neuroflow_store::table::agent_executions::{self, CallOutcome};
use neuroflow_store::table::execution_steps::{self, StepRow};
use neuroflow_store::table::executions::{self, ExecutionRow, FinishRow, RunTotals};
use neuroflow_types::*;

/// Milliseconds since the epoch of a time.
pub fn at(text: &str) -> i64 {
    parse_timestamp(text).unwrap().timestamp_millis()
}

/// Hours since the epoch of a time.
pub fn hours(text: &str) -> i64 {
    at(text).div_euclid(3_600_000)
}

pub(super) fn time_at(ms: i64) -> Timestamp {
    chrono::DateTime::from_timestamp_millis(ms).unwrap()
}

/// A run to record. `status` RUNNING leaves it open; `action` makes its node n1 an integration step.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub workflow: WorkflowId,
    pub started: &'a str,
    pub status: &'a str,
    pub duration_ms: i64,
    pub tokens: i64,
    pub cost: i64,
    pub error: Option<&'a str>,
    pub test_run: bool,
    pub parent: Option<ExecutionId>,
    pub action: Option<&'a str>,
    pub trigger: TriggerKind,
}

impl Default for Run<'_> {
    fn default() -> Self {
        Self {
            workflow: WorkflowId::new(),
            started: "2026-11-20T10:00:00.000Z",
            status: "COMPLETED",
            duration_ms: 10,
            tokens: 0,
            cost: 0,
            error: None,
            test_run: false,
            parent: None,
            action: None,
            trigger: TriggerKind::Manual,
        }
    }
}

/// Records a run: inserted PENDING, moved to RUNNING, steps n0 and n1 written, closed unless RUNNING.
pub fn run(org: &common::Org, r: &Run) -> ExecutionId {
    let started_at = parse_timestamp(r.started).unwrap();
    let status: ExecutionStatus = r.status.parse().unwrap();
    let e = WorkflowExecution {
        id: ExecutionId::new(),
        organization_id: org.id,
        workflow_id: r.workflow,
        workflow_name: String::new(),
        workflow_version: 1,
        status: ExecutionStatus::Pending,
        trigger: if r.parent.is_some() { TriggerKind::SubWorkflow } else { r.trigger },
        trigger_node: Some("n0".into()),
        parent_execution_id: r.parent,
        rerun_of: None,
        rerun_from: None,
        test_run: r.test_run,
        started_at,
        completed_at: None,
        duration_ms: None,
        input: serde_json::json!({"lead": "x"}),
        output: None,
        error: None,
        nodes_executed: 0,
        tokens_used: 0,
        cost_micros: 0,
        log_count: 0,
        logs_dropped: 0,
        pinned: false,
    };
    let id = e.id;
    let step = |node: &str, node_type: &str, status: StepStatus, error: Option<&str>| ExecutionStep {
        execution_id: id,
        node_id: node.into(),
        node_type: node_type.into(),
        node_name: format!("Step {node}"),
        ordinal: if node == "n0" { 0 } else { 1 },
        status,
        attempts: 1,
        input: Some(serde_json::json!({})),
        output: (status == StepStatus::Completed).then(|| serde_json::json!({"ok": true})),
        error: error.map(str::to_string),
        started_at,
        completed_at: (status != StepStatus::Running).then_some(started_at),
        duration_us: (status != StepStatus::Running).then_some(r.duration_ms * 500),
        tokens_used: 0,
        cost_micros: 0,
        input_from: None,
        output_is_input: false,
    };
    let n1_status = match status {
        ExecutionStatus::Running => StepStatus::Running,
        ExecutionStatus::Failed => StepStatus::Failed,
        ExecutionStatus::Cancelled => StepStatus::Cancelled,
        _ => StepStatus::Completed,
    };
    let n1_error = if status == ExecutionStatus::Failed { r.error.or(Some("failed")) } else { None };
    let rows = vec![
        StepRow::encode(org.id, &step("n0", "trigger", StepStatus::Completed, None)).unwrap(),
        StepRow::encode(
            org.id,
            &step("n1", if r.action.is_some() { "integration" } else { "transform" }, n1_status, n1_error),
        )
        .unwrap()
        .with_action(r.action.map(str::to_string)),
    ];
    let insert = ExecutionRow::encode(&e, None).unwrap();
    let finish = status.is_final().then(|| {
        let completed = time_at(started_at.timestamp_millis() + r.duration_ms);
        let totals = RunTotals { nodes_executed: 2, tokens_used: r.tokens, cost_micros: r.cost, ..Default::default() };
        FinishRow::encode(id, status, None, r.error, &completed, r.duration_ms, totals).unwrap()
    });
    org.store
        .write_blocking(move |c| {
            executions::insert(c, &insert, None)?;
            executions::mark_running(c, id)?;
            for row in &rows {
                execution_steps::write(c, row)?;
            }
            if let Some(f) = &finish {
                executions::finish(c, f)?;
            }
            Ok(())
        })
        .unwrap();
    id
}

/// An agent call to record. `status` RUNNING leaves it open.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    pub agent: AgentId,
    pub execution: Option<ExecutionId>,
    pub started: &'a str,
    pub status: &'a str,
    pub duration_ms: i64,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub cost: i64,
    pub model: &'a str,
}

impl Default for Call<'_> {
    fn default() -> Self {
        Self {
            agent: AgentId::new(),
            execution: None,
            started: "2026-11-20T10:00:00.000Z",
            status: "COMPLETED",
            duration_ms: 100,
            tokens_in: 10,
            tokens_out: 5,
            cost: 3,
            model: "gpt-4o-mini",
        }
    }
}

pub fn call(org: &common::Org, c: &Call) -> AgentExecutionId {
    let started_at = parse_timestamp(c.started).unwrap();
    let record = AgentExecution {
        id: AgentExecutionId::new(),
        organization_id: org.id,
        agent_id: c.agent,
        workflow_execution_id: c.execution,
        team_execution_id: None,
        node_id: None,
        task: "qualify".into(),
        input: serde_json::json!({"prompt": "hi"}),
        output: None,
        status: ExecutionStatus::Running,
        started_at,
        completed_at: None,
        duration_ms: None,
        tokens_in: 0,
        tokens_out: 0,
        tokens_used: 0,
        cost_micros: 0,
        model: c.model.into(),
        provider: "openai".into(),
        error: None,
    };
    let id = record.id;
    let status: ExecutionStatus = c.status.parse().unwrap();
    let outcome = status.is_final().then(|| CallOutcome {
        status,
        output: Some(serde_json::json!({"text": "ok"})),
        error: None,
        completed_at: time_at(started_at.timestamp_millis() + c.duration_ms),
        duration_ms: c.duration_ms,
        tokens_in: c.tokens_in,
        tokens_out: c.tokens_out,
        cost_micros: c.cost,
        model: c.model.into(),
    });
    org.store
        .write_blocking(move |conn| {
            agent_executions::insert(conn, &record, None)?;
            if let Some(o) = &outcome {
                agent_executions::finish(conn, id, o)?;
            }
            Ok(())
        })
        .unwrap();
    id
}
