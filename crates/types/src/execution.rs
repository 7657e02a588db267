//! The record of a workflow run: the execution, each node's step, and its log.

use crate::{ExecutionId, ExecutionStatus, OrgId, PageRequest, StepStatus, Timestamp, TriggerKind, WorkflowId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// At most this many log entries are kept per execution; the rest are counted in `logs_dropped`.
pub const MAX_LOG_ENTRIES: i64 = 1_000;

/// One run of a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowExecution {
    pub id: ExecutionId,
    pub organization_id: OrgId,
    pub workflow_id: WorkflowId,
    pub workflow_name: String,
    /// The version of the workflow's document this run used.
    pub workflow_version: i64,
    pub status: ExecutionStatus,
    pub trigger: TriggerKind,
    /// The trigger node the run started at.
    pub trigger_node: Option<String>,
    /// The execution that started this one as a sub-workflow.
    pub parent_execution_id: Option<ExecutionId>,
    /// The execution this one re-runs, and the node it re-ran from.
    pub rerun_of: Option<ExecutionId>,
    pub rerun_from: Option<String>,
    /// A test run of a draft from the editor (not of the published version).
    #[serde(default)]
    pub test_run: bool,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub duration_ms: Option<i64>,
    pub input: Value,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub nodes_executed: i64,
    pub tokens_used: i64,
    /// Micro-dollars (1 USD = 1,000,000).
    pub cost_micros: i64,
    pub log_count: i64,
    /// Log entries beyond [`MAX_LOG_ENTRIES`], counted rather than kept.
    pub logs_dropped: i64,
    /// Kept past retention (see `RetentionSettings`).
    #[serde(default)]
    pub pinned: bool,
}

/// One node's part in an execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionStep {
    pub execution_id: ExecutionId,
    pub node_id: String,
    pub node_type: String,
    pub node_name: String,
    /// The order in which the run reached this node: 0 for the trigger.
    pub ordinal: i64,
    pub status: StepStatus,
    pub attempts: i64,
    pub input: Option<Value>,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    /// Microseconds, so that fast steps do not all read 0.
    pub duration_us: Option<i64>,
    pub tokens_used: i64,
    pub cost_micros: i64,
    /// Where the input came from when it is exactly one value the execution already holds: `""` for
    /// the execution's input, or the id of the node whose output it is. The store then keeps the
    /// value once and fills `input` in when it reads the step. Not sent to the UI.
    #[serde(skip)]
    pub input_from: Option<String>,
    /// The output is the input, unchanged (a trigger, a pass-through): kept once, like `input_from`.
    #[serde(skip)]
    pub output_is_input: bool,
}

/// One line of an execution's log, as workflow-format.md describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub seq: i64,
    pub node_id: Option<String>,
    pub node_name: Option<String>,
    pub status: String,
    pub timestamp: Timestamp,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// An execution with everything needed to inspect it step by step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionDetail {
    pub execution: WorkflowExecution,
    pub steps: Vec<ExecutionStep>,
    pub logs: Vec<LogEntry>,
}

/// Which executions to list (newest first).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionFilter {
    #[serde(default)]
    pub workflow_id: Option<WorkflowId>,
    #[serde(default)]
    pub status: Option<ExecutionStatus>,
    #[serde(default)]
    pub trigger: Option<TriggerKind>,
    /// Started at or after this time.
    #[serde(default)]
    pub since: Option<Timestamp>,
    /// Started before this time.
    #[serde(default)]
    pub until: Option<Timestamp>,
    #[serde(default)]
    pub page: PageRequest,
}
