//! A run and everything it starts — sub-workflows, forEach items, workflows an agent's tool runs —
//! form one tree: one budget covers it all, a parent's tokens, cost and nodes include its
//! children's, and the tree is bounded in depth and size, so a workflow that calls itself stops at
//! a named limit instead of taking the process down.

use crate::common;

use common::{by, fixture};
use neuroflow_app::{MAX_DEPTH, RunOptions};
use neuroflow_testkit::Behavior;
use neuroflow_types::*;
use serde_json::{Value, json};

fn doc(name: &str, nodes: Value, edges: Value) -> WorkflowDocument {
    serde_json::from_value(json!({ "format": 1, "name": name, "nodes": nodes, "edges": edges })).unwrap()
}

fn trigger() -> Value {
    json!({ "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } })
}

fn edge(s: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{t}"), "source": s, "target": t })
}

async fn save(f: &common::Fixture, doc: WorkflowDocument) -> Workflow {
    f.hub.create_workflow(f.org, doc).await.unwrap_or_else(|e| panic!("{}", e.message)).workflow
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parents_totals_include_its_childrens_and_one_budget_covers_the_tree() {
    let f = fixture().await;
    let ada = f.agent("Ada", "openai", "gpt-4o-mini").await;
    f.fake.on(by("Ada"), vec![Behavior::text("A bright two-bedroom home near the park."); 10]);
    let child = save(
        &f,
        doc(
            "Describe",
            json!([trigger(), { "id": "ask", "type": "aiAgent", "data": { "agentId": ada.id, "prompt": "Describe {{ input.address }}" } }]),
            json!([edge("t", "ask")]),
        ),
    )
    .await;
    let parent = save(
        &f,
        doc(
            "Listing desk",
            json!([
                trigger(),
                { "id": "sub", "type": "subWorkflow", "data": { "workflowId": child.id, "input": { "address": "{{ input.address }}" } } },
                { "id": "each", "type": "subWorkflow", "data": {
                    "workflowId": child.id, "forEach": "{{ input.more }}", "input": { "address": "{{ item }}" }, "concurrency": 2 } }
            ]),
            json!([edge("t", "sub"), edge("sub", "each")]),
        ),
    )
    .await;
    let input = json!({ "address": "12 Elm St", "more": ["1 Oak Ave", "9 Pine Rd"] });
    let done =
        f.hub.run_workflow(f.org, parent.id, RunOptions { input: input.clone(), ..Default::default() }).await.unwrap();
    assert_eq!(done.status, ExecutionStatus::Completed, "{:?}", done.error);
    let children = f
        .hub
        .list_executions(f.org, ExecutionFilter { workflow_id: Some(child.id), ..Default::default() })
        .await
        .unwrap()
        .items;
    assert_eq!(children.len(), 3);
    assert!(children.iter().all(|c| c.parent_execution_id == Some(done.id)));
    let (tokens, cost, nodes): (i64, i64, i64) =
        children.iter().fold((0, 0, 0), |(t, c, n), e| (t + e.tokens_used, c + e.cost_micros, n + e.nodes_executed));
    assert!(tokens > 0 && cost > 0, "the children spent something: {tokens} tokens, {cost} µ$");
    assert_eq!(done.tokens_used, tokens, "the parent's tokens are its children's");
    assert_eq!(done.cost_micros, cost, "the parent's cost is its children's, to the micro-dollar");
    assert_eq!(done.nodes_executed, 3 + nodes, "the parent's three nodes and its children's");
    let stored = f.hub.get_execution(f.org, done.id).await.unwrap().execution;
    assert_eq!((stored.tokens_used, stored.cost_micros, stored.nodes_executed), (tokens, cost, 3 + nodes));

    // A bigger tree (1 + 6 calls) under a budget of one call and a token: the parent's budget
    // stops its children. The first call stays under it, so the forEach starts its first two
    // children together (concurrency 2) — calls already in flight finish, as their tokens are not
    // known before they answer — and once those are counted no further child starts.
    let per_call = children[0].tokens_used;
    let budget = Budget { max_tokens: Some(per_call + 1), max_cost_micros: None };
    let more = json!(["1 Oak Ave", "9 Pine Rd", "4 Ash Ct", "7 Elm Row", "2 Bay St", "5 Hill Rd"]);
    let input = json!({ "address": "12 Elm St", "more": more });
    let stopped = f
        .hub
        .run_workflow(f.org, parent.id, RunOptions { input, budget: Some(budget), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(stopped.status, ExecutionStatus::Failed);
    let error = stopped.error.unwrap_or_default();
    assert!(error.contains("the workflow run reached its budget"), "the parent's budget is named: {error}");
    assert!(
        stopped.tokens_used <= 3 * per_call,
        "no child started once the budget was reached: {} tokens, {per_call} a call",
        stopped.tokens_used
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workflow_that_calls_itself_stops_at_the_depth_limit_with_the_limit_named() {
    let f = fixture().await;
    let selfish = save(&f, doc("Echo", json!([trigger()]), json!([]))).await;
    let recursive = doc(
        "Echo",
        json!([trigger(), { "id": "again", "type": "subWorkflow", "data": { "workflowId": selfish.id, "input": {} } }]),
        json!([edge("t", "again")]),
    );
    let patch = WorkflowPatch { document: Some(recursive), ..Default::default() };
    f.hub.update_workflow(f.org, selfish.id, patch).await.unwrap();
    let done = f.hub.run_workflow(f.org, selfish.id, RunOptions::default()).await.unwrap();
    assert_eq!(done.status, ExecutionStatus::Failed);
    let error = done.error.unwrap_or_default();
    assert!(error.contains(&format!("nested more than {MAX_DEPTH} deep")), "{error}");
    let all = f.hub.list_executions(f.org, ExecutionFilter::default()).await.unwrap();
    assert_eq!(all.total, i64::from(MAX_DEPTH), "one execution per level, the root included");
    assert!(all.items.iter().all(|e| e.status == ExecutionStatus::Failed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fork_bomb_through_for_each_is_bounded_as_a_whole() {
    let f = fixture().await;
    let bomb = save(&f, doc("Bomb", json!([trigger()]), json!([]))).await;
    let forking = doc(
        "Bomb",
        json!([trigger(), { "id": "fork", "type": "subWorkflow", "data": {
            "workflowId": bomb.id, "forEach": "{{ [1, 2, 3, 4, 5, 6, 7, 8] }}", "input": {}, "concurrency": 8 } }]),
        json!([edge("t", "fork")]),
    );
    f.hub
        .update_workflow(f.org, bomb.id, WorkflowPatch { document: Some(forking), ..Default::default() })
        .await
        .unwrap();
    let done = f.hub.run_workflow(f.org, bomb.id, RunOptions::default()).await.unwrap();
    assert_eq!(done.status, ExecutionStatus::Failed);
    let error = done.error.unwrap_or_default();
    assert!(error.contains("limit of one run"), "the tree's limit is named: {error}");
    let all = f.hub.list_executions(f.org, ExecutionFilter { page: PageRequest::new(1, 0), ..Default::default() });
    let total = all.await.unwrap().total;
    assert!(total <= i64::from(neuroflow_app::MAX_TREE_EXECUTIONS), "at most the tree's limit ran: {total}");
    assert!(total > 8, "the first levels did run: {total}");
    // The process is fine and the next run works.
    let plain = save(&f, doc("Plain", json!([trigger()]), json!([]))).await;
    let ok = f.hub.run_workflow(f.org, plain.id, RunOptions::default()).await.unwrap();
    assert_eq!(ok.status, ExecutionStatus::Completed);
}
