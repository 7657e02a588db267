//! The run context: everything a run hands down to the work it starts — its organization, the run
//! above it, how deep it is, the budgets that cover it, its cancellation, and the bounds of the whole
//! run tree — as one value, so that a sub-workflow, a `run_workflow` tool call, an agent call or a
//! team run can never start with fresh meters or forget the depth it is at.
//!
//! [`RunContext::child`] is the one way down: it checks the depth and the tree's size, shares the
//! meters (one budget covers the whole tree), and derives a child cancellation token (cancelling a run
//! cancels everything under it). A child workflow run adds its totals to its parent's collector when
//! it ends, so a parent's tokens, cost and nodes include its children's.

use crate::error::{AppError, AppResult};
use neuroflow_agents::budget::{Meter, Meters};
use neuroflow_types::{Budget, ErrorCode, ExecutionId, OrgId};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How deep runs may nest (a workflow calling itself stops here).
pub const MAX_DEPTH: u32 = 8;
/// How many workflow executions one run tree may start in all (its root included).
pub const MAX_TREE_EXECUTIONS: u32 = 1_000;
/// How many executions of one run tree may be running at the same time.
pub const MAX_TREE_RUNNING: u32 = 256;

/// What a run hands down to the work it starts.
#[derive(Clone)]
pub(crate) struct RunContext {
    pub org: OrgId,
    /// The workflow execution this work belongs to, if any.
    pub parent: Option<ExecutionId>,
    /// 0 for a root run; each child is one deeper.
    pub depth: u32,
    /// Every budget that covers this work (shared with the runs above it).
    pub meters: Meters,
    pub cancel: CancellationToken,
    tree: Arc<RunTree>,
    /// Where a child run started from here adds its totals (set by a workflow run for its nodes).
    collector: Option<Arc<Totals>>,
    /// Where this run adds its own totals when it ends (its parent's collector).
    report_to: Option<Arc<Totals>>,
    /// The longest any delay node of this run (and the runs under it) waits; see `RunOptions::max_delay`.
    pub max_delay: Option<Duration>,
}

impl std::fmt::Debug for RunContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunContext").field("org", &self.org).field("depth", &self.depth).finish()
    }
}

impl RunContext {
    /// The context of a run that nothing started (a manual run, a trigger, a direct question).
    pub fn root(org: OrgId) -> Self {
        Self {
            org,
            parent: None,
            depth: 0,
            meters: Meters::default(),
            cancel: CancellationToken::new(),
            tree: Arc::new(RunTree::default()),
            collector: None,
            report_to: None,
            max_delay: None,
        }
    }

    /// This context with its delays capped at `max` as well (the shorter cap wins).
    pub fn with_max_delay(mut self, max: Option<Duration>) -> Self {
        if let Some(max) = max {
            self.max_delay = Some(self.max_delay.map_or(max, |m| m.min(max)));
        }
        self
    }

    /// This context under a budget as well (a workflow run's, a team's, an agent's).
    pub fn with_budget(mut self, owner: impl Into<String>, budget: Option<Budget>) -> Self {
        if let Some(budget) = budget.filter(|b| b.max_tokens.is_some() || b.max_cost_micros.is_some()) {
            self.meters = self.meters.with(Meter::new(owner, budget));
        }
        self
    }

    /// This context with a cancellation token of the caller's (Ctrl-C, a Stop button): cancelling
    /// either stops the work.
    pub fn with_cancel(self, cancel: Option<CancellationToken>) -> Self {
        if let Some(token) = cancel {
            let own = self.cancel.clone();
            // The caller's token cancels ours; ours stays the one handed down.
            tokio::spawn(async move {
                tokio::select! {
                    () = token.cancelled() => own.cancel(),
                    () = own.cancelled() => {}
                }
            });
        }
        self
    }

    /// The same context, stopped by `cancel` instead (a node's own token, which the run cancels when
    /// it is cancelled or fails elsewhere).
    pub fn stopped_by(&self, cancel: CancellationToken) -> Self {
        Self { cancel, ..self.clone() }
    }

    /// The context for the nodes of the workflow execution `id`: work they start belongs to it, and
    /// child runs add their totals to `collector`.
    pub fn for_execution(&self, id: ExecutionId, collector: Arc<Totals>) -> Self {
        Self { parent: Some(id), collector: Some(collector), ..self.clone() }
    }

    /// The context of a workflow run started from here: one level deeper, the same meters and tree,
    /// cancelled with this one. Fails when that would go past the depth or the tree's size.
    pub fn child(&self) -> AppResult<Self> {
        if self.depth + 1 >= MAX_DEPTH {
            return Err(AppError::new(
                ErrorCode::Limit,
                format!(
                    "runs are nested more than {MAX_DEPTH} deep (does a workflow call itself?); not starting another"
                ),
            ));
        }
        self.tree.admit()?;
        Ok(Self {
            org: self.org,
            parent: self.parent,
            depth: self.depth + 1,
            meters: self.meters.clone(),
            cancel: self.cancel.child_token(),
            tree: Arc::clone(&self.tree),
            collector: None,
            report_to: self.collector.clone(),
            max_delay: self.max_delay,
        })
    }

    /// Marks a run of the tree as running until the returned guard is dropped; fails when the tree
    /// already runs as many as it may.
    pub fn running(&self) -> AppResult<RunningSlot> {
        self.tree.start()
    }

    /// Adds a finished run's totals to its parent's.
    pub fn report(&self, tokens: i64, cost_micros: i64, nodes: i64) {
        if let Some(totals) = &self.report_to {
            totals.add(tokens, cost_micros, nodes);
        }
    }
}

/// Tokens, cost and nodes of the child runs of one execution.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    tokens: AtomicI64,
    cost_micros: AtomicI64,
    nodes: AtomicI64,
}

impl Totals {
    pub fn add(&self, tokens: i64, cost_micros: i64, nodes: i64) {
        self.tokens.fetch_add(tokens, Ordering::Relaxed);
        self.cost_micros.fetch_add(cost_micros, Ordering::Relaxed);
        self.nodes.fetch_add(nodes, Ordering::Relaxed);
    }

    /// (tokens, micro-dollars, nodes) so far.
    pub fn get(&self) -> (i64, i64, i64) {
        (
            self.tokens.load(Ordering::Relaxed),
            self.cost_micros.load(Ordering::Relaxed),
            self.nodes.load(Ordering::Relaxed),
        )
    }
}

/// The bounds of one run tree: how many executions it started, and how many run now.
#[derive(Debug)]
struct RunTree {
    started: AtomicU32,
    running: Arc<AtomicU32>,
}

impl Default for RunTree {
    fn default() -> Self {
        Self { started: AtomicU32::new(1), running: Arc::new(AtomicU32::new(0)) }
    }
}

impl RunTree {
    fn admit(&self) -> AppResult<()> {
        let n = self.started.fetch_add(1, Ordering::Relaxed) + 1;
        if n > MAX_TREE_EXECUTIONS {
            return Err(AppError::new(
                ErrorCode::Limit,
                format!(
                    "this run has started {MAX_TREE_EXECUTIONS} workflow executions (itself, its sub-workflows, \
                     forEach items and tool calls); that is the limit of one run, so no more are started"
                ),
            ));
        }
        Ok(())
    }

    fn start(&self) -> AppResult<RunningSlot> {
        let n = self.running.fetch_add(1, Ordering::Relaxed) + 1;
        let slot = RunningSlot(Arc::clone(&self.running));
        if n > MAX_TREE_RUNNING {
            return Err(AppError::new(
                ErrorCode::Limit,
                format!(
                    "this run already has {MAX_TREE_RUNNING} executions running at once; that is the limit of one run"
                ),
            ));
        }
        Ok(slot)
    }
}

/// One running execution of a tree; dropping it frees its place.
pub(crate) struct RunningSlot(Arc<AtomicU32>);

impl Drop for RunningSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
