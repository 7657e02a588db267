//! The tools an agent may call, when its capabilities list them: fetch a web page or API
//! (`fetch_url`), the current date and time (`current_time`), run one of the organization's
//! workflows (`run_workflow`), and use one of its integrations (`use_integration`: post to Slack,
//! send an email, call an API …). The first two run here; the app carries out the other two.

use crate::error::ToolError;
use crate::provider::ToolSpec;
use serde_json::{Value, json};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub const FETCH_URL: &str = "fetch_url";
pub const CURRENT_TIME: &str = "current_time";
pub const RUN_WORKFLOW: &str = "run_workflow";
pub const USE_INTEGRATION: &str = "use_integration";

/// Every tool there is, for the agent editor.
pub const ALL: &[&str] = &[FETCH_URL, CURRENT_TIME, RUN_WORKFLOW, USE_INTEGRATION];

/// The most of a fetched body given to the model.
const MAX_FETCHED_CHARS: usize = 20_000;
const MAX_FETCHED_BYTES: usize = 2 * 1024 * 1024;

/// Carries out the tools that need the app (workflows, integrations).
pub trait ToolHost: Send + Sync {
    fn call(
        &self,
        tool: &str,
        arguments: Value,
        cancel: CancellationToken,
    ) -> BoxFuture<'static, Result<Value, ToolError>>;
}

/// The specification the model sees for a tool.
pub fn spec(name: &str) -> Option<ToolSpec> {
    let (description, parameters) = match name {
        FETCH_URL => (
            "Fetch a web page or JSON API with HTTP GET and read its text.",
            json!({ "type": "object", "properties": { "url": { "type": "string", "description": "An http:// or https:// address" } }, "required": ["url"] }),
        ),
        CURRENT_TIME => (
            "The current date and time, in a time zone (default UTC).",
            json!({ "type": "object", "properties": { "timezone": { "type": "string", "description": "e.g. America/New_York" } } }),
        ),
        RUN_WORKFLOW => (
            "Run one of the organization's workflows and get its output.",
            json!({ "type": "object", "properties": {
                "workflow": { "type": "string", "description": "The workflow's name or id" },
                "input": { "type": "object", "description": "The run's input" } }, "required": ["workflow"] }),
        ),
        USE_INTEGRATION => (
            "Use one of the organization's integrations: slack.postMessage {channel, text}, gmail.send or email.send {to, subject, text}, webhook.send {payload}, http.request {method, url, query, body}.",
            json!({ "type": "object", "properties": {
                "integration": { "type": "string", "description": "The integration's name or id" },
                "action": { "type": "string", "enum": ["slack.postMessage", "gmail.send", "email.send", "webhook.send", "http.request"] },
                "params": { "type": "object" } }, "required": ["integration", "action", "params"] }),
        ),
        _ => return None,
    };
    Some(ToolSpec { name: name.into(), description: description.into(), parameters })
}

/// Runs a tool call: a built-in one here, the others through the host.
pub async fn call(
    http: &reqwest::Client,
    host: &dyn ToolHost,
    name: &str,
    arguments: Value,
    cancel: &CancellationToken,
) -> Result<Value, ToolError> {
    match name {
        FETCH_URL => fetch(http, &arguments, cancel).await,
        CURRENT_TIME => current_time(&arguments),
        RUN_WORKFLOW | USE_INTEGRATION => host.call(name, arguments, cancel.clone()).await,
        other => Err(format!("there is no tool named '{other}'").into()),
    }
}

async fn fetch(http: &reqwest::Client, arguments: &Value, cancel: &CancellationToken) -> Result<Value, ToolError> {
    let raw = arguments.get("url").and_then(Value::as_str).ok_or("url: is required")?;
    let url = url::Url::parse(raw).map_err(|_| format!("url: '{raw}' is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("url: '{raw}' is not an http or https address").into());
    }
    let request = http.get(url).timeout(Duration::from_secs(20)).send();
    let response = tokio::select! {
        () = cancel.cancelled() => return Err("cancelled".into()),
        r = request => r.map_err(|e| format!("the request failed: {}", e.without_url()))?,
    };
    let status = response.status().as_u16();
    let (bytes, _) = crate::http_body::prefix(response, MAX_FETCHED_BYTES)
        .await
        .map_err(|e| format!("the response broke off: {}", e.without_url()))?;
    let text = String::from_utf8_lossy(&bytes);
    let truncated = text.chars().count() > MAX_FETCHED_CHARS;
    let body: String = text.chars().take(MAX_FETCHED_CHARS).collect();
    Ok(json!({ "status": status, "body": body, "truncated": truncated }))
}

fn current_time(arguments: &Value) -> Result<Value, ToolError> {
    let zone = arguments.get("timezone").and_then(Value::as_str).unwrap_or("UTC");
    let tz: chrono_tz::Tz = zone.parse().map_err(|_| format!("timezone: '{zone}' is not a known time zone"))?;
    let now = chrono::Utc::now().with_timezone(&tz);
    Ok(json!({ "iso": now.to_rfc3339(), "timezone": zone, "weekday": now.format("%A").to_string() }))
}
