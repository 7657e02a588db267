//! What happens while something runs, as streams: a workflow run's [`RunEvent`]s, an agent call's
//! [`AgentEvent`]s and a team run's [`TeamEvent`]s. The app hands them to whoever listens (the desktop
//! forwards them to a window over a channel, the CLI prints them); all are Tauri-free, tagged by
//! `type`, and versioned together by [`EVENTS_VERSION`] (bumped on any incompatible change; new event
//! types are compatible).

use crate::{
    AgentExecution, AgentExecutionId, AgentId, ExecutionId, ExecutionStatus, LogEntry, TeamExecution, TeamExecutionId,
    TeamStructure, Timestamp, WorkflowId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version of the event streams' shape. (`nodeCancelled` was added within version 1: a reader
/// that does not know it keeps the node's last state.)
pub const EVENTS_VERSION: u32 = 1;

/// One thing that happened in a workflow run.
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
    /// A node was stopped because its run was cancelled (or failed elsewhere) while it worked.
    NodeCancelled { execution_id: ExecutionId, node_id: String },
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
            | Self::NodeCancelled { execution_id, .. }
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

/// What happens during an agent call (the playground, `neuroflow agent ask`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum AgentEvent {
    Started { agent_execution_id: AgentExecutionId, agent_id: AgentId, model: String, provider: String },
    Token { text: String },
    ToolCalled { tool: String, arguments: Value },
    ToolFinished { tool: String, ok: bool, duration_ms: i64 },
    Finished { execution: Box<AgentExecution> },
}

/// What happens during a team run (the Teams page, `neuroflow team run`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TeamEvent {
    Started {
        team_execution_id: TeamExecutionId,
        pattern: TeamStructure,
    },
    MemberStarted {
        agent_id: AgentId,
        agent_name: String,
        phase: String,
    },
    MemberToken {
        agent_id: AgentId,
        phase: String,
        text: String,
    },
    /// A member's contribution (or a delegation plan, or the vote tally), as recorded.
    Contribution {
        entry: Value,
    },
    Finished {
        execution: Box<TeamExecution>,
    },
}
