//! AI agents and the record of each call to one.

use crate::{
    AgentExecutionId, AgentId, AgentStatus, ExecutionId, ExecutionStatus, OrgId, PageRequest, TeamExecutionId,
    Timestamp, UserId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Who the agent is; turned into its system prompt.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Personality {
    pub traits: Vec<String>,
    pub tone: String,
    pub style: String,
    /// Free-form instructions appended to the system prompt.
    pub instructions: String,
}

/// Which model the agent uses and how.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct ModelConfig {
    /// A provider id from Settings (`openai`, `anthropic`, `gemini`, `ollama`, …).
    pub provider: String,
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_penalty: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_penalty: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stop: Vec<String>,
}

/// What the agent remembers between calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct MemoryConfig {
    /// How many past turns are sent with each call (0: none).
    pub window_turns: u32,
    /// Notes sent with every call.
    pub pinned_notes: Vec<String>,
}

impl Default for MemoryConfig {
    fn default() -> Self {
        Self { window_turns: 10, pinned_notes: Vec::new() }
    }
}

/// Limits on what a run may spend; reaching one stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Budget {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<i64>,
    /// Micro-dollars.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_cost_micros: Option<i64>,
}

/// An AI agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AiAgent {
    pub id: AgentId,
    pub organization_id: OrgId,
    pub name: String,
    pub description: String,
    pub avatar: Option<String>,
    pub personality: Personality,
    pub model_config: ModelConfig,
    /// The tools the agent may call.
    pub capabilities: Vec<String>,
    pub memory: MemoryConfig,
    pub budget: Budget,
    pub is_active: bool,
    pub status: AgentStatus,
    pub execution_count: i64,
    /// Successful calls over all calls, 0 to 1.
    pub success_rate: f64,
    pub avg_response_time_ms: i64,
    pub tokens_used: i64,
    pub cost_micros: i64,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The fields of a new agent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct NewAgent {
    pub name: String,
    pub description: String,
    pub avatar: Option<String>,
    pub personality: Personality,
    pub model_config: ModelConfig,
    pub capabilities: Vec<String>,
    pub memory: MemoryConfig,
    pub budget: Budget,
    pub is_active: Option<bool>,
}

/// What may change on an agent; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub avatar: Option<Option<String>>,
    pub personality: Option<Personality>,
    pub model_config: Option<ModelConfig>,
    pub capabilities: Option<Vec<String>>,
    pub memory: Option<MemoryConfig>,
    pub budget: Option<Budget>,
    pub is_active: Option<bool>,
    pub status: Option<AgentStatus>,
}

/// Which agents to list (by name).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentFilter {
    pub search: Option<String>,
    pub status: Option<AgentStatus>,
    pub is_active: Option<bool>,
    pub provider: Option<String>,
    pub page: PageRequest,
}

/// One call of an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentExecution {
    pub id: AgentExecutionId,
    pub organization_id: OrgId,
    pub agent_id: AgentId,
    pub workflow_execution_id: Option<ExecutionId>,
    pub team_execution_id: Option<TeamExecutionId>,
    pub node_id: Option<String>,
    pub task: String,
    pub input: Value,
    pub output: Option<Value>,
    pub status: ExecutionStatus,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub duration_ms: Option<i64>,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub tokens_used: i64,
    pub cost_micros: i64,
    pub model: String,
    pub provider: String,
    pub error: Option<String>,
}

/// Which agent calls to list (newest first).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentExecutionFilter {
    pub agent_id: Option<AgentId>,
    pub workflow_execution_id: Option<ExecutionId>,
    pub team_execution_id: Option<TeamExecutionId>,
    pub status: Option<ExecutionStatus>,
    pub since: Option<Timestamp>,
    pub page: PageRequest,
}
