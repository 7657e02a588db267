//! The tools an agent uses through the app: running one of the organization's workflows (a child of
//! the agent's run context: one level deeper, within the same budget and tree bounds, cancelled with
//! it, its totals added to the run it belongs to) and using one of its integrations (resolved by
//! name or id, secrets kept out of the answer).

use crate::context::RunContext;
use crate::hub::Hub;
use crate::integrations::OrgConnections;
use crate::runs::RunOptions;
use neuroflow_agents::ToolError;
use neuroflow_agents::tools::{BoxFuture, RUN_WORKFLOW, ToolHost, USE_INTEGRATION};
use neuroflow_types::{ExecutionStatus, TriggerKind};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

pub(crate) struct AppTools {
    hub: Hub,
    ctx: RunContext,
}

impl AppTools {
    pub fn new(hub: Hub, ctx: RunContext) -> Self {
        Self { hub, ctx }
    }
}

fn text(args: &Value, key: &str) -> Result<String, ToolError> {
    args.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ToolError(format!("{key}: is required")))
}

impl ToolHost for AppTools {
    fn call(&self, tool: &str, args: Value, cancel: CancellationToken) -> BoxFuture<'static, Result<Value, ToolError>> {
        let (hub, ctx) = (self.hub.clone(), self.ctx.stopped_by(cancel));
        let tool = tool.to_string();
        Box::pin(async move {
            let org = ctx.org;
            match tool.as_str() {
                RUN_WORKFLOW => {
                    let child = ctx.child().map_err(|e| ToolError(e.message))?;
                    let reference = text(&args, "workflow")?;
                    let wf = hub.find_workflow(org, &reference).await.map_err(|e| ToolError(e.message))?;
                    let input = args.get("input").cloned().unwrap_or_else(|| Value::Object(Default::default()));
                    let options = RunOptions { input, trigger: TriggerKind::SubWorkflow, ..RunOptions::default() };
                    let handle = hub.start_run_in(child, wf.id, options).await.map_err(|e| ToolError(e.message))?;
                    let done = handle.finish().await.map_err(|e| ToolError(e.message))?;
                    match done.status {
                        ExecutionStatus::Completed => Ok(done.output.unwrap_or(Value::Null)),
                        other => Err(ToolError(format!(
                            "workflow '{}' {}: {}",
                            wf.name,
                            other.as_str().to_lowercase(),
                            done.error.unwrap_or_default()
                        ))),
                    }
                }
                USE_INTEGRATION => {
                    let reference = text(&args, "integration")?;
                    let action = text(&args, "action")?;
                    let params = args.get("params").cloned().unwrap_or_else(|| Value::Object(Default::default()));
                    let integration = hub.find_integration(org, &reference).await.map_err(|e| ToolError(e.message))?;
                    let connections = OrgConnections::new(hub.clone(), org);
                    let id = integration.id.to_string();
                    neuroflow_integrations::act(&hub.inner.http, &action, &id, &params, &connections)
                        .await
                        .map_err(|e| ToolError(e.message))
                }
                other => Err(ToolError(format!("there is no tool named '{other}'"))),
            }
        })
    }
}
