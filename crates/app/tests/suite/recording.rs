//! How a run reaches the database: in as few commits as durability allows, with nothing lost.
//! A run of pure nodes is one commit (two when its opening must be readable before it ends); a node
//! that acts on the world finds everything before it durable; every step reads back whole.

use neuroflow_app::{Hub, RunOptions};
use neuroflow_types::*;
use serde_json::{Value, json};

async fn hub() -> (tempfile::TempDir, Hub, OrgId) {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    let org = hub.create_org("Acme Realty").await.unwrap().id;
    (dir, hub, org)
}

/// Webhook-like input → Set → IF → Code → Respond, as the webhook benchmark runs it.
fn five_nodes() -> Value {
    json!({
        "format": 1, "name": "Five",
        "nodes": [
            { "id": "in", "type": "trigger", "data": { "label": "Start", "trigger": { "kind": "manual" } } },
            { "id": "set", "type": "transform", "data": { "label": "Set", "output": { "name": "{{ input.body.name }}", "score": "{{ input.body.score }}" } } },
            { "id": "if", "type": "condition", "data": { "label": "IF", "expression": "prev.score >= 80" } },
            { "id": "code", "type": "transform", "data": { "label": "Code", "output": { "greeting": "Hi {{ prev.name }}" } } },
            { "id": "respond", "type": "transform", "data": { "label": "Respond", "output": { "reply": "{{ prev.greeting }}" } } }
        ],
        "edges": [
            { "id": "e1", "source": "in", "target": "set" },
            { "id": "e2", "source": "set", "target": "if" },
            { "id": "e3", "source": "if", "sourceHandle": "true", "target": "code" },
            { "id": "e4", "source": "code", "target": "respond" }
        ]
    })
}

fn input() -> Value {
    json!({ "body": { "name": "Ada", "score": 91 }, "headers": { "content-type": "application/json" }, "query": {} })
}

async fn run(hub: &Hub, org: OrgId, wf: WorkflowId, defer_start: bool) -> (WorkflowExecution, u64) {
    let before = hub.commits(org).await.unwrap();
    let options = RunOptions { input: input(), defer_start, ..Default::default() };
    let done = hub.run_workflow(org, wf, options).await.unwrap();
    (done, hub.commits(org).await.unwrap() - before)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_of_pure_nodes_is_one_commit_and_reads_back_whole() {
    let (_dir, hub, org) = hub().await;
    let wf = hub.import_workflow(org, &five_nodes().to_string()).await.unwrap().workflow.id;

    // The organization's first run also takes this process's runner lease (a write of its own).
    run(&hub, org, wf, true).await;
    let (deferred, commits) = run(&hub, org, wf, true).await;
    assert_eq!(deferred.status, ExecutionStatus::Completed);
    assert_eq!(commits, 1, "a deferred run of pure nodes is written in one transaction");
    let (readable, commits) = run(&hub, org, wf, false).await;
    assert_eq!(commits, 2, "the opening, readable before the end, then everything else with the end");

    for id in [deferred.id, readable.id] {
        let detail = hub.get_execution(org, id).await.unwrap();
        assert_eq!(detail.execution.status, ExecutionStatus::Completed);
        assert_eq!(detail.execution.output, Some(json!({ "reply": "Hi Ada" })));
        let steps: Vec<(&str, StepStatus)> = detail.steps.iter().map(|s| (s.node_id.as_str(), s.status)).collect();
        assert_eq!(
            steps,
            [
                ("in", StepStatus::Completed),
                ("set", StepStatus::Completed),
                ("if", StepStatus::Completed),
                ("code", StepStatus::Completed),
                ("respond", StepStatus::Completed)
            ]
        );
        let step = |id: &str| detail.steps.iter().find(|s| s.node_id == id).unwrap();
        assert_eq!(step("in").input, Some(input()), "the trigger's input is the execution's");
        assert_eq!(step("in").output, Some(input()), "the trigger passes its input on");
        assert_eq!(step("set").input, Some(input()));
        assert_eq!(step("set").output, Some(json!({ "name": "Ada", "score": 91 })));
        assert_eq!(step("if").input, Some(json!({ "name": "Ada", "score": 91 })));
        assert_eq!(step("code").input, step("if").output);
        assert_eq!(step("respond").input, Some(json!({ "greeting": "Hi Ada" })));
        let log: Vec<(i64, &str)> = detail.logs.iter().map(|l| (l.seq, l.status.as_str())).collect();
        assert_eq!(log, [(0, "RUNNING"), (1, "COMPLETED")], "the log holds the run's start and end");
        assert_eq!(detail.logs[0].message, "started by manual at trigger 'in'");
        assert_eq!(detail.logs[0].timestamp, detail.execution.started_at);
        let took = detail.execution.duration_ms.unwrap();
        assert_eq!(detail.logs[1].message, format!("completed in {took} ms; 5 nodes ran"));
        assert_eq!(Some(detail.logs[1].timestamp), detail.execution.completed_at);
        assert_eq!(detail.execution.log_count, 2);
    }
    let file = hub.data_dir().join("orgs").join(org.to_string()).join("org.sqlite");
    let conn = neuroflow_store::open_connection(&file).unwrap();
    let stored: i64 = conn.query_row("SELECT count(*) FROM execution_logs", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 0, "a run's own opening and closing lines are derived from its record, not stored");
    let wf = hub.get_workflow(org, wf).await.unwrap();
    assert_eq!(wf.execution_count, 3, "a deferred opening still counts the run");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deferred_run_is_readable_while_a_slow_node_waits() {
    let (_dir, hub, org) = hub().await;
    let doc = json!({
        "format": 1, "name": "Slow",
        "nodes": [
            { "id": "in", "type": "trigger", "data": { "label": "Start", "trigger": { "kind": "manual" } } },
            { "id": "set", "type": "transform", "data": { "label": "Set", "output": { "n": 1 } } },
            { "id": "wait", "type": "delay", "data": { "label": "Wait", "ms": 600000 } }
        ],
        "edges": [ { "id": "e1", "source": "in", "target": "set" }, { "id": "e2", "source": "set", "target": "wait" } ]
    });
    let wf = hub.import_workflow(org, &doc.to_string()).await.unwrap_or_else(|e| panic!("{}", e.message)).workflow.id;
    let handle = hub.start_run(org, wf, RunOptions { defer_start: true, ..Default::default() }).await.unwrap();
    // The delay acts on time: before it starts, the opening and the steps before it are durable.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let detail = loop {
        if let Ok(detail) = hub.get_execution(org, handle.execution_id).await
            && detail.steps.iter().any(|s| s.node_id == "wait")
        {
            break detail;
        }
        assert!(std::time::Instant::now() < deadline, "the run never became readable");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    };
    assert_eq!(detail.execution.status, ExecutionStatus::Running);
    let steps: Vec<(&str, StepStatus)> = detail.steps.iter().map(|s| (s.node_id.as_str(), s.status)).collect();
    assert_eq!(steps, [("in", StepStatus::Completed), ("set", StepStatus::Completed), ("wait", StepStatus::Running)]);
    assert_eq!(detail.steps[2].input, Some(json!({ "n": 1 })), "the waiting step's input reads back");
    handle.cancel();
    let done = handle.finish().await.unwrap();
    assert_eq!(done.status, ExecutionStatus::Cancelled);
    let detail = hub.get_execution(org, done.id).await.unwrap();
    assert_eq!(detail.steps[2].status, StepStatus::Cancelled);
}
