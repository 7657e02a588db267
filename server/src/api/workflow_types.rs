//! The shapes the workflow routes read and write, and their checks.

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A stored workflow: its document (React Flow nodes and edges, variables) and what the
/// workspace keeps about it.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Workflow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub created_by: Option<Uuid>,
    pub name: String,
    pub description: String,
    #[schema(value_type = Vec<Object>)]
    pub nodes: Value,
    #[schema(value_type = Vec<Object>)]
    pub edges: Value,
    #[schema(value_type = Object)]
    pub variables: Value,
    pub is_active: bool,
    pub version: i64,
    #[schema(value_type = Vec<String>)]
    pub tags: Value,
    pub execution_count: i64,
    pub last_executed: Option<DateTime<Utc>>,
    pub template_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowList {
    pub workflows: Vec<Workflow>,
    /// How many match the filter, over all pages.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub enum SortBy {
    #[serde(rename = "created_at")]
    CreatedAt,
    #[default]
    #[serde(rename = "updated_at")]
    UpdatedAt,
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "executionCount")]
    ExecutionCount,
}

impl SortBy {
    pub fn column(self) -> &'static str {
        match self {
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
            Self::Name => "lower(name)",
            Self::ExecutionCount => "execution_count",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

impl SortOrder {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Asc => "ASC",
            Self::Desc => "DESC",
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase", parameter_in = Query)]
pub struct ListQuery {
    /// Only active (true) or inactive (false) workflows.
    pub is_active: Option<bool>,
    /// Matches name and description, case-insensitively.
    pub search: Option<String>,
    /// 1 to 100; 20 when absent.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// created_at, updated_at (default), name or executionCount.
    #[param(value_type = Option<String>)]
    pub sort_by: Option<SortBy>,
    /// asc or desc (default).
    #[param(value_type = Option<String>)]
    pub sort_order: Option<SortOrder>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateWorkflow {
    /// A UUID chosen by the client (v7), or none for the server to choose.
    #[serde(default)]
    pub id: Option<Uuid>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub nodes: Vec<Value>,
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub edges: Vec<Value>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub variables: Map<String, Value>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub is_active: bool,
    #[serde(default)]
    pub template_id: Option<Uuid>,
}

fn check_name(name: &str) -> Result<()> {
    let n = name.trim().chars().count();
    if n == 0 || n > 200 {
        return Err(Error::bad_request("a workflow needs a name of 1 to 200 characters"));
    }
    Ok(())
}

fn check_items(what: &str, items: &[Value]) -> Result<()> {
    if items.len() > 10_000 {
        return Err(Error::bad_request(format!("a workflow has at most 10,000 {what}")));
    }
    if let Some(i) = items.iter().position(|v| !v.is_object()) {
        return Err(Error::bad_request(format!("{what}[{i}] must be an object")));
    }
    Ok(())
}

impl CreateWorkflow {
    pub fn check(&self) -> Result<()> {
        check_name(&self.name)?;
        check_items("nodes", &self.nodes)?;
        check_items("edges", &self.edges)
    }
}

/// What may change; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWorkflow {
    pub name: Option<String>,
    pub description: Option<String>,
    #[schema(value_type = Option<Vec<Object>>)]
    pub nodes: Option<Vec<Value>>,
    #[schema(value_type = Option<Vec<Object>>)]
    pub edges: Option<Vec<Value>>,
    #[schema(value_type = Option<Object>)]
    pub variables: Option<Map<String, Value>>,
    pub tags: Option<Vec<String>>,
    pub is_active: Option<bool>,
    /// When set, the update is refused with CONFLICT unless the stored version is this one.
    pub expected_version: Option<i64>,
}

impl UpdateWorkflow {
    pub fn check(&self) -> Result<()> {
        if let Some(name) = &self.name {
            check_name(name)?;
        }
        check_items("nodes", self.nodes.as_deref().unwrap_or_default())?;
        check_items("edges", self.edges.as_deref().unwrap_or_default())
    }

    pub fn changes_document(&self) -> bool {
        self.name.is_some()
            || self.description.is_some()
            || self.nodes.is_some()
            || self.edges.is_some()
            || self.variables.is_some()
            || self.tags.is_some()
    }
}

/// An execution that ran on a desktop, as recorded in the workspace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordExecution {
    #[serde(default)]
    pub id: Option<Uuid>,
    /// PENDING, RUNNING, COMPLETED, FAILED or CANCELLED.
    pub status: String,
    /// MANUAL, SCHEDULE, WEBHOOK, RERUN or SUB_WORKFLOW.
    pub trigger_kind: String,
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
    /// Milliseconds.
    #[serde(default)]
    pub duration: Option<i64>,
    #[serde(default)]
    pub tokens_used: i64,
    /// Micro-dollars (1 USD = 1,000,000).
    #[serde(default)]
    pub cost: i64,
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Execution {
    pub id: Uuid,
    pub workflow_id: Uuid,
    pub workflow_version: i64,
    pub status: String,
    pub trigger_kind: String,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub duration: Option<i64>,
    pub tokens_used: i64,
    /// Micro-dollars.
    pub cost: i64,
    pub error: Option<String>,
}
