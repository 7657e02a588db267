//! Performing an integration action: resolving the integration (settings and secret, through the
//! app's [`Connections`]), dispatching on the action's name (declared in [`crate::actions`]), and
//! keeping every form of the secret out of the result and the error.

use crate::config::ProviderConfig;
use crate::connection::{Connection, Connections, ConnectorError};
use crate::http::HttpRequest;
use crate::{gmail, slack, smtp, webhook};
use serde_json::Value;

/// Performs an action that needs no integration (an unauthenticated `http.request`).
pub async fn act_without_integration(
    http: &reqwest::Client,
    action: &str,
    params: &Value,
) -> Result<Value, ConnectorError> {
    match action {
        "http.request" => HttpRequest::from_params(params)?.send(http).await,
        other => Err(ConnectorError::permanent(format!("the '{other}' action needs an integration"))),
    }
}

/// Performs `action` with the integration `id`: resolves it (settings and secret), runs the
/// action, and keeps every form of the secret out of the result and the error.
pub async fn act(
    http: &reqwest::Client,
    action: &str,
    id: &str,
    params: &Value,
    connections: &dyn Connections,
) -> Result<Value, ConnectorError> {
    let conn = connections.connection(id).await?;
    // Whatever a service echoes back, the secret never reaches the run's record.
    let scrub = crate::scrub::Scrubber::for_connection(&conn);
    match perform(http, action, &conn, params, connections).await {
        Ok(mut value) => {
            scrub.value(&mut value);
            Ok(value)
        }
        Err(mut e) => {
            e.message = scrub.text(&e.message);
            Err(e)
        }
    }
}

async fn perform(
    http: &reqwest::Client,
    action: &str,
    conn: &Connection,
    params: &Value,
    connections: &dyn Connections,
) -> Result<Value, ConnectorError> {
    let mismatch = |wanted: &str| {
        ConnectorError::permanent(format!(
            "the '{action}' action needs a {wanted} integration; '{}' is not one",
            conn.name
        ))
    };
    Ok(match (action, &conn.config) {
        ("slack.postMessage", ProviderConfig::Slack(cfg)) => slack::post_message(http, conn, cfg, params).await?,
        ("slack.postMessage", _) => return Err(mismatch("Slack")),
        ("gmail.send", ProviderConfig::Gmail(cfg)) => gmail::send(http, conn, cfg, params, connections).await?,
        ("gmail.send", _) => return Err(mismatch("Gmail")),
        ("email.send", ProviderConfig::Smtp(cfg)) => smtp::send(conn, cfg, params).await?,
        ("email.send", _) => return Err(mismatch("SMTP")),
        ("webhook.send", ProviderConfig::Webhook(cfg)) => webhook::send(http, conn, cfg, params).await?,
        ("webhook.send", _) => return Err(mismatch("webhook")),
        ("http.request", ProviderConfig::Http(cfg)) => {
            let mut request = HttpRequest::from_params_at(params, cfg.base_url.as_deref())?;
            request.authorize(&cfg.auth, conn.secret.as_ref())?;
            request.send(http).await?
        }
        ("http.request", _) => return Err(mismatch("HTTP")),
        (other, _) => return Err(ConnectorError::permanent(format!("unknown action '{other}'"))),
    })
}

/// Tests an integration's connection; answers with what was found (an account, a workspace …).
pub async fn check(
    http: &reqwest::Client,
    conn: &Connection,
    connections: &dyn Connections,
) -> Result<String, ConnectorError> {
    match &conn.config {
        ProviderConfig::Slack(cfg) => slack::test(http, conn, cfg).await,
        ProviderConfig::Gmail(cfg) => gmail::test(http, conn, cfg, connections).await,
        ProviderConfig::Smtp(cfg) => smtp::test(conn, cfg).await,
        ProviderConfig::Webhook(cfg) => webhook::test(http, conn, cfg).await,
        ProviderConfig::Http(cfg) => {
            let base = cfg.base_url.clone().ok_or_else(|| {
                ConnectorError::permanent("config.baseUrl: a base URL is needed to test the connection")
            })?;
            let params = serde_json::json!({ "url": cfg.test_path.clone().unwrap_or_default() });
            let mut request = HttpRequest::from_params_at(&params, Some(&base))?;
            request.authorize(&cfg.auth, conn.secret.as_ref())?;
            let reply = request.send(http).await.map_err(|e| ConnectorError { status: None, ..e })?;
            Ok(format!("{base} answered HTTP {}", reply["status"]))
        }
    }
}
