//! The `integration` node's executor: renders the node's params and dispatches on its action.

use crate::http::{HttpRequest, client};
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_engine::spec::NodeSpec;
use std::sync::Arc;

/// Runs integration nodes.
pub struct IntegrationExecutor {
    http: reqwest::Client,
}

impl Default for IntegrationExecutor {
    fn default() -> Self {
        Self { http: client() }
    }
}

impl IntegrationExecutor {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Executor for IntegrationExecutor {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeSpec::Integration { action, integration_id, params } = &call.node().spec else {
                return Err(NodeError::permanent("internal: an integration node without an action"));
            };
            let params = call.scope.render(params).map_err(|e| field_error(&call, "data.params", e))?;
            match (action.as_str(), integration_id) {
                ("http.request", None) => {
                    let value = HttpRequest::from_params(&params)?.send(&self.http).await?;
                    Ok(NodeOutput::of(value))
                }
                (action, _) => Err(NodeError::permanent(format!(
                    "the '{action}' action needs a connected integration, which this version of NeuroFlow Hub cannot use yet"
                ))),
            }
        })
    }
}
