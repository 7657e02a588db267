//! Workflow templates: ready-made documents to start from.

use crate::{DifficultyLevel, OrgId, PageRequest, TemplateCategory, TemplateId, Timestamp, UserId, WorkflowDocument};
use serde::{Deserialize, Serialize};

/// A workflow template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowTemplate {
    pub id: TemplateId,
    pub organization_id: OrgId,
    pub name: String,
    pub description: String,
    pub category: TemplateCategory,
    pub difficulty: DifficultyLevel,
    /// Minutes a user needs to set it up.
    pub estimated_time_minutes: i32,
    pub document: WorkflowDocument,
    pub tags: Vec<String>,
    pub usage_count: i64,
    /// Average rating, 0 to 5.
    pub rating: f64,
    pub is_public: bool,
    pub is_featured: bool,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The fields of a new template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewTemplate {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: TemplateCategory,
    pub difficulty: DifficultyLevel,
    #[serde(default)]
    pub estimated_time_minutes: i32,
    pub document: WorkflowDocument,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub is_public: bool,
    #[serde(default)]
    pub is_featured: bool,
}

/// What may change on a template; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TemplatePatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub category: Option<TemplateCategory>,
    pub difficulty: Option<DifficultyLevel>,
    pub estimated_time_minutes: Option<i32>,
    pub document: Option<WorkflowDocument>,
    pub tags: Option<Vec<String>>,
    pub rating: Option<f64>,
    pub is_public: Option<bool>,
    pub is_featured: Option<bool>,
}

/// Which templates to list (featured first, then by usage).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TemplateFilter {
    pub search: Option<String>,
    pub category: Option<TemplateCategory>,
    pub difficulty: Option<DifficultyLevel>,
    pub is_featured: Option<bool>,
    pub is_public: Option<bool>,
    pub page: PageRequest,
}
