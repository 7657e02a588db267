//! The scheduler: runs a validated plan from one trigger, as workflow-format.md describes.
//!
//! A node becomes ready when every incoming edge from a node of the run has settled; it runs when at
//! least one of them is active, and is skipped otherwise (so a node after an if/else join runs once).
//! Ready nodes run concurrently, up to a bound, each attempt through its type's executor with the
//! node's retry, timeout and onError policy. Every settled node is handed to the run's hooks to be
//! recorded; before a node that acts on the world starts, everything recorded so far is made durable,
//! so a crash never loses a completed step that anything later depended on.

mod settle;

use super::attempt::{Settled, attempts};
use super::executor::{Executors, NodeCall};
use super::request::{Durable, Record, RunHooks, RunOutcome, RunRequest};
use super::scope::{OutputTable, RunScope, Scope};
use crate::error::NodeError;
use crate::expr;
use crate::validate::Plan;
use neuroflow_types::{ExecutionStatus, ExecutionStep, NodeKind, RunEvent, StepStatus, Timestamp, now};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Where a node of the run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Waiting,
    Running,
    Completed,
    /// Failed, but onError let the run go on.
    Handled,
    Skipped,
    Cancelled,
    /// Failed and failed the run.
    Failed,
}

/// Runs a plan to its end and reports how it ended. Never panics on bad input: a problem becomes a
/// failed outcome with a message naming the node.
pub async fn run(
    plan: Arc<Plan>,
    executors: &Executors,
    hooks: Arc<dyn RunHooks>,
    request: RunRequest,
    cancel: CancellationToken,
) -> RunOutcome {
    match Scheduler::new(plan, executors, hooks, request, cancel) {
        Ok(scheduler) => scheduler.run().await,
        Err(NodeError { message, .. }) => RunOutcome {
            status: ExecutionStatus::Failed,
            output: None,
            error: Some(message),
            nodes_executed: 0,
            tokens_used: 0,
            cost_micros: 0,
        },
    }
}

struct Scheduler<'a> {
    plan: Arc<Plan>,
    executors: &'a Executors,
    hooks: Arc<dyn RunHooks>,
    request: RunRequest,
    cancel: CancellationToken,
    /// Cancelled when the run fails or is cancelled: stops the nodes still running.
    stop: CancellationToken,
    trigger: usize,
    in_run: Vec<bool>,
    /// Nodes downstream of the re-run node (itself included): these run again.
    rerun: Option<Vec<bool>>,
    pending: Vec<usize>,
    active_sources: Vec<Vec<usize>>,
    state: Vec<State>,
    /// The order in which the run reached each node (its step's ordinal), once reached.
    ordinals: Vec<Option<i64>>,
    reached: i64,
    outputs: Vec<Option<Value>>,
    scope: RunScope,
    ready: VecDeque<usize>,
    tasks: JoinSet<Settled>,
    durable: Vec<Durable>,
    failure: Option<String>,
    cancelled: bool,
    executed: i64,
    tokens: i64,
    cost: i64,
}

impl<'a> Scheduler<'a> {
    fn new(
        plan: Arc<Plan>,
        executors: &'a Executors,
        hooks: Arc<dyn RunHooks>,
        request: RunRequest,
        cancel: CancellationToken,
    ) -> Result<Self, NodeError> {
        let n = plan.nodes.len();
        let trigger = *plan
            .graph
            .index
            .get(&request.trigger)
            .filter(|&&i| matches!(plan.nodes[i].kind, NodeKind::Trigger(_)))
            .ok_or_else(|| {
                NodeError::permanent(format!("'{}' is not a trigger node of this workflow", request.trigger))
            })?;
        let mut in_run = plan.graph.reachable_from(&[trigger]);
        if let Some(target) = &request.up_to {
            let &t = plan
                .graph
                .index
                .get(target)
                .ok_or_else(|| NodeError::permanent(format!("node '{target}' does not exist in this workflow")))?;
            if !in_run[t] {
                return Err(NodeError::permanent(format!(
                    "node '{target}' is not reached from trigger '{}'",
                    request.trigger
                )));
            }
            // Only what lies on the paths to the target runs; the run stops after it.
            let before = plan.graph.reaching(&[t]);
            for (i, reached) in in_run.iter_mut().enumerate() {
                *reached &= before[i];
            }
        }
        let rerun = match &request.rerun_from {
            None => None,
            Some(from) => {
                let &i =
                    plan.graph.index.get(from).ok_or_else(|| {
                        NodeError::permanent(format!("node '{from}' does not exist in this workflow"))
                    })?;
                if !in_run[i] {
                    return Err(NodeError::permanent(format!(
                        "node '{from}' is not reached from trigger '{}'",
                        request.trigger
                    )));
                }
                Some(plan.graph.reachable_from(&[i]))
            }
        };
        let mut pending = vec![0; n];
        for (i, links) in plan.graph.incoming.iter().enumerate() {
            pending[i] = links.iter().filter(|l| in_run[l.source]).count();
        }
        let execution = json!({ "id": request.execution_id, "startedAt": request.started_at });
        let scope = RunScope {
            input: expr::to_template_value(&request.input),
            vars: expr::to_template_value(&Value::Object(request.variables.clone())),
            execution: expr::to_template_value(&execution),
            outputs: Arc::new(OutputTable::default()),
        };
        let stop = cancel.child_token();
        Ok(Self {
            plan,
            executors,
            hooks,
            request,
            cancel,
            stop,
            trigger,
            in_run,
            rerun,
            pending,
            active_sources: vec![Vec::new(); n],
            state: vec![State::Waiting; n],
            ordinals: vec![None; n],
            reached: 0,
            outputs: vec![None; n],
            scope,
            ready: VecDeque::from([trigger]),
            tasks: JoinSet::new(),
            durable: Vec::new(),
            failure: None,
            cancelled: false,
            executed: 0,
            tokens: 0,
            cost: 0,
        })
    }

    async fn run(mut self) -> RunOutcome {
        self.emit(|| RunEvent::ExecutionStarted {
            execution_id: self.request.execution_id,
            workflow_id: self.request.workflow_id,
            trigger_node: self.request.trigger.clone(),
            at: self.request.started_at,
        });
        let limit = self.request.max_concurrency.max(1);
        loop {
            while !self.stopping() && self.tasks.len() < limit {
                let Some(i) = self.ready.pop_front() else {
                    break;
                };
                if self.is_reused(i) {
                    self.settle_reused(i);
                } else {
                    self.launch(i).await;
                }
            }
            if self.tasks.is_empty() {
                if self.ready.is_empty() || self.stopping() {
                    break;
                }
                continue;
            }
            tokio::select! {
                biased;
                () = self.cancel.cancelled(), if !self.cancelled => {
                    self.cancelled = true;
                    self.stop.cancel();
                }
                Some(joined) = self.tasks.join_next() => match joined {
                    Ok(settled) => self.settle(settled),
                    Err(e) => self.fail(format!("a node's task ended abnormally: {e}")),
                },
            }
        }
        if self.hooks.persists_with_end() {
            self.durable.clear();
        } else {
            self.make_durable().await;
        }
        self.outcome()
    }

    /// Builds and emits an event only when someone listens.
    fn emit(&self, event: impl FnOnce() -> RunEvent) {
        if self.hooks.listening() {
            self.hooks.emit(event());
        }
    }

    fn stopping(&self) -> bool {
        self.failure.is_some() || self.cancelled
    }

    fn fail(&mut self, message: String) {
        if self.failure.is_none() {
            self.failure = Some(message);
        }
        self.stop.cancel();
    }

    /// Awaits every record queued so far; a record that could not be written fails the run.
    async fn make_durable(&mut self) {
        for pending in std::mem::take(&mut self.durable) {
            if let Err(e) = pending.await {
                self.fail(format!("the run could not be recorded: {e}"));
            }
        }
    }

    fn queue(&mut self, record: Record) {
        let durable = self.hooks.record(record);
        self.durable.push(durable);
    }

    /// During a re-run, a node not downstream of the re-run node takes its recorded output.
    fn is_reused(&self, i: usize) -> bool {
        self.request.pinned.contains_key(&self.plan.nodes[i].id)
            || self.rerun.as_ref().is_some_and(|downstream| !downstream[i])
    }

    /// The node's input: the one active upstream output, or all of them keyed by node id.
    fn input_of(&self, i: usize) -> Value {
        if i == self.trigger {
            return self.request.input.clone();
        }
        match self.active_sources[i].as_slice() {
            [one] => self.outputs[*one].clone().unwrap_or(Value::Null),
            many => Value::Object(
                many.iter()
                    .map(|&s| (self.plan.nodes[s].id.clone(), self.outputs[s].clone().unwrap_or(Value::Null)))
                    .collect(),
            ),
        }
    }

    async fn launch(&mut self, i: usize) {
        let plan = Arc::clone(&self.plan);
        let node = &plan.nodes[i];
        let input = self.input_of(i);
        let executor = self.executors.get(node.node_type());
        let started_at = now();
        if executor.as_ref().is_some_and(|e| e.records_start()) {
            let step = self.step(i, StepStatus::Running, 1, Some(input.clone()), started_at);
            self.queue(Record::StepStarted(step));
            self.make_durable().await;
            if self.stopping() {
                return;
            }
        }
        self.state[i] = State::Running;
        let call = NodeCall {
            execution_id: self.request.execution_id,
            plan: Arc::clone(&self.plan),
            index: i,
            input: input.clone(),
            scope: Scope::for_node(&self.scope, &input),
            attempt: 1,
            cancel: self.stop.clone(),
        };
        let hooks = Arc::clone(&self.hooks);
        let policy = node.policy;
        let pure = executor.as_ref().is_some_and(|e| !e.records_start());
        let work = attempts(executor, call, policy, hooks, started_at, self.request.max_output_bytes);
        // A pure node (trigger, condition, transform) computes without waiting on anything: it runs
        // right here. Anything that waits, retries or may time out gets a task of its own.
        if pure && policy.max_attempts == 1 && policy.timeout_ms.is_none() {
            let settled = work.await;
            self.settle(settled);
        } else {
            self.tasks.spawn(work);
        }
    }

    fn step(
        &mut self,
        i: usize,
        status: StepStatus,
        attempts: i64,
        input: Option<Value>,
        started_at: Timestamp,
    ) -> ExecutionStep {
        let ordinal = *self.ordinals[i].get_or_insert_with(|| {
            self.reached += 1;
            self.reached - 1
        });
        // The input is kept once when it is one value the execution already holds (see ExecutionStep).
        let input_from = match (&input, self.active_sources[i].as_slice()) {
            (None, _) => None,
            (Some(_), _) if i == self.trigger => Some(String::new()),
            (Some(_), [one]) => Some(self.plan.nodes[*one].id.clone()),
            (Some(_), _) => None,
        };
        let node = &self.plan.nodes[i];
        ExecutionStep {
            execution_id: self.request.execution_id,
            node_id: node.id.clone(),
            node_type: node.node_type().to_string(),
            node_name: node.name.clone(),
            ordinal,
            status,
            attempts,
            input,
            output: None,
            error: None,
            started_at,
            completed_at: None,
            duration_us: None,
            tokens_used: 0,
            cost_micros: 0,
            input_from,
            output_is_input: false,
        }
    }

    /// The run's output: the output of the sink that ran, or every sink's output by node id.
    fn outcome(self) -> RunOutcome {
        let status = if self.cancelled {
            ExecutionStatus::Cancelled
        } else if self.failure.is_some() {
            ExecutionStatus::Failed
        } else {
            ExecutionStatus::Completed
        };
        let sinks: Vec<usize> = (0..self.plan.nodes.len())
            .filter(|&i| self.in_run[i] && self.plan.graph.outgoing[i].is_empty())
            .filter(|&i| matches!(self.state[i], State::Completed | State::Handled))
            .collect();
        let output = match sinks.as_slice() {
            _ if status != ExecutionStatus::Completed => None,
            [] => Some(Value::Null),
            [one] => self.outputs[*one].clone(),
            many => Some(Value::Object(
                many.iter()
                    .map(|&i| (self.plan.nodes[i].id.clone(), self.outputs[i].clone().unwrap_or(Value::Null)))
                    .collect(),
            )),
        };
        let error = match status {
            ExecutionStatus::Cancelled => Some(self.failure.unwrap_or_else(|| "cancelled".into())),
            _ => self.failure,
        };
        RunOutcome {
            status,
            output,
            error,
            nodes_executed: self.executed,
            tokens_used: self.tokens,
            cost_micros: self.cost,
        }
    }
}
