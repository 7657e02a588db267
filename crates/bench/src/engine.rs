//! The engine alone, in this process: time per node of long chains (hooks that keep nothing, so only
//! the scheduler, the executors and template evaluation are measured), and validation of a
//! 10,000-node document.

use neuroflow_engine::run::{Durable, Executors, Record, RunHooks, RunRequest, run};
use neuroflow_engine::{parse_document, validate::compile};
use neuroflow_types::{ExecutionId, RunEvent, WorkflowId, now};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

pub struct EngineFigures {
    pub per_node_constant: Duration,
    pub per_node_templated: Duration,
    pub validate_10k: Duration,
}

struct Discard;

impl RunHooks for Discard {
    fn listening(&self) -> bool {
        false
    }
    fn emit(&self, _: RunEvent) {}
    fn record(&self, _: Record) -> Durable {
        Box::pin(async { Ok(()) })
    }
}

fn chain(n: usize, output: impl Fn(usize) -> Value) -> String {
    let mut nodes = vec![json!({ "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } })];
    let mut edges = vec![];
    for i in 0..n {
        nodes.push(json!({ "id": format!("n{i}"), "type": "transform", "data": { "label": format!("Step {i}"), "output": output(i) } }));
        let source = if i == 0 { "t".to_string() } else { format!("n{}", i - 1) };
        edges.push(json!({ "id": format!("e{i}"), "source": source, "target": format!("n{i}") }));
    }
    json!({ "format": 1, "name": "chain", "nodes": nodes, "edges": edges }).to_string()
}

async fn per_node(text: &str, n: usize) -> Duration {
    let doc = parse_document(text).expect("chain parses");
    let (plan, _) = compile(&doc, neuroflow_integrations::actions::catalog()).expect("chain is valid");
    let plan = Arc::new(plan);
    let executors = Executors::builtin();
    let mut times = Vec::new();
    for _ in 0..15 {
        let request = RunRequest {
            execution_id: ExecutionId::new(),
            workflow_id: WorkflowId::new(),
            started_at: now(),
            input: json!({ "v": 0 }),
            variables: Default::default(),
            trigger: "t".into(),
            rerun_from: None,
            up_to: None,
            pinned: HashMap::new(),
            reuse: HashMap::new(),
            rerun_of: None,
            max_concurrency: 16,
            max_output_bytes: neuroflow_engine::run::DEFAULT_MAX_OUTPUT_BYTES,
        };
        let t = Instant::now();
        let outcome = run(Arc::clone(&plan), &executors, Arc::new(Discard), request, CancellationToken::new()).await;
        times.push(t.elapsed());
        assert_eq!(outcome.status, neuroflow_types::ExecutionStatus::Completed, "{:?}", outcome.error);
    }
    times.sort();
    times[times.len() / 2] / (n as u32 + 1)
}

pub async fn measure() -> EngineFigures {
    let n = 1_000;
    let constant = per_node(&chain(n, |i| json!({ "step": i })), n).await;
    let templated = per_node(&chain(n, |_| json!({ "v": "{{ prev.v + 1 }}", "note": "step {{ prev.v }}" })), n).await;

    let big = chain(10_000, |_| json!({ "v": "{{ prev.v + 1 }}" }));
    let mut times = Vec::new();
    for _ in 0..9 {
        let t = Instant::now();
        let doc = parse_document(&big).expect("parses");
        let report = neuroflow_engine::validate(&doc, neuroflow_integrations::actions::catalog());
        times.push(t.elapsed());
        assert!(report.is_valid());
    }
    times.sort();
    if std::env::var_os("NEUROFLOW_BENCH_SPLIT").is_some() {
        let t = Instant::now();
        let doc = parse_document(&big).expect("parses");
        let parsed = t.elapsed();
        let t = Instant::now();
        let _ = neuroflow_engine::validate(&doc, neuroflow_integrations::actions::catalog());
        eprintln!("parse {parsed:?} validate {:?}", t.elapsed());
        let plain = parse_document(&chain(10_000, |i| json!({ "v": i }))).expect("parses");
        for _ in 0..5 {
            let t = Instant::now();
            let _ = neuroflow_engine::validate(&plain, neuroflow_integrations::actions::catalog());
            let a = t.elapsed();
            let t = Instant::now();
            let _ = neuroflow_engine::validate(&doc, neuroflow_integrations::actions::catalog());
            eprintln!("validate without templates {a:?}, with {:?}", t.elapsed());
        }
    }
    EngineFigures { per_node_constant: constant, per_node_templated: templated, validate_10k: times[times.len() / 2] }
}
