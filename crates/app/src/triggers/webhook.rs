//! The webhook listener: `METHOD /webhook/<path>` starts the active workflow that listens there,
//! with the request as the run's input (`{body, headers, query}`), and answers with the run's
//! output — or at once with 202 and the execution id when the workflow says so.
//!
//! Every refusal says what was wrong as `{code, message}` (and `error`, the same message, as earlier
//! versions answered) with the status that fits: 404 no such webhook, 405 wrong method, 413 body too
//! large, 400 malformed body, 401 bad signature, 502 the workflow's run failed, 503 it was cancelled
//! or signatures cannot be checked now, 507 the disk is full — and 500 only for a fault of our own.
//! A body is read only for a route that exists, bounded in size while it is read (413 as soon as it
//! is known too large, from its declared length or as it arrives) and in time (408).

use super::ServiceState;
use crate::context::RunContext;
use crate::error::AppError;
use crate::runs::RunOptions;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use neuroflow_integrations::webhook;
use neuroflow_types::{ErrorCode, ExecutionStatus, TriggerKind, WebhookRespond};
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
    body: Body,
) -> Response {
    let path = path.trim_matches('/').to_string();
    let routes = state.routes();
    let Some(route) = routes.webhooks.get(&(method.as_str().to_string(), path.clone())) else {
        let allowed: Vec<&str> = routes.webhooks.keys().filter(|(_, p)| *p == path).map(|(m, _)| m.as_str()).collect();
        if !allowed.is_empty() {
            let mut response = refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::InvalidInput,
                format!("/webhook/{path} answers {}, not {method}", allowed.join(", ")),
            );
            if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            return response;
        }
        return refuse(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("no active workflow listens on {method} /webhook/{path}"),
        );
    };
    let body = match read_body(&state, &headers, body).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    if let Some(integration) = &route.signed_by
        && let Err(refusal) = check_signature(&state, route.org, integration, &headers, &body).await
    {
        return refusal;
    }
    let body = match parse_body(&headers, &body) {
        Ok(body) => body,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, ErrorCode::InvalidInput, e.message),
    };
    let input = json!({ "body": body, "headers": header_map(&headers), "query": query_map(query.as_deref()) });
    let options = RunOptions {
        input,
        trigger_node: Some(route.trigger_node.clone()),
        trigger: TriggerKind::Webhook,
        // Answered with the run's output, the caller learns of the run only at its end.
        defer_start: route.respond != WebhookRespond::Accepted,
        ..RunOptions::default()
    };
    let started = state
        .hub
        .start_prepared(RunContext::root(route.org), Arc::clone(&route.workflow), options, Default::default())
        .await;
    let handle = match started {
        Ok(handle) => handle,
        Err(e) => return app_error(e),
    };
    let id = handle.execution_id.to_string();
    if route.respond == WebhookRespond::Accepted {
        return with_execution((StatusCode::ACCEPTED, axum::Json(json!({ "executionId": id }))).into_response(), &id);
    }
    match handle.finish().await {
        Ok(record) if record.status == ExecutionStatus::Completed => {
            with_execution(axum::Json(record.output.unwrap_or(Value::Null)).into_response(), &id)
        }
        Ok(record) => {
            let (status, code) = match record.status {
                ExecutionStatus::Cancelled => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Cancelled),
                _ => (StatusCode::BAD_GATEWAY, ErrorCode::RunFailed),
            };
            let message = record.error.clone().unwrap_or_else(|| format!("the run {}", record.status));
            let body = json!({
                "code": code, "message": message, "error": message, "status": record.status, "executionId": id,
            });
            with_execution((status, axum::Json(body)).into_response(), &id)
        }
        Err(e) => app_error(e),
    }
}

/// Reads a request body within the size and time limits.
async fn read_body(state: &ServiceState, headers: &HeaderMap, body: Body) -> Result<Bytes, Response> {
    let too_large = || {
        let message = format!("the request body is larger than {} bytes", state.max_body);
        refuse(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::Limit, message)
    };
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > state.max_body as u64) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(body, state.max_body);
    match tokio::time::timeout(state.body_timeout, http_body_util::BodyExt::collect(limited)).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(e)) => {
            let message = format!("the request body could not be read: {e}");
            Err(refuse(StatusCode::BAD_REQUEST, ErrorCode::InvalidInput, message))
        }
        Err(_) => {
            let message = format!("the request body did not arrive within {} s", state.body_timeout.as_secs_f64());
            Err(refuse(StatusCode::REQUEST_TIMEOUT, ErrorCode::Limit, message))
        }
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
        refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Credential,
            format!("this webhook cannot check signatures now: {}", e.message),
        )
    })?;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    webhook::verify(&key, header(webhook::TIMESTAMP_HEADER), header(webhook::SIGNATURE_HEADER), body, now)
        .map_err(|problem| refuse(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, problem.describe().to_string()))
}

/// A request body as the run sees it: JSON when it says (or looks like) JSON, a form as an object,
/// anything else as text, nothing as null. Malformed JSON is refused with the reason.
fn parse_body(headers: &HeaderMap, body: &Bytes) -> Result<Value, AppError> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    let content_type =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let looks_json = matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'['));
    if content_type.contains("json") || (content_type.is_empty() && looks_json) {
        return serde_json::from_slice(body).map_err(|e| {
            AppError::invalid(format!(
                "the request body is not valid JSON: line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ))
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

/// A refusal: the status, and `{code, message}` (with `error`, the same message, for callers of
/// earlier versions).
fn refuse(status: StatusCode, code: ErrorCode, message: String) -> Response {
    (status, axum::Json(json!({ "code": code, "message": message, "error": message }))).into_response()
}

/// A use case's error as an answer, with the status its code calls for.
fn app_error(e: AppError) -> Response {
    let status = match e.code {
        ErrorCode::InvalidInput | ErrorCode::Validation => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        // The plan's executions for the month are used up (the refusal names the plan and the limit).
        ErrorCode::PlanLimit => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Limit => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::DiskFull => StatusCode::INSUFFICIENT_STORAGE,
        ErrorCode::Credential | ErrorCode::Cancelled => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Provider | ErrorCode::Budget | ErrorCode::RunFailed => StatusCode::BAD_GATEWAY,
        ErrorCode::Storage | ErrorCode::Io | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    };
    refuse(status, e.code, e.message)
}

fn with_execution(mut response: Response, id: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(id) {
        response.headers_mut().insert("x-execution-id", value);
    }
    response
}
