//! Running workflows: a manual run, a trigger's run, a sub-workflow's run and a re-run all start
//! here, each with a [`RunContext`] (its organization, parent, depth, budget and cancellation). The
//! execution is recorded RUNNING → COMPLETED / FAILED / CANCELLED; its steps are written in batches
//! (see `recording`), and the final record is durable before the caller hears of the end.

mod hooks;
mod plans;
mod recording;
mod rerun;
mod start;

pub(crate) use plans::PlanCache;
pub use plans::Prepared;
pub(crate) use recording::Flusher;
pub(crate) use start::RunShape;

use crate::context::RunContext;
use crate::error::{AppError, AppResult};
use crate::events::EventSink;
use crate::hub::Hub;
use crate::lifecycle::ActivityId;
use neuroflow_store::table::{executions, workflows};
use neuroflow_types::{Budget, ErrorCode, ExecutionId, OrgId, RunEvent, TriggerKind, WorkflowExecution, WorkflowId};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

/// The largest execution input accepted (10 MiB of JSON).
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// How to start a run.
#[derive(Clone)]
pub struct RunOptions {
    pub input: Value,
    /// The trigger node to start at; by default the workflow's manual trigger (or its only trigger).
    pub trigger_node: Option<String>,
    pub trigger: TriggerKind,
    /// Where the run's events go, as they happen (nobody listens when `None`).
    pub on_event: Option<EventSink<RunEvent>>,
    /// A cap on what the run's agents and teams may spend; reaching it stops the run.
    pub budget: Option<Budget>,
    /// For tests and dry runs: the longest any delay node of the run (and of its sub-runs) waits.
    /// The document is unchanged and the delay still runs; only its wait is shortened. Shipped
    /// templates' deploy-and-run tests use `Some(Duration::ZERO)` for speed-to-lead's 5 minutes.
    pub max_delay: Option<std::time::Duration>,
    /// For callers that hand the run's id to nobody before its end (a webhook answered with the
    /// run's output, a schedule): the run's opening is written with its first batch of records —
    /// at its end, before its first node that acts on the world, or 25 ms in, whichever comes first
    /// — instead of before `start` returns. Saves a commit per run; see `recording`.
    pub defer_start: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            input: Value::Object(Default::default()),
            trigger_node: None,
            trigger: TriggerKind::Manual,
            on_event: None,
            budget: None,
            max_delay: None,
            defer_start: false,
        }
    }
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions").field("trigger_node", &self.trigger_node).field("trigger", &self.trigger).finish()
    }
}

/// A run in progress.
pub struct RunHandle {
    pub execution_id: ExecutionId,
    pub workflow_id: WorkflowId,
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
        self.start_run_in(RunContext::root(org), workflow, options).await
    }

    /// Starts a run of a stored workflow within a context (a sub-workflow, a tool's run).
    pub(crate) async fn start_run_in(
        &self,
        ctx: RunContext,
        workflow: WorkflowId,
        options: RunOptions,
    ) -> AppResult<RunHandle> {
        let org = ctx.org;
        let open = self.org(org).await?;
        let wf = open.store.read_async(move |c| workflows::get(c, org, workflow)).await?;
        let prepared = self.prepare(&wf)?;
        self.start_prepared(ctx, prepared, options, RunShape::default()).await
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
        if self.inner.activities.cancel(ActivityId::Execution(id)) {
            return Ok(());
        }
        let open = self.org(org).await?;
        let execution = open.store.read_async(move |c| executions::get(c, org, id)).await?;
        let message = if execution.status.is_final() {
            format!("execution {id} has already ended ({})", execution.status)
        } else {
            format!("execution {id} is running in another NeuroFlow process; stop it there")
        };
        Err(AppError::new(ErrorCode::Conflict, message))
    }
}
