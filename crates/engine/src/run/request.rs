//! What a run is asked to do and what it reports to: the contract between the scheduler and its
//! caller (the app records through [`RunHooks`]; tests and benchmarks plug in their own).

use super::executor::BoxFuture;
use crate::error::RecordError;
use neuroflow_types::{
    ExecutionId, ExecutionStatus, ExecutionStep, JsonMap, LogEntry, RunEvent, Timestamp, WorkflowId,
};
use serde_json::Value;
use std::collections::HashMap;

/// Nodes of one run that may execute at the same time, unless the request says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 16;
/// The largest node output, unless the request says otherwise (10 MiB of JSON).
pub const DEFAULT_MAX_OUTPUT_BYTES: usize = 10 * 1024 * 1024;

/// What to run.
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub execution_id: ExecutionId,
    pub workflow_id: WorkflowId,
    pub started_at: Timestamp,
    pub input: Value,
    pub variables: JsonMap,
    /// The id of the trigger node the run starts at.
    pub trigger: String,
    /// For a re-run: the node to run again, with everything downstream of it…
    pub rerun_from: Option<String>,
    /// …and the recorded outputs of the other nodes, by node id, which are reused instead of run.
    pub reuse: HashMap<String, Reused>,
    /// Run only what lies on the paths from the trigger to this node, and stop after it (the
    /// editor's "run up to here"; with `rerun_from` the same node, "run this node").
    pub up_to: Option<String>,
    /// Outputs pinned in the editor: these nodes are not run; their pinned output is used.
    pub pinned: HashMap<String, Value>,
    /// The execution whose outputs are reused.
    pub rerun_of: Option<ExecutionId>,
    pub max_concurrency: usize,
    /// The largest output a node may produce, as JSON bytes; a larger one fails the node.
    pub max_output_bytes: usize,
}

/// A node's recorded output, reused by a re-run.
#[derive(Debug, Clone, PartialEq)]
pub struct Reused {
    pub output: Value,
    /// The node had failed and its onError policy let the run go on.
    pub failed: bool,
}

/// Something the run asks its hooks to persist.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // built once and moved straight into a write: boxing would buy nothing
pub enum Record {
    /// A node with effects is about to start (or retry).
    StepStarted(ExecutionStep),
    /// A node settled: completed, failed, skipped or cancelled; with a log entry when there is
    /// something to say beyond the step itself (a plain completion has none: the step's status and
    /// duration say it, and a line per node would double what each execution stores).
    StepSettled { step: ExecutionStep, log: Option<LogEntry> },
    /// A log entry not tied to a settle (a retry).
    Log(LogEntry),
}

/// Resolves when a record is durable.
pub type Durable = BoxFuture<'static, Result<(), RecordError>>;

/// Where a run reports to: live events, and records to persist.
pub trait RunHooks: Send + Sync + 'static {
    /// Whether anyone listens to events; when not, the run does not build them.
    fn listening(&self) -> bool {
        true
    }
    fn emit(&self, event: RunEvent);
    /// Queues a record at once; the returned future resolves when it is durable. Records are made
    /// durable in the order they are queued. The hooks number each log line (its `seq`) and announce
    /// it as a `Log` event, so the event and the stored line agree.
    fn record(&self, record: Record) -> Durable;
    /// Whether the hooks make the run's last records durable themselves, with its end (in one
    /// write), so the run need not wait for them before it returns. Records before a node with
    /// effects are always awaited.
    fn persists_with_end(&self) -> bool {
        false
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub status: ExecutionStatus,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub nodes_executed: i64,
    pub tokens_used: i64,
    pub cost_micros: i64,
}
