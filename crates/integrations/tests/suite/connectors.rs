//! Every connector against a server on 127.0.0.1 that speaks its provider's protocol: Slack's Web
//! API and incoming webhooks, Google's OAuth and Gmail APIs, a webhook receiver that checks
//! signatures, HTTP APIs with each kind of auth, and a real SMTP server (aiosmtpd) with STARTTLS.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{any, get, post};
use axum::{Form, Json, Router};
use neuroflow_integrations::config::ProviderConfig;
use neuroflow_integrations::gmail::Tokens;
use neuroflow_integrations::{BoxFuture, ConnectorError};
use neuroflow_integrations::{Connection, Connections, check, gmail, http, oauth, slack, smtp, webhook};
use neuroflow_types::IntegrationProvider;
use neuroflow_vault::Secret;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::sync::{Arc, Mutex};

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn conn(provider: IntegrationProvider, config: Value, secret: Option<&str>) -> Connection {
    Connection {
        id: "i1".into(),
        name: "Test".into(),
        config: ProviderConfig::parse(provider, config.as_object().unwrap()).unwrap(),
        secret: secret.map(Secret::new),
    }
}

/// Keeps secrets a connector saved back (Gmail's renewed tokens).
#[derive(Default)]
struct Saved(Mutex<HashMap<String, String>>);

impl Connections for Saved {
    fn connection(&self, _: &str) -> BoxFuture<'static, Result<Connection, ConnectorError>> {
        Box::pin(async { Err(ConnectorError::permanent("not used here")) })
    }
    fn save_secret(&self, id: &str, secret: Secret) -> BoxFuture<'static, Result<(), ConnectorError>> {
        self.0.lock().unwrap().insert(id.to_string(), secret.expose().to_string());
        Box::pin(async { Ok(()) })
    }
}

async fn fake_slack() -> String {
    async fn method(headers: HeaderMap, Json(body): Json<Value>) -> impl IntoResponse {
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        if auth == "Bearer xoxb-slow" {
            return (StatusCode::TOO_MANY_REQUESTS, Json(json!({ "ok": false, "error": "ratelimited" })));
        }
        if auth != "Bearer xoxb-good" {
            return (StatusCode::OK, Json(json!({ "ok": false, "error": "invalid_auth" })));
        }
        match body["channel"].as_str() {
            Some("#nowhere") => (StatusCode::OK, Json(json!({ "ok": false, "error": "channel_not_found" }))),
            Some(channel) => (
                StatusCode::OK,
                Json(json!({ "ok": true, "channel": channel, "ts": "1700000000.0001", "text": body["text"] })),
            ),
            None => (StatusCode::OK, Json(json!({ "ok": true, "team": "Acme Realty", "user": "neuroflow-bot" }))),
        }
    }
    let app = Router::new()
        .route("/api/chat.postMessage", post(method))
        .route("/api/auth.test", post(method))
        .route(
            "/hooks/live",
            post(|Json(b): Json<Value>| async move {
                if b["text"].as_str().unwrap_or("").is_empty() {
                    (StatusCode::BAD_REQUEST, "no_text")
                } else {
                    (StatusCode::OK, "ok")
                }
            }),
        )
        .route("/hooks/gone", post(|| async { (StatusCode::NOT_FOUND, "no_service") }))
        // Answers far larger than any real one: 20 MB of JSON, and a 20 MB error page.
        .route(
            "/flood/chat.postMessage",
            post(|| async { format!(r#"{{"ok":true,"pad":"{}"}}"#, "x".repeat(20_000_000)) }),
        )
        .route("/hooks/flood", post(|| async { (StatusCode::NOT_FOUND, "no_service ".repeat(2_000_000)) }));
    serve(app).await
}

#[tokio::test]
async fn answers_larger_than_any_real_one_are_read_only_up_to_a_limit() {
    let base = fake_slack().await;
    let http = http::client();
    let flood =
        conn(IntegrationProvider::Slack, json!({ "mode": "bot", "baseUrl": format!("{base}/flood") }), Some("t"));
    let ProviderConfig::Slack(cfg) = &flood.config else { unreachable!() };
    let err = slack::post_message(&http, &flood, cfg, &json!({ "channel": "#a", "text": "x" })).await.unwrap_err();
    assert_eq!(err.message, "Slack answered HTTP 200 with something that is not JSON (or over 1 MiB of it)");

    let hook = conn(IntegrationProvider::Slack, json!({ "mode": "webhook" }), Some(&format!("{base}/hooks/flood")));
    let ProviderConfig::Slack(hook_cfg) = &hook.config else { unreachable!() };
    let err = slack::post_message(&http, &hook, hook_cfg, &json!({ "text": "hi" })).await.unwrap_err();
    assert!(err.message.starts_with("not found (HTTP 404: no_service no_service"), "{}", &err.message[..100]);
    assert!(err.message.chars().count() < 300, "the error quotes a short excerpt: {}", err.message.len());
}

#[tokio::test]
async fn slack_posts_with_a_bot_token_or_a_webhook_and_explains_failures() {
    let base = fake_slack().await;
    let http = http::client();
    let config = json!({ "mode": "bot", "baseUrl": format!("{base}/api") });
    let good = conn(IntegrationProvider::Slack, config.clone(), Some("xoxb-good"));
    let ProviderConfig::Slack(cfg) = &good.config else { unreachable!() };
    let posted =
        slack::post_message(&http, &good, cfg, &json!({ "channel": "#leads", "text": "New lead: Ada" })).await.unwrap();
    assert_eq!(posted, json!({ "ok": true, "channel": "#leads", "ts": "1700000000.0001" }));
    assert_eq!(
        slack::test(&http, &good, cfg).await.unwrap(),
        "connected to Slack workspace 'Acme Realty' as neuroflow-bot"
    );

    let missing =
        slack::post_message(&http, &good, cfg, &json!({ "channel": "#nowhere", "text": "x" })).await.unwrap_err();
    assert_eq!(missing.message, "channel not found (channel_not_found)");
    assert!(!missing.credentials_refused, "a wrong channel is not a broken integration");
    let bad = conn(IntegrationProvider::Slack, config.clone(), Some("xoxb-revoked"));
    let err = slack::post_message(&http, &bad, cfg, &json!({ "channel": "#leads", "text": "x" })).await.unwrap_err();
    assert_eq!(err.message, "the Slack token is invalid or revoked (invalid_auth)");
    assert!(!err.retryable && err.credentials_refused);
    let slow = conn(IntegrationProvider::Slack, config.clone(), Some("xoxb-slow"));
    let err = slack::post_message(&http, &slow, cfg, &json!({ "channel": "#leads", "text": "x" })).await.unwrap_err();
    assert_eq!((err.status, err.retryable), (Some(429), true));
    let none = conn(IntegrationProvider::Slack, config, None);
    assert_eq!(
        slack::test(&http, &none, cfg).await.unwrap_err().message,
        "integration 'Test' has no credentials saved; add them first"
    );

    let hook = conn(IntegrationProvider::Slack, json!({ "mode": "webhook" }), Some(&format!("{base}/hooks/live")));
    let ProviderConfig::Slack(hook_cfg) = &hook.config else { unreachable!() };
    assert_eq!(
        slack::post_message(&http, &hook, hook_cfg, &json!({ "text": "hi" })).await.unwrap(),
        json!({ "ok": true })
    );
    assert_eq!(slack::test(&http, &hook, hook_cfg).await.unwrap(), "the Slack webhook URL is live");
    let gone = conn(IntegrationProvider::Slack, json!({ "mode": "webhook" }), Some(&format!("{base}/hooks/gone")));
    let err = slack::post_message(&http, &gone, hook_cfg, &json!({ "text": "hi" })).await.unwrap_err();
    assert_eq!(err.message, "the Slack webhook URL is no longer valid (HTTP 404: no_service)");
    assert!(err.credentials_refused);
}

#[derive(Clone, Default)]
struct Google {
    /// code → PKCE challenge it was issued for.
    codes: Arc<Mutex<HashMap<String, String>>>,
    sent: Arc<Mutex<Vec<Value>>>,
}

async fn fake_google() -> (String, Google) {
    let google = Google::default();
    async fn authorize(State(g): State<Google>, Query(q): Query<HashMap<String, String>>) -> impl IntoResponse {
        assert_eq!(q["code_challenge_method"], "S256");
        assert!(q["scope"].contains("gmail.send"));
        g.codes.lock().unwrap().insert("code-123".into(), q["code_challenge"].clone());
        Redirect::to(&format!("{}?code=code-123&state={}", q["redirect_uri"], q["state"]))
    }
    async fn token(State(g): State<Google>, Form(f): Form<HashMap<String, String>>) -> impl IntoResponse {
        match f["grant_type"].as_str() {
            "authorization_code" => {
                let challenge = g.codes.lock().unwrap().get(&f["code"]).cloned().unwrap_or_default();
                let digest = ring::digest::digest(&ring::digest::SHA256, f["code_verifier"].as_bytes());
                let expected = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, digest);
                if challenge != expected || f.get("client_secret").map(String::as_str) != Some("client-secret") {
                    return (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_grant" })));
                }
                (
                    StatusCode::OK,
                    Json(json!({ "access_token": "access-1", "refresh_token": "refresh-1", "expires_in": 3600 })),
                )
            }
            "refresh_token" if f["refresh_token"] == "refresh-1" => {
                (StatusCode::OK, Json(json!({ "access_token": "access-2", "expires_in": 3600 })))
            }
            _ => (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_grant" }))),
        }
    }
    async fn send(State(g): State<Google>, headers: HeaderMap, Json(body): Json<Value>) -> impl IntoResponse {
        match headers.get("authorization").and_then(|v| v.to_str().ok()) {
            Some("Bearer access-2") => {
                g.sent.lock().unwrap().push(body);
                (StatusCode::OK, Json(json!({ "id": "m-1", "threadId": "t-1" })))
            }
            Some("Bearer quota") => (
                StatusCode::TOO_MANY_REQUESTS,
                Json(json!({ "error": { "message": "Rate limit", "errors": [{ "reason": "rateLimitExceeded" }] } })),
            ),
            _ => (StatusCode::UNAUTHORIZED, Json(json!({ "error": { "message": "Invalid Credentials" } }))),
        }
    }
    let app = Router::new()
        .route("/auth", get(authorize))
        .route("/token", post(token))
        .route("/gmail/v1/users/me/messages/send", post(send))
        .route("/gmail/v1/users/me/profile", get(|| async { Json(json!({ "emailAddress": "ada@acme.test" })) }))
        .with_state(google.clone());
    (serve(app).await, google)
}

fn gmail_config(base: &str) -> Value {
    json!({ "clientId": "client-1", "authUrl": format!("{base}/auth"), "tokenUrl": format!("{base}/token"), "apiBaseUrl": base })
}

#[tokio::test]
async fn gmail_signs_in_with_pkce_refreshes_tokens_and_sends() {
    let (base, google) = fake_google().await;
    let http = http::client();
    let config = ProviderConfig::parse(IntegrationProvider::Gmail, gmail_config(&base).as_object().unwrap()).unwrap();
    let ProviderConfig::Gmail(cfg) = &config else { unreachable!() };

    // The desktop flow: listen on loopback, "open the browser" (follow the consent page's redirect).
    let pending = oauth::begin(cfg).await.unwrap();
    let url = pending.url.clone();
    assert!(url.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"), "{url}");
    let browser = tokio::spawn(async move { reqwest::get(url).await.unwrap().text().await.unwrap() });
    let tokens = pending.finish(&http, Some("client-secret".into()), std::time::Duration::from_secs(10)).await.unwrap();
    assert!(browser.await.unwrap().contains("Signed in"));
    assert_eq!(
        (tokens.access_token.as_deref(), tokens.refresh_token.as_deref()),
        (Some("access-1"), Some("refresh-1"))
    );

    // An expired access token is refreshed before sending, and the renewed one saved.
    let expired = Tokens { expires_at: 0, ..tokens };
    let saved = Saved::default();
    let gmail_conn =
        Connection { id: "g1".into(), name: "Gmail".into(), config: config.clone(), secret: Some(expired.to_secret()) };
    let out = gmail::send(
        &http,
        &gmail_conn,
        cfg,
        &json!({ "to": "bob@example.com", "subject": "Hello", "text": "Hi Bob" }),
        &saved,
    )
    .await
    .unwrap();
    assert_eq!(out, json!({ "id": "m-1", "threadId": "t-1" }));
    let raw = google.sent.lock().unwrap()[0]["raw"].as_str().unwrap().to_string();
    let mime =
        String::from_utf8(base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, raw).unwrap())
            .unwrap();
    assert!(
        mime.contains("To: bob@example.com") && mime.contains("Subject: Hello") && mime.contains("Hi Bob"),
        "{mime}"
    );
    let stored: Tokens = serde_json::from_str(&saved.0.lock().unwrap()["g1"]).unwrap();
    assert_eq!(stored.access_token.as_deref(), Some("access-2"));
    assert_eq!(
        gmail::test(&http, &Connection { secret: Some(stored.to_secret()), ..gmail_conn.clone() }, cfg, &saved)
            .await
            .unwrap(),
        "signed in to Gmail as ada@acme.test"
    );

    // Quota and revoked sign-ins, in plain words.
    let quota = Tokens { access_token: Some("quota".into()), expires_at: i64::MAX, ..Tokens::default() };
    let err = gmail::send(
        &http,
        &Connection { secret: Some(quota.to_secret()), ..gmail_conn.clone() },
        cfg,
        &json!({ "to": "b@e.com", "text": "x" }),
        &saved,
    )
    .await
    .unwrap_err();
    assert_eq!(
        (err.message.as_str(), err.status, err.retryable),
        ("Gmail quota exceeded; try again later (HTTP 429: Rate limit)", Some(429), true)
    );
    assert!(!err.credentials_refused, "a quota is not a broken sign-in");
    let revoked = Tokens { refresh_token: Some("revoked".into()), expires_at: 0, ..Tokens::default() };
    let err = gmail::send(
        &http,
        &Connection { secret: Some(revoked.to_secret()), ..gmail_conn },
        cfg,
        &json!({ "to": "b@e.com", "text": "x" }),
        &saved,
    )
    .await
    .unwrap_err();
    assert_eq!(err.message, "the Gmail sign-in has expired or was revoked; sign in again (invalid_grant)");
    assert!(err.credentials_refused);
}

#[tokio::test]
async fn webhooks_are_signed_so_the_receiver_can_verify_them() {
    let secret = "whsec-receiver-knows-this";
    let received: Arc<Mutex<Vec<Value>>> = Arc::default();
    let store = received.clone();
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let store = store.clone();
            async move {
                let header = |h: &str| headers.get(h).and_then(|v| v.to_str().ok()).map(str::to_string);
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
                match webhook::verify(
                    &Secret::new(secret),
                    header(webhook::TIMESTAMP_HEADER).as_deref(),
                    header(webhook::SIGNATURE_HEADER).as_deref(),
                    &body,
                    now,
                ) {
                    Ok(()) => {
                        store.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
                        (StatusCode::OK, Json(json!({ "received": true })))
                    }
                    Err(p) => (StatusCode::UNAUTHORIZED, Json(json!({ "error": p.describe() }))),
                }
            }
        }),
    );
    let base = serve(app).await;
    let http = http::client();
    let good = conn(IntegrationProvider::Webhook, json!({ "url": format!("{base}/hook") }), Some(secret));
    let ProviderConfig::Webhook(cfg) = &good.config else { unreachable!() };
    let out = webhook::send(&http, &good, cfg, &json!({ "payload": { "lead": "Ada", "score": 91 } })).await.unwrap();
    assert_eq!(out, json!({ "status": 200, "body": { "received": true } }));
    assert_eq!(received.lock().unwrap()[0], json!({ "lead": "Ada", "score": 91 }));
    assert_eq!(webhook::test(&http, &good, cfg).await.unwrap(), "the receiver answered HTTP 200");

    let wrong = conn(IntegrationProvider::Webhook, json!({ "url": format!("{base}/hook") }), Some("not-the-secret"));
    let err = webhook::send(&http, &wrong, cfg, &json!({ "payload": {} })).await.unwrap_err();
    assert_eq!(err.status, Some(401));
    assert!(err.message.contains("the signature does not match"), "{}", err.message);
}

#[tokio::test]
async fn http_integrations_supply_each_kind_of_auth() {
    let app = Router::new().route(
        "/v1/{*rest}",
        any(|headers: HeaderMap, Query(q): Query<HashMap<String, String>>| async move {
            let h = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).map(str::to_string);
            Json(json!({ "authorization": h("authorization"), "x-api-key": h("x-api-key"), "key": q.get("key") }))
        }),
    );
    let base = serve(app).await;
    let http = http::client();
    let saved = Saved::default();
    for (auth, extra, secret, field, expected) in [
        ("bearer", json!({}), "tok-1", "authorization", json!("Bearer tok-1")),
        ("basic", json!({ "username": "ada" }), "pw", "authorization", json!("Basic YWRhOnB3")),
        ("apiKeyHeader", json!({ "header": "X-Api-Key" }), "k-2", "x-api-key", json!("k-2")),
        ("apiKeyQuery", json!({ "param": "key" }), "k-3", "key", json!("k-3")),
    ] {
        let mut config = json!({ "baseUrl": format!("{base}/v1"), "auth": auth, "testPath": "ping" });
        config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let c = conn(IntegrationProvider::Http, config, Some(secret));
        let ProviderConfig::Http(cfg) = &c.config else { unreachable!() };
        let mut request =
            http::HttpRequest::from_params_at(&json!({ "url": "leads/42" }), cfg.base_url.as_deref()).unwrap();
        request.authorize(&cfg.auth, c.secret.as_ref()).unwrap();
        let out = request.send(&http).await.unwrap();
        assert_eq!(out["body"][field], expected, "{auth}");
        assert_eq!(check(&http, &c, &saved).await.unwrap(), format!("{base}/v1 answered HTTP 200"));
    }
}

/// A self-signed certificate for "localhost", as PEM (certificate, key).
fn certificate() -> (String, String) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    (cert.cert.pem(), cert.signing_key.serialize_pem())
}

struct SmtpServer {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<Value>,
    port: u16,
    cert: String,
    _dir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn smtp_server() -> SmtpServer {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = certificate();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, &cert).unwrap();
    std::fs::write(&key_path, &key).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/smtp_server.py");
    // The system Python, where dev.sh installs python3-aiosmtpd (a pyenv shim on PATH would not have it).
    let python = if std::path::Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    let mut child = std::process::Command::new(python)
        .arg(script)
        .args(["--port", &port.to_string(), "--cert", cert_path.to_str().unwrap(), "--key", key_path.to_str().unwrap()])
        .args(["--user", "ada@acme.test", "--password", "smtp-pass"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd (installed by dev.sh)");
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str::<Value>(&line) {
                let _ = tx.send(v);
            }
        }
    });
    let ready = lines.recv_timeout(std::time::Duration::from_secs(20)).expect("the SMTP server started");
    assert_eq!(ready["ready"], port);
    let _ = child.stdin.as_mut().unwrap().flush();
    SmtpServer { child, lines, port, cert, _dir: dir }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_goes_through_a_real_smtp_server_with_starttls_and_login() {
    let server = smtp_server();
    let config = json!({
        "host": "localhost", "port": server.port, "security": "starttls", "username": "ada@acme.test",
        "from": "Ada <ada@acme.test>", "caCertificate": server.cert,
    });
    let good = conn(IntegrationProvider::Smtp, config.clone(), Some("smtp-pass"));
    let ProviderConfig::Smtp(cfg) = &good.config else { unreachable!() };
    assert!(smtp::test(&good, cfg).await.unwrap().contains("accepted the connection and the login"));
    let out = smtp::send(
        &good,
        cfg,
        &json!({ "to": "bob@example.com, carol@example.com", "subject": "Open house", "text": "Saturday at 10" }),
    )
    .await
    .unwrap();
    assert_eq!(out["accepted"], json!(["bob@example.com", "carol@example.com"]));
    let received = server.lines.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
    assert_eq!(received["to"], json!(["bob@example.com", "carol@example.com"]));
    let data = received["data"].as_str().unwrap();
    assert!(data.contains("Subject: Open house") && data.contains("Saturday at 10"), "{data}");

    let wrong = conn(IntegrationProvider::Smtp, config.clone(), Some("guess"));
    let err = smtp::send(&wrong, cfg, &json!({ "to": "bob@example.com", "text": "x" })).await.unwrap_err();
    assert!(err.message.starts_with("the mail server refused the username or password (535"), "{}", err.message);
    assert!(err.credentials_refused);
    let bad_address = smtp::send(&good, cfg, &json!({ "to": "not an address", "text": "x" })).await.unwrap_err();
    assert!(
        bad_address.message.starts_with("params.to: 'not an address' is not an email address"),
        "{}",
        bad_address.message
    );
    let untrusted = conn(
        IntegrationProvider::Smtp,
        json!({ "host": "localhost", "port": server.port, "username": "ada@acme.test", "from": "a@acme.test" }),
        Some("smtp-pass"),
    );
    let ProviderConfig::Smtp(untrusted_cfg) = &untrusted.config else { unreachable!() };
    let err = smtp::test(&untrusted, untrusted_cfg).await.unwrap_err();
    assert!(
        err.message.contains("TLS") || err.message.contains("certificate"),
        "an unknown certificate is refused: {}",
        err.message
    );
}
