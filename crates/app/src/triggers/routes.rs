//! What the trigger service serves: the webhook and schedule triggers of every active workflow of
//! every organization, read from the stores and refreshed when workflows change (in this process or
//! another one, such as the CLI).

use crate::error::AppResult;
use crate::hub::Hub;
use crate::runs::Prepared;
use neuroflow_store::table::workflows;
use neuroflow_types::{NodeKind, OrgId, TriggerConfig, WebhookRespond, WorkflowId};
use std::collections::HashMap;
use std::sync::Arc;

/// A webhook trigger: which workflow answers `METHOD /webhook/<path>`.
#[derive(Debug, Clone)]
pub struct WebhookRoute {
    pub org: OrgId,
    pub workflow: Arc<Prepared>,
    pub trigger_node: String,
    pub respond: WebhookRespond,
    /// The webhook integration whose key must sign each request, if the trigger requires it.
    pub signed_by: Option<String>,
}

/// A schedule trigger.
#[derive(Debug, Clone)]
pub struct ScheduleEntry {
    pub org: OrgId,
    pub workflow: Arc<Prepared>,
    pub trigger_node: String,
    pub cron: String,
    pub timezone: Option<String>,
}

/// Everything the service serves, keyed so changes can be spotted cheaply.
#[derive(Debug, Default, Clone)]
pub struct Routes {
    /// `(METHOD, path)` → route.
    pub webhooks: HashMap<(String, String), WebhookRoute>,
    pub schedules: Vec<ScheduleEntry>,
    /// Webhook paths claimed by more than one active workflow: the first one keeps it.
    pub conflicts: Vec<String>,
    /// The (workflow, version) pairs these routes were built from.
    pub fingerprint: Vec<(OrgId, WorkflowId, i64)>,
}

impl Hub {
    /// The (org, workflow, version) of every active workflow, in a stable order.
    pub(crate) async fn active_fingerprint(&self) -> AppResult<Vec<(OrgId, WorkflowId, i64)>> {
        let mut all = Vec::new();
        for org in self.list_orgs().await? {
            let open = self.org(org.id).await?;
            let oid = org.id;
            let rows = open.store.read_async(move |c| workflows::active_versions(c, oid)).await?;
            all.extend(rows.into_iter().map(|(w, v)| (oid, w, v)));
        }
        Ok(all)
    }

    /// Builds the routes of every active workflow.
    pub(crate) async fn build_routes(&self, fingerprint: Vec<(OrgId, WorkflowId, i64)>) -> AppResult<Routes> {
        let mut routes = Routes { fingerprint: fingerprint.clone(), ..Routes::default() };
        for (org, workflow, _) in fingerprint {
            let wf = match self.get_workflow(org, workflow).await {
                Ok(wf) => wf,
                Err(e) => {
                    tracing::warn!(%workflow, error = %e, "an active workflow could not be read; its triggers are not served");
                    continue;
                }
            };
            let prepared = match self.prepare(&wf) {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(%workflow, error = %e, "an active workflow is not valid; its triggers are not served");
                    continue;
                }
            };
            for &i in &prepared.plan.triggers {
                let node = &prepared.plan.nodes[i];
                let NodeKind::Trigger(data) = &node.kind else { continue };
                match &data.trigger {
                    TriggerConfig::Webhook { path, method, respond, integration_id } => {
                        let method = method.clone().unwrap_or_else(|| "POST".into());
                        let key = (method.clone(), path.clone());
                        if let Some(existing) = routes.webhooks.get(&key) {
                            routes.conflicts.push(format!(
                                "{method} /webhook/{path} is claimed by '{}' and '{}'; '{}' keeps it",
                                existing.workflow.name, prepared.name, existing.workflow.name
                            ));
                            continue;
                        }
                        routes.webhooks.insert(
                            key,
                            WebhookRoute {
                                org,
                                workflow: Arc::clone(&prepared),
                                trigger_node: node.id.clone(),
                                respond: respond.unwrap_or_default(),
                                signed_by: integration_id.clone(),
                            },
                        );
                    }
                    TriggerConfig::Schedule { cron, timezone } => routes.schedules.push(ScheduleEntry {
                        org,
                        workflow: Arc::clone(&prepared),
                        trigger_node: node.id.clone(),
                        cron: cron.clone(),
                        timezone: timezone.clone(),
                    }),
                    TriggerConfig::Manual => {}
                }
            }
        }
        for conflict in &routes.conflicts {
            tracing::warn!("{conflict}");
        }
        Ok(routes)
    }
}
