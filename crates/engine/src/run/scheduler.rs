//! The scheduler: runs a validated plan from one trigger, as workflow-format.md describes.
//!
//! A node becomes ready when every incoming edge from a node of the run has settled; it runs when at
//! least one of them is active, and is skipped otherwise (so a node after an if/else join runs once).
//! Ready nodes run concurrently, up to a bound, each attempt through its type's executor with the
//! node's retry, timeout and onError policy. Every settled node is handed to the run's hooks to be
//! recorded; before a node that acts on the world starts, everything recorded so far is made durable,
//! so a crash never loses a completed step that anything later depended on.

use super::attempt::{Settled, attempts, log_entry};
use super::executor::{Executors, NodeCall};
use super::request::{Durable, Record, RunHooks, RunOutcome, RunRequest};
use super::scope::{OutputTable, RunScope, Scope};
use crate::expr;
use crate::spec::OnError;
use crate::validate::{Link, Plan};
use neuroflow_types::{ExecutionStatus, ExecutionStep, LogEntry, RunEvent, StepStatus, Timestamp, now};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

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

/// How a settled node's outgoing edges are taken.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Succeeded { route: Option<bool> },
    Continued { condition: bool },
    Branched,
}

impl Outcome {
    fn takes(self, link: &Link) -> bool {
        let handle = link.handle.as_deref();
        match self {
            Self::Succeeded { .. } | Self::Continued { .. } if handle == Some("error") => false,
            Self::Succeeded { route: Some(result) } => handle == Some(if result { "true" } else { "false" }),
            Self::Succeeded { route: None } => true,
            // A failed condition has no result; with `continue` it takes its false branch.
            Self::Continued { condition: true } => handle == Some("false"),
            Self::Continued { condition: false } => true,
            Self::Branched => handle == Some("error"),
        }
    }
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
        Err(message) => RunOutcome {
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
    ) -> Result<Self, String> {
        let n = plan.nodes.len();
        let trigger = *plan
            .graph
            .index
            .get(&request.trigger)
            .filter(|&&i| plan.nodes[i].node_type == "trigger")
            .ok_or_else(|| format!("'{}' is not a trigger node of this workflow", request.trigger))?;
        let in_run = plan.graph.reachable_from(&[trigger]);
        let rerun = match &request.rerun_from {
            None => None,
            Some(from) => {
                let &i = plan
                    .graph
                    .index
                    .get(from)
                    .ok_or_else(|| format!("node '{from}' does not exist in this workflow"))?;
                if !in_run[i] {
                    return Err(format!("node '{from}' is not reached from trigger '{}'", request.trigger));
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
        self.make_durable().await;
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
        self.rerun.as_ref().is_some_and(|downstream| !downstream[i])
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
        let executor = self.executors.get(&node.node_type);
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
        let work = attempts(executor, call, policy, hooks, started_at);
        // A pure node (trigger, condition, transform) computes without waiting on anything: it runs
        // right here. Anything that waits, retries or may time out gets a task of its own.
        if pure && policy.max_attempts == 1 && policy.timeout_ms.is_none() {
            let settled = work.await;
            self.settle(settled);
        } else {
            self.tasks.spawn(work);
        }
    }

    fn settle(&mut self, s: Settled) {
        let i = s.index;
        let node = &self.plan.nodes[i];
        let (id, name) = (node.id.clone(), node.name.clone());
        let policy = node.policy;
        let is_condition = node.node_type == "condition";
        let mut step = self.step(i, StepStatus::Completed, i64::from(s.attempts), Some(s.input), s.started_at);
        step.completed_at = Some(now());
        step.duration_us = Some(s.duration_us);
        let (mut tokens, mut cost) = (s.spent_tokens, s.spent_micros);
        let outcome = match s.result {
            Ok(out) => {
                tokens += out.tokens_used;
                cost += out.cost_micros;
                self.state[i] = State::Completed;
                self.executed += 1;
                step.output = Some(out.value.clone());
                let log = log_entry(
                    &self.plan.nodes[i],
                    "COMPLETED",
                    format!("completed in {}", human_us(s.duration_us)),
                    None,
                );
                self.emit(|| RunEvent::NodeFinished {
                    execution_id: self.request.execution_id,
                    node_id: id.clone(),
                    duration_us: s.duration_us,
                    output: out.value.clone(),
                    reused: false,
                });
                self.set_output(i, out.value);
                Some((Outcome::Succeeded { route: out.route }, log))
            }
            Err(e) => {
                tokens += e.tokens_used;
                cost += e.cost_micros;
                let handled = !s.cancelled && policy.on_error != OnError::Fail;
                self.emit(|| RunEvent::NodeFailed {
                    execution_id: self.request.execution_id,
                    node_id: id.clone(),
                    attempt: s.attempts,
                    error: e.message.clone(),
                    will_retry: false,
                    handled,
                });
                step.error = Some(e.message.clone());
                if s.cancelled {
                    self.state[i] = State::Cancelled;
                    step.status = StepStatus::Cancelled;
                    let log = log_entry(&self.plan.nodes[i], "CANCELLED", "cancelled".into(), None);
                    self.finish_step(step, log, tokens, cost);
                    return;
                }
                step.status = StepStatus::Failed;
                let attempts = if s.attempts > 1 { format!(" after {} attempts", s.attempts) } else { String::new() };
                let message = format!("failed{attempts}: {}", e.message);
                if handled {
                    self.state[i] = State::Handled;
                    self.executed += 1;
                    let output = json!({ "error": e.message });
                    step.output = Some(output.clone());
                    self.set_output(i, output);
                    let log = log_entry(&self.plan.nodes[i], "FAILED", message, Some(e.message.clone()));
                    let outcome = if policy.on_error == OnError::Branch {
                        Outcome::Branched
                    } else {
                        Outcome::Continued { condition: is_condition }
                    };
                    Some((outcome, log))
                } else {
                    self.state[i] = State::Failed;
                    let log = log_entry(&self.plan.nodes[i], "FAILED", message, Some(e.message.clone()));
                    self.finish_step(step, log, tokens, cost);
                    self.fail(format!("node '{id}' ({name}) failed{attempts}: {}", e.message));
                    return;
                }
            }
        };
        if let Some((outcome, log)) = outcome {
            self.finish_step(step, log, tokens, cost);
            self.propagate(i, Some(outcome));
        }
    }

    fn finish_step(&mut self, mut step: ExecutionStep, log: LogEntry, tokens: i64, cost: i64) {
        step.tokens_used = tokens;
        step.cost_micros = cost;
        self.tokens += tokens;
        self.cost += cost;
        self.emit(|| RunEvent::Log { execution_id: self.request.execution_id, entry: log.clone() });
        self.queue(Record::StepSettled { step, log });
    }

    fn set_output(&mut self, i: usize, value: Value) {
        self.scope.outputs.insert(&self.plan.nodes[i].id, &value);
        self.outputs[i] = Some(value);
    }

    /// A re-run takes a node's recorded output instead of running it; a node with none is skipped.
    fn settle_reused(&mut self, i: usize) {
        let node_id = self.plan.nodes[i].id.clone();
        let Some(reused) = self.request.reuse.get(&node_id).cloned() else {
            self.skip(i);
            return;
        };
        let is_condition = self.plan.nodes[i].node_type == "condition";
        let policy = self.plan.nodes[i].policy;
        let outcome = match (reused.failed, policy.on_error) {
            (false, _) => Outcome::Succeeded {
                route: if is_condition { reused.output.get("result").and_then(Value::as_bool) } else { None },
            },
            (true, OnError::Branch) => Outcome::Branched,
            (true, _) => Outcome::Continued { condition: is_condition },
        };
        let at = now();
        let mut step =
            self.step(i, if reused.failed { StepStatus::Failed } else { StepStatus::Completed }, 0, None, at);
        step.output = Some(reused.output.clone());
        step.completed_at = Some(at);
        step.duration_us = Some(0);
        let from = self.request.rerun_of.map(|e| e.to_string()).unwrap_or_default();
        let log =
            log_entry(&self.plan.nodes[i], "REUSED", format!("reused the output recorded in execution {from}"), None);
        self.state[i] = if reused.failed { State::Handled } else { State::Completed };
        self.emit(|| RunEvent::NodeFinished {
            execution_id: self.request.execution_id,
            node_id,
            duration_us: 0,
            output: reused.output.clone(),
            reused: true,
        });
        self.set_output(i, reused.output);
        self.finish_step(step, log, 0, 0);
        self.propagate(i, Some(outcome));
    }

    /// Settles the edges out of node `i` (all inactive when `outcome` is `None`: the node was
    /// skipped); targets whose every incoming edge has settled become ready (some edge active) or are
    /// skipped (none active), and skips propagate — iteratively, so long chains cannot overflow.
    fn propagate(&mut self, i: usize, outcome: Option<Outcome>) {
        let mut work = vec![(i, outcome)];
        while let Some((source, outcome)) = work.pop() {
            let plan = Arc::clone(&self.plan);
            for link in &plan.graph.outgoing[source] {
                let t = link.target;
                if !self.in_run[t] || self.state[t] != State::Waiting {
                    continue;
                }
                self.pending[t] = self.pending[t].saturating_sub(1);
                if outcome.is_some_and(|o| o.takes(link)) && !self.active_sources[t].contains(&source) {
                    self.active_sources[t].push(source);
                }
                if self.pending[t] == 0 {
                    if self.active_sources[t].is_empty() {
                        self.mark_skipped(t);
                        work.push((t, None));
                    } else {
                        self.ready.push_back(t);
                    }
                }
            }
        }
    }

    fn skip(&mut self, i: usize) {
        self.mark_skipped(i);
        self.propagate(i, None);
    }

    fn mark_skipped(&mut self, i: usize) {
        self.state[i] = State::Skipped;
        let at = now();
        let mut step = self.step(i, StepStatus::Skipped, 0, None, at);
        step.completed_at = Some(at);
        step.duration_us = Some(0);
        let log = log_entry(&self.plan.nodes[i], "SKIPPED", "skipped: no active edge reached it".into(), None);
        self.emit(|| RunEvent::NodeSkipped {
            execution_id: self.request.execution_id,
            node_id: self.plan.nodes[i].id.clone(),
        });
        self.finish_step(step, log, 0, 0);
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
        let node = &self.plan.nodes[i];
        ExecutionStep {
            execution_id: self.request.execution_id,
            node_id: node.id.clone(),
            node_type: node.node_type.clone(),
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

fn human_us(us: i64) -> String {
    match us {
        0..1_000 => format!("{us} µs"),
        1_000..1_000_000 => format!("{:.1} ms", us as f64 / 1_000.0),
        _ => format!("{:.2} s", us as f64 / 1_000_000.0),
    }
}
