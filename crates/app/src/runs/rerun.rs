//! Re-running a past execution from a chosen node: that node and everything downstream of it run
//! again with the workflow as it is now; every other node takes the output recorded in the past
//! execution. This is how a failed or interrupted production run is debugged and resumed.

use super::start::RunShape;
use super::{RunHandle, RunOptions};
use crate::context::RunContext;
use crate::error::{AppError, AppResult};
use crate::events::EventSink;
use crate::hub::Hub;
use neuroflow_engine::run::Reused;
use neuroflow_store::table::{executions, workflows};
use neuroflow_types::{ExecutionId, OrgId, RunEvent, StepStatus};
use std::collections::HashMap;

impl Hub {
    /// Starts a new execution that re-runs `execution` from node `from`.
    pub async fn rerun(
        &self,
        org: OrgId,
        execution: ExecutionId,
        from: &str,
        on_event: Option<EventSink<RunEvent>>,
    ) -> AppResult<RunHandle> {
        let open = self.org(org).await?;
        let past = open.store.read_async(move |c| executions::detail(c, org, execution)).await?;
        let workflow_id = past.execution.workflow_id;
        let wf = open.store.read_async(move |c| workflows::get(c, org, workflow_id)).await?;
        let prepared = self.prepare(&wf)?;
        let plan = std::sync::Arc::clone(&prepared.plan);
        let Some(&from_index) = plan.graph.index.get(from) else {
            let ids: Vec<&str> = plan.nodes.iter().map(|n| n.id.as_str()).collect();
            return Err(AppError::invalid(format!(
                "node '{from}' is not in workflow '{}' (its nodes: {})",
                wf.name,
                ids.join(", ")
            )));
        };
        let trigger = past.execution.trigger_node.clone().unwrap_or_default();

        let mut reuse = HashMap::new();
        let mut missing = Vec::new();
        for step in &past.steps {
            match (step.status, &step.output) {
                (StepStatus::Completed, Some(output)) => {
                    reuse.insert(step.node_id.clone(), Reused { output: output.clone(), failed: false });
                }
                (StepStatus::Failed, Some(output)) => {
                    reuse.insert(step.node_id.clone(), Reused { output: output.clone(), failed: true });
                }
                _ => {}
            }
        }
        // Every node upstream of `from` must have an output to reuse, or have been skipped.
        let downstream = plan.graph.reachable_from(&[from_index]);
        let skipped: Vec<&str> =
            past.steps.iter().filter(|s| s.status == StepStatus::Skipped).map(|s| s.node_id.as_str()).collect();
        for (i, node) in plan.nodes.iter().enumerate() {
            let upstream = !downstream[i] && plan.graph.reachable_from(&[i])[from_index];
            if upstream && !reuse.contains_key(&node.id) && !skipped.contains(&node.id.as_str()) {
                missing.push(node.id.clone());
            }
        }
        if !missing.is_empty() {
            return Err(AppError::invalid(format!(
                "execution {execution} has no recorded output for {} upstream of '{from}'; re-run from an earlier node",
                missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ")
            )));
        }
        let options = RunOptions {
            input: past.execution.input.clone(),
            trigger_node: Some(trigger),
            on_event,
            ..RunOptions::default()
        };
        let shape =
            RunShape { rerun_of: Some(execution), rerun_from: Some(from.to_string()), reuse, ..RunShape::default() };
        self.start_prepared(RunContext::root(org), prepared, options, shape).await
    }
}
