//! Runs through the command surface, recorded in real SQLite files: the execution's lifecycle, its
//! steps and log, the event stream, HTTP against a local server, sub-workflows, re-runs,
//! cancellation and recovery after a runner is gone.

use neuroflow_app::{Hub, RunOptions};
use neuroflow_types::*;
use serde_json::{Value, json};

struct Fixture {
    _dir: tempfile::TempDir,
    hub: Hub,
    org: OrgId,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    let org = hub.create_org("Acme Realty").await.unwrap().id;
    Fixture { _dir: dir, hub, org }
}

impl Fixture {
    async fn import(&self, doc: Value) -> Workflow {
        self.hub.import_workflow(self.org, &doc.to_string()).await.unwrap_or_else(|e| panic!("{}", e.message)).workflow
    }
    async fn run(&self, wf: WorkflowId, input: Value) -> WorkflowExecution {
        self.hub.run_workflow(self.org, wf, RunOptions { input, ..Default::default() }).await.unwrap()
    }
    async fn detail(&self, id: ExecutionId) -> ExecutionDetail {
        self.hub.get_execution(self.org, id).await.unwrap()
    }
}

fn doc(name: &str, nodes: Value, edges: Value) -> Value {
    json!({ "format": 1, "name": name, "variables": { "threshold": 80 }, "nodes": nodes, "edges": edges })
}
fn trigger() -> Value {
    json!({ "id": "t", "type": "trigger", "data": { "label": "Start", "trigger": { "kind": "manual" } } })
}
fn node(id: &str, t: &str, data: Value) -> Value {
    json!({ "id": id, "type": t, "data": data })
}
fn edge(s: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{t}"), "source": s, "target": t })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_is_recorded_step_by_step_and_its_events_arrive_in_order() {
    let f = fixture().await;
    let wf = f
        .import(doc(
            "Lead score",
            json!([
                trigger(),
                node("hot", "condition", json!({ "label": "Hot?", "expression": "input.score >= vars.threshold" })),
                node("reply", "transform", json!({ "label": "Reply", "output": { "to": "{{ input.name }}", "tier": "hot" } })),
                node("nurture", "transform", json!({ "output": "later" }))
            ]),
            json!([edge("t", "hot"), { "id": "e2", "source": "hot", "sourceHandle": "true", "target": "reply" }, { "id": "e3", "source": "hot", "sourceHandle": "false", "target": "nurture" }]),
        ))
        .await;
    let (sink, mut events) = neuroflow_app::event_channel();
    let handle = f
        .hub
        .start_run(
            f.org,
            wf.id,
            RunOptions { input: json!({ "name": "Ada", "score": 91 }), on_event: Some(sink), ..Default::default() },
        )
        .await
        .unwrap();
    let record = handle.finish().await.unwrap();
    assert_eq!(record.status, ExecutionStatus::Completed, "{:?}", record.error);
    assert_eq!(record.output, Some(json!({ "to": "Ada", "tier": "hot" })));

    let mut kinds = Vec::new();
    while let Ok(e) = events.try_recv() {
        kinds.push(match e {
            RunEvent::ExecutionStarted { .. } => "started".to_string(),
            RunEvent::NodeStarted { node_id, .. } => format!("start:{node_id}"),
            RunEvent::NodeFinished { node_id, .. } => format!("done:{node_id}"),
            RunEvent::NodeSkipped { node_id, .. } => format!("skip:{node_id}"),
            RunEvent::NodeFailed { node_id, .. } => format!("fail:{node_id}"),
            RunEvent::NodeCancelled { node_id, .. } => format!("cancel:{node_id}"),
            RunEvent::Log { .. } => continue,
            RunEvent::ExecutionFinished { status, .. } => format!("finished:{status}"),
        });
    }
    assert_eq!(kinds.first().map(String::as_str), Some("started"));
    assert_eq!(kinds.last().map(String::as_str), Some("finished:COMPLETED"));
    let pos = |k: &str| kinds.iter().position(|x| x == k).unwrap_or_else(|| panic!("{k} in {kinds:?}"));
    assert!(pos("done:t") < pos("start:hot") && pos("done:hot") < pos("start:reply"));
    assert!(kinds.contains(&"skip:nurture".to_string()));

    let d = f.detail(record.id).await;
    let e = &d.execution;
    assert_eq!((e.status, e.trigger, e.nodes_executed), (ExecutionStatus::Completed, TriggerKind::Manual, 3));
    assert_eq!(e.input, json!({ "name": "Ada", "score": 91 }));
    assert!(e.completed_at.unwrap() >= e.started_at && e.duration_ms.is_some());
    let steps: std::collections::HashMap<_, _> = d.steps.iter().map(|s| (s.node_id.as_str(), s)).collect();
    assert_eq!(steps["hot"].status, StepStatus::Completed);
    assert_eq!(steps["hot"].input, Some(json!({ "name": "Ada", "score": 91 })));
    assert_eq!(steps["hot"].output, Some(json!({ "name": "Ada", "score": 91, "result": true })));
    assert_eq!((steps["reply"].attempts, steps["reply"].node_name.as_str()), (1, "Reply"));
    assert!(steps["reply"].duration_us.is_some());
    assert_eq!(steps["nurture"].status, StepStatus::Skipped);
    let statuses: Vec<&str> = d.logs.iter().map(|l| l.status.as_str()).collect();
    assert_eq!(statuses.first(), Some(&"RUNNING"), "the log opens with the run starting");
    assert_eq!(statuses.last(), Some(&"COMPLETED"), "and closes with its end");
    assert_eq!(statuses, ["RUNNING", "SKIPPED", "COMPLETED"], "a plain completion adds no line; a skip does");

    let wf = f.hub.get_workflow(f.org, wf.id).await.unwrap();
    assert_eq!(wf.execution_count, 1);
    assert_eq!(wf.last_executed, Some(e.started_at));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_request_nodes_call_a_local_server_and_failures_name_the_status() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route(
            "/listings",
            axum::routing::get(|| async {
                axum::Json(json!({ "listings": [{ "price": 900000 }, { "price": 400000 }] }))
            }),
        )
        .route("/down", axum::routing::get(|| async { (axum::http::StatusCode::SERVICE_UNAVAILABLE, "maintenance") }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let f = fixture().await;
    let ok = f
        .import(doc(
            "Listings",
            json!([
                trigger(),
                node(
                    "fetch",
                    "integration",
                    json!({ "action": "http.request", "params": { "url": format!("{base}/listings") } })
                ),
                node(
                    "pick",
                    "transform",
                    json!({ "output": "{{ prev.body.listings | selectattr('price', 'gt', 500000) | list | length }}" })
                )
            ]),
            json!([edge("t", "fetch"), edge("fetch", "pick")]),
        ))
        .await;
    let run = f.run(ok.id, json!({})).await;
    assert_eq!((run.status, run.output), (ExecutionStatus::Completed, Some(json!(1))));
    let fetch = f.detail(run.id).await.steps.into_iter().find(|s| s.node_id == "fetch").unwrap();
    assert_eq!(fetch.output.unwrap()["status"], 200);

    let down = f
        .import(doc(
            "Down",
            json!([trigger(), node("fetch", "integration", json!({ "action": "http.request", "params": { "url": format!("{base}/down") }, "retry": { "maxAttempts": 2, "backoffMs": 1 } }))]),
            json!([edge("t", "fetch")]),
        ))
        .await;
    let failed = f.run(down.id, json!({})).await;
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert_eq!(
        failed.error.as_deref(),
        Some(format!("node 'fetch' (fetch) failed after 2 attempts: HTTP 503 Service Unavailable from GET {base}/down: maintenance").as_str())
    );
    let step = f.detail(failed.id).await.steps.into_iter().find(|s| s.node_id == "fetch").unwrap();
    assert_eq!((step.status, step.attempts), (StepStatus::Failed, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sub_workflows_run_once_or_for_each_item_as_child_executions() {
    let f = fixture().await;
    let child = f
        .import(doc(
            "Greet",
            json!([trigger(), node("hi", "transform", json!({ "output": "Hi {{ input.name }} #{{ input.n }}" }))]),
            json!([edge("t", "hi")]),
        ))
        .await;
    let parent = f
        .import(doc(
            "Greet everyone",
            json!([
                trigger(),
                node("each", "subWorkflow", json!({ "workflowId": child.id, "forEach": "{{ input.people }}", "input": { "name": "{{ item }}", "n": "{{ index }}" }, "concurrency": 2 })),
                node("one", "subWorkflow", json!({ "workflowId": child.id, "input": { "name": "Solo", "n": 9 } }))
            ]),
            json!([edge("t", "each"), edge("each", "one")]),
        ))
        .await;
    let run = f.run(parent.id, json!({ "people": ["Ada", "Grace", "Linus"] })).await;
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    let each = f.detail(run.id).await.steps.into_iter().find(|s| s.node_id == "each").unwrap();
    assert_eq!(each.output, Some(json!(["Hi Ada #0", "Hi Grace #1", "Hi Linus #2"])), "outputs keep the list's order");
    assert_eq!(run.output, Some(json!("Hi Solo #9")));

    let children = f
        .hub
        .list_executions(f.org, ExecutionFilter { workflow_id: Some(child.id), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(children.total, 4);
    assert!(
        children.items.iter().all(|c| c.parent_execution_id == Some(run.id) && c.trigger == TriggerKind::SubWorkflow)
    );

    let looping = f.import(doc("Loop", json!([trigger()]), json!([]))).await;
    let mut me = looping.document();
    me.nodes.push(serde_json::from_value(node("again", "subWorkflow", json!({ "workflowId": looping.id }))).unwrap());
    me.edges.push(serde_json::from_value(edge("t", "again")).unwrap());
    f.hub.update_workflow(f.org, looping.id, WorkflowPatch { document: Some(me), ..Default::default() }).await.unwrap();
    let deep = f.run(looping.id, json!({})).await;
    assert_eq!(deep.status, ExecutionStatus::Failed);
    assert!(deep.error.unwrap().contains("nested more than 8 deep"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_is_rerun_from_the_failed_node_reusing_what_came_before() {
    let f = fixture().await;
    let wf = f
        .import(doc(
            "Pipeline",
            json!([
                trigger(),
                node("enrich", "transform", json!({ "output": { "id": "{{ input.id }}", "at": "{{ execution.id }}" } })),
                node("check", "condition", json!({ "expression": "prev.id > 0" })),
                node("finish", "transform", json!({ "output": "{{ nodes.enrich.output.at }}|{{ prev.ready }}" }))
            ]),
            json!([edge("t", "enrich"), { "id": "e2", "source": "enrich", "target": "check" }, { "id": "e3", "source": "check", "sourceHandle": "true", "target": "finish" }]),
        ))
        .await;
    let first = f.run(wf.id, json!({ "id": 7 })).await;
    assert_eq!(first.status, ExecutionStatus::Failed, "prev.ready is undefined");

    // Fix the last node, then re-run from it: `enrich` keeps the output of the first run.
    let mut fixed = f.hub.get_workflow(f.org, wf.id).await.unwrap().document();
    fixed.nodes[3].data.insert("output".into(), json!("{{ nodes.enrich.output.at }}|{{ prev.result }}"));
    f.hub.update_workflow(f.org, wf.id, WorkflowPatch { document: Some(fixed), ..Default::default() }).await.unwrap();
    let rerun = f.hub.rerun(f.org, first.id, "finish", None).await.unwrap().finish().await.unwrap();
    assert_eq!(rerun.status, ExecutionStatus::Completed, "{:?}", rerun.error);
    assert_eq!(
        rerun.output,
        Some(json!(format!("{}|true", first.id))),
        "enrich's recorded output (with the first run's id) is reused"
    );
    let d = f.detail(rerun.id).await;
    assert_eq!(
        (d.execution.trigger, d.execution.rerun_of, d.execution.rerun_from.as_deref()),
        (TriggerKind::Rerun, Some(first.id), Some("finish"))
    );
    assert!(d.logs.iter().any(|l| l.status == "REUSED" && l.node_id.as_deref() == Some("enrich")));

    let unknown = f.hub.rerun(f.org, first.id, "nope", None).await.unwrap_err();
    assert!(unknown.message.starts_with("node 'nope' is not in workflow 'Pipeline'"), "{}", unknown.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_run_records_it_cancelled() {
    let f = fixture().await;
    let wf = f
        .import(doc(
            "Slow",
            json!([
                trigger(),
                node("wait", "delay", json!({ "ms": 600000 })),
                node("after", "transform", json!({ "output": 1 }))
            ]),
            json!([edge("t", "wait"), edge("wait", "after")]),
        ))
        .await;
    let (sink, mut events) = neuroflow_app::event_channel();
    let handle =
        f.hub.start_run(f.org, wf.id, RunOptions { on_event: Some(sink), ..Default::default() }).await.unwrap();
    while let Some(e) = events.recv().await {
        if matches!(&e, RunEvent::NodeStarted { node_id, .. } if node_id == "wait") {
            break;
        }
    }
    f.hub.cancel_execution(f.org, handle.execution_id).await.unwrap();
    let record = handle.finish().await.unwrap();
    assert_eq!(record.status, ExecutionStatus::Cancelled);
    let d = f.detail(record.id).await;
    assert_eq!(d.execution.status, ExecutionStatus::Cancelled);
    assert_eq!(d.steps.iter().find(|s| s.node_id == "wait").unwrap().status, StepStatus::Cancelled);
    let again = f.hub.cancel_execution(f.org, record.id).await.unwrap_err();
    assert!(again.message.contains("has already ended (CANCELLED)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_closes_runs_of_gone_runners_and_spares_live_ones() {
    let f = fixture().await;
    let wf = f.import(doc("Any", json!([trigger()]), json!([]))).await;
    let data = f.hub.data_dir().to_path_buf();
    let org_dir = data.join("orgs").join(f.org.to_string());
    let db = org_dir.join("org.sqlite");
    std::fs::create_dir_all(org_dir.join("runners")).unwrap();

    // Two other "processes": one gone (its lock file is free), one alive (we hold its lock).
    let alive_lock = std::fs::File::create(org_dir.join("runners/alive.lock")).unwrap();
    alive_lock.try_lock().unwrap();
    std::fs::File::create(org_dir.join("runners/gone.lock")).unwrap();
    let conn = neuroflow_store::open_connection(&db).unwrap();
    let t = format_timestamp(&now());
    for (runner, exec) in
        [("gone", "01a20000-0000-7000-8000-0000000000a1"), ("alive", "01a20000-0000-7000-8000-0000000000a2")]
    {
        conn.execute(
            "INSERT INTO runners (id, pid, host, kind, started_at, heartbeat_at, lease_until) VALUES (?1, 1, 'h', 'cli', ?2, ?2, ?2)",
            [runner, t.as_str()],
        )
        .unwrap();
        conn.execute(
            &format!(
                "INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind,
                    runner_id, started_at, input) VALUES ('{exec}', '{}', '{}', 1, 'RUNNING', 'MANUAL', '{runner}', '{t}', '{{}}')",
                f.org, wf.id
            ),
            [],
        )
        .unwrap();
        conn.execute(
            &format!("INSERT INTO execution_steps (execution_id, node_id, organization_id, node_type, node_name, status, started_at)
                      VALUES ('{exec}', 't', '{}', 'trigger', 'Start', 'RUNNING', '{t}')", f.org),
            [],
        )
        .unwrap();
    }
    drop(conn);

    // Taking this process's lease runs recovery.
    f.run(wf.id, json!({})).await;
    let gone = f.detail("01a20000-0000-7000-8000-0000000000a1".parse().unwrap()).await;
    assert_eq!(gone.execution.status, ExecutionStatus::Failed);
    assert_eq!(gone.execution.error.as_deref(), Some(neuroflow_app::INTERRUPTED));
    assert_eq!(gone.steps[0].status, StepStatus::Failed);
    let log: Vec<(i64, &str, &str)> =
        gone.logs.iter().map(|l| (l.seq, l.status.as_str(), l.message.as_str())).collect();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!((log[0].0, log[0].1), (0, "RUNNING"), "the opening, derived from the record");
    assert_eq!(log[1], (1, "FAILED", neuroflow_app::INTERRUPTED), "recovery's line, stored after it");
    let alive = f.detail("01a20000-0000-7000-8000-0000000000a2".parse().unwrap()).await;
    assert_eq!(alive.execution.status, ExecutionStatus::Running, "a live runner's execution is left alone");

    drop(alive_lock);
    assert_eq!(f.hub.recover(f.org).await.unwrap(), 1, "once its process is gone, it is closed too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_and_bad_triggers_are_refused_before_anything_is_written() {
    let f = fixture().await;
    let wf = f
        .import(doc(
            "Two triggers",
            json!([trigger(), { "id": "hook", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "lead" } } }]),
            json!([]),
        ))
        .await;
    let wrong = f
        .hub
        .start_run(f.org, wf.id, RunOptions { trigger_node: Some("nope".into()), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(wrong.message, "'nope' is not a trigger of this workflow (its triggers: t, hook)");
    let big = "x".repeat(neuroflow_app::MAX_INPUT_BYTES + 1);
    let huge = f
        .hub
        .start_run(f.org, wf.id, RunOptions { input: json!({ "blob": big }), ..Default::default() })
        .await
        .unwrap_err();
    let expected =
        serde_json::to_vec(&json!({ "blob": "x".repeat(neuroflow_app::MAX_INPUT_BYTES + 1) })).unwrap().len();
    assert_eq!(huge.message, format!("the input is {expected} bytes; the limit is 10485760 bytes"));
    assert_eq!(f.hub.list_executions(f.org, ExecutionFilter::default()).await.unwrap().total, 0);
    let by_hook = f
        .hub
        .run_workflow(f.org, wf.id, RunOptions { trigger_node: Some("hook".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(by_hook.trigger_node.as_deref(), Some("hook"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_run_keeps_the_first_thousand_log_lines_and_counts_the_rest() {
    let f = fixture().await;
    // A condition that is false skips the 1,200 nodes after it, each with a log line.
    let mut nodes = vec![trigger(), node("c", "condition", json!({ "expression": "false" }))];
    let mut edges = vec![edge("t", "c")];
    for i in 0..1_200 {
        nodes.push(node(&format!("n{i}"), "transform", json!({ "output": i })));
        let source = if i == 0 { "c".to_string() } else { format!("n{}", i - 1) };
        let mut link = edge(&source, &format!("n{i}"));
        if i == 0 {
            link["sourceHandle"] = json!("true");
        }
        edges.push(link);
    }
    let wf = f.import(doc("Long", Value::Array(nodes), Value::Array(edges))).await;
    let run = f.run(wf.id, json!({})).await;
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    let d = f.detail(run.id).await;
    // One line as it starts, one per skipped node, one as it ends.
    assert_eq!(d.logs.len(), 1_000);
    assert_eq!((d.execution.log_count, d.execution.logs_dropped), (1_000, 1_202 - 1_000));
    assert_eq!(d.logs.last().unwrap().seq, 999);
    assert_eq!(d.steps.len(), 1_202, "every step is recorded even when its log line is not");
    assert_eq!(d.steps.last().unwrap().node_id, "n1199", "steps are listed in the order the run reached them");
}
