//! Integrations through the command surface, with real SQLite files, a real encrypted vault file and
//! local servers speaking Slack's API and a webhook receiver's: create, replace the secret, test,
//! use them in runs, sign webhooks and refuse unsigned ones, and delete them with their secrets.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use neuroflow_app::{Hub, RunOptions};
use neuroflow_integrations::webhook;
use neuroflow_types::*;
use neuroflow_vault::{Secret, SecretKey, StoreKind, Vault};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const PASSPHRASE: &str = "correct horse battery staple";

struct Fixture {
    dir: tempfile::TempDir,
    hub: Hub,
    org: OrgId,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    let info = hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new(PASSPHRASE))).await.unwrap();
    assert!(info.available && !info.locked, "{info:?}");
    let org = hub.create_org("Acme Realty").await.unwrap().id;
    Fixture { dir, hub, org }
}

impl Fixture {
    /// The vault file, opened afresh (as another process would).
    fn vault(&self) -> Vault {
        let vault = Vault::encrypted_file(&self.dir.path().join("data/vault.enc"));
        vault.unlock(&Secret::new(PASSPHRASE)).unwrap();
        vault
    }

    async fn slack(&self, name: &str, base: &str, token: &str) -> Integration {
        let config = json!({ "mode": "bot", "baseUrl": format!("{base}/api"), "defaultChannel": "#leads" });
        let new = NewIntegration {
            name: name.into(),
            provider: IntegrationProvider::Slack,
            config: config.as_object().unwrap().clone(),
        };
        self.hub.create_integration(self.org, new, Some(Secret::new(token))).await.unwrap()
    }

    async fn import(&self, doc: Value) -> Workflow {
        self.hub.import_workflow(self.org, &doc.to_string()).await.unwrap_or_else(|e| panic!("{}", e.message)).workflow
    }
}

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// Slack's Web API, accepting one bot token; records each message posted.
async fn fake_slack(token: &'static str) -> (String, Arc<Mutex<Vec<Value>>>) {
    let posted = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&posted);
    let check = move |headers: &HeaderMap| headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(token);
    let app = Router::new()
        .route(
            "/api/auth.test",
            post(move |headers: HeaderMap| async move {
                if check(&headers) {
                    Json(json!({ "ok": true, "team": "Acme Realty", "user": "neuroflow-bot" }))
                } else {
                    Json(json!({ "ok": false, "error": "invalid_auth" }))
                }
            }),
        )
        .route(
            "/api/chat.postMessage",
            post(move |headers: HeaderMap, Json(body): Json<Value>| async move {
                if !check(&headers) {
                    return Json(json!({ "ok": false, "error": "invalid_auth" }));
                }
                if body["channel"] == "#nowhere" {
                    return Json(json!({ "ok": false, "error": "channel_not_found" }));
                }
                seen.lock().unwrap().push(body.clone());
                Json(json!({ "ok": true, "channel": body["channel"], "ts": "1.2" }))
            }),
        );
    (serve(app).await, posted)
}

fn slack_workflow(integration: IntegrationId, channel: &str) -> Value {
    json!({ "format": 1, "name": format!("Tell {channel}"), "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "tell", "type": "integration", "data": { "label": "Tell the team", "integrationId": integration.to_string(),
          "action": "slack.postMessage", "params": { "channel": channel, "text": "New lead: {{ input.name }}" } } }
    ], "edges": [{ "id": "e", "source": "t", "target": "tell" }] })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_go_to_the_vault_are_replaceable_and_never_come_back_out() {
    let f = fixture().await;
    let (base, posted) = fake_slack("Bearer xoxb-right-token").await;
    let slack = f.slack("Team Slack", &base, "xoxb-wrong-token").await;
    assert!(slack.has_secret);
    assert_eq!(slack.status, IntegrationStatus::Disconnected);
    let entry = SecretKey::new(f.org, format!("integration/{}", slack.id));
    assert_eq!(f.vault().get(&entry).unwrap().unwrap().expose(), "xoxb-wrong-token");

    // Nothing the surface answers carries the secret.
    let listed = f.hub.list_integrations(f.org, IntegrationFilter::default()).await.unwrap();
    let shown = serde_json::to_string(&(listed, f.hub.get_integration(f.org, slack.id).await.unwrap())).unwrap();
    assert!(!shown.contains("xoxb-wrong-token") && shown.contains("\"hasSecret\":true"), "{shown}");

    let failed = f.hub.test_integration(f.org, slack.id).await.unwrap();
    assert!(!failed.ok);
    assert_eq!(failed.integration.status, IntegrationStatus::Error);
    assert_eq!(failed.message, "the Slack token is invalid or revoked (invalid_auth)");
    assert_eq!(failed.integration.last_error.as_deref(), Some(failed.message.as_str()));
    assert!(failed.integration.last_tested.is_some());

    let patch = IntegrationPatch::default();
    let replaced =
        f.hub.update_integration(f.org, slack.id, patch, Some(Secret::new("xoxb-right-token"))).await.unwrap();
    assert_eq!(replaced.status, IntegrationStatus::Disconnected, "a new secret makes the last test stale");
    let passed = f.hub.test_integration(f.org, slack.id).await.unwrap();
    assert!(passed.ok, "{}", passed.message);
    assert_eq!(passed.message, "connected to Slack workspace 'Acme Realty' as neuroflow-bot");
    assert_eq!((passed.integration.status, passed.integration.last_error), (IntegrationStatus::Connected, None));

    // Runs use the current secret; provider errors arrive in plain words.
    let wf = f.import(slack_workflow(slack.id, "#leads")).await;
    let run = f.hub.run_workflow(f.org, wf.id, RunOptions { input: json!({ "name": "Ada" }), ..Default::default() });
    let run = run.await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    assert_eq!(posted.lock().unwrap().as_slice(), [json!({ "channel": "#leads", "text": "New lead: Ada" })]);
    let nowhere = f.import(slack_workflow(slack.id, "#nowhere")).await;
    let failed =
        f.hub.run_workflow(f.org, nowhere.id, RunOptions { input: json!({ "name": "Cy" }), ..Default::default() });
    let failed = failed.await.unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert!(failed.error.as_deref().unwrap().contains("channel not found (channel_not_found)"), "{:?}", failed.error);

    // Turned off, it cannot be used; deleted, its secret is gone and runs say what happened.
    let off = IntegrationPatch { is_active: Some(false), ..Default::default() };
    f.hub.update_integration(f.org, slack.id, off, None).await.unwrap();
    let again = || RunOptions { input: json!({ "name": "Bo" }), ..Default::default() };
    let refused = f.hub.run_workflow(f.org, wf.id, again()).await.unwrap();
    assert!(refused.error.as_deref().unwrap().contains("'Team Slack' is turned off"), "{:?}", refused.error);
    f.hub.delete_integration(f.org, slack.id).await.unwrap();
    assert_eq!(f.vault().get(&entry).unwrap(), None, "deleting an integration removes its secret");
    let gone = f.hub.run_workflow(f.org, wf.id, again()).await.unwrap();
    assert!(gone.error.as_deref().unwrap().contains("does not exist (was it deleted?)"), "{:?}", gone.error);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_integrations_are_refused_whole_with_the_reason() {
    let f = fixture().await;
    let new = |name: &str, provider, config: Value| NewIntegration {
        name: name.into(),
        provider,
        config: config.as_object().unwrap().clone(),
    };
    let err = f
        .hub
        .create_integration(f.org, new("Mail", IntegrationProvider::Smtp, json!({ "from": "a@b.c" })), None)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("config.host: is required"), "{}", err.message);
    let huge = Secret::new("x".repeat(neuroflow_app::MAX_SECRET_BYTES + 1));
    let hook = new("Hook", IntegrationProvider::Webhook, json!({ "url": "http://127.0.0.1:9/in" }));
    let err = f.hub.create_integration(f.org, hook.clone(), Some(huge)).await.unwrap_err();
    assert_eq!(err.message, "secret: larger than 16384 bytes");
    f.hub.create_integration(f.org, hook.clone(), Some(Secret::new("signing-key-1"))).await.unwrap();
    let err = f.hub.create_integration(f.org, new("HOOK", hook.provider, json!({ "url": "http://x.test" })), None);
    let err = err.await.unwrap_err();
    assert_eq!((err.code, err.message.as_str()), (ErrorCode::Conflict, "an integration named 'HOOK' already exists"));
    let listed = f.hub.list_integrations(f.org, IntegrationFilter::default()).await.unwrap();
    assert_eq!(listed.total, 1, "nothing half-made was left behind");

    let missing = f.hub.test_integration(f.org, IntegrationId::new()).await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);

    // A workflow naming a missing integration, or one of the wrong kind, is saved with warnings.
    let hook_id = listed.items[0].id;
    let unknown = IntegrationId::new();
    let doc = json!({ "format": 1, "name": "Mixed up", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "a", "type": "integration", "data": { "integrationId": hook_id.to_string(), "action": "slack.postMessage", "params": {} } },
        { "id": "b", "type": "integration", "data": { "integrationId": unknown.to_string(), "action": "http.request", "params": { "url": "/x" } } }
    ], "edges": [{ "id": "e1", "source": "t", "target": "a" }, { "id": "e2", "source": "a", "target": "b" }] });
    let saved = f.hub.import_workflow(f.org, &doc.to_string()).await.unwrap();
    let warnings: Vec<String> = saved.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "node 'a' data.integrationId: 'Hook' is a webhook integration; this step needs a slack one".to_string(),
            format!(
                "node 'b' data.integrationId: integration '{unknown}' does not exist in this organization; add it or choose another"
            ),
        ]
    );
}

/// A webhook trigger that requires signatures: unsigned, stale and wrongly signed requests get 401
/// and start nothing; a request signed with the integration's key runs the workflow.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_webhook_trigger_refuses_requests_without_a_valid_signature() {
    let f = fixture().await;
    let key = "whsec-trigger-key-42";
    let new = NewIntegration {
        name: "Lead form".into(),
        provider: IntegrationProvider::Webhook,
        config: json!({ "url": "https://forms.example.com/hook" }).as_object().unwrap().clone(),
    };
    let hook = f.hub.create_integration(f.org, new, Some(Secret::new(key))).await.unwrap();
    let doc = json!({ "format": 1, "name": "Signed intake", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": {
            "kind": "webhook", "path": "signed-lead", "integrationId": hook.id.to_string() } } },
        { "id": "out", "type": "transform", "data": { "output": { "name": "{{ input.body.name }}" } } }
    ], "edges": [{ "id": "e", "source": "t", "target": "out" }] });
    let wf = f.import(doc).await;
    let on = WorkflowPatch { is_active: Some(true), ..Default::default() };
    f.hub.update_workflow(f.org, wf.id, on).await.unwrap();
    let config = neuroflow_app::triggers::ServeConfig { port: 0, ..Default::default() };
    let service = f.hub.serve_triggers(config).await.unwrap();
    let url = format!("http://{}/webhook/signed-lead", service.addr());
    let client = reqwest::Client::new();
    let body = br#"{"name":"Ada"}"#.to_vec();
    let now = chrono::Utc::now().timestamp();
    let send = |timestamp: Option<i64>, signature: Option<String>| {
        let mut request = client.post(&url).header("content-type", "application/json").body(body.clone());
        if let Some(ts) = timestamp {
            request = request.header(webhook::TIMESTAMP_HEADER, ts.to_string());
        }
        if let Some(sig) = signature {
            request = request.header(webhook::SIGNATURE_HEADER, sig);
        }
        request.send()
    };

    let unsigned = send(None, None).await.unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    assert!(unsigned.text().await.unwrap().contains("the request is not signed"));
    let wrong = webhook::sign(&Secret::new("not-the-key"), now, &body);
    let response = send(Some(now), Some(wrong)).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.text().await.unwrap().contains("the signature does not match"));
    let stale = webhook::sign(&Secret::new(key), now - 3600, &body);
    assert_eq!(send(Some(now - 3600), Some(stale)).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let tampered = webhook::sign(&Secret::new(key), now, br#"{"name":"Eve"}"#);
    assert_eq!(send(Some(now), Some(tampered)).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let runs = f.hub.list_executions(f.org, ExecutionFilter::default()).await.unwrap();
    assert_eq!(runs.total, 0, "refused requests start no execution");

    let good = webhook::sign(&Secret::new(key), now, &body);
    let response = send(Some(now), Some(good)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({ "name": "Ada" }));
    let runs = f.hub.list_executions(f.org, ExecutionFilter::default()).await.unwrap();
    assert_eq!(runs.total, 1);
    let detail = f.hub.get_execution(f.org, runs.items[0].id).await.unwrap();
    let input = detail.execution.input.to_string();
    assert!(!input.contains("sha256="), "the signature is not kept in the run's input: {input}");
    service.stop().await;
}

/// The webhook connector signs what it sends; a receiver with the key can check it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_send_signs_the_payload_with_the_saved_key() {
    let f = fixture().await;
    let received: Arc<Mutex<Vec<(HeaderMap, Bytes)>>> = Arc::default();
    let log = Arc::clone(&received);
    let app = Router::new().route(
        "/in",
        post(move |headers: HeaderMap, body: Bytes| async move {
            log.lock().unwrap().push((headers, body));
            Json(json!({ "received": true }))
        }),
    );
    let base = serve(app).await;
    let new = NewIntegration {
        name: "CRM hook".into(),
        provider: IntegrationProvider::Webhook,
        config: json!({ "url": format!("{base}/in") }).as_object().unwrap().clone(),
    };
    let hook = f.hub.create_integration(f.org, new, Some(Secret::new("crm-signing-key"))).await.unwrap();
    let doc = json!({ "format": 1, "name": "Notify CRM", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "send", "type": "integration", "data": { "integrationId": hook.id.to_string(), "action": "webhook.send",
          "params": { "payload": { "lead": "{{ input.name }}" } } } }
    ], "edges": [{ "id": "e", "source": "t", "target": "send" }] });
    let wf = f.import(doc).await;
    let run = f.hub.run_workflow(f.org, wf.id, RunOptions { input: json!({ "name": "Ada" }), ..Default::default() });
    let run = run.await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    let (headers, body) = received.lock().unwrap().pop().unwrap();
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
    let now = chrono::Utc::now().timestamp();
    let verdict = webhook::verify(
        &Secret::new("crm-signing-key"),
        header(webhook::TIMESTAMP_HEADER).as_deref(),
        header(webhook::SIGNATURE_HEADER).as_deref(),
        &body,
        now,
    );
    assert_eq!(verdict, Ok(()));
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!({ "lead": "Ada" }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_process_needs_the_passphrase_and_deleting_an_organization_removes_its_secrets() {
    let f = fixture().await;
    let (base, _) = fake_slack("Bearer xoxb-1").await;
    let slack = f.slack("Team Slack", &base, "xoxb-1").await;
    let entry = SecretKey::new(f.org, format!("integration/{}", slack.id));
    assert!(f.vault().get(&entry).unwrap().is_some());

    // A second hub over the same directory (another process, say) finds the choice and asks for the
    // passphrase before it can use a secret.
    let other = Hub::open_as(f.dir.path().join("data"), "test").unwrap();
    let status = other.vault_status().await.unwrap();
    assert_eq!(
        (status.kind, status.locked, status.chosen_by),
        (StoreKind::EncryptedFile, true, neuroflow_app::VaultChoice::Settings)
    );
    assert!(other.vault_needs_passphrase());
    let err = other.test_integration(f.org, slack.id).await.unwrap();
    assert!(err.message.contains("locked"), "{}", err.message);
    let wrong = other.unlock_vault(Secret::new("wrong passphrase")).await.unwrap_err();
    assert_eq!(wrong.message, "the passphrase does not open the encrypted vault file");
    other.unlock_vault(Secret::new(PASSPHRASE)).await.unwrap();
    assert!(other.test_integration(f.org, slack.id).await.unwrap().ok);

    f.hub.delete_org(f.org).await.unwrap();
    assert_eq!(f.vault().get(&entry).unwrap(), None, "deleting an organization removes its secrets");
}
