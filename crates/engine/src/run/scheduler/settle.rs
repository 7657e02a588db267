//! Settling nodes: recording a node's outcome (completed, handled failure, failure, cancellation, a
//! reused output, a skip), and taking its outgoing edges — which makes its targets ready or skips
//! them, iteratively, so long chains cannot overflow the stack.

use super::{Scheduler, State};
use crate::run::attempt::{Settled, log_entry};
use crate::run::request::{Record, Reused};
use crate::validate::Link;
use neuroflow_types::{ExecutionStep, LogEntry, NodeKind, OnError, RunEvent, StepStatus, now};
use serde_json::{Value, json};
use std::sync::Arc;

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

impl Scheduler<'_> {
    pub(super) fn settle(&mut self, s: Settled) {
        let i = s.index;
        let node = &self.plan.nodes[i];
        let (id, name) = (node.id.clone(), node.name.clone());
        let policy = node.policy;
        let is_condition = matches!(node.kind, NodeKind::Condition(_));
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
                step.output_is_input = step.input.as_ref() == Some(&out.value);
                step.output = Some(out.value.clone());
                self.emit(|| RunEvent::NodeFinished {
                    execution_id: self.request.execution_id,
                    node_id: id.clone(),
                    duration_us: s.duration_us,
                    output: out.value.clone(),
                    reused: false,
                });
                self.set_output(i, out.value);
                Some((Outcome::Succeeded { route: out.route }, None))
            }
            Err(e) => {
                tokens += e.tokens_used;
                cost += e.cost_micros;
                step.error = Some(e.message.clone());
                if s.cancelled {
                    self.emit(|| RunEvent::NodeCancelled {
                        execution_id: self.request.execution_id,
                        node_id: id.clone(),
                    });
                    self.state[i] = State::Cancelled;
                    step.status = StepStatus::Cancelled;
                    let log = log_entry(&self.plan.nodes[i], "CANCELLED", "cancelled".into(), None);
                    self.finish_step(step, Some(log), tokens, cost);
                    return;
                }
                let handled = policy.on_error != OnError::Fail;
                self.emit(|| RunEvent::NodeFailed {
                    execution_id: self.request.execution_id,
                    node_id: id.clone(),
                    attempt: s.attempts,
                    error: e.message.clone(),
                    will_retry: false,
                    handled,
                });
                step.status = StepStatus::Failed;
                let attempts = if s.attempts > 1 { format!(" after {} attempts", s.attempts) } else { String::new() };
                let message = format!("failed{attempts}: {}", e.message);
                if handled {
                    self.state[i] = State::Handled;
                    self.executed += 1;
                    let output = json!({ "error": e.message });
                    step.output = Some(output.clone());
                    self.set_output(i, output);
                    let log = Some(log_entry(&self.plan.nodes[i], "FAILED", message, Some(e.message.clone())));
                    let outcome = if policy.on_error == OnError::Branch {
                        Outcome::Branched
                    } else {
                        Outcome::Continued { condition: is_condition }
                    };
                    Some((outcome, log))
                } else {
                    self.state[i] = State::Failed;
                    let log = log_entry(&self.plan.nodes[i], "FAILED", message, Some(e.message.clone()));
                    self.finish_step(step, Some(log), tokens, cost);
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

    fn finish_step(&mut self, mut step: ExecutionStep, log: Option<LogEntry>, tokens: i64, cost: i64) {
        step.tokens_used = tokens;
        step.cost_micros = cost;
        self.tokens += tokens;
        self.cost += cost;
        // The hooks number the line and announce it (a `Log` event carries its place in the log).
        self.queue(Record::StepSettled { step, log });
    }

    fn set_output(&mut self, i: usize, value: Value) {
        self.scope.outputs.insert(&self.plan.nodes[i].id, &value);
        self.outputs[i] = Some(value);
    }

    /// A re-run takes a node's recorded output instead of running it; a node with none is skipped.
    pub(super) fn settle_reused(&mut self, i: usize) {
        let node_id = self.plan.nodes[i].id.clone();
        let pinned = self.request.pinned.get(&node_id).map(|output| Reused { output: output.clone(), failed: false });
        let Some(reused) = pinned.or_else(|| self.request.reuse.get(&node_id).cloned()) else {
            self.skip(i);
            return;
        };
        let is_condition = matches!(self.plan.nodes[i].kind, NodeKind::Condition(_));
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
        let message = if self.request.pinned.contains_key(&node_id) {
            "used the output pinned in the editor".to_string()
        } else {
            let from = self.request.rerun_of.map(|e| e.to_string()).unwrap_or_default();
            format!("reused the output recorded in execution {from}")
        };
        let log = log_entry(&self.plan.nodes[i], "REUSED", message, None);
        self.state[i] = if reused.failed { State::Handled } else { State::Completed };
        self.emit(|| RunEvent::NodeFinished {
            execution_id: self.request.execution_id,
            node_id,
            duration_us: 0,
            output: reused.output.clone(),
            reused: true,
        });
        self.set_output(i, reused.output);
        self.finish_step(step, Some(log), 0, 0);
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
        self.finish_step(step, Some(log), 0, 0);
    }
}
