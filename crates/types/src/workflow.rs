//! The workflow document (format 1, see workflow-format.md) and the workflow record that stores it.
//!
//! Nodes and edges keep React Flow's shape. Fields the canvas adds (`width`, `selected`, …) are kept in
//! `extra` and written back unchanged, so a document survives import, edit and export intact. Node
//! types are kept as text rather than an enum so that an unknown type is reported by validation, with
//! the node's id, instead of failing the whole parse.

use crate::{JsonMap, OrgId, Page, PageRequest, TemplateId, Timestamp, UserId, WorkflowId};
use serde::{Deserialize, Serialize};

/// The document format this build writes; it reads this and every older one.
pub const WORKFLOW_FORMAT: u32 = 1;

/// A workflow as the canvas edits it and files carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowDocument {
    pub format: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "JsonMap::is_empty")]
    pub variables: JsonMap,
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
}

/// A step of the workflow.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub node_type: String,
    #[serde(default)]
    pub position: Position,
    #[serde(default)]
    pub data: JsonMap,
    /// Whatever else the canvas stored on the node, kept as it was.
    #[serde(flatten, default)]
    #[specta(skip)]
    pub extra: JsonMap,
}

impl Node {
    /// The label the user gave the node, or its id.
    pub fn label(&self) -> &str {
        self.data.get("label").and_then(|v| v.as_str()).filter(|s| !s.trim().is_empty()).unwrap_or(&self.id)
    }
}

/// Where a node sits on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, specta::Type)]
pub struct Position {
    #[serde(serialize_with = "compact_number")]
    #[specta(type = f64)]
    pub x: f64,
    #[serde(serialize_with = "compact_number")]
    #[specta(type = f64)]
    pub y: f64,
}

/// Writes whole coordinates as integers (`250`, not `250.0`), so a document exported and imported
/// again reads exactly as it was written.
fn compact_number<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 { s.serialize_i64(*v as i64) } else { s.serialize_f64(*v) }
}

/// A connection from one node's output (optionally a named handle) to another node.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    pub id: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_handle: Option<String>,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_handle: Option<String>,
    /// Whatever else the canvas stored on the edge, kept as it was.
    #[serde(flatten, default)]
    #[specta(skip)]
    pub extra: JsonMap,
}

/// A stored workflow: its document plus what the store keeps about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Workflow {
    pub id: WorkflowId,
    pub organization_id: OrgId,
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub variables: JsonMap,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub is_active: bool,
    /// The version whose document this record holds: the published one, which triggers and
    /// `neuroflow run` use. (Every saved version is kept in the history.)
    pub version: i64,
    /// The same, as the editor names it (every workflow has a published version).
    pub published_version: Option<i64>,
    /// The newest saved version (newer than the published one when versions were saved since).
    pub latest_version: i64,
    pub execution_count: i64,
    pub last_executed: Option<Timestamp>,
    pub template_id: Option<TemplateId>,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Workflow {
    /// Holds `doc` as version `version` (the published document).
    pub fn set_document(&mut self, doc: &WorkflowDocument, version: i64) {
        self.name = doc.name.trim().to_string();
        self.description = doc.description.clone();
        self.tags = doc.tags.clone();
        self.variables = doc.variables.clone();
        self.nodes = doc.nodes.clone();
        self.edges = doc.edges.clone();
        self.version = version;
        self.published_version = Some(version);
    }

    /// The document this workflow stores, as export writes it.
    pub fn document(&self) -> WorkflowDocument {
        WorkflowDocument {
            format: WORKFLOW_FORMAT,
            name: self.name.clone(),
            description: self.description.clone(),
            tags: self.tags.clone(),
            variables: self.variables.clone(),
            nodes: self.nodes.clone(),
            edges: self.edges.clone(),
        }
    }
}

/// A workflow as lists show it, without its nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowSummary {
    pub id: WorkflowId,
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub is_active: bool,
    pub version: i64,
    pub node_count: i64,
    pub execution_count: i64,
    pub last_executed: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A saved version of a workflow's document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowVersion {
    pub workflow_id: WorkflowId,
    pub version: i64,
    pub document: WorkflowDocument,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    /// What the person who saved it said about it.
    pub message: Option<String>,
}

/// How workflow lists are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum WorkflowSort {
    #[default]
    UpdatedDesc,
    NameAsc,
    NameDesc,
    CreatedDesc,
    LastExecutedDesc,
    ExecutionCountDesc,
}

/// Which workflows to list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowFilter {
    /// Matches name, description and tags, case-insensitively.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub is_active: Option<bool>,
    #[serde(default)]
    pub template_id: Option<TemplateId>,
    #[serde(default)]
    pub created_by: Option<UserId>,
    #[serde(default)]
    pub sort: WorkflowSort,
    #[serde(default)]
    pub page: PageRequest,
}

/// What may change on a workflow; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowPatch {
    /// A new document replaces name, description, tags, variables, nodes and edges, and bumps the version.
    #[serde(default)]
    pub document: Option<WorkflowDocument>,
    #[serde(default)]
    pub is_active: Option<bool>,
    /// When set, the update fails with a conflict unless the stored version is this one.
    #[serde(default)]
    pub expected_version: Option<i64>,
}

/// A page of workflow summaries.
pub type WorkflowPage = Page<WorkflowSummary>;
