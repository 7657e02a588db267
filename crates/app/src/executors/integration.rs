//! The integration node: renders the node's params, resolves its integration (settings from the
//! store, secret from the vault), and performs the action through the integrations crate — which
//! keeps every form of the secret out of the result and the error. A service refusing the
//! integration's credentials marks it broken (see `integrations::health`); success mends it.

use crate::hub::Hub;
use crate::integrations::OrgConnections;
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_integrations::ConnectorError;
use neuroflow_types::{IntegrationId, NodeKind, OrgId};
use serde_json::Value;
use std::sync::Arc;

pub(super) struct IntegrationNode {
    hub: Hub,
    org: OrgId,
    connections: Arc<OrgConnections>,
}

impl IntegrationNode {
    pub fn new(hub: &Hub, org: OrgId) -> Self {
        Self { hub: hub.clone(), org, connections: Arc::new(OrgConnections::new(hub.clone(), org)) }
    }
}

impl Executor for IntegrationNode {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeKind::Integration(data) = &call.node().kind else {
                return Err(NodeError::permanent("internal: not an integration node"));
            };
            let params =
                call.scope.render(&Value::Object(data.params.clone())).map_err(|e| field_error("data.params", e))?;
            let http = &self.hub.inner.http;
            let result = match &data.integration_id {
                Some(id) => {
                    let result =
                        neuroflow_integrations::act(http, &data.action, id, &params, self.connections.as_ref()).await;
                    if let Ok(id) = id.parse::<IntegrationId>() {
                        match &result {
                            Ok(_) if self.connections.take_broken(id) => {
                                self.hub.integration_worked(self.org, id).await
                            }
                            Ok(_) => {}
                            Err(e) if e.credentials_refused => {
                                self.hub.integration_refused(self.org, id, &e.message).await
                            }
                            Err(_) => {}
                        }
                    }
                    result
                }
                None => neuroflow_integrations::act_without_integration(http, &data.action, &params).await,
            };
            result.map(NodeOutput::of).map_err(node_error)
        })
    }
}

/// A connector's failure as the engine sees it: worth retrying or not.
fn node_error(e: ConnectorError) -> NodeError {
    if e.retryable { NodeError::transient(e.message) } else { NodeError::permanent(e.message) }
}
