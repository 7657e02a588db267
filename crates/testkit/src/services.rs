//! The outside world a workflow talks to, as one real HTTP server on 127.0.0.1: Slack's Web API
//! (`{base}/slack/…`), Google's token endpoint and the Gmail API (`{base}/oauth/token`,
//! `{base}/gmail/…`), a receiver of signed webhooks (`{base}/hook`), and scripted JSON APIs (a CRM,
//! an MLS, an SMS gateway …) under `{base}/api/<name>/…`, each answering what a test set for its
//! method and path. Every request is recorded with whether it carried credentials (a bearer token,
//! or a webhook signature), so tests assert what was sent, not only that a run ended.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use base64::Engine;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// What a scripted API answers: a request of `method` to `/api/<api>/<path>` whose path fully
/// matches `path` gets `status` and `body`.
#[derive(Debug, Clone)]
pub struct Answer {
    pub method: String,
    pub api: String,
    pub path: regex::Regex,
    pub status: u16,
    pub body: Value,
}

impl Answer {
    pub fn json(method: &str, api: &str, path: &str, body: Value) -> Self {
        let path = regex::Regex::new(&format!("^(?:{path})$")).expect("a valid path pattern");
        Self { method: method.to_string(), api: api.to_string(), path, status: 200, body }
    }
}

/// A request the server received.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// `slack`, `gmail`, `webhook` or `api`.
    pub service: &'static str,
    pub method: String,
    /// For `api`: `<api>/<path>`; for `slack`: the channel; for `gmail`: the recipient.
    pub target: String,
    /// The JSON body (for Gmail: `{to, subject}` read from the message).
    pub body: Value,
    /// Whether it carried credentials: a bearer token, or a webhook signature.
    pub authorized: bool,
}

#[derive(Default)]
struct Inner {
    answers: Mutex<Vec<Answer>>,
    calls: Mutex<Vec<Call>>,
}

/// The server.
#[derive(Clone)]
pub struct FakeServices {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    inner: Arc<Inner>,
}

impl FakeServices {
    pub async fn start() -> Self {
        let inner = Arc::new(Inner::default());
        let app = Router::new()
            .route("/slack/{method}", post(slack))
            .route("/oauth/token", post(token))
            .route("/gmail/gmail/v1/users/me/profile", get(profile))
            .route("/gmail/gmail/v1/users/me/messages/send", post(gmail_send))
            .route("/hook", post(hook))
            .route("/health", get(health))
            .route("/api/{api}/{*rest}", any(api))
            .with_state(Arc::clone(&inner));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, inner }
    }

    /// Replaces what the scripted APIs answer (and forgets the calls so far).
    pub fn answer(&self, answers: Vec<Answer>) {
        *self.inner.answers.lock().unwrap() = answers;
        self.inner.calls.lock().unwrap().clear();
    }

    /// Every request since the last [`FakeServices::answer`].
    pub fn calls(&self) -> Vec<Call> {
        self.inner.calls.lock().unwrap().clone()
    }

    /// The base URL of the scripted API `name`.
    pub fn api(&self, name: &str) -> String {
        format!("{}/api/{name}", self.base)
    }
}

fn bearer(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer ") && v.len() > "Bearer ".len())
}

fn record(s: &Inner, call: Call) {
    s.calls.lock().unwrap().push(call);
}

async fn slack(State(s): State<Arc<Inner>>, Path(method): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if !bearer(&headers) {
        return axum::Json(json!({ "ok": false, "error": "not_authed" })).into_response();
    }
    if method == "auth.test" {
        return axum::Json(json!({ "ok": true, "team": "Fake Realty", "user": "neuroflow" })).into_response();
    }
    let channel = body.get("channel").and_then(Value::as_str).unwrap_or_default().to_string();
    record(&s, Call { service: "slack", method: method.clone(), target: channel, body, authorized: true });
    axum::Json(json!({ "ok": true, "channel": "C0FAKE", "ts": "1764400000.000100" })).into_response()
}

async fn token() -> Response {
    axum::Json(json!({
        "access_token": "ya29.fake-access", "refresh_token": "1//fake-refresh", "expires_in": 3600, "token_type": "Bearer"
    }))
    .into_response()
}

async fn profile(headers: HeaderMap) -> Response {
    if !bearer(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    axum::Json(json!({ "emailAddress": "office@fake-realty.example" })).into_response()
}

async fn gmail_send(State(s): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let raw = body.get("raw").and_then(Value::as_str).unwrap_or_default();
    let message = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw.trim_end_matches('='))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let header = |name: &str| {
        message
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_default()
    };
    let (to, subject) = (header("To:"), header("Subject:"));
    let authorized = bearer(&headers);
    record(
        &s,
        Call {
            service: "gmail",
            method: "send".into(),
            target: to.clone(),
            body: json!({"to": to, "subject": subject}),
            authorized,
        },
    );
    if !authorized {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    axum::Json(json!({ "id": "gm-1", "threadId": "th-1" })).into_response()
}

async fn hook(State(s): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> Response {
    let signed =
        headers.get("x-neuroflow-signature").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("sha256="));
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    record(&s, Call { service: "webhook", method: "POST".into(), target: "/hook".into(), body, authorized: signed });
    let status = if signed { StatusCode::OK } else { StatusCode::UNAUTHORIZED };
    (status, axum::Json(json!({ "received": signed }))).into_response()
}

async fn health(headers: HeaderMap) -> Response {
    if bearer(&headers) {
        axum::Json(json!({ "ok": true })).into_response()
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

async fn api(
    State(s): State<Arc<Inner>>,
    method: Method,
    Path((name, rest)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let rest = format!("/{rest}");
    let authorized = bearer(&headers);
    let target = format!("{name}{rest}");
    record(&s, Call { service: "api", method: method.to_string(), target: target.clone(), body, authorized });
    if !authorized {
        return (StatusCode::UNAUTHORIZED, axum::Json(json!({ "error": "no credentials" }))).into_response();
    }
    let answer = s
        .answers
        .lock()
        .unwrap()
        .iter()
        .find(|a| a.method == method.as_str() && a.api == name && a.path.is_match(&rest))
        .cloned();
    match answer {
        Some(a) => (StatusCode::from_u16(a.status).unwrap_or(StatusCode::OK), axum::Json(a.body)).into_response(),
        None => (StatusCode::NOT_FOUND, axum::Json(json!({ "error": format!("no answer for {method} {target}") })))
            .into_response(),
    }
}
