//! Starting a prepared workflow version: its execution recorded (RUNNING, with the workflow's run
//! count — awaited so the id can be read the moment it is returned, unless
//! the caller defers it), its cancellation registered, its executors bound to its context, and its
//! end recorded, with its children's totals and whatever records were still waiting, in one
//! transaction before anyone hears of it.

use super::hooks::StoreHooks;
use super::recording::{Opening, Recorder};
use super::{MAX_INPUT_BYTES, Prepared, RunHandle, RunOptions};
use crate::context::{RunContext, Totals};
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use crate::lifecycle::ActivityId;
use neuroflow_engine::run::{DEFAULT_CONCURRENCY, Reused, RunRequest};
use neuroflow_engine::validate::Plan;
use neuroflow_store::table::executions::{self, ExecutionRow, FinishRow, RunTotals};
use neuroflow_types::{
    ErrorCode, ExecutionId, ExecutionStatus, NodeKind, RunEvent, TriggerConfig, TriggerKind, WorkflowExecution,
    closing_line, now, opening_line,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

/// What part of a workflow a run runs, and with what already known: a re-run reuses a past
/// execution's outputs and runs again from a node; the editor's test runs stop after a node, take
/// pinned outputs instead of running their nodes, and are marked as test runs.
#[derive(Default)]
pub(crate) struct RunShape {
    /// The past execution whose outputs are reused.
    pub rerun_of: Option<ExecutionId>,
    /// The node run again from (what comes before it is reused or pinned).
    pub rerun_from: Option<String>,
    pub reuse: HashMap<String, Reused>,
    pub up_to: Option<String>,
    pub pinned: HashMap<String, serde_json::Value>,
    pub test_run: bool,
}

impl Hub {
    /// Starts a run of a prepared workflow version within `ctx`.
    pub(crate) async fn start_prepared(
        &self,
        ctx: RunContext,
        wf: Arc<Prepared>,
        options: RunOptions,
        shape: RunShape,
    ) -> AppResult<RunHandle> {
        let org = ctx.org;
        if ctx.depth == 0 {
            // A run of its own (not a sub-workflow's or a tool's, which belong to the run above).
            self.require_run_room(org).await?;
        }
        let plan = Arc::clone(&wf.plan);
        let trigger = choose_trigger(&plan, options.trigger_node.as_deref())?;
        let input_size = serde_json::to_vec(&options.input).map(|v| v.len()).unwrap_or(0);
        if input_size > MAX_INPUT_BYTES {
            return Err(AppError::new(
                ErrorCode::Limit,
                format!("the input is {input_size} bytes; the limit is {MAX_INPUT_BYTES} bytes"),
            ));
        }
        let slot = ctx.running()?;
        let runner = self.runner_id(org).await?;
        let open = self.org(org).await?;
        let ctx = ctx.with_budget("the workflow run", options.budget).with_max_delay(options.max_delay);
        let started_at = now();
        let trigger_kind = if shape.rerun_of.is_some() { TriggerKind::Rerun } else { options.trigger };
        let execution = WorkflowExecution {
            id: ExecutionId::new(),
            organization_id: org,
            workflow_id: wf.id,
            workflow_name: wf.name.clone(),
            workflow_version: wf.version,
            status: ExecutionStatus::Running,
            trigger: trigger_kind,
            trigger_node: Some(trigger.clone()),
            parent_execution_id: ctx.parent,
            rerun_of: shape.rerun_of,
            rerun_from: shape.rerun_from.clone(),
            test_run: shape.test_run,
            started_at,
            completed_at: None,
            duration_ms: None,
            input: options.input.clone(),
            output: None,
            error: None,
            nodes_executed: 0,
            tokens_used: 0,
            cost_micros: 0,
            log_count: 0,
            logs_dropped: 0,
            pinned: false,
        };
        // RUNNING from its first write, with the workflow's run count; the
        // steps follow it in order. Unless deferred, the caller gets the id only once this is
        // committed, so the execution can be read the moment its id is known.
        let (id, wf_id) = (execution.id, wf.id);
        let opening =
            Opening { row: ExecutionRow::encode(&execution, Some(&runner))?, org, workflow: wf_id, started_at };
        let recorder = Recorder::new(Arc::clone(&open.store), Arc::clone(&self.inner.flusher));
        let hooks = Arc::new(StoreHooks::new(
            recorder,
            org,
            id,
            options.on_event,
            self.inner.bus.clone(),
            Arc::clone(&wf.actions),
        ));
        hooks.claim_opening_line(|| opening_line(&execution));
        if options.defer_start {
            hooks.recorder.defer(opening);
        } else {
            open.store.write(move |c| opening.write(c, None)).await?;
        }

        let registration = self.inner.activities.register(ActivityId::Execution(id), ctx.cancel.clone());
        let children = Arc::new(Totals::default());
        let executors = crate::executors::for_run(self, &ctx.for_execution(id, Arc::clone(&children)));
        let request = RunRequest {
            execution_id: id,
            workflow_id: wf.id,
            started_at,
            input: options.input,
            variables: wf.variables.clone(),
            trigger,
            rerun_from: shape.rerun_from,
            up_to: shape.up_to,
            reuse: shape.reuse,
            pinned: shape.pinned,
            rerun_of: shape.rerun_of,
            max_concurrency: DEFAULT_CONCURRENCY,
            max_output_bytes: open.limits.get().node_output_bytes as usize,
        };
        let hub = self.clone();
        let cancel = ctx.cancel.clone();
        let done = tokio::spawn(async move {
            let clock = Instant::now();
            let outcome =
                neuroflow_engine::run::run(plan, &executors, hooks.clone(), request, ctx.cancel.clone()).await;
            // A run's totals include its children's (sub-workflows, workflows its agents ran).
            let (tokens, cost, nodes) = children.get();
            let mut record = execution;
            record.status = outcome.status;
            record.output = outcome.output;
            record.error = outcome.error;
            record.nodes_executed = outcome.nodes_executed + nodes;
            record.tokens_used = outcome.tokens_used + tokens;
            record.cost_micros = outcome.cost_micros + cost;
            record.completed_at = Some(now());
            record.duration_ms = Some(clock.elapsed().as_millis() as i64);
            let result = finish(&hub, &hooks, record).await;
            if let Ok(record) = &result {
                ctx.report(record.tokens_used, record.cost_micros, record.nodes_executed);
            }
            drop((registration, slot));
            result
        });
        Ok(RunHandle { execution_id: id, workflow_id: wf.id, cancel, done })
    }
}

/// Writes the final record (its closing log line is derived from it when read), then announces the end.
async fn finish(hub: &Hub, hooks: &StoreHooks, record: WorkflowExecution) -> AppResult<WorkflowExecution> {
    let (id, status, error) = (record.id, record.status, record.error.clone());
    let (completed_at, duration) = (record.completed_at.unwrap_or_else(now), record.duration_ms.unwrap_or(0));
    let (nodes, tokens, cost) = (record.nodes_executed, record.tokens_used, record.cost_micros);
    let mut record = record;
    hooks.announce_closing_line(|| closing_line(&record));
    (record.log_count, record.logs_dropped) = (hooks.logs.kept(), hooks.logs.dropped());
    let totals = RunTotals {
        nodes_executed: nodes,
        tokens_used: tokens,
        cost_micros: cost,
        log_count: hooks.logs.kept(),
        logs_dropped: hooks.logs.dropped(),
    };
    let row = FinishRow::encode(id, status, record.output.as_ref(), error.as_deref(), &completed_at, duration, totals)?;
    let rest = hooks.recorder.take_rest().await;
    let open = hub.org(record.organization_id).await?;
    open.store
        .write(move |c| {
            // A run whose opening still waits is written once, already ended.
            rest.write(c, Some(&row))?;
            if rest.opening.is_none() {
                executions::finish(c, &row)?;
            }
            Ok(())
        })
        .await?;
    hooks.send(RunEvent::ExecutionFinished {
        execution_id: id,
        status,
        output: record.output.clone(),
        error: record.error.clone(),
        duration_ms: duration,
        nodes_executed: nodes,
        tokens_used: tokens,
        cost_micros: cost,
    });
    Ok(record)
}

/// Picks the trigger a run starts at: the one asked for, or the workflow's manual trigger, or its
/// only trigger.
fn choose_trigger(plan: &Plan, asked: Option<&str>) -> AppResult<String> {
    let triggers: Vec<&neuroflow_engine::validate::PlanNode> = plan.triggers.iter().map(|&i| &plan.nodes[i]).collect();
    let names = || triggers.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ");
    if let Some(asked) = asked {
        return triggers.iter().find(|t| t.id == asked).map(|t| t.id.clone()).ok_or_else(|| {
            AppError::invalid(format!("'{asked}' is not a trigger of this workflow (its triggers: {})", names()))
        });
    }
    let manual: Vec<&&neuroflow_engine::validate::PlanNode> = triggers
        .iter()
        .filter(|t| matches!(&t.kind, NodeKind::Trigger(d) if d.trigger == TriggerConfig::Manual))
        .collect();
    match (manual.as_slice(), triggers.as_slice()) {
        ([one], _) => Ok(one.id.clone()),
        ([], [one]) => Ok(one.id.clone()),
        _ => Err(AppError::invalid(format!("this workflow has several triggers ({}); choose one", names()))),
    }
}
