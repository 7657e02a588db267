//! What the run tests share: hooks that keep what the engine reports in memory (the store-backed
//! hooks are tested in crates/app), and a scripted executor that stands in for node types with
//! effects, plugged in through the same interface real ones use.
#![allow(dead_code)]

pub use neuroflow_engine::run::{
    BoxFuture, Executor, Executors, NodeCall, NodeError, NodeOutput, Record, Reused, RunHooks, RunOutcome, RunRequest,
    run,
};
pub use neuroflow_engine::validate::compile;
pub use neuroflow_engine::{parse_document, run::Durable};
pub use neuroflow_types::*;
pub use serde_json::{Value, json};
pub use std::collections::HashMap;
pub use std::sync::{Arc, Mutex};
pub use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct Memory {
    pub events: Mutex<Vec<RunEvent>>,
    pub records: Mutex<Vec<Record>>,
}

impl RunHooks for Memory {
    fn emit(&self, event: RunEvent) {
        self.events.lock().unwrap().push(event);
    }
    fn record(&self, record: Record) -> Durable {
        self.records.lock().unwrap().push(record);
        Box::pin(async { Ok(()) })
    }
}

impl Memory {
    pub fn settled(&self) -> HashMap<String, ExecutionStep> {
        self.records
            .lock()
            .unwrap()
            .iter()
            .filter_map(|r| match r {
                Record::StepSettled { step, .. } => Some((step.node_id.clone(), step.clone())),
                _ => None,
            })
            .collect()
    }
    pub fn status(&self, node: &str) -> Option<StepStatus> {
        self.settled().get(node).map(|s| s.status)
    }
    pub fn started(&self, node: &str) -> usize {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| matches!(e, RunEvent::NodeStarted { node_id, .. } if node_id == node))
            .count()
    }
}

/// Scripted behaviour for `integration` nodes (action http.request), chosen by `params.script`:
/// `fail` always fails; `flaky:N` fails N times then succeeds; `sleep:MS` waits; `barrier` waits for
/// every other barrier node of the run; otherwise it echoes its rendered params.
#[derive(Default)]
pub struct Scripted {
    pub calls: Mutex<HashMap<String, u32>>,
    pub barrier: Option<Arc<tokio::sync::Barrier>>,
}

impl Executor for Scripted {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let node = call.node();
            let NodeKind::Integration(data) = &node.kind else { unreachable!() };
            let params = call
                .scope
                .render(&Value::Object(data.params.clone()))
                .map_err(|e| NodeError::permanent(e.to_string()))?;
            let script = params["script"].as_str().unwrap_or("").to_string();
            let n = {
                let mut calls = self.calls.lock().unwrap();
                let c = calls.entry(node.id.clone()).or_default();
                *c += 1;
                *c
            };
            if script == "fail" {
                return Err(NodeError::transient(format!("{} is down", node.id)));
            }
            if let Some(k) = script.strip_prefix("flaky:")
                && n <= k.parse().unwrap()
            {
                return Err(NodeError::transient(format!("try {n} failed")));
            }
            if let Some(ms) = script.strip_prefix("sleep:") {
                tokio::time::sleep(std::time::Duration::from_millis(ms.parse().unwrap())).await;
            }
            if script == "barrier" {
                self.barrier.as_ref().unwrap().wait().await;
            }
            Ok(NodeOutput {
                value: json!({ "params": params, "call": n }),
                tokens_used: 3,
                cost_micros: 2,
                route: None,
            })
        })
    }
}

pub fn node(id: &str, t: &str, data: Value) -> Value {
    json!({ "id": id, "type": t, "position": { "x": 0, "y": 0 }, "data": data })
}
pub fn trigger(id: &str) -> Value {
    node(id, "trigger", json!({ "trigger": { "kind": "manual" } }))
}
pub fn transform(id: &str, output: Value) -> Value {
    node(id, "transform", json!({ "output": output }))
}
pub fn script(id: &str, s: &str, extra: Value) -> Value {
    let mut data = json!({ "action": "http.request", "params": { "url": "http://x", "script": s } });
    if let Value::Object(extra) = extra {
        data.as_object_mut().unwrap().extend(extra);
    }
    node(id, "integration", data)
}
pub fn edge(s: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{t}"), "source": s, "target": t })
}
pub fn handle(s: &str, h: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{h}-{t}"), "source": s, "sourceHandle": h, "target": t })
}

pub struct Ran {
    pub outcome: RunOutcome,
    pub hooks: Arc<Memory>,
}

pub async fn go(nodes: Value, edges: Value, input: Value) -> Ran {
    go_with(nodes, edges, input, Arc::new(Scripted::default()), CancellationToken::new(), None).await
}

pub async fn go_with(
    nodes: Value,
    edges: Value,
    input: Value,
    scripted: Arc<Scripted>,
    cancel: CancellationToken,
    rerun: Option<(String, HashMap<String, Reused>)>,
) -> Ran {
    let doc = json!({ "format": 1, "name": "t", "variables": { "threshold": 80 }, "nodes": nodes, "edges": edges });
    let doc = parse_document(&doc.to_string()).unwrap();
    let (plan, _) = compile(&doc, neuroflow_integrations::actions::catalog())
        .unwrap_or_else(|r| panic!("invalid test document: {:#?}", r.errors));
    let executors = Executors::builtin().with("integration", scripted);
    let hooks = Arc::new(Memory::default());
    let (rerun_from, reuse) = rerun.map_or((None, HashMap::new()), |(f, r)| (Some(f), r));
    let request = RunRequest {
        execution_id: ExecutionId::new(),
        workflow_id: WorkflowId::new(),
        started_at: now(),
        input,
        variables: doc.variables.clone(),
        trigger: "t".into(),
        rerun_from,
        up_to: None,
        reuse,
        pinned: HashMap::new(),
        rerun_of: None,
        max_concurrency: 16,
        max_output_bytes: neuroflow_engine::run::DEFAULT_MAX_OUTPUT_BYTES,
    };
    let outcome = run(Arc::new(plan), &executors, hooks.clone(), request, cancel).await;
    Ran { outcome, hooks }
}
