//! The editor's use cases through the command surface, on real organization files: drafts kept
//! whatever state they are in, versions that never overwrite someone else's, publishing that decides
//! what triggers run, deletes that can be undone, and test runs of a draft — whole, up to a node, or
//! one node with what comes before it pinned or taken from the last run.

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

/// A chain: trigger → greet → shout → sign, each a transform over the one before it.
fn chain(name: &str, greeting: &str) -> WorkflowDocument {
    serde_json::from_value(json!({
        "format": 1, "name": name,
        "nodes": [
            { "id": "t", "type": "trigger", "data": { "label": "Start", "trigger": { "kind": "manual" } } },
            { "id": "greet", "type": "transform", "data": { "label": "Greet", "output": { "text": format!("{greeting} {{{{ input.name }}}}") } } },
            { "id": "shout", "type": "transform", "data": { "label": "Shout", "output": { "text": "{{ nodes.greet.output.text | upper }}" } } },
            { "id": "sign", "type": "transform", "data": { "label": "Sign", "output": { "text": "{{ nodes.shout.output.text }} -- Acme" } } }
        ],
        "edges": [
            { "id": "e1", "source": "t", "target": "greet" },
            { "id": "e2", "source": "greet", "target": "shout" },
            { "id": "e3", "source": "shout", "target": "sign" }
        ]
    }))
    .unwrap()
}

fn statuses(detail: &ExecutionDetail) -> Vec<(String, StepStatus)> {
    detail.steps.iter().map(|s| (s.node_id.clone(), s.status)).collect()
}

fn output(detail: &ExecutionDetail, node: &str) -> Option<Value> {
    detail.steps.iter().find(|s| s.node_id == node).and_then(|s| s.output.clone())
}

impl Fixture {
    async fn workflow(&self, doc: WorkflowDocument) -> Workflow {
        self.hub.create_workflow(self.org, doc).await.unwrap_or_else(|e| panic!("{}", e.message)).workflow
    }

    async fn run_draft(&self, id: WorkflowId, doc: WorkflowDocument, options: DraftRunOptions) -> ExecutionDetail {
        let handle = self
            .hub
            .run_draft(self.org, id, doc, json!({ "name": "Ada" }), options, None)
            .await
            .unwrap_or_else(|e| panic!("{}", e.message));
        let record = handle.finish().await.unwrap();
        self.hub.get_execution(self.org, record.id).await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_kept_with_its_errors_and_follows_a_rename() {
    let f = fixture().await;
    let wf = f.hub.new_workflow(f.org, "  Lead intake ").await.unwrap();
    assert_eq!((wf.name.as_str(), wf.nodes.len(), wf.latest_version), ("Lead intake", 1, 1));
    assert!(f.hub.get_draft(f.org, wf.id).await.unwrap().is_none(), "a new workflow has no draft");

    let mut broken = chain("Lead intake", "Hi");
    broken.edges.push(serde_json::from_value(json!({ "id": "e9", "source": "sign", "target": "nowhere" })).unwrap());
    let draft = DraftInput {
        document: broken.clone(),
        base_version: 1,
        history: json!({ "format": 1, "entries": ["add greet"] }),
        sample_input: json!({ "name": "Ada" }),
        pins: JsonMap::new(),
    };
    let saved = f.hub.save_draft(f.org, wf.id, draft).await.unwrap();
    assert!(!saved.report.is_valid(), "the draft has an error");
    assert!(saved.report.errors.iter().any(|e| e.message.contains("nowhere")), "{:?}", saved.report.errors);

    let kept = f.hub.get_draft(f.org, wf.id).await.unwrap().unwrap();
    assert_eq!(kept.document, broken, "kept as it was, errors and all");
    assert_eq!(kept.history["entries"][0], "add greet");

    let renamed = f.hub.rename_workflow(f.org, wf.id, "Lead intake (web)").await.unwrap();
    assert_eq!(renamed.name, "Lead intake (web)");
    assert_eq!(f.hub.get_draft(f.org, wf.id).await.unwrap().unwrap().document.name, "Lead intake (web)");
    let err = f.hub.rename_workflow(f.org, wf.id, "   ").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    let huge = DraftInput {
        document: chain("x", "Hi"),
        base_version: 1,
        history: json!("h".repeat(9 * 1024 * 1024)),
        sample_input: Value::Null,
        pins: JsonMap::new(),
    };
    let err = f.hub.save_draft(f.org, wf.id, huge).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Limit, "{}", err.message);
    assert!(err.message.starts_with("history:"), "{}", err.message);
    assert_eq!(f.hub.get_draft(f.org, wf.id).await.unwrap().unwrap().document.name, "Lead intake (web)", "kept");

    f.hub.discard_draft(f.org, wf.id).await.unwrap();
    assert!(f.hub.get_draft(f.org, wf.id).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versions_refuse_a_stale_base_and_only_the_published_one_runs() {
    let f = fixture().await;
    let wf = f.workflow(chain("Greeter", "Hello")).await;

    let v2 = f.hub.save_version(f.org, wf.id, chain("Greeter", "Howdy"), Some(" friendlier ".into()), 1).await.unwrap();
    assert_eq!((v2.version, v2.message.as_deref(), v2.published), (2, Some("friendlier"), false));

    // Someone else edited version 1 too: their save is refused, naming both versions.
    let stale = f.hub.save_version(f.org, wf.id, chain("Greeter", "Yo"), None, 1).await.unwrap_err();
    assert_eq!(stale.code, ErrorCode::Conflict);
    assert!(stale.message.contains("newer version (2)") && stale.message.contains("(1)"), "{}", stale.message);
    assert_eq!(f.hub.list_versions(f.org, wf.id).await.unwrap().len(), 2, "nothing was written");

    // Saving is not publishing: a run still uses version 1.
    let run = f.hub.run_workflow(f.org, wf.id, RunOptions { input: json!({ "name": "Ada" }), ..Default::default() });
    let run = run.await.unwrap();
    assert_eq!((run.workflow_version, run.output.clone()), (1, Some(json!({ "text": "HELLO ADA -- Acme" }))));

    let published = f.hub.publish_version(f.org, wf.id, 2).await.unwrap();
    assert_eq!((published.version, published.published_version, published.latest_version), (2, Some(2), 2));
    let run = f.hub.run_workflow(f.org, wf.id, RunOptions { input: json!({ "name": "Ada" }), ..Default::default() });
    let run = run.await.unwrap();
    assert_eq!(run.workflow_version, 2);
    assert_eq!(run.output, Some(json!({ "text": "HOWDY ADA -- Acme" })));

    // A version with errors can be saved, but not published.
    let mut broken = chain("Greeter", "Hi");
    broken.nodes.retain(|n| n.id != "shout");
    let v3 = f.hub.save_version(f.org, wf.id, broken, None, 2).await.unwrap();
    let refused = f.hub.publish_version(f.org, wf.id, v3.version).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    assert!(refused.message.contains("version 3"), "{}", refused.message);
    assert_eq!(f.hub.get_workflow(f.org, wf.id).await.unwrap().version, 2, "version 2 still runs");

    let diff = f.hub.diff_versions(f.org, wf.id, 1, 2).await.unwrap();
    assert_eq!((diff.from, diff.to), (Some(1), Some(2)));
    assert_eq!(diff.nodes.len(), 1, "{diff:?}");
    assert_eq!((diff.nodes[0].id.as_str(), diff.nodes[0].change), ("greet", DiffChange::Changed));
    assert_eq!(diff.nodes[0].fields[0].path, "data.output.text");

    let restored = f.hub.restore_version(f.org, wf.id, 1).await.unwrap();
    assert_eq!((restored.version, restored.message.as_deref()), (4, Some("Restored version 1")));
    assert_eq!(f.hub.get_version(f.org, wf.id, 4).await.unwrap().document, chain("Greeter", "Hello"));
    let all: Vec<(i64, bool)> =
        f.hub.list_versions(f.org, wf.id).await.unwrap().iter().map(|v| (v.version, v.published)).collect();
    assert_eq!(all, [(4, false), (3, false), (2, true), (1, false)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_workflow_stops_triggering_and_comes_back_on_undo() {
    let f = fixture().await;
    let wf = f.workflow(chain("Doomed", "Hi")).await;
    f.hub.update_workflow(f.org, wf.id, WorkflowPatch { is_active: Some(true), ..Default::default() }).await.unwrap();
    f.hub.run_workflow(f.org, wf.id, RunOptions::default()).await.unwrap();

    f.hub.delete_workflow(f.org, wf.id).await.unwrap();
    assert_eq!(f.hub.get_workflow(f.org, wf.id).await.unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(f.hub.list_workflows(f.org, WorkflowFilter::default()).await.unwrap().total, 0);
    assert_eq!(f.hub.run_workflow(f.org, wf.id, RunOptions::default()).await.unwrap_err().code, ErrorCode::NotFound);

    let back = f.hub.restore_deleted_workflow(f.org, wf.id).await.unwrap();
    assert!(!back.is_active, "it comes back switched off");
    let runs = f.hub.list_executions(f.org, ExecutionFilter { workflow_id: Some(wf.id), ..Default::default() });
    assert_eq!(runs.await.unwrap().total, 1, "with its history");
    let twice = f.hub.restore_deleted_workflow(f.org, wf.id).await.unwrap_err();
    assert_eq!(twice.code, ErrorCode::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_runs_whole_up_to_a_node_or_one_node_with_pins() {
    let f = fixture().await;
    let wf = f.workflow(chain("Greeter", "Hello")).await;
    let draft = chain("Greeter", "Howdy");

    // The whole draft, not the published version; marked a test run.
    let whole = f.run_draft(wf.id, draft.clone(), DraftRunOptions::default()).await;
    assert_eq!(whole.execution.status, ExecutionStatus::Completed, "{:?}", whole.execution.error);
    assert!(whole.execution.test_run);
    assert_eq!(whole.execution.output, Some(json!({ "text": "HOWDY ADA -- Acme" })));
    let last = f.hub.last_run(f.org, wf.id).await.unwrap().unwrap();
    assert_eq!(last.execution.id, whole.execution.id);

    // Up to "shout": "sign" never runs.
    let options = DraftRunOptions { up_to: Some("shout".into()), ..Default::default() };
    let partial = f.run_draft(wf.id, draft.clone(), options).await;
    assert_eq!(partial.execution.status, ExecutionStatus::Completed, "{:?}", partial.execution.error);
    let ran: Vec<String> = partial.steps.iter().map(|s| s.node_id.clone()).collect();
    assert_eq!(ran, ["t", "greet", "shout"]);

    // A pinned node is not run: its pinned output flows on.
    let pins = json!({ "greet": { "text": "pinned hello" } }).as_object().unwrap().clone();
    let pinned = f.run_draft(wf.id, draft.clone(), DraftRunOptions { pins, ..Default::default() }).await;
    assert_eq!(output(&pinned, "shout"), Some(json!({ "text": "PINNED HELLO" })));
    assert!(pinned.logs.iter().any(|l| l.message.contains("pinned")), "the log says the output was pinned");

    // One node alone: what comes before it is taken from the last run (the pinned one above).
    let mut edited = draft.clone();
    edited.nodes[3].data.insert("output".into(), json!({ "text": "{{ nodes.shout.output.text }} (signed)" }));
    let only = DraftRunOptions { only: Some("sign".into()), ..Default::default() };
    let single = f.run_draft(wf.id, edited, only).await;
    assert_eq!(single.execution.status, ExecutionStatus::Completed, "{:?}", single.execution.error);
    assert_eq!(single.execution.output, Some(json!({ "text": "PINNED HELLO (signed)" })));
    let reran: Vec<_> = single.steps.iter().filter(|s| s.duration_us != Some(0)).map(|s| s.node_id.as_str()).collect();
    assert!(statuses(&single).iter().all(|(_, s)| *s == StepStatus::Completed), "{:?}", statuses(&single));
    assert!(reran.iter().all(|n| *n == "sign"), "only 'sign' ran: {reran:?}");

    // A draft with errors does not run, and says why.
    let mut broken = draft.clone();
    broken.nodes.retain(|n| n.id != "greet");
    let err = f.hub.run_draft(f.org, wf.id, broken, Value::Null, DraftRunOptions::default(), None).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation, "{}", err.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_one_node_names_the_nodes_before_it_that_have_no_output() {
    let f = fixture().await;
    let wf = f.workflow(chain("Fresh", "Hello")).await;
    let only = DraftRunOptions { only: Some("shout".into()), ..Default::default() };
    let err = f.hub.run_draft(f.org, wf.id, chain("Fresh", "Hello"), Value::Null, only, None).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("t, greet have none"), "{}", err.message);

    // With everything before it pinned, it runs though the workflow never ran.
    let pins = json!({ "t": { "name": "Bo" }, "greet": { "text": "hey bo" } }).as_object().unwrap().clone();
    let only = DraftRunOptions { only: Some("shout".into()), pins, ..Default::default() };
    let single = f.run_draft(wf.id, chain("Fresh", "Hello"), only).await;
    assert_eq!(single.execution.status, ExecutionStatus::Completed, "{:?}", single.execution.error);
    assert_eq!(output(&single, "shout"), Some(json!({ "text": "HEY BO" })));
    assert!(output(&single, "sign").is_none(), "it stops after the node");

    let missing = DraftRunOptions { only: Some("ghost".into()), ..Default::default() };
    let err = f.hub.run_draft(f.org, wf.id, chain("Fresh", "Hello"), Value::Null, missing, None).await.unwrap_err();
    assert!(err.message.contains("'ghost' is not in the draft"), "{}", err.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_are_checked_where_they_are_typed_and_previewed_in_the_sandbox() {
    let ok = Hub::check_template("Hello {{ input.name }}", false);
    assert_eq!((ok.error, ok.at), (None, None));
    let bad = Hub::check_template("Dear {{ input.name }},\nsee {{ nodes.x. }}", false);
    assert!(bad.error.is_some());
    assert_eq!(bad.at.map(|p| p.line), Some(2), "{bad:?}");
    let expr = Hub::check_template("input.score >=", true);
    assert!(expr.error.is_some(), "{expr:?}");

    let preview = Hub::render_preview("{{ input.name | upper }}", &json!({ "input": { "name": "ada" } }));
    assert_eq!((preview.value, preview.error), (Some(json!("ADA")), None));
    let failed = Hub::render_preview("{{ range(10000000000) | list }}", &json!({}));
    assert!(failed.value.is_none() && failed.error.is_some(), "{failed:?}");

    let catalog = Hub::editor_catalog();
    for kind in ["trigger", "aiAgent", "agentTeam", "condition", "transform", "integration", "subWorkflow"] {
        assert!(catalog.node_kinds.iter().any(|k| k.kind == kind), "{kind} is in the palette");
    }
    assert!(catalog.actions.iter().any(|a| a.name.starts_with("slack.")), "integration actions are listed");
}
