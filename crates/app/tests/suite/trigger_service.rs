//! The trigger service as callers and the desktop see it: what the webhook listener answers when
//! something is wrong — the status that fits (404 no such webhook, 405 wrong method, 413 body too
//! large, 400 malformed body, 401 bad signature, 502 the run failed) with `{code, message}` naming
//! the problem, never a blanket 500 — and the desktop's takeover when another server stops.

use crate::common;

use common::fixture;
use neuroflow_app::Secret;
use neuroflow_app::triggers::ServeConfig;
use neuroflow_types::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_bad_request_gets_its_own_status_and_code() {
    let f = fixture().await;
    let new = NewIntegration {
        name: "Form".into(),
        provider: IntegrationProvider::Webhook,
        config: json!({ "url": "https://forms.example.com/hook" }).as_object().unwrap().clone(),
    };
    let hook = f.hub.create_integration(f.org, new, Some(Secret::new("whsec-status-key"))).await.unwrap();
    for doc in [
        json!({ "format": 1, "name": "Echo", "nodes": [
            { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "echo" } } },
            { "id": "out", "type": "transform", "data": { "output": { "got": "{{ input.body.name }}" } } }
        ], "edges": [{ "id": "e", "source": "t", "target": "out" }] }),
        json!({ "format": 1, "name": "Broken", "nodes": [
            { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "broken" } } },
            { "id": "out", "type": "transform", "data": { "output": "{{ input.body.missing.deeper }}" } }
        ], "edges": [{ "id": "e", "source": "t", "target": "out" }] }),
        json!({ "format": 1, "name": "Signed", "nodes": [
            { "id": "t", "type": "trigger", "data": { "trigger": {
                "kind": "webhook", "path": "signed", "integrationId": hook.id.to_string() } } }
        ], "edges": [] }),
    ] {
        let wf = f.hub.import_workflow(f.org, &doc.to_string()).await.unwrap().workflow;
        f.hub
            .update_workflow(f.org, wf.id, WorkflowPatch { is_active: Some(true), ..Default::default() })
            .await
            .unwrap();
    }
    let config = ServeConfig { port: 0, max_body: 1024, ..Default::default() };
    let service = f.hub.serve_triggers(config).await.unwrap();
    let base = format!("http://{}/webhook", service.addr());
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, body: Vec<u8>| {
        client.request(method, format!("{base}/{path}")).header("content-type", "application/json").body(body).send()
    };
    let check = |status: StatusCode, code: &str, text: &str| {
        let (code, text) = (code.to_string(), text.to_string());
        move |(got, body): (StatusCode, Value)| {
            assert_eq!(got, status, "{body}");
            assert_eq!(body["code"], code, "{body}");
            assert!(body["message"].as_str().unwrap().contains(&text), "{body}");
            assert_eq!(body["message"], body["error"], "`error` repeats the message for older callers");
        }
    };
    let answer = |r: reqwest::Response| async move { (r.status(), r.json::<Value>().await.unwrap()) };

    let ok = answer(send(reqwest::Method::POST, "echo", br#"{"name":"Ada"}"#.to_vec()).await.unwrap()).await;
    assert_eq!(ok, (StatusCode::OK, json!({ "got": "Ada" })));
    check(StatusCode::NOT_FOUND, "NOT_FOUND", "no active workflow listens on POST /webhook/nowhere")(
        answer(send(reqwest::Method::POST, "nowhere", b"{}".to_vec()).await.unwrap()).await,
    );
    let wrong = send(reqwest::Method::GET, "echo", Vec::new()).await.unwrap();
    assert_eq!(wrong.headers().get("allow").and_then(|v| v.to_str().ok()), Some("POST"));
    check(StatusCode::METHOD_NOT_ALLOWED, "INVALID_INPUT", "answers POST, not GET")(answer(wrong).await);
    check(StatusCode::PAYLOAD_TOO_LARGE, "LIMIT", "larger than 1024 bytes")(
        answer(send(reqwest::Method::POST, "echo", vec![b' '; 4096]).await.unwrap()).await,
    );
    check(StatusCode::BAD_REQUEST, "INVALID_INPUT", "the request body is not valid JSON")(
        answer(send(reqwest::Method::POST, "echo", br#"{"name":"#.to_vec()).await.unwrap()).await,
    );
    check(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "not signed")(
        answer(send(reqwest::Method::POST, "signed", b"{}".to_vec()).await.unwrap()).await,
    );
    let failed = send(reqwest::Method::POST, "broken", b"{}".to_vec()).await.unwrap();
    let execution = failed.headers().get("x-execution-id").and_then(|v| v.to_str().ok()).map(str::to_string);
    let (status, body) = answer(failed).await;
    check(StatusCode::BAD_GATEWAY, "RUN_FAILED", "undefined value")((status, body.clone()));
    assert_eq!(body["executionId"].as_str(), execution.as_deref(), "the failed run is named");
    service.stop().await;
}

/// The desktop's trigger host: while `neuroflow serve` (here, another hub on the same directory)
/// serves the triggers, it says so; the moment that process lets go, it takes over by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trigger_host_takes_over_when_the_other_server_stops() {
    let f = fixture().await;
    let other = neuroflow_app::Hub::open_as(f.hub.data_dir(), "serve").unwrap();
    let serving = other.serve_triggers(ServeConfig { port: 0, ..Default::default() }).await.unwrap();
    let host = std::sync::Arc::new(neuroflow_app::triggers::TriggerHost::new(std::sync::Arc::new(
        neuroflow_app::desktop::DesktopPrefs::open(f.hub.data_dir()),
    )));
    let mut changes = host.subscribe();
    let runner = tokio::spawn({
        let (host, hub) = (std::sync::Arc::clone(&host), f.hub.clone());
        async move { host.run(hub).await }
    });
    let refused = tokio::time::timeout(std::time::Duration::from_secs(10), changes.recv()).await.unwrap().unwrap();
    assert!(refused.status.is_none());
    let note = refused.note.unwrap_or_default();
    assert!(note.contains("already serves the triggers") && note.contains("takes over when it stops"), "{note}");

    serving.stop().await;
    drop(other);
    let taken = tokio::time::timeout(std::time::Duration::from_secs(5), changes.recv()).await.unwrap().unwrap();
    assert!(taken.status.is_some(), "the host serves now: {taken:?}");
    assert_eq!(taken.note, None);
    assert!(host.state().status.is_some());
    runner.abort();
}

/// Pausing from the tray closes the listener and keeps it closed (across a new host too: the pause
/// is saved); resuming serves the same webhook again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_triggers_answer_nothing_until_resumed_and_the_pause_is_kept() {
    use neuroflow_app::desktop::DesktopPrefs;
    use neuroflow_app::triggers::{PAUSED_NOTE, TriggerHost, TriggerState};
    use std::sync::Arc;
    use std::time::Duration;

    async fn next(changes: &mut tokio::sync::broadcast::Receiver<TriggerState>, what: fn(&TriggerState) -> bool) {
        loop {
            let state = tokio::time::timeout(Duration::from_secs(10), changes.recv()).await.unwrap().unwrap();
            if what(&state) {
                return;
            }
        }
    }

    let f = fixture().await;
    let doc = json!({ "format": 1, "name": "Echo", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "echo" } } }
    ], "edges": [] });
    let wf = f.hub.import_workflow(f.org, &doc.to_string()).await.unwrap().workflow;
    f.hub.update_workflow(f.org, wf.id, WorkflowPatch { is_active: Some(true), ..Default::default() }).await.unwrap();
    let prefs = Arc::new(DesktopPrefs::open(f.hub.data_dir()));
    prefs.update(|s| s.triggers.webhook_port = 0).unwrap();
    let host = Arc::new(TriggerHost::new(Arc::clone(&prefs)));
    let mut changes = host.subscribe();
    let runner = tokio::spawn({
        let (host, hub) = (Arc::clone(&host), f.hub.clone());
        async move { host.run(hub).await }
    });
    next(&mut changes, |s| s.status.is_some()).await;
    let address = host.state().status.unwrap().address;
    let post = |address: String| async move {
        reqwest::Client::new().post(format!("http://{address}/webhook/echo")).body("{}").send().await
    };
    assert_eq!(post(address.clone()).await.unwrap().status(), StatusCode::OK);

    host.set_paused(true).unwrap();
    next(&mut changes, |s| s.status.is_none() && s.note.as_deref() == Some(PAUSED_NOTE)).await;
    assert!(post(address.clone()).await.is_err(), "nothing listens while paused");
    assert!(host.state().settings.triggers_paused);
    runner.abort();
    let _ = runner.await;

    // A new start (another app launch) keeps the pause.
    let host = Arc::new(TriggerHost::new(Arc::new(DesktopPrefs::open(f.hub.data_dir()))));
    let mut changes = host.subscribe();
    let runner = tokio::spawn({
        let (host, hub) = (Arc::clone(&host), f.hub.clone());
        async move { host.run(hub).await }
    });
    next(&mut changes, |s| s.note.as_deref() == Some(PAUSED_NOTE)).await;
    host.set_paused(false).unwrap();
    next(&mut changes, |s| s.status.is_some()).await;
    let address = host.state().status.unwrap().address;
    assert_eq!(post(address).await.unwrap().status(), StatusCode::OK, "served again after resuming");
    runner.abort();
}
