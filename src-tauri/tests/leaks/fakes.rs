//! Local servers for the leak test, speaking just enough of Slack's, Google's and a plain API's
//! protocols — and echoing the credentials they receive back in their answers, as careless real
//! services do, so the app has to keep them out of its records.

use axum::Router;
use axum::extract::{Query, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Redirect};
use axum::routing::{any, get, post};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const SLACK_TOKEN: &str = "xoxb-LEAKCANARY-slack-1a2b3c";
pub const CLIENT_SECRET: &str = "LEAKCANARY-gclient-5e6f7a8b";
pub const ACCESS_TOKEN: &str = "ya29.LEAKCANARY-access-9c0d1e2f";
pub const REFRESH_TOKEN: &str = "1//LEAKCANARY-refresh-3a4b5c6d";

pub struct Fake {
    pub base: String,
    /// Every request: method, path and query, and headers.
    pub seen: Arc<Mutex<Vec<String>>>,
}

pub fn basic(user: &str, password: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

fn header(request: &Request, name: &str) -> String {
    request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

pub async fn start() -> Fake {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let slack = |request: Request| async move {
        if header(&request, "authorization") != format!("Bearer {SLACK_TOKEN}") {
            return Json(json!({ "ok": false, "error": "invalid_auth" }));
        }
        Json(json!({ "ok": true, "team": "Acme", "user": "bot", "channel": "#leads", "ts": "1.1" }))
    };
    let echo = |request: Request| async move {
        let headers: serde_json::Map<String, Value> =
            request.headers().iter().map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or("")))).collect();
        Json(json!({ "headers": headers, "query": request.uri().query() }))
    };
    let private = |request: Request| async move {
        (StatusCode::UNAUTHORIZED, format!("denied for Authorization: {}", header(&request, "authorization")))
    };
    let authorize = |Query(q): Query<HashMap<String, String>>| async move {
        Redirect::to(&format!("{}?code=code-1&state={}", q["redirect_uri"], q["state"]))
    };
    let token = |body: String| async move {
        if !body.contains(&format!("client_secret={}", urlencode(CLIENT_SECRET))) {
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_client" })));
        }
        let tokens = json!({ "access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN, "expires_in": 3600 });
        (StatusCode::OK, Json(tokens))
    };
    let gmail = |request: Request| async move {
        if header(&request, "authorization") != format!("Bearer {ACCESS_TOKEN}") {
            return (StatusCode::UNAUTHORIZED, Json(json!({ "error": { "message": "Invalid Credentials" } })));
        }
        (StatusCode::OK, Json(json!({ "emailAddress": "ada@acme.test", "id": "m-1", "threadId": "t-1" })))
    };
    let app = Router::new()
        .route("/", get(|| async { "ok" }))
        .route("/slack/{method}", post(slack))
        .route("/echo", any(echo))
        .route("/private", any(private))
        .route("/hook", post(|| async { Json(json!({ "received": true })) }))
        .route("/google/auth", get(authorize))
        .route("/google/token", post(token))
        .route("/gmail/v1/users/me/{*rest}", any(gmail))
        .layer(axum::middleware::from_fn(move |request: Request, next: axum::middleware::Next| {
            let log = Arc::clone(&log);
            async move {
                let headers: Vec<String> =
                    request.headers().iter().map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or(""))).collect();
                log.lock().unwrap().push(format!("{} {}\n{}", request.method(), request.uri(), headers.join("\n")));
                next.run(request).await.into_response()
            }
        }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Fake { base, seen }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub fn gmail_config(base: &str) -> Value {
    json!({ "clientId": "desktop-client", "authUrl": format!("{base}/google/auth"),
        "tokenUrl": format!("{base}/google/token"), "apiBaseUrl": base })
}

fn chain(name: &str, steps: Vec<Value>) -> Value {
    let mut nodes = vec![json!({ "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } })];
    let mut edges = Vec::new();
    let mut previous = "t".to_string();
    for (i, data) in steps.into_iter().enumerate() {
        let id = format!("n{i}");
        nodes.push(json!({ "id": id, "type": "integration", "data": data }));
        edges.push(json!({ "id": format!("e{i}"), "source": previous, "target": id }));
        previous = id;
    }
    json!({ "format": 1, "name": name, "nodes": nodes, "edges": edges })
}

fn step(integration: &str, action: &str, params: Value) -> Value {
    json!({ "integrationId": integration, "action": action, "params": params })
}

/// Every connector, succeeding: Slack, three kinds of HTTP auth (echoed back), a signed webhook and
/// Gmail. `ids`: slack, bearer, basic, query, webhook, gmail.
pub fn good_workflow(ids: &[&String]) -> Value {
    let echo = json!({ "url": "/echo", "query": { "lead": "{{ input.name }}" } });
    chain(
        "Every connector",
        vec![
            step(ids[0], "slack.postMessage", json!({ "channel": "#leads", "text": "New lead: {{ input.name }}" })),
            step(ids[1], "http.request", echo.clone()),
            step(ids[2], "http.request", echo.clone()),
            step(ids[3], "http.request", echo),
            step(ids[4], "webhook.send", json!({ "payload": { "lead": "Ada" } })),
            step(ids[5], "gmail.send", json!({ "to": "bob@acme.test", "subject": "Lead", "text": "Ada" })),
        ],
    )
}

/// Echoes basic auth back, then fails on a 401 whose body quotes the bearer token.
pub fn failing_workflow(bearer: &str, basic: &str) -> Value {
    chain(
        "Fails with an echo",
        vec![
            step(basic, "http.request", json!({ "url": "/echo" })),
            step(bearer, "http.request", json!({ "url": "/private" })),
        ],
    )
}
