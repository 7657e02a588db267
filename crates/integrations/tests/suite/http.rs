//! `http.request` against a real HTTP server on 127.0.0.1.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::any;
use neuroflow_integrations::http::{HttpRequest, MAX_RESPONSE_BYTES, client};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Echoes the request as JSON; `/status/N` answers N; `/big` answers more than the size limit;
/// `/text` answers plain text.
async fn serve() -> String {
    async fn echo(
        method: Method,
        headers: HeaderMap,
        Query(q): Query<HashMap<String, String>>,
        body: Bytes,
    ) -> axum::Json<Value> {
        let body = String::from_utf8_lossy(&body).into_owned();
        axum::Json(json!({
            "method": method.as_str(),
            "query": q,
            "contentType": headers.get("content-type").and_then(|v| v.to_str().ok()),
            "custom": headers.get("x-lead").and_then(|v| v.to_str().ok()),
            "body": body,
        }))
    }
    let app = axum::Router::new()
        .route("/echo", any(echo))
        .route(
            "/status/{code}",
            any(|Path(code): Path<u16>| async move { (StatusCode::from_u16(code).unwrap(), "nope") }),
        )
        .route("/big", any(|| async { "x".repeat(MAX_RESPONSE_BYTES + 10) }))
        .route("/text", any(|| async { "plain words" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn send(params: Value) -> Result<Value, neuroflow_integrations::ConnectorError> {
    HttpRequest::from_params(&params)?.send(&client()).await
}

#[tokio::test]
async fn sends_method_headers_query_and_json_and_parses_json_responses() {
    let base = serve().await;
    let out = send(json!({
        "method": "post", "url": format!("{base}/echo"), "headers": { "X-Lead": "42" },
        "query": { "city": "Austin", "beds": [2, 3] }, "body": { "name": "Ada" }
    }))
    .await
    .unwrap();
    assert_eq!(out["status"], 200);
    assert_eq!(out["headers"]["content-type"], "application/json");
    let echoed = &out["body"];
    assert_eq!(echoed["method"], "POST");
    assert_eq!(echoed["custom"], "42");
    assert_eq!(echoed["query"]["city"], "Austin");
    assert_eq!(echoed["contentType"], "application/json");
    assert_eq!(echoed["body"], r#"{"name":"Ada"}"#);
}

#[tokio::test]
async fn text_bodies_go_as_text_and_text_responses_stay_text() {
    let base = serve().await;
    let out = send(json!({ "method": "PUT", "url": format!("{base}/echo"), "body": "hello" })).await.unwrap();
    assert_eq!(out["body"]["contentType"], "text/plain; charset=utf-8");
    assert_eq!(out["body"]["body"], "hello");
    let text = send(json!({ "url": format!("{base}/text") })).await.unwrap();
    assert_eq!(text["body"], "plain words");
}

#[tokio::test]
async fn error_statuses_fail_naming_the_status_and_only_server_errors_are_retryable() {
    let base = serve().await;
    let not_found = send(json!({ "url": format!("{base}/status/404?key=secret") })).await.unwrap_err();
    assert!(!not_found.retryable);
    assert_eq!(not_found.message, format!("HTTP 404 Not Found from GET {base}/status/404?…: nope"));
    let busy = send(json!({ "url": format!("{base}/status/503") })).await.unwrap_err();
    assert!(busy.retryable, "503 is worth retrying");
    let limited = send(json!({ "url": format!("{base}/status/429") })).await.unwrap_err();
    assert!(limited.retryable, "429 is worth retrying");
}

#[tokio::test]
async fn bad_params_huge_responses_and_unreachable_hosts_are_clear() {
    let base = serve().await;
    let ftp = send(json!({ "url": "ftp://example.com/x" })).await.unwrap_err();
    assert_eq!(ftp.message, "params.url: 'ftp://example.com/x' is not an http or https URL");
    let method = send(json!({ "url": format!("{base}/echo"), "method": "FETCH" })).await.unwrap_err();
    assert_eq!(method.message, "params.method: 'FETCH' is not an HTTP method");
    let header = send(json!({ "url": format!("{base}/echo"), "headers": { "bad header": "x" } })).await.unwrap_err();
    assert_eq!(header.message, "params.headers: 'bad header' is not a valid header name");
    let big = send(json!({ "url": format!("{base}/big") })).await.unwrap_err();
    assert!(big.message.contains("larger than 10485760 bytes"), "{}", big.message);
    // Port 9 (discard) has no listener here.
    let down = send(json!({ "url": "http://127.0.0.1:9/x" })).await.unwrap_err();
    assert!(down.retryable);
    assert!(down.message.starts_with("GET http://127.0.0.1:9/x: could not connect ("), "{}", down.message);
}
