//! Running workflows: a manual run, a trigger's run, a sub-workflow's run and a re-run all start
//! here. The execution is recorded PENDING → RUNNING → COMPLETED / FAILED / CANCELLED; every step
//! is written as it settles (see `hooks`), and the final record is durable before the caller hears
//! of the end.

mod hooks;
mod rerun;
mod subworkflow;

use crate::error::{AppError, AppResult};
use crate::hub::{Hub, poisoned};
use hooks::StoreHooks;
use neuroflow_engine::run::{DEFAULT_CONCURRENCY, Executors, Reused, RunRequest};
use neuroflow_engine::validate::{Plan, compile};
use neuroflow_store::table::run_records::{self, ExecutionRow, FinishRow, RunTotals};
use neuroflow_store::table::{executions, workflows};
use neuroflow_types::{
    Budget, ExecutionId, ExecutionStatus, LogEntry, OrgId, RunEvent, TriggerKind, Workflow, WorkflowExecution,
    WorkflowId, now,
};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub use subworkflow::MAX_DEPTH;

/// The largest execution input accepted (10 MiB of JSON).
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// A workflow version compiled and ready to run.
#[derive(Debug)]
pub struct Prepared {
    pub id: WorkflowId,
    pub name: String,
    pub version: i64,
    pub variables: neuroflow_types::JsonMap,
    pub plan: Arc<Plan>,
}

/// How to start a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub input: Value,
    /// The trigger node to start at; by default the workflow's manual trigger (or its only trigger).
    pub trigger_node: Option<String>,
    pub trigger: TriggerKind,
    /// Whether the caller wants the run's events on its handle.
    pub listen: bool,
    /// A cap on what the run's agents and teams may spend; reaching it stops the run.
    pub budget: Option<Budget>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            input: Value::Object(Default::default()),
            trigger_node: None,
            trigger: TriggerKind::Manual,
            listen: false,
            budget: None,
        }
    }
}

/// Where a run sits among others: the run that started it (a sub-workflow's parent) and the past
/// execution it re-runs.
#[derive(Default)]
pub(crate) struct Lineage {
    pub parent: Option<ExecutionId>,
    pub depth: u32,
    pub cancel: Option<CancellationToken>,
    pub rerun: Option<(ExecutionId, String, HashMap<String, Reused>)>,
}

/// A run in progress.
pub struct RunHandle {
    pub execution_id: ExecutionId,
    pub workflow_id: WorkflowId,
    /// The run's events as they happen (when started with `listen`).
    pub events: Option<mpsc::UnboundedReceiver<RunEvent>>,
    cancel: CancellationToken,
    done: tokio::task::JoinHandle<AppResult<WorkflowExecution>>,
}

impl std::fmt::Debug for RunHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunHandle").field("execution_id", &self.execution_id).finish()
    }
}

impl RunHandle {
    /// Asks the run to stop; it ends CANCELLED.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// A token that cancels the run (to hand to a Ctrl-C handler, say).
    pub fn cancel_token(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// Waits for the end of the run; the returned record is durable.
    pub async fn finish(self) -> AppResult<WorkflowExecution> {
        self.done.await?
    }
}

impl Hub {
    /// Starts a run of a stored workflow.
    pub async fn start_run(&self, org: OrgId, workflow: WorkflowId, options: RunOptions) -> AppResult<RunHandle> {
        let open = self.org(org).await?;
        let wf = open.store.read_async(move |c| workflows::get(c, org, workflow)).await?;
        self.start_run_of(org, wf, options, Lineage::default()).await
    }

    pub(crate) async fn start_run_lineage(
        &self,
        org: OrgId,
        workflow: WorkflowId,
        options: RunOptions,
        lineage: Lineage,
    ) -> AppResult<RunHandle> {
        let open = self.org(org).await?;
        let wf = open.store.read_async(move |c| workflows::get(c, org, workflow)).await?;
        self.start_run_of(org, wf, options, lineage).await
    }

    /// Runs a stored workflow to its end.
    pub async fn run_workflow(
        &self,
        org: OrgId,
        workflow: WorkflowId,
        options: RunOptions,
    ) -> AppResult<WorkflowExecution> {
        self.start_run(org, workflow, options).await?.finish().await
    }

    /// Asks a run of this process to stop.
    pub async fn cancel_execution(&self, org: OrgId, id: ExecutionId) -> AppResult<()> {
        if let Some(token) = self.inner.running.lock().map_err(|_| poisoned())?.get(&id) {
            token.cancel();
            return Ok(());
        }
        let open = self.org(org).await?;
        let execution = open.store.read_async(move |c| executions::get(c, org, id)).await?;
        if execution.status.is_final() {
            Err(AppError::new(
                neuroflow_types::ErrorCode::Conflict,
                format!("execution {id} has already ended ({})", execution.status),
            ))
        } else {
            Err(AppError::new(
                neuroflow_types::ErrorCode::Conflict,
                format!("execution {id} is running in another NeuroFlow process; stop it there"),
            ))
        }
    }

    /// A workflow version compiled and ready to run (cached per process).
    pub(crate) fn prepare(&self, wf: &Workflow) -> AppResult<Arc<Prepared>> {
        self.cached_prepared((wf.id, wf.version), || {
            let (plan, _) = compile(&wf.document()).map_err(|report| AppError::validation("the workflow", &report))?;
            Ok(Prepared {
                id: wf.id,
                name: wf.name.clone(),
                version: wf.version,
                variables: wf.variables.clone(),
                plan: Arc::new(plan),
            })
        })
    }

    /// The compiled plan of a workflow's current version.
    pub(crate) fn plan_of(&self, wf: &Workflow) -> AppResult<Arc<Plan>> {
        Ok(Arc::clone(&self.prepare(wf)?.plan))
    }

    pub(crate) async fn start_run_of(
        &self,
        org: OrgId,
        wf: Workflow,
        options: RunOptions,
        lineage: Lineage,
    ) -> AppResult<RunHandle> {
        let prepared = self.prepare(&wf)?;
        self.start_prepared(org, prepared, options, lineage).await
    }

    /// Starts a run of a prepared workflow version.
    pub(crate) async fn start_prepared(
        &self,
        org: OrgId,
        wf: Arc<Prepared>,
        options: RunOptions,
        lineage: Lineage,
    ) -> AppResult<RunHandle> {
        let plan = Arc::clone(&wf.plan);
        let trigger = choose_trigger(&plan, options.trigger_node.as_deref())?;
        let options_budget = options.budget;
        let input_size = serde_json::to_vec(&options.input).map(|v| v.len()).unwrap_or(0);
        if input_size > MAX_INPUT_BYTES {
            return Err(AppError::invalid(format!(
                "the input is {input_size} bytes; the limit is {MAX_INPUT_BYTES} bytes"
            )));
        }
        let runner = self.runner_id(org).await?;
        let open = self.org(org).await?;
        let started_at = now();
        let (trigger_kind, rerun) = match lineage.rerun {
            Some((of, from, reuse)) => (TriggerKind::Rerun, Some((of, from, reuse))),
            None => (options.trigger, None),
        };
        let execution = WorkflowExecution {
            id: ExecutionId::new(),
            organization_id: org,
            workflow_id: wf.id,
            workflow_name: wf.name.clone(),
            workflow_version: wf.version,
            status: ExecutionStatus::Pending,
            trigger: trigger_kind,
            trigger_node: Some(trigger.clone()),
            parent_execution_id: lineage.parent,
            rerun_of: rerun.as_ref().map(|r| r.0),
            rerun_from: rerun.as_ref().map(|r| r.1.clone()),
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
        };
        // PENDING, then RUNNING as the engine takes it, in one write with the workflow's run count and
        // the first log line; the steps' writes follow it in order. The caller gets the id only once
        // this is committed, so the execution can be read the moment its id is known.
        let (listener, events) = if options.listen {
            let (tx, rx) = mpsc::unbounded_channel();
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        let hooks = Arc::new(StoreHooks {
            store: Arc::clone(&open.store),
            org,
            execution: execution.id,
            logs: Default::default(),
            listener,
            bus: self.inner.bus.clone(),
        });
        let (id, wf_id) = (execution.id, wf.id);
        let row = ExecutionRow::encode(&execution, Some(&runner))?;
        let started =
            run_log("RUNNING", format!("started by {} at trigger '{trigger}'", trigger_kind.as_str().to_lowercase()));
        let started = hooks.log_row(&started)?;
        let opened = open.store.enqueue(move |c| {
            run_records::insert_execution(c, &row)?;
            executions::mark_running(c, id)?;
            workflows::record_execution(c, org, wf_id, &started_at)?;
            if let Some(log) = &started {
                run_records::insert_log(c, log)?;
            }
            Ok(())
        });
        opened.await?;

        let cancel = lineage.cancel.as_ref().map_or_else(CancellationToken::new, CancellationToken::child_token);
        self.inner.running.lock().map_err(|_| poisoned())?.insert(id, cancel.clone());
        let (reuse, rerun_from, rerun_of) = match rerun {
            Some((of, from, reuse)) => (reuse, Some(from), Some(of)),
            None => (HashMap::new(), None, None),
        };
        let request = RunRequest {
            execution_id: id,
            workflow_id: wf.id,
            started_at,
            input: options.input,
            variables: wf.variables.clone(),
            trigger,
            rerun_from,
            reuse,
            rerun_of,
            max_concurrency: DEFAULT_CONCURRENCY,
        };
        let mut meters = neuroflow_agents::budget::Meters::default();
        if let Some(budget) = options_budget {
            meters = meters.with(neuroflow_agents::budget::Meter::new("the workflow run", budget));
        }
        let executors = self.executors(org, id, lineage.depth, meters);
        let hub = self.clone();
        let run_cancel = cancel.clone();
        let done = tokio::spawn(async move {
            let clock = Instant::now();
            let outcome = neuroflow_engine::run::run(plan, &executors, hooks.clone(), request, run_cancel).await;
            let mut record = execution;
            record.status = outcome.status;
            record.output = outcome.output;
            record.error = outcome.error;
            record.nodes_executed = outcome.nodes_executed;
            record.tokens_used = outcome.tokens_used;
            record.cost_micros = outcome.cost_micros;
            record.completed_at = Some(now());
            record.duration_ms = Some(clock.elapsed().as_millis() as i64);
            let result = finish(&hub, &hooks, org, record).await;
            if let Ok(mut running) = hub.inner.running.lock() {
                running.remove(&id);
            }
            result
        });
        Ok(RunHandle { execution_id: id, workflow_id: wf.id, events, cancel, done })
    }

    /// The executors of one run: the engine's own, HTTP, and sub-workflows of this organization.
    fn executors(
        &self,
        org: OrgId,
        execution: ExecutionId,
        depth: u32,
        meters: neuroflow_agents::budget::Meters,
    ) -> Executors {
        let connections = Arc::new(crate::integrations::OrgConnections::new(self.clone(), org));
        let agents = Arc::new(crate::agents::executor::AgentNodes { hub: self.clone(), org, execution, depth, meters });
        Executors::builtin()
            .with("integration", Arc::new(self.inner.integrations.with_connections(connections)))
            .with(
                "subWorkflow",
                Arc::new(subworkflow::SubWorkflow { hub: self.clone(), org, parent: execution, depth }),
            )
            .with("aiAgent", agents.clone())
            .with("agentTeam", agents)
    }
}

/// Writes the final record and its log line, then announces the end.
async fn finish(hub: &Hub, hooks: &StoreHooks, org: OrgId, record: WorkflowExecution) -> AppResult<WorkflowExecution> {
    let (id, status, output, error) = (record.id, record.status, record.output.clone(), record.error.clone());
    let (completed_at, duration) = (record.completed_at.unwrap_or_else(now), record.duration_ms.unwrap_or(0));
    let (nodes, tokens, cost) = (record.nodes_executed, record.tokens_used, record.cost_micros);
    let message = match &error {
        Some(e) => format!("{} after {duration} ms: {e}", status.as_str().to_lowercase()),
        None => format!("{} in {duration} ms; {nodes} nodes ran", status.as_str().to_lowercase()),
    };
    let log = hooks.log_row(&LogEntry { error: error.clone(), ..run_log(status.as_str(), message) })?;
    let totals = RunTotals {
        nodes_executed: nodes,
        tokens_used: tokens,
        cost_micros: cost,
        log_count: hooks.logs.kept(),
        logs_dropped: hooks.logs.dropped(),
    };
    let row = FinishRow::encode(id, status, output.as_ref(), error.as_deref(), &completed_at, duration, totals)?;
    let open = hub.org(org).await?;
    open.store
        .write(move |c| {
            if let Some(log) = &log {
                run_records::insert_log(c, log)?;
            }
            run_records::finish_execution(c, &row).map(|_| ())
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
    let manual: Vec<&neuroflow_engine::validate::PlanNode> = triggers
        .iter()
        .copied()
        .filter(|t| {
            matches!(t.spec, neuroflow_engine::spec::NodeSpec::Trigger(neuroflow_engine::spec::TriggerSpec::Manual))
        })
        .collect();
    match (manual.as_slice(), triggers.as_slice()) {
        ([one], _) | ([], [one]) => Ok(one.id.clone()),
        _ => Err(AppError::invalid(format!("this workflow has several triggers ({}); choose one", names()))),
    }
}

fn run_log(status: &str, message: String) -> LogEntry {
    LogEntry {
        seq: 0,
        node_id: None,
        node_name: None,
        status: status.into(),
        timestamp: now(),
        message,
        data: None,
        error: None,
    }
}
