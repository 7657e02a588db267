//! Analytics through the command surface, on runs the hub really ran: agent calls against the fake
//! model server, HTTP calls against a local server (some failing), plain transforms. Every figure is
//! checked against the raw records it must equal.

use crate::common;

use common::{by, fixture};
use neuroflow_testkit::Behavior;
use neuroflow_types::*;
use serde_json::{Value, json};

fn doc(name: &str, nodes: Value, edges: Value) -> String {
    json!({ "format": 1, "name": name, "nodes": nodes, "edges": edges }).to_string()
}

fn trigger() -> Value {
    json!({ "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } })
}

fn edge(s: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{t}"), "source": s, "target": t })
}

async fn local_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route("/ok", axum::routing::get(|| async { axum::Json(json!({ "ok": true })) }))
        .route("/down", axum::routing::get(|| async { (axum::http::StatusCode::SERVICE_UNAVAILABLE, "maintenance") }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn day() -> AnalyticsQuery {
    AnalyticsQuery { range: TimeRange::Last24Hours, workflow_id: None }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_matches_the_records_it_counts() {
    let f = fixture().await;
    let base = local_server().await;
    let ana = f.agent("Ana", "openai", "gpt-4o-mini").await;
    f.fake.on(by("Ana"), vec![Behavior::text("A warm lead, score 88.")]);
    let qualify = doc(
        "Qualify",
        json!([trigger(), { "id": "ask", "type": "aiAgent", "data": { "agentId": ana.id.to_string(), "prompt": "Qualify {{ input.name }}" } }]),
        json!([edge("t", "ask")]),
    );
    let fetch = |path: &str| {
        doc(
            &format!("Fetch {path}"),
            json!([trigger(), { "id": "get", "type": "integration", "data": { "label": "Get listings", "action": "http.request", "params": { "url": format!("{base}/{path}") } } }]),
            json!([edge("t", "get")]),
        )
    };
    let plain = doc(
        "Plain",
        json!([trigger(), { "id": "x", "type": "transform", "data": { "output": 1 } }]),
        json!([edge("t", "x")]),
    );
    let mut ids = std::collections::HashMap::new();
    for (name, text) in [("qualify", qualify), ("ok", fetch("ok")), ("down", fetch("down")), ("plain", plain)] {
        ids.insert(name, f.hub.import_workflow(f.org, &text).await.unwrap().workflow.id);
    }
    let mut runs = Vec::new();
    for (name, times) in [("qualify", 3), ("ok", 2), ("down", 2), ("plain", 1)] {
        for i in 0..times {
            let options =
                neuroflow_app::RunOptions { input: json!({ "name": format!("Lead {i}") }), ..Default::default() };
            runs.push(f.hub.run_workflow(f.org, ids[name], options).await.unwrap());
        }
    }
    let calls = f.hub.list_agent_executions(f.org, AgentExecutionFilter::default()).await.unwrap().items;
    assert_eq!(calls.len(), 3);
    let (tokens, cost): (i64, i64) =
        (calls.iter().map(|c| c.tokens_used).sum(), calls.iter().map(|c| c.cost_micros).sum());
    assert!(cost > 0, "gpt-4o-mini has a price");

    // Summary: the runs' statuses and durations, every AI call's tokens and dollars to the micro-dollar.
    let s = f.hub.analytics_summary(f.org, day()).await.unwrap();
    let c = &s.current;
    assert_eq!((c.runs, c.completed, c.failed, c.cancelled), (8, 6, 2, 0));
    assert_eq!(c.success_rate, Some(0.75));
    assert_eq!((c.agent_calls, c.tokens, c.cost_micros), (3, tokens, cost));
    let mut durations: Vec<i64> = runs.iter().map(|r| r.duration_ms.unwrap()).collect();
    durations.sort();
    let exact_p95 = durations[(0.95 * 8.0_f64).ceil() as usize - 1];
    let p95 = c.p95_ms.unwrap();
    assert!((p95 - exact_p95).abs() as f64 <= exact_p95 as f64 * s.percentile_error, "p95 {p95} vs {exact_p95}");
    assert_eq!(s.previous.runs, 0);

    // Breakdowns.
    let by_workflow = f.hub.analytics_breakdown(f.org, day(), BreakdownBy::Workflow).await.unwrap();
    let row = |name: &str| by_workflow.rows.iter().find(|r| r.label == name).unwrap().clone();
    assert_eq!(by_workflow.rows[0].label, "Qualify", "the most expensive first");
    assert_eq!((row("Fetch down").runs, row("Fetch down").failed, row("Fetch down").failure_rate), (2, 2, Some(1.0)));
    let q = row("Qualify");
    assert_eq!((q.runs, q.cost_micros, q.tokens), (3, cost, tokens));
    assert_eq!(q.cost_per_success_micros, Some((2 * cost + 3) / 6));
    let by_action = f.hub.analytics_breakdown(f.org, day(), BreakdownBy::Action).await.unwrap();
    assert_eq!(by_action.rows.len(), 1);
    assert_eq!(
        (by_action.rows[0].key.as_str(), by_action.rows[0].runs, by_action.rows[0].failed),
        ("http.request", 4, 2)
    );
    let by_model = f.hub.analytics_breakdown(f.org, day(), BreakdownBy::Model).await.unwrap();
    assert_eq!(by_model.rows[0].label, "gpt-4o-mini (openai)");
    assert_eq!((by_model.rows[0].runs, by_model.rows[0].cost_micros), (3, cost));
    let by_agent = f.hub.analytics_breakdown(f.org, day(), BreakdownBy::Agent).await.unwrap();
    assert_eq!((by_agent.rows[0].label.as_str(), by_agent.rows[0].runs), ("Ana", 3));
    let by_trigger = f.hub.analytics_breakdown(f.org, day(), BreakdownBy::Trigger).await.unwrap();
    assert_eq!((by_trigger.rows[0].label.as_str(), by_trigger.rows[0].runs), ("manual", 8));

    // Errors, and the drill-down from a group to its runs.
    let errors = f.hub.analytics_errors(f.org, day()).await.unwrap();
    assert_eq!((errors.failures, errors.groups.len()), (2, 1));
    let g = &errors.groups[0];
    assert_eq!((g.workflow_name.as_str(), g.node_id.as_deref(), g.failures), ("Fetch down", Some("get"), 2));
    assert!(g.message.contains("HTTP 503"), "{}", g.message);
    let drill = DrillDown { error_group: Some(g.id.clone()), ..DrillDown::default() };
    let behind = f.hub.analytics_runs(f.org, drill).await.unwrap();
    assert_eq!(behind.total, 2);
    assert!(behind.items.iter().all(|e| e.workflow_id == ids["down"] && e.status == ExecutionStatus::Failed));
    // Through calls: the count starts from the calls, the page from the runs; both agree.
    let by_model_runs = DrillDown { model: Some("gpt-4o-mini".into()), ..DrillDown::default() };
    let model_page = f.hub.analytics_runs(f.org, by_model_runs.clone()).await.unwrap();
    assert_eq!((model_page.total, model_page.items.len()), (3, 3));
    assert!(model_page.items.iter().all(|e| e.workflow_id == ids["qualify"]));
    let by_action_runs = DrillDown {
        action: Some("http.request".into()),
        status: Some(ExecutionStatus::Failed),
        ..DrillDown::default()
    };
    let action_page = f.hub.analytics_runs(f.org, by_action_runs).await.unwrap();
    assert_eq!((action_page.total, action_page.items.len()), (2, 2));
    // A model and an action no run used both of.
    let both = DrillDown { action: Some("http.request".into()), ..by_model_runs };
    let none = f.hub.analytics_runs(f.org, both).await.unwrap();
    assert_eq!((none.total, none.items.len()), (0, 0));

    // Over time: the hour now holds every run; the other 23 are empty but present.
    let series = f.hub.analytics_series(f.org, day()).await.unwrap();
    assert_eq!(series.points.len(), 24);
    let last = series.points.last().unwrap();
    assert_eq!((last.runs, last.failed, last.cost_micros), (8, 2, cost));
    assert_eq!(series.points.iter().map(|p| p.runs).sum::<i64>(), 8);

    // One workflow asked for: its own figures and spend.
    let only = AnalyticsQuery { range: TimeRange::Last24Hours, workflow_id: Some(ids["qualify"]) };
    let s = f.hub.analytics_summary(f.org, only).await.unwrap();
    assert_eq!((s.current.runs, s.current.cost_micros), (3, cost));

    // The dashboard.
    let d = f.hub.dashboard(f.org, DashboardQuery::default()).await.unwrap();
    assert_eq!((d.today.runs, d.today.failed, d.today.cost_micros, d.running), (8, 2, cost, 0));
    assert_eq!(d.recent_failures.len(), 2);
    assert_eq!((d.top_costs.len(), d.top_costs[0].label.as_str()), (1, "Qualify"));
    assert_eq!(d.workflows, 4);
}
