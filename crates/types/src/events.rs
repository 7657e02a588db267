//! What happens during a run, as a stream: the engine emits these, the desktop app forwards them to
//! the UI over a channel and the CLI prints them. Tauri-free, tagged by `type`, and versioned by
//! [`EVENTS_VERSION`] (bumped on any incompatible change; new event types are compatible).

use crate::{ExecutionId, ExecutionStatus, LogEntry, Timestamp, WorkflowId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version of the event stream's shape.
pub const EVENTS_VERSION: u32 = 1;

/// One thing that happened in a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum RunEvent {
    /// The run began at a trigger.
    ExecutionStarted { execution_id: ExecutionId, workflow_id: WorkflowId, trigger_node: String, at: Timestamp },
    /// A node began an attempt.
    NodeStarted { execution_id: ExecutionId, node_id: String, attempt: u32, at: Timestamp },
    /// A node completed; `reused` when a re-run took its recorded output instead of running it.
    NodeFinished { execution_id: ExecutionId, node_id: String, duration_us: i64, output: Value, reused: bool },
    /// A node did not run because no active edge reached it.
    NodeSkipped { execution_id: ExecutionId, node_id: String },
    /// An attempt failed. `will_retry` when another attempt follows; `handled` when onError
    /// (continue / branch) lets the run go on.
    NodeFailed {
        execution_id: ExecutionId,
        node_id: String,
        attempt: u32,
        error: String,
        will_retry: bool,
        handled: bool,
    },
    /// A log line of the run.
    Log { execution_id: ExecutionId, entry: LogEntry },
    /// The run ended.
    ExecutionFinished {
        execution_id: ExecutionId,
        status: ExecutionStatus,
        output: Option<Value>,
        error: Option<String>,
        duration_ms: i64,
        nodes_executed: i64,
        tokens_used: i64,
        cost_micros: i64,
    },
}

impl RunEvent {
    pub fn execution_id(&self) -> ExecutionId {
        match self {
            Self::ExecutionStarted { execution_id, .. }
            | Self::NodeStarted { execution_id, .. }
            | Self::NodeFinished { execution_id, .. }
            | Self::NodeSkipped { execution_id, .. }
            | Self::NodeFailed { execution_id, .. }
            | Self::Log { execution_id, .. }
            | Self::ExecutionFinished { execution_id, .. } => *execution_id,
        }
    }
}

/// An event with the stream's version, as it is written to JSON lines and channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct VersionedEvent {
    pub v: u32,
    #[serde(flatten)]
    pub event: RunEvent,
}

impl From<RunEvent> for VersionedEvent {
    fn from(event: RunEvent) -> Self {
        Self { v: EVENTS_VERSION, event }
    }
}
