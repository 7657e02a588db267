//! Teams of agents, their members, and the record of each team run.

use crate::{
    AgentId, Budget, ExecutionId, ExecutionStatus, OrgId, PageRequest, TeamExecutionId, TeamId, TeamMemberId, TeamRole,
    TeamStructure, Timestamp, UserId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A team of agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentTeam {
    pub id: TeamId,
    pub organization_id: OrgId,
    pub name: String,
    pub description: String,
    pub structure: TeamStructure,
    pub budget: Budget,
    pub is_active: bool,
    pub execution_count: i64,
    /// How many members the team has (counted when read, not stored).
    #[serde(default)]
    pub member_count: i64,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The fields of a new team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewTeam {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub structure: TeamStructure,
    #[serde(default)]
    pub budget: Budget,
}

/// What may change on a team; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub structure: Option<TeamStructure>,
    pub budget: Option<Budget>,
    pub is_active: Option<bool>,
}

/// Which teams to list (by name).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamFilter {
    pub search: Option<String>,
    pub structure: Option<TeamStructure>,
    pub is_active: Option<bool>,
    pub page: PageRequest,
}

/// An agent's membership of a team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub id: TeamMemberId,
    pub organization_id: OrgId,
    pub team_id: TeamId,
    pub agent_id: AgentId,
    pub agent_name: String,
    pub role: TeamRole,
    /// Lower runs first in a pipeline and wins ties in a vote.
    pub priority: i32,
    pub joined_at: Timestamp,
}

/// One run of a team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamExecution {
    pub id: TeamExecutionId,
    pub organization_id: OrgId,
    pub team_id: TeamId,
    pub workflow_execution_id: Option<ExecutionId>,
    pub pattern: TeamStructure,
    pub task: String,
    pub input: Value,
    pub output: Option<Value>,
    pub status: ExecutionStatus,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub duration_ms: Option<i64>,
    /// Every member's contribution (and, per structure, delegations and votes).
    pub agent_results: Vec<Value>,
    pub tokens_used: i64,
    pub cost_micros: i64,
    pub error: Option<String>,
}

/// Which team runs to list (newest first).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamExecutionFilter {
    pub team_id: Option<TeamId>,
    pub workflow_execution_id: Option<ExecutionId>,
    pub status: Option<ExecutionStatus>,
    pub page: PageRequest,
}
