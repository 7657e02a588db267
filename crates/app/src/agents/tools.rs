//! The tools an agent uses through the app: running one of the organization's workflows (as a
//! child of the workflow run the agent is in, if any, and never deeper than sub-workflows may go)
//! and using one of its integrations (resolved by name or id, secrets kept out of the answer).

use crate::hub::Hub;
use crate::integrations::OrgConnections;
use crate::runs::{Lineage, MAX_DEPTH, RunOptions};
use neuroflow_agents::tools::{BoxFuture, RUN_WORKFLOW, ToolHost, USE_INTEGRATION};
use neuroflow_types::{ExecutionId, ExecutionStatus, OrgId, TriggerKind};
use serde_json::Value;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

pub(crate) struct AppTools {
    hub: Hub,
    org: OrgId,
    depth: u32,
    parent: Option<ExecutionId>,
}

impl AppTools {
    pub fn new(hub: Hub, org: OrgId, depth: u32, parent: Option<ExecutionId>) -> Self {
        Self { hub, org, depth, parent }
    }
}

fn text(args: &Value, key: &str) -> Result<String, String> {
    args.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| format!("{key}: is required"))
}

impl ToolHost for AppTools {
    fn call(&self, tool: &str, args: Value, cancel: CancellationToken) -> BoxFuture<'static, Result<Value, String>> {
        let (hub, org, depth, parent) = (self.hub.clone(), self.org, self.depth, self.parent);
        let tool = tool.to_string();
        Box::pin(async move {
            match tool.as_str() {
                RUN_WORKFLOW => {
                    if depth + 1 >= MAX_DEPTH {
                        return Err(format!("workflows are nested more than {MAX_DEPTH} deep; not running another"));
                    }
                    let reference = text(&args, "workflow")?;
                    let wf = hub.find_workflow(org, &reference).await.map_err(|e| e.message)?;
                    let input = args.get("input").cloned().unwrap_or_else(|| Value::Object(Default::default()));
                    let options = RunOptions { input, trigger: TriggerKind::SubWorkflow, ..RunOptions::default() };
                    let lineage = Lineage { parent, depth: depth + 1, cancel: Some(cancel), rerun: None };
                    let handle = hub.start_run_lineage(org, wf.id, options, lineage).await.map_err(|e| e.message)?;
                    let done = handle.finish().await.map_err(|e| e.message)?;
                    match done.status {
                        ExecutionStatus::Completed => Ok(done.output.unwrap_or(Value::Null)),
                        other => Err(format!(
                            "workflow '{}' {}: {}",
                            wf.name,
                            other.as_str().to_lowercase(),
                            done.error.unwrap_or_default()
                        )),
                    }
                }
                USE_INTEGRATION => {
                    let reference = text(&args, "integration")?;
                    let action = text(&args, "action")?;
                    let params = args.get("params").cloned().unwrap_or_else(|| Value::Object(Default::default()));
                    let integration = hub.find_integration(org, &reference).await.map_err(|e| e.message)?;
                    let executor =
                        hub.inner.integrations.with_connections(Arc::new(OrgConnections::new(hub.clone(), org)));
                    executor.act(&action, &integration.id.to_string(), &params).await.map_err(|e| e.message)
                }
                other => Err(format!("there is no tool named '{other}'")),
            }
        })
    }
}
