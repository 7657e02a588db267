//! The `integration` node's executor: renders the node's params, resolves its integration (settings
//! and secret, through the app), and dispatches on the action.

use crate::config::ProviderConfig;
use crate::connection::{Connection, Connections, ConnectorError};
use crate::http::{HttpRequest, client};
use crate::{gmail, slack, smtp, webhook};
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_engine::spec::NodeSpec;
use serde_json::Value;
use std::sync::Arc;

/// Runs integration nodes.
pub struct IntegrationExecutor {
    http: reqwest::Client,
    connections: Option<Arc<dyn Connections>>,
}

impl Default for IntegrationExecutor {
    fn default() -> Self {
        Self { http: client(), connections: None }
    }
}

impl IntegrationExecutor {
    /// An executor for unauthenticated `http.request` only.
    pub fn new() -> Self {
        Self::default()
    }

    /// An executor sharing this one's HTTP client that resolves integrations through `connections`
    /// (one organization's, for one run).
    pub fn with_connections(&self, connections: Arc<dyn Connections>) -> Self {
        Self { http: self.http.clone(), connections: Some(connections) }
    }

    /// The shared HTTP client.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

impl Executor for IntegrationExecutor {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeSpec::Integration { action, integration_id, params } = &call.node().spec else {
                return Err(NodeError::permanent("internal: an integration node without an action"));
            };
            let params = call.scope.render(params).map_err(|e| field_error(&call, "data.params", e))?;
            let Some(id) = integration_id else {
                // Only an unauthenticated http.request may have no integration (validation ensures it).
                let value = HttpRequest::from_params(&params)?.send(&self.http).await?;
                return Ok(NodeOutput::of(value));
            };
            self.act(action, id, &params).await.map(NodeOutput::of)
        })
    }
}

impl IntegrationExecutor {
    /// Performs `action` with the integration `id`: resolves it (settings and secret), runs the
    /// action, and keeps every form of the secret out of the result and the error.
    pub async fn act(&self, action: &str, id: &str, params: &Value) -> Result<Value, NodeError> {
        let connections = self
            .connections
            .clone()
            .ok_or_else(|| NodeError::permanent("integrations with credentials are not available here"))?;
        let conn = connections.connection(id).await.map_err(NodeError::permanent)?;
        // Whatever a service echoes back, the secret never reaches the run's record.
        let scrub = crate::scrub::Scrubber::for_connection(&conn);
        match self.perform(action, &conn, params, connections.as_ref()).await {
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
        &self,
        action: &str,
        conn: &Connection,
        params: &Value,
        connections: &dyn Connections,
    ) -> Result<Value, NodeError> {
        let mismatch = |wanted: &str| {
            NodeError::permanent(format!(
                "the '{action}' action needs a {wanted} integration; '{}' is not one",
                conn.name
            ))
        };
        Ok(match (action, &conn.config) {
            ("slack.postMessage", ProviderConfig::Slack(cfg)) => {
                slack::post_message(&self.http, conn, cfg, params).await?
            }
            ("slack.postMessage", _) => return Err(mismatch("Slack")),
            ("gmail.send", ProviderConfig::Gmail(cfg)) => {
                gmail::send(&self.http, conn, cfg, params, connections).await?
            }
            ("gmail.send", _) => return Err(mismatch("Gmail")),
            ("email.send", ProviderConfig::Smtp(cfg)) => smtp::send(conn, cfg, params).await?,
            ("email.send", _) => return Err(mismatch("SMTP")),
            ("webhook.send", ProviderConfig::Webhook(cfg)) => webhook::send(&self.http, conn, cfg, params).await?,
            ("webhook.send", _) => return Err(mismatch("webhook")),
            ("http.request", ProviderConfig::Http(cfg)) => {
                let mut request = HttpRequest::from_params_at(params, cfg.base_url.as_deref())?;
                request.authorize(&cfg.auth, conn.secret.as_ref())?;
                request.send(&self.http).await?
            }
            ("http.request", _) => return Err(mismatch("HTTP")),
            (other, _) => return Err(NodeError::permanent(format!("unknown action '{other}'"))),
        })
    }
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
            let mut request =
                HttpRequest::from_params_at(&params, Some(&base)).map_err(|e| ConnectorError::permanent(e.message))?;
            request.authorize(&cfg.auth, conn.secret.as_ref()).map_err(|e| ConnectorError::permanent(e.message))?;
            let reply = request.send(http).await.map_err(|e| ConnectorError {
                message: e.message,
                status: None,
                retryable: !e.permanent,
            })?;
            Ok(format!("{base} answered HTTP {}", reply["status"]))
        }
    }
}
