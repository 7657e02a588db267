//! The webhook listener: `METHOD /webhook/<path>` starts the active workflow that listens there,
//! with the request as the run's input (`{body, headers, query}`), and answers with the run's
//! output — or at once with 202 and the execution id when the workflow says so.

use super::ServiceState;
use crate::runs::{Lineage, RunOptions};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use neuroflow_engine::spec::WebhookRespond;
use neuroflow_integrations::webhook;
use neuroflow_types::{ExecutionStatus, TriggerKind};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Request headers whose values are credentials: kept out of the run's input (and so out of the
/// database), replaced by a marker.
const SECRET_HEADERS: &[&str] =
    &["authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token", "x-neuroflow-signature"];

pub(crate) async fn handle(
    State(state): State<Arc<ServiceState>>,
    method: Method,
    Path(path): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let path = path.trim_matches('/').to_string();
    let routes = state.routes();
    let Some(route) = routes.webhooks.get(&(method.as_str().to_string(), path.clone())) else {
        let allowed: Vec<&str> = routes.webhooks.keys().filter(|(_, p)| *p == path).map(|(m, _)| m.as_str()).collect();
        if !allowed.is_empty() {
            let mut response = error(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("/webhook/{path} answers {}, not {method}", allowed.join(", ")),
            );
            if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            return response;
        }
        return error(StatusCode::NOT_FOUND, format!("no active workflow listens on {method} /webhook/{path}"));
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!("the request body is larger than {} bytes", state.max_body)
            } else {
                format!("the request body could not be read: {rejection}")
            };
            return error(status, message);
        }
    };
    if let Some(integration) = &route.signed_by
        && let Err(refusal) = check_signature(&state, route.org, integration, &headers, &body).await
    {
        return refusal;
    }
    let body = match parse_body(&headers, &body) {
        Ok(body) => body,
        Err(reason) => return error(StatusCode::BAD_REQUEST, reason),
    };
    let input = json!({ "body": body, "headers": header_map(&headers), "query": query_map(query.as_deref()) });
    let options = RunOptions {
        input,
        trigger_node: Some(route.trigger_node.clone()),
        trigger: TriggerKind::Webhook,
        ..RunOptions::default()
    };
    let handle =
        match state.hub.start_prepared(route.org, Arc::clone(&route.workflow), options, Lineage::default()).await {
            Ok(handle) => handle,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.message),
        };
    let id = handle.execution_id.to_string();
    if route.respond == WebhookRespond::Accepted {
        return with_execution((StatusCode::ACCEPTED, axum::Json(json!({ "executionId": id }))).into_response(), &id);
    }
    match handle.finish().await {
        Ok(record) if record.status == ExecutionStatus::Completed => {
            with_execution(axum::Json(record.output.unwrap_or(Value::Null)).into_response(), &id)
        }
        Ok(record) => with_execution(
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(json!({ "error": record.error, "status": record.status, "executionId": id })),
            )
                .into_response(),
            &id,
        ),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.message),
    }
}

/// Refuses a request to a signed webhook unless it carries a valid, recent signature by the
/// integration's key (401, and no execution starts).
async fn check_signature(
    state: &ServiceState,
    org: neuroflow_types::OrgId,
    integration: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(), Response> {
    let key = state.hub.webhook_signing_key(org, integration).await.map_err(|e| {
        tracing::warn!(error = %e, "a signed webhook cannot check signatures");
        error(StatusCode::SERVICE_UNAVAILABLE, format!("this webhook cannot check signatures now: {}", e.message))
    })?;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    webhook::verify(&key, header(webhook::TIMESTAMP_HEADER), header(webhook::SIGNATURE_HEADER), body, now)
        .map_err(|problem| error(StatusCode::UNAUTHORIZED, problem.describe().to_string()))
}

/// A request body as the run sees it: JSON when it says (or looks like) JSON, a form as an object,
/// anything else as text, nothing as null. Malformed JSON is refused with the reason.
fn parse_body(headers: &HeaderMap, body: &Bytes) -> Result<Value, String> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    let content_type =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let looks_json = matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'['));
    if content_type.contains("json") || (content_type.is_empty() && looks_json) {
        return serde_json::from_slice(body).map_err(|e| {
            format!(
                "the request body is not valid JSON: line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            )
        });
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return Ok(query_map(std::str::from_utf8(body).ok()));
    }
    Ok(Value::String(String::from_utf8_lossy(body).into_owned()))
}

fn strip_position(message: &str) -> String {
    message.rfind(" at line ").map_or_else(|| message.to_string(), |i| message[..i].to_string())
}

fn header_map(headers: &HeaderMap) -> Value {
    let mut map = Map::new();
    for (name, value) in headers {
        let key = name.as_str().to_string();
        let value = if SECRET_HEADERS.contains(&key.as_str()) {
            "[redacted]".to_string()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        match map.get_mut(&key) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(&value);
            }
            _ => {
                map.insert(key, Value::String(value));
            }
        }
    }
    Value::Object(map)
}

/// `a=1&b=2&b=3` → `{"a": "1", "b": ["2", "3"]}`.
fn query_map(query: Option<&str>) -> Value {
    let mut map = Map::new();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let v = Value::String(v.into_owned());
        match map.get_mut(k.as_ref()) {
            Some(Value::Array(items)) => items.push(v),
            Some(existing) => *existing = Value::Array(vec![existing.take(), v]),
            None => {
                map.insert(k.into_owned(), v);
            }
        }
    }
    Value::Object(map)
}

fn error(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

fn with_execution(mut response: Response, id: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(id) {
        response.headers_mut().insert("x-execution-id", value);
    }
    response
}
