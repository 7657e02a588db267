//! Which integrations a workflow document names, checked against the organization's: a step that
//! names a missing integration, or one of the wrong kind, is a warning when the workflow is saved
//! (a document imported from another machine may name integrations not added here yet).

use crate::error::AppResult;
use crate::hub::Hub;
use neuroflow_types::{IntegrationFilter, IntegrationProvider, OrgId, PageRequest, ValidationIssue, WorkflowDocument};
use serde_json::Value;
use std::collections::HashMap;

/// The provider an action needs (`http.request` takes only HTTP integrations).
fn provider_for(action: &str) -> Option<IntegrationProvider> {
    Some(match action {
        "slack.postMessage" => IntegrationProvider::Slack,
        "gmail.send" => IntegrationProvider::Gmail,
        "email.send" => IntegrationProvider::Smtp,
        "webhook.send" => IntegrationProvider::Webhook,
        "http.request" => IntegrationProvider::Http,
        _ => return None,
    })
}

impl Hub {
    /// Warnings about the integrations a document names.
    pub(crate) async fn integration_warnings(
        &self,
        org: OrgId,
        doc: &WorkflowDocument,
    ) -> AppResult<Vec<ValidationIssue>> {
        let mut wanted = Vec::new();
        for node in &doc.nodes {
            let data = &node.data;
            let (id, field, needs) = match node.node_type.as_str() {
                "integration" => (
                    data.get("integrationId"),
                    "data.integrationId",
                    data.get("action").and_then(Value::as_str).and_then(provider_for),
                ),
                "trigger" => (
                    data.get("trigger").and_then(|t| t.get("integrationId")),
                    "data.trigger.integrationId",
                    Some(IntegrationProvider::Webhook),
                ),
                _ => continue,
            };
            if let Some(id) = id.and_then(Value::as_str).filter(|s| !s.trim().is_empty()) {
                wanted.push((node.id.clone(), field, id.trim().to_string(), needs));
            }
        }
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let filter =
            IntegrationFilter { page: PageRequest::new(neuroflow_types::MAX_PAGE_SIZE, 0), ..Default::default() };
        let known: HashMap<String, (String, IntegrationProvider)> = self
            .list_integrations(org, filter)
            .await?
            .items
            .into_iter()
            .map(|i| (i.id.to_string(), (i.name, i.provider)))
            .collect();
        let mut warnings = Vec::new();
        for (node, field, id, needs) in wanted {
            let message = match (known.get(&id), needs) {
                (None, _) => {
                    format!("integration '{id}' does not exist in this organization; add it or choose another")
                }
                (Some((name, has)), Some(needs)) if *has != needs => format!(
                    "'{name}' is a {} integration; this step needs a {} one",
                    has.as_str().to_lowercase(),
                    needs.as_str().to_lowercase()
                ),
                _ => continue,
            };
            warnings.push(ValidationIssue { node_id: Some(node), edge_id: None, field: field.to_string(), message });
        }
        Ok(warnings)
    }
}
