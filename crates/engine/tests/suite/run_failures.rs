//! How runs handle trouble, on small documents: onError fail / continue / branch, retries,
//! timeouts, cancellation, concurrency, and runtime errors that name the node, field and reason.

use crate::common;

use common::*;

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
