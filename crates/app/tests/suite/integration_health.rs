//! An integration that stops working in a run, through a real hub, a real SQLite file, a real
//! encrypted vault file and a local server speaking Slack's API whose token can be revoked: the
//! integration is marked ERROR with the reason, the hub tells it once per breakage (the desktop's
//! notification), and the next message that goes through marks it CONNECTED again.

use crate::common;
use axum::routing::post;
use axum::{Json, Router};
use neuroflow_app::{Notice, RunOptions};
use neuroflow_types::*;
use neuroflow_vault::Secret;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::broadcast::error::TryRecvError;

/// Slack's `chat.postMessage`, answering `token_revoked` while `revoked` is set.
async fn slack(revoked: Arc<AtomicBool>) -> String {
    let app = Router::new().route(
        "/api/chat.postMessage",
        post(move |Json(body): Json<Value>| async move {
            if revoked.load(Ordering::SeqCst) {
                Json(json!({ "ok": false, "error": "token_revoked" }))
            } else {
                Json(json!({ "ok": true, "channel": body["channel"], "ts": "1.2" }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_integration_is_marked_broken_told_once_and_mended_by_the_next_message() {
    let f = common::fixture().await;
    let revoked = Arc::new(AtomicBool::new(false));
    let base = slack(Arc::clone(&revoked)).await;
    let config = json!({ "mode": "bot", "baseUrl": format!("{base}/api"), "defaultChannel": "#leads" });
    let new = NewIntegration {
        name: "Office Slack".into(),
        provider: IntegrationProvider::Slack,
        config: config.as_object().unwrap().clone(),
    };
    let slack = f.hub.create_integration(f.org, new, Some(Secret::new("xoxb-office"))).await.unwrap();
    let doc = json!({ "format": 1, "name": "Tell the team", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "tell", "type": "integration", "data": { "integrationId": slack.id.to_string(),
          "action": "slack.postMessage", "params": { "channel": "#leads", "text": "New lead" } } }
    ], "edges": [{ "id": "e", "source": "t", "target": "tell" }] });
    let wf = f.hub.import_workflow(f.org, &doc.to_string()).await.unwrap().workflow;
    let run = || f.hub.run_workflow(f.org, wf.id, RunOptions::default());
    let status = || async { f.hub.get_integration(f.org, slack.id).await.unwrap() };
    let mut notices = f.hub.subscribe_notices();

    assert_eq!(run().await.unwrap().status, ExecutionStatus::Completed);
    assert_eq!(status().await.status, IntegrationStatus::Disconnected, "a message does not claim a test passed");
    assert!(matches!(notices.try_recv(), Err(TryRecvError::Empty)), "nothing to tell");

    revoked.store(true, Ordering::SeqCst);
    let failed = run().await.unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed);
    let reason = "the Slack token is invalid or revoked (token_revoked)";
    let broken = status().await;
    assert_eq!((broken.status, broken.last_error.as_deref()), (IntegrationStatus::Error, Some(reason)));
    match notices.try_recv() {
        Ok(Notice::IntegrationStopped { org, integration_id, name, provider, error }) => {
            assert_eq!((org, integration_id, name.as_str()), (f.org, slack.id, "Office Slack"));
            assert_eq!((provider, error.as_str()), (IntegrationProvider::Slack, reason));
            assert!(!error.contains("xoxb-office"), "the notice never carries the secret");
        }
        other => panic!("expected the integration's notice, got {other:?}"),
    }
    assert_eq!(run().await.unwrap().status, ExecutionStatus::Failed);
    assert!(matches!(notices.try_recv(), Err(TryRecvError::Empty)), "told once per breakage, not once per run");

    revoked.store(false, Ordering::SeqCst);
    assert_eq!(run().await.unwrap().status, ExecutionStatus::Completed);
    let mended = status().await;
    assert_eq!((mended.status, mended.last_error), (IntegrationStatus::Connected, None));
    revoked.store(true, Ordering::SeqCst);
    assert_eq!(run().await.unwrap().status, ExecutionStatus::Failed);
    assert!(
        matches!(notices.try_recv(), Ok(Notice::IntegrationStopped { .. })),
        "breaking again after it was mended is told again"
    );
}
