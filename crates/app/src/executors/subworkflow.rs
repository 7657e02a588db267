//! The subWorkflow node: runs another workflow of the organization as a child of this run — once,
//! or once per item of a list (`forEach`) with bounded concurrency, outputs in order. Children share
//! the run's budget and its tree's bounds (depth, total executions, executions at once), are
//! cancelled with it, and add their tokens, cost and nodes to it.

use crate::context::RunContext;
use crate::hub::Hub;
use crate::runs::RunOptions;
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_types::{ExecutionStatus, NodeKind, TriggerKind, WorkflowId};
use serde_json::Value;
use std::sync::Arc;

pub(super) struct SubWorkflowNode {
    pub hub: Hub,
    pub ctx: RunContext,
}

impl Executor for SubWorkflowNode {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeKind::SubWorkflow(data) = &call.node().kind else {
                return Err(NodeError::permanent("internal: not a subWorkflow node"));
            };
            let target: WorkflowId =
                data.workflow_id.parse().map_err(|e| NodeError::permanent(format!("data.workflowId: {e}")))?;
            let ctx = self.ctx.stopped_by(call.cancel.clone());
            let Some(list_template) = &data.for_each else {
                let input = call.scope.render(&data.input).map_err(|e| field_error("data.input", e))?;
                return run_child(&self.hub, &ctx, target, input).await.map(NodeOutput::of);
            };
            let items = match call.scope.render_str(list_template).map_err(|e| field_error("data.forEach", e))? {
                Value::Array(items) => items,
                other => return Err(NodeError::permanent(format!("data.forEach: must give a list, not {other}"))),
            };
            let concurrency = data.concurrency.unwrap_or(1).max(1) as usize;
            let semaphore = Arc::new(tokio::sync::Semaphore::new(concurrency));
            let mut runs = tokio::task::JoinSet::new();
            for (index, item) in items.into_iter().enumerate() {
                let scope = call.scope.with(&[("item", item), ("index", Value::from(index))]);
                let input =
                    scope.render(&data.input).map_err(|e| field_error(&format!("data.input (item {index})"), e))?;
                let (hub, ctx, semaphore) = (self.hub.clone(), ctx.clone(), Arc::clone(&semaphore));
                runs.spawn(async move {
                    let _permit = semaphore.acquire_owned().await;
                    (index, run_child(&hub, &ctx, target, input).await)
                });
            }
            let mut outputs = vec![Value::Null; runs.len()];
            while let Some(joined) = runs.join_next().await {
                let (index, result) =
                    joined.map_err(|e| NodeError::permanent(format!("a sub-workflow task failed: {e}")))?;
                outputs[index] = result.map_err(|e| e.prefixed(&format!("item {index}: ")))?;
            }
            Ok(NodeOutput::of(Value::Array(outputs)))
        })
    }
}

/// Runs one child to its end; its output, or why it did not complete.
async fn run_child(hub: &Hub, ctx: &RunContext, target: WorkflowId, input: Value) -> Result<Value, NodeError> {
    let child = ctx.child().map_err(|e| NodeError::permanent(e.message))?;
    let options = RunOptions { input, trigger: TriggerKind::SubWorkflow, ..RunOptions::default() };
    let handle = hub
        .start_run_in(child, target, options)
        .await
        .map_err(|e| NodeError::permanent(format!("sub-workflow {target}: {}", e.message)))?;
    let id = handle.execution_id;
    let done =
        handle.finish().await.map_err(|e| NodeError::permanent(format!("sub-workflow {target}: {}", e.message)))?;
    match done.status {
        ExecutionStatus::Completed => Ok(done.output.unwrap_or(Value::Null)),
        ExecutionStatus::Cancelled => Err(NodeError::cancelled()),
        status => Err(NodeError::permanent(format!(
            "sub-workflow '{}' {} (execution {id}): {}",
            done.workflow_name,
            status.as_str().to_lowercase(),
            done.error.unwrap_or_default()
        ))),
    }
}
