//! What closing and counting a run costs the writer thread alone: a run recorded the way the app
//! records it (inserted PENDING, moved to RUNNING, five steps, closed), group-committed from eight
//! concurrent producers as webhook runs are — once closed by the store's `executions::finish`
//! (RETURNING what the rollups need, counted with the batch's commit), once by the bare UPDATE the
//! store used before rollups existed. It bounds the throughput cost only when the writer thread is
//! saturated, which `neuroflow serve` is not on two cores; the analytics benchmark measures webhook
//! throughput with and without counting for the figure itself (`neuroflow-bench --writer-only`
//! prints these rows alone).

use crate::us;
use neuroflow_store::OrgStore;
use neuroflow_store::table::execution_steps::{self, StepRow};
use neuroflow_store::table::executions::{self, ExecutionRow, FinishRow, RunTotals};
use neuroflow_types::*;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS: usize = 20_000;
const PRODUCERS: usize = 8;

/// Records `RUNS` runs; returns the wall time per run.
async fn record(store: Arc<OrgStore>, org: OrgId, workflow: WorkflowId, rollups: bool) -> Duration {
    let clock = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..PRODUCERS {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            for _ in 0..RUNS / PRODUCERS {
                let e = execution(org, workflow);
                let row = ExecutionRow::encode(&e, None).unwrap();
                let steps: Vec<StepRow> = (0..5).map(|n| StepRow::encode(org, &step(&e, n)).unwrap()).collect();
                let done = FinishRow::encode(e.id, ExecutionStatus::Completed, Some(&serde_json::json!({"ok": true})), None, &now(), 3, RunTotals { nodes_executed: 5, ..Default::default() }).unwrap();
                let id = e.id;
                store
                    .write(move |c| {
                        executions::insert(c, &row, None)?;
                        executions::mark_running(c, id)?;
                        for s in &steps {
                            execution_steps::write(c, s)?;
                        }
                        if rollups {
                            executions::finish(c, &done)?;
                        } else {
                            c.prepare_cached(
                                "UPDATE workflow_executions SET status = 'COMPLETED', output = '{\"ok\":true}', completed_at = ?,
                                    duration = 3, nodes_executed = 5 WHERE id = ? AND completed_at IS NULL",
                            )?
                            .execute([format_timestamp(&now()), id.to_string()])?;
                        }
                        Ok(())
                    })
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    clock.elapsed() / RUNS as u32
}

fn execution(org: OrgId, workflow: WorkflowId) -> WorkflowExecution {
    WorkflowExecution {
        id: ExecutionId::new(),
        organization_id: org,
        workflow_id: workflow,
        workflow_name: String::new(),
        workflow_version: 1,
        status: ExecutionStatus::Pending,
        trigger: TriggerKind::Webhook,
        trigger_node: Some("n0".into()),
        parent_execution_id: None,
        rerun_of: None,
        rerun_from: None,
        test_run: false,
        started_at: now(),
        completed_at: None,
        duration_ms: None,
        input: serde_json::json!({"body": {"name": "Ada", "score": 91}}),
        output: None,
        error: None,
        nodes_executed: 0,
        tokens_used: 0,
        cost_micros: 0,
        log_count: 0,
        logs_dropped: 0,
        pinned: false,
    }
}

fn step(e: &WorkflowExecution, n: i64) -> ExecutionStep {
    ExecutionStep {
        execution_id: e.id,
        node_id: format!("n{n}"),
        node_type: "transform".into(),
        node_name: format!("Step {n}"),
        ordinal: n,
        status: StepStatus::Completed,
        attempts: 1,
        input: None,
        output: Some(serde_json::json!({"ok": true})),
        error: None,
        started_at: now(),
        completed_at: Some(now()),
        duration_us: Some(40),
        tokens_used: 0,
        cost_micros: 0,
        input_from: None,
        output_is_input: false,
    }
}

/// The writer's time per recorded run with and without rollups (best of three rounds each).
pub fn rows(runtime: &tokio::runtime::Runtime, data: &std::path::Path) -> Vec<[String; 3]> {
    let dir = data.join("writer-bench");
    let org = OrgId::new();
    let store = OrgStore::open(&dir.join("org.sqlite"), org).expect("store");
    let workflow = WorkflowId::new();
    let t = now();
    store
        .write_blocking(move |c| {
            c.execute(
                "INSERT INTO organizations (id, name, slug, created_at, updated_at) VALUES (?1, 'W', 'w', ?2, ?2)",
                [org.to_string(), format_timestamp(&t)],
            )?;
            c.execute(
                "INSERT INTO automation_workflows (id, organization_id, name, created_at, updated_at) VALUES (?1, ?2, 'W', ?3, ?3)",
                [workflow.to_string(), org.to_string(), format_timestamp(&t)],
            )?;
            Ok(())
        })
        .expect("seed");
    let (mut with, mut without) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        without = without.min(runtime.block_on(record(Arc::clone(&store), org, workflow, false)));
        with = with.min(runtime.block_on(record(Arc::clone(&store), org, workflow, true)));
    }
    let extra = (with.as_secs_f64() / without.as_secs_f64() - 1.0) * 100.0;
    vec![
        [
            "writer thread time per run in a closed loop (5 steps), closed by a bare UPDATE".into(),
            us(without),
            "".into(),
        ],
        [
            "… closed by the store's finish (RETURNING, counted at the batch's commit)".into(),
            format!("{} ({extra:+.1}%)", us(with)),
            "(the writer's share only; see the throughput rows)".into(),
        ],
    ]
}
