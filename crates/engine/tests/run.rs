//! Every rule of a run, on small documents: joins, skips, error handling, retries, timeouts,
//! cancellation, re-runs, concurrency and a 10,000-node chain. The hooks here keep what the engine
//! reports in memory (the store-backed hooks are tested in crates/app); a scripted executor stands
//! in for node types with effects, plugged in through the same interface real ones use.

use neuroflow_engine::run::{
    BoxFuture, Executor, Executors, NodeCall, NodeError, NodeOutput, Record, Reused, RunHooks, RunOutcome, RunRequest,
    run,
};
use neuroflow_engine::validate::compile;
use neuroflow_engine::{parse_document, run::Durable};
use neuroflow_types::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

#[derive(Default)]
struct Memory {
    events: Mutex<Vec<RunEvent>>,
    records: Mutex<Vec<Record>>,
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
    fn settled(&self) -> HashMap<String, ExecutionStep> {
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
    fn status(&self, node: &str) -> Option<StepStatus> {
        self.settled().get(node).map(|s| s.status)
    }
    fn started(&self, node: &str) -> usize {
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
struct Scripted {
    calls: Mutex<HashMap<String, u32>>,
    barrier: Option<Arc<tokio::sync::Barrier>>,
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

fn node(id: &str, t: &str, data: Value) -> Value {
    json!({ "id": id, "type": t, "position": { "x": 0, "y": 0 }, "data": data })
}
fn trigger(id: &str) -> Value {
    node(id, "trigger", json!({ "trigger": { "kind": "manual" } }))
}
fn transform(id: &str, output: Value) -> Value {
    node(id, "transform", json!({ "output": output }))
}
fn script(id: &str, s: &str, extra: Value) -> Value {
    let mut data = json!({ "action": "http.request", "params": { "url": "http://x", "script": s } });
    if let Value::Object(extra) = extra {
        data.as_object_mut().unwrap().extend(extra);
    }
    node(id, "integration", data)
}
fn edge(s: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{t}"), "source": s, "target": t })
}
fn handle(s: &str, h: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{h}-{t}"), "source": s, "sourceHandle": h, "target": t })
}

struct Ran {
    outcome: RunOutcome,
    hooks: Arc<Memory>,
}

async fn go(nodes: Value, edges: Value, input: Value) -> Ran {
    go_with(nodes, edges, input, Arc::new(Scripted::default()), CancellationToken::new(), None).await
}

async fn go_with(
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
        reuse,
        rerun_of: None,
        max_concurrency: 16,
    };
    let outcome = run(Arc::new(plan), &executors, hooks.clone(), request, cancel).await;
    Ran { outcome, hooks }
}

#[tokio::test]
async fn a_chain_passes_input_prev_nodes_vars_and_execution_along() {
    let r = go(
        json!([
            trigger("t"),
            transform("a", json!({ "name": "{{ input.name | upper }}", "score": "{{ input.score + 1 }}" })),
            transform("b", json!({ "greeting": "Hi {{ prev.name }}", "hot": "{{ nodes.a.output.score >= vars.threshold }}", "id": "{{ execution.id }}" }))
        ]),
        json!([edge("t", "a"), edge("a", "b")]),
        json!({ "name": "ada", "score": 90 }),
    )
    .await;
    assert_eq!(r.outcome.status, ExecutionStatus::Completed, "{:?}", r.outcome.error);
    let out = r.outcome.output.unwrap();
    assert_eq!(out["greeting"], "Hi ADA");
    assert_eq!(out["hot"], true, "a single {{ expr }} keeps its type");
    assert_eq!(out["id"].as_str().unwrap().len(), 36);
    assert_eq!(r.outcome.nodes_executed, 3);
    let steps = r.hooks.settled();
    assert_eq!(steps["a"].input, Some(json!({ "name": "ada", "score": 90 })), "a node's input is its upstream output");
    assert_eq!(steps["b"].output.as_ref().unwrap()["greeting"], "Hi ADA");
    let events = r.hooks.events.lock().unwrap();
    assert!(matches!(events.first(), Some(RunEvent::ExecutionStarted { .. })));
}

#[tokio::test]
async fn a_diamond_joins_once_with_both_inputs() {
    let r = go(
        json!([
            trigger("t"),
            transform("a", json!(1)),
            transform("b", json!(2)),
            transform("c", json!("{{ prev.a + prev.b }}"))
        ]),
        json!([edge("t", "a"), edge("t", "b"), edge("a", "c"), edge("b", "c")]),
        json!({}),
    )
    .await;
    assert_eq!(r.outcome.output, Some(json!(3)));
    assert_eq!(r.hooks.started("c"), 1, "the join runs once");
    assert_eq!(r.hooks.settled()["c"].input, Some(json!({ "a": 1, "b": 2 })));
}

#[tokio::test]
async fn an_if_else_join_runs_once_after_the_branch_taken_and_skips_the_other() {
    let nodes = json!([
        trigger("t"),
        node("hot", "condition", json!({ "expression": "input.score >= vars.threshold" })),
        transform("yes", json!("hot")),
        transform("yes2", json!("{{ prev }}!")),
        transform("no", json!("cold")),
        transform("join", json!("{{ prev }}"))
    ]);
    let edges = json!([
        edge("t", "hot"),
        handle("hot", "true", "yes"),
        edge("yes", "yes2"),
        handle("hot", "false", "no"),
        edge("yes2", "join"),
        edge("no", "join")
    ]);
    let hot = go(nodes.clone(), edges.clone(), json!({ "score": 91 })).await;
    assert_eq!(hot.outcome.output, Some(json!("hot!")));
    assert_eq!(hot.hooks.status("no"), Some(StepStatus::Skipped));
    assert_eq!(hot.hooks.settled()["hot"].output, Some(json!({ "score": 91, "result": true })));

    let cold = go(nodes, edges, json!({ "score": 3 })).await;
    assert_eq!(cold.outcome.output, Some(json!("cold")));
    assert_eq!(cold.hooks.status("yes"), Some(StepStatus::Skipped));
    assert_eq!(cold.hooks.status("yes2"), Some(StepStatus::Skipped), "skips propagate down a branch");
    assert_eq!(cold.hooks.started("join"), 1);
}

#[tokio::test]
async fn a_join_with_no_active_input_is_skipped_and_so_is_everything_after_it() {
    let r = go(
        json!([
            trigger("t"),
            node("c", "condition", json!({ "expression": "false" })),
            transform("a", json!(1)),
            transform("b", json!(2)),
            transform("after", json!(3)),
            transform("last", json!(4)),
            transform("other", json!("ran"))
        ]),
        json!([
            edge("t", "c"),
            handle("c", "true", "a"),
            handle("c", "true", "b"),
            edge("a", "after"),
            edge("b", "after"),
            edge("after", "last"),
            handle("c", "false", "other")
        ]),
        json!({}),
    )
    .await;
    for n in ["a", "b", "after", "last"] {
        assert_eq!(r.hooks.status(n), Some(StepStatus::Skipped), "{n}");
    }
    assert_eq!(r.outcome.output, Some(json!("ran")), "the output is the sink that ran");
}

#[tokio::test]
async fn several_sinks_give_an_object_keyed_by_node() {
    let r = go(
        json!([trigger("t"), transform("a", json!(1)), transform("b", json!(2))]),
        json!([edge("t", "a"), edge("t", "b")]),
        json!({}),
    )
    .await;
    assert_eq!(r.outcome.output, Some(json!({ "a": 1, "b": 2 })));
}

#[tokio::test]
async fn on_error_fail_fails_the_run_naming_the_node() {
    let r = go(
        json!([trigger("t"), script("crm", "fail", json!({ "label": "Update CRM" })), transform("after", json!(1))]),
        json!([edge("t", "crm"), edge("crm", "after")]),
        json!({}),
    )
    .await;
    assert_eq!(r.outcome.status, ExecutionStatus::Failed);
    assert_eq!(r.outcome.error.as_deref(), Some("node 'crm' (Update CRM) failed: crm is down"));
    assert_eq!(r.hooks.status("crm"), Some(StepStatus::Failed));
    assert_eq!(r.hooks.status("after"), None, "nothing after a failure runs");
    assert_eq!(r.outcome.output, None);
}

#[tokio::test]
async fn on_error_continue_outputs_the_error_and_goes_on() {
    let r = go(
        json!([
            trigger("t"),
            script("crm", "fail", json!({ "onError": "continue" })),
            transform("after", json!("{{ prev.error }}"))
        ]),
        json!([edge("t", "crm"), edge("crm", "after")]),
        json!({}),
    )
    .await;
    assert_eq!(r.outcome.status, ExecutionStatus::Completed);
    assert_eq!(r.outcome.output, Some(json!("crm is down")));
    assert_eq!(r.hooks.status("crm"), Some(StepStatus::Failed));
}

#[tokio::test]
async fn on_error_branch_takes_only_the_error_edges_and_on_success_only_the_others() {
    let edges = json!([edge("t", "crm"), edge("crm", "ok"), handle("crm", "error", "alert")]);
    let failing = go(
        json!([
            trigger("t"),
            script("crm", "fail", json!({ "onError": "branch" })),
            transform("ok", json!("fine")),
            transform("alert", json!("alert: {{ prev.error }}"))
        ]),
        edges.clone(),
        json!({}),
    )
    .await;
    assert_eq!(failing.outcome.output, Some(json!("alert: crm is down")));
    assert_eq!(failing.hooks.status("ok"), Some(StepStatus::Skipped));

    let passing = go(
        json!([
            trigger("t"),
            script("crm", "", json!({ "onError": "branch" })),
            transform("ok", json!("fine")),
            transform("alert", json!("alert"))
        ]),
        edges,
        json!({}),
    )
    .await;
    assert_eq!(passing.outcome.output, Some(json!("fine")));
    assert_eq!(passing.hooks.status("alert"), Some(StepStatus::Skipped));
}

#[tokio::test(start_paused = true)]
async fn retries_until_success_counting_attempts_and_spending() {
    let r = go(
        json!([trigger("t"), script("crm", "flaky:2", json!({ "retry": { "maxAttempts": 3, "backoffMs": 100 } }))]),
        json!([edge("t", "crm")]),
        json!({}),
    )
    .await;
    assert_eq!(r.outcome.status, ExecutionStatus::Completed, "{:?}", r.outcome.error);
    let step = &r.hooks.settled()["crm"];
    assert_eq!((step.attempts, step.status), (3, StepStatus::Completed));
    assert_eq!(r.hooks.started("crm"), 3);
    let retries = r
        .hooks
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, RunEvent::NodeFailed { will_retry: true, .. }))
        .count();
    assert_eq!(retries, 2);
    let retry_logs = r
        .hooks
        .records
        .lock()
        .unwrap()
        .iter()
        .filter(|r| matches!(r, Record::Log(l) if l.status == "RETRYING"))
        .count();
    assert_eq!(retry_logs, 2);
    assert_eq!((r.outcome.tokens_used, r.outcome.cost_micros), (3, 2));

    let exhausted = go(
        json!([trigger("t"), script("crm", "flaky:5", json!({ "retry": { "maxAttempts": 2, "backoffMs": 1 } }))]),
        json!([edge("t", "crm")]),
        json!({}),
    )
    .await;
    assert_eq!(exhausted.outcome.status, ExecutionStatus::Failed);
    assert!(exhausted.outcome.error.unwrap().contains("failed after 2 attempts: try 2 failed"));
}

#[tokio::test(start_paused = true)]
async fn a_node_that_runs_too_long_times_out_and_is_retried() {
    let r = go(
        json!([trigger("t"), script("slow", "sleep:10000", json!({ "timeoutMs": 50, "retry": { "maxAttempts": 2 } }))]),
        json!([edge("t", "slow")]),
        json!({}),
    )
    .await;
    assert_eq!(r.outcome.status, ExecutionStatus::Failed);
    assert_eq!(r.outcome.error.as_deref(), Some("node 'slow' (slow) failed after 2 attempts: timed out after 50 ms"));
    assert_eq!(r.hooks.settled()["slow"].attempts, 2);
}

#[tokio::test]
async fn cancelling_mid_run_stops_the_running_node_and_marks_the_run_cancelled() {
    let cancel = CancellationToken::new();
    let trip = cancel.clone();
    let hooks_probe = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        trip.cancel();
    });
    let r = go_with(
        json!([trigger("t"), node("wait", "delay", json!({ "ms": 600000 })), transform("after", json!(1))]),
        json!([edge("t", "wait"), edge("wait", "after")]),
        json!({}),
        Arc::new(Scripted::default()),
        cancel,
        None,
    )
    .await;
    hooks_probe.await.unwrap();
    assert_eq!(r.outcome.status, ExecutionStatus::Cancelled);
    assert_eq!(r.hooks.status("wait"), Some(StepStatus::Cancelled));
    assert_eq!(r.hooks.status("after"), None);
    let started =
        r.hooks.records.lock().unwrap().iter().any(|r| matches!(r, Record::StepStarted(s) if s.node_id == "wait"));
    assert!(started, "a delay's start is recorded before it waits");
}

#[tokio::test]
async fn independent_nodes_really_run_at_once() {
    // Each barrier node waits until all three have started: run one after another, this would hang.
    let scripted = Arc::new(Scripted { barrier: Some(Arc::new(tokio::sync::Barrier::new(3))), ..Default::default() });
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        go_with(
            json!([
                trigger("t"),
                script("a", "barrier", json!({})),
                script("b", "barrier", json!({})),
                script("c", "barrier", json!({}))
            ]),
            json!([edge("t", "a"), edge("t", "b"), edge("t", "c")]),
            json!({}),
            scripted,
            CancellationToken::new(),
            None,
        ),
    )
    .await
    .expect("the three nodes ran concurrently");
    assert_eq!(r.outcome.status, ExecutionStatus::Completed);
    assert_eq!(r.outcome.tokens_used, 9, "tokens add up across nodes");
}

#[tokio::test]
async fn runtime_errors_name_the_node_field_and_reason_and_missing_executors_are_clear() {
    let r = go(
        json!([trigger("t"), transform("a", json!({ "x": "{{ input.lead.name }}" }))]),
        json!([edge("t", "a")]),
        json!({}),
    )
    .await;
    let error = r.outcome.error.unwrap();
    assert!(error.starts_with("node 'a' (a) failed: data.output: undefined value"), "{error}");

    let agent = go(
        json!([
            trigger("t"),
            node("draft", "aiAgent", json!({ "agentId": "x", "prompt": "hi", "label": "Draft reply" }))
        ]),
        json!([edge("t", "draft")]),
        json!({}),
    )
    .await;
    assert_eq!(
        agent.outcome.error.as_deref(),
        Some("node 'draft' (Draft reply) failed: AI agent nodes cannot run in this version of NeuroFlow Hub yet")
    );
}

#[tokio::test]
async fn a_rerun_reuses_recorded_outputs_upstream_and_runs_the_rest() {
    let nodes = json!([
        trigger("t"),
        transform("a", json!("{{ input.n * 10 }}")),
        script("b", "", json!({})),
        transform("c", json!("{{ nodes.a.output }}/{{ prev.call }}"))
    ]);
    let edges = json!([edge("t", "a"), edge("a", "b"), edge("b", "c")]);
    let reuse = HashMap::from([
        ("t".to_string(), Reused { output: json!({ "n": 1 }), failed: false }),
        ("a".to_string(), Reused { output: json!(777), failed: false }),
        ("b".to_string(), Reused { output: json!({ "call": 99 }), failed: false }),
    ]);
    let r = go_with(
        nodes,
        edges,
        json!({ "n": 1 }),
        Arc::new(Scripted::default()),
        CancellationToken::new(),
        Some(("b".into(), reuse)),
    )
    .await;
    assert_eq!(r.outcome.status, ExecutionStatus::Completed, "{:?}", r.outcome.error);
    assert_eq!(r.outcome.output, Some(json!("777/1")), "a is reused (777, not 10); b runs again (call 1)");
    assert_eq!(r.hooks.started("a"), 0);
    assert_eq!(r.hooks.started("b"), 1);
    let reused = r
        .hooks
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, RunEvent::NodeFinished { reused: true, .. }))
        .count();
    assert_eq!(reused, 2, "the trigger and a");
}

#[tokio::test]
async fn a_ten_thousand_node_chain_runs_to_the_end() {
    let mut nodes = vec![trigger("t")];
    let mut edges = vec![];
    let mut prev = "t".to_string();
    for i in 0..10_000 {
        let id = format!("n{i}");
        nodes.push(transform(
            &id,
            json!({ "v": if i == 0 { "{{ 0 }}".to_string() } else { "{{ prev.v + 1 }}".to_string() } }),
        ));
        edges.push(edge(&prev, &id));
        prev = id;
    }
    let r = go(Value::Array(nodes), Value::Array(edges), json!({})).await;
    assert_eq!(r.outcome.status, ExecutionStatus::Completed, "{:?}", r.outcome.error);
    assert_eq!(r.outcome.output, Some(json!({ "v": 9999 })));
    assert_eq!(r.outcome.nodes_executed, 10_001);
}
