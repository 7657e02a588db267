//! The interface every node type plugs into. The scheduler knows nothing of what a node does: it
//! looks up the executor registered for the node's type and calls it. Node types whose executor is
//! not installed fail with a clear message rather than a panic, so later features (AI agents, agent
//! teams, credentialed integrations) plug in without touching the scheduler.

use super::scope::Scope;
use crate::error::NodeError;
use crate::validate::{Plan, PlanNode};
use neuroflow_types::ExecutionId;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One attempt of one node.
pub struct NodeCall {
    pub execution_id: ExecutionId,
    pub plan: Arc<Plan>,
    pub index: usize,
    /// The node's input: the output of the one active node upstream, an object keyed by node id when
    /// several were active, or the execution's input for a trigger.
    pub input: Value,
    pub scope: Scope,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// Cancelled when the run is cancelled or fails; long work must stop promptly.
    pub cancel: CancellationToken,
}

impl NodeCall {
    pub fn node(&self) -> &PlanNode {
        &self.plan.nodes[self.index]
    }
}

/// What a node produced.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeOutput {
    pub value: Value,
    /// For a condition: which handle (`true` / `false`) its outgoing edges leave from.
    pub route: Option<bool>,
    pub tokens_used: i64,
    pub cost_micros: i64,
}

impl NodeOutput {
    pub fn of(value: Value) -> Self {
        Self { value, ..Self::default() }
    }
}

/// Runs the nodes of one type.
pub trait Executor: Send + Sync {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>>;

    /// Whether the node acts on the world or takes long (an HTTP call, a delay). Such a node's start
    /// is recorded, and everything before it made durable, before it runs; a pure node (a condition,
    /// a transform) is recorded once, when it settles.
    fn records_start(&self) -> bool {
        true
    }
}

/// The executors of a run, keyed by node kind (its `type`). Cheap to clone and extend.
#[derive(Clone, Default)]
pub struct Executors {
    by_type: HashMap<&'static str, Arc<dyn Executor>>,
}

impl Executors {
    /// The executors that need nothing from outside the engine: trigger, condition, transform, delay.
    pub fn builtin() -> Self {
        super::builtin::register(Self::default())
    }

    /// Adds (or replaces) the executor of a node type.
    pub fn with(mut self, node_type: &'static str, executor: Arc<dyn Executor>) -> Self {
        self.by_type.insert(node_type, executor);
        self
    }

    pub fn get(&self, node_type: &str) -> Option<Arc<dyn Executor>> {
        self.by_type.get(node_type).cloned()
    }
}

/// What a node of a type with no executor installed reports.
pub fn missing_executor(node: &PlanNode) -> NodeError {
    let what = match node.node_type() {
        "aiAgent" => "AI agent nodes",
        "agentTeam" => "agent team nodes",
        "integration" => "integration nodes",
        other => {
            return NodeError::permanent(format!("no executor is installed for '{other}' nodes"));
        }
    };
    NodeError::permanent(format!("{what} cannot run in this version of NeuroFlow Hub yet"))
}
