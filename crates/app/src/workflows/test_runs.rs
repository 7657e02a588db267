//! Testing while building: a draft runs as it is in the editor (not the published version) — the
//! whole of it, up to a node, or one node alone with every node before it taken from pinned outputs
//! or the workflow's last run — and is recorded like any run, marked as a test run.

use crate::context::RunContext;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use crate::runs::{Prepared, RunHandle, RunOptions, RunShape};
use neuroflow_engine::run::Reused;
use neuroflow_engine::validate::compile;
use neuroflow_store::table::executions;
use neuroflow_types::{
    DraftRunOptions, ExecutionDetail, ExecutionFilter, OrgId, PageRequest, RunEvent, StepStatus, WorkflowDocument,
    WorkflowId,
};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

impl Hub {
    /// The workflow's most recent execution, with its steps (what the editor completes and previews
    /// expressions from).
    pub async fn last_run(&self, org: OrgId, id: WorkflowId) -> AppResult<Option<ExecutionDetail>> {
        let open = self.org(org).await?;
        let filter = ExecutionFilter { workflow_id: Some(id), page: PageRequest::new(1, 0), ..Default::default() };
        let latest = open.store.read_async(move |c| executions::list(c, org, &filter)).await?.items.into_iter().next();
        match latest {
            Some(e) => Ok(Some(open.store.read_async(move |c| executions::detail(c, org, e.id)).await?)),
            None => Ok(None),
        }
    }

    /// Runs a draft document of a workflow as a test run. Refused when the document breaks the rules.
    pub async fn run_draft(
        &self,
        org: OrgId,
        id: WorkflowId,
        document: WorkflowDocument,
        input: Value,
        options: DraftRunOptions,
        on_event: Option<crate::EventSink<RunEvent>>,
    ) -> AppResult<RunHandle> {
        // The role and the plan's month are checked where every run starts (`start_prepared`).
        let workflow = self.get_workflow(org, id).await?;
        let actions = neuroflow_integrations::actions::catalog();
        let (plan, _) = compile(&document, actions).map_err(|r| AppError::validation("the draft", &r))?;
        let pinned: HashMap<String, Value> = options.pins.into_iter().collect();
        let mut shape = RunShape { up_to: options.up_to.clone(), pinned, test_run: true, ..RunShape::default() };
        if let Some(node) = &options.only {
            let last = self.last_run(org, id).await?;
            shape.reuse = recorded_outputs(last.as_ref());
            let missing = upstream_without_output(&plan, node, &shape)?;
            if !missing.is_empty() {
                return Err(AppError::invalid(format!(
                    "to run '{node}' alone, every node before it needs an output: pin one or run up to it first \
                     ({} {} none)",
                    missing.join(", "),
                    if missing.len() == 1 { "has" } else { "have" }
                )));
            }
            shape.rerun_of = last.map(|l| l.execution.id);
            shape.rerun_from = Some(node.clone());
            shape.up_to = Some(node.clone());
        }
        let prepared = Arc::new(Prepared::new(
            id,
            document.name.clone(),
            workflow.latest_version,
            document.variables.clone(),
            plan,
        ));
        let run = RunOptions { input, on_event, ..RunOptions::default() };
        self.start_prepared(RunContext::root(org), prepared, run, shape).await
    }
}

/// The outputs a past execution recorded, by node.
fn recorded_outputs(detail: Option<&ExecutionDetail>) -> HashMap<String, Reused> {
    let mut out = HashMap::new();
    for step in detail.map(|d| d.steps.as_slice()).unwrap_or_default() {
        match (step.status, &step.output) {
            (StepStatus::Completed, Some(o)) => {
                out.insert(step.node_id.clone(), Reused { output: o.clone(), failed: false })
            }
            (StepStatus::Failed, Some(o)) => {
                out.insert(step.node_id.clone(), Reused { output: o.clone(), failed: true })
            }
            _ => None,
        };
    }
    out
}

/// The nodes upstream of `node` that have neither a pinned nor a recorded output.
fn upstream_without_output(
    plan: &neuroflow_engine::validate::Plan,
    node: &str,
    shape: &RunShape,
) -> AppResult<Vec<String>> {
    let &target =
        plan.graph.index.get(node).ok_or_else(|| AppError::invalid(format!("node '{node}' is not in the draft")))?;
    let before = plan.graph.reaching(&[target]);
    Ok(plan
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != target && before[*i])
        .filter(|(_, n)| !shape.pinned.contains_key(&n.id) && !shape.reuse.contains_key(&n.id))
        .map(|(_, n)| n.id.clone())
        .collect())
}
