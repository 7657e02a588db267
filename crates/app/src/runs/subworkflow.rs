//! The `subWorkflow` node: runs another workflow of the organization as a child execution, once, or
//! once per item of a list (`forEach`) with bounded concurrency, outputs in order.

use crate::hub::Hub;
use crate::runs::{Lineage, RunOptions};
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_engine::spec::NodeSpec;
use neuroflow_types::{ExecutionId, ExecutionStatus, OrgId, TriggerKind, WorkflowId};
use serde_json::Value;
use std::sync::Arc;

/// How deep sub-workflows may nest (a workflow calling itself stops here).
pub const MAX_DEPTH: u32 = 8;

pub(crate) struct SubWorkflow {
    pub hub: Hub,
    pub org: OrgId,
    pub parent: ExecutionId,
    pub depth: u32,
}

impl Executor for SubWorkflow {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeSpec::SubWorkflow { workflow_id, input, for_each, concurrency } = &call.node().spec else {
                return Err(NodeError::permanent("internal: a subWorkflow node without a workflow"));
            };
            if self.depth >= MAX_DEPTH {
                return Err(NodeError::permanent(format!(
                    "sub-workflows are nested more than {MAX_DEPTH} deep (does a workflow call itself?)"
                )));
            }
            let target: WorkflowId =
                workflow_id.parse().map_err(|e| NodeError::permanent(format!("data.workflowId: {e}")))?;
            let Some(list_template) = for_each else {
                let input = call.scope.render(input).map_err(|e| field_error(&call, "data.input", e))?;
                return self.run_child(target, input, &call).await.map(NodeOutput::of);
            };
            let items = match call.scope.render_str(list_template).map_err(|e| field_error(&call, "data.forEach", e))? {
                Value::Array(items) => items,
                other => {
                    return Err(NodeError::permanent(format!("data.forEach: must give a list, not {other}")));
                }
            };
            let semaphore = Arc::new(tokio::sync::Semaphore::new(*concurrency));
            let mut runs = tokio::task::JoinSet::new();
            for (index, item) in items.into_iter().enumerate() {
                let scope = call.scope.with(&[("item", item), ("index", Value::from(index))]);
                let input =
                    scope.render(input).map_err(|e| field_error(&call, &format!("data.input (item {index})"), e))?;
                let (this, semaphore, cancel) = (Arc::clone(&self), Arc::clone(&semaphore), call.cancel.clone());
                let (node, execution) = (call.node().id.clone(), call.execution_id);
                runs.spawn(async move {
                    let _permit = semaphore.acquire_owned().await;
                    let result = this.run(target, input, cancel, &node, execution).await;
                    (index, result)
                });
            }
            let mut outputs = vec![Value::Null; runs.len()];
            while let Some(joined) = runs.join_next().await {
                let (index, result) =
                    joined.map_err(|e| NodeError::permanent(format!("a sub-workflow task failed: {e}")))?;
                outputs[index] =
                    result.map_err(|e| NodeError { message: format!("item {index}: {}", e.message), ..e })?;
            }
            Ok(NodeOutput::of(Value::Array(outputs)))
        })
    }
}

impl SubWorkflow {
    async fn run_child(&self, target: WorkflowId, input: Value, call: &NodeCall) -> Result<Value, NodeError> {
        self.run(target, input, call.cancel.clone(), &call.node().id, call.execution_id).await
    }

    async fn run(
        &self,
        target: WorkflowId,
        input: Value,
        cancel: tokio_util::sync::CancellationToken,
        _node: &str,
        _execution: ExecutionId,
    ) -> Result<Value, NodeError> {
        let options = RunOptions { input, trigger: TriggerKind::SubWorkflow, ..RunOptions::default() };
        let lineage = Lineage { parent: Some(self.parent), depth: self.depth + 1, cancel: Some(cancel), rerun: None };
        let handle = self
            .hub
            .start_run_lineage(self.org, target, options, lineage)
            .await
            .map_err(|e| NodeError::permanent(format!("sub-workflow {target}: {}", e.message)))?;
        let id = handle.execution_id;
        let done =
            handle.finish().await.map_err(|e| NodeError::permanent(format!("sub-workflow {target}: {}", e.message)))?;
        match done.status {
            ExecutionStatus::Completed => Ok(done.output.unwrap_or(Value::Null)),
            status => Err(NodeError::permanent(format!(
                "sub-workflow '{}' {} (execution {id}): {}",
                done.workflow_name,
                status.as_str().to_lowercase(),
                done.error.unwrap_or_default()
            ))),
        }
    }
}
