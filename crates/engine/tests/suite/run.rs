//! Every rule of a run, on small documents: chains, joins, skips, several sinks, re-runs and a
//! 10,000-node chain. (Failures, retries, timeouts, cancellation and concurrency: run_failures.rs.)

use crate::common;

use common::*;

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
