//! What the workflow editor and the CLI exchange with the core about editing: the draft saved as
//! people edit, version summaries, the difference between two documents, test runs of a draft, the
//! catalog the palette lists, and the engine's verdict on a template as it is typed.

use crate::{ActionSpec, FieldSpec, JsonMap, Timestamp, UserId, ValidationReport, WorkflowDocument, WorkflowId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What is being edited: saved within a second of every change, valid or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowDraft {
    pub workflow_id: WorkflowId,
    pub document: WorkflowDocument,
    /// The version the draft started from: saving a version fails if a newer one exists meanwhile.
    pub base_version: i64,
    /// The editor's undo/redo history, in the editor's own (versioned) format.
    pub history: Value,
    /// The input the editor's Run uses, kept per workflow.
    pub sample_input: Value,
    /// Node outputs pinned for testing: such a node is not run again; its pinned output is used.
    #[specta(type = std::collections::BTreeMap<String, Value>)]
    pub pins: JsonMap,
    pub updated_at: Timestamp,
}

/// A draft to save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftInput {
    pub document: WorkflowDocument,
    pub base_version: i64,
    #[serde(default)]
    pub history: Value,
    #[serde(default)]
    pub sample_input: Value,
    #[serde(default)]
    #[specta(type = std::collections::BTreeMap<String, Value>)]
    pub pins: JsonMap,
}

/// A saved draft, and what the validator says of it (a draft is saved even with errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftSaved {
    pub updated_at: Timestamp,
    pub report: ValidationReport,
}

/// A version, as the history lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    pub version: i64,
    pub message: Option<String>,
    pub created_at: Timestamp,
    pub created_by: Option<UserId>,
    /// Whether this is the version triggers and `neuroflow run` use.
    pub published: bool,
    pub node_count: i64,
}

/// How something differs between two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DiffChange {
    Added,
    Removed,
    Changed,
}

/// One field that differs (`data.prompt`, `position.x`, `variables.threshold` …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub path: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A node that was added, removed or changed (with its fields that changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NodeDiff {
    pub id: String,
    pub label: String,
    pub change: DiffChange,
    pub fields: Vec<FieldChange>,
}

/// An edge that was added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EdgeDiff {
    pub id: String,
    pub source: String,
    pub target: String,
    pub change: DiffChange,
}

/// The difference between two documents (two versions, or a draft and a version).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowDiff {
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub nodes: Vec<NodeDiff>,
    pub edges: Vec<EdgeDiff>,
    /// Name, description, tags and variables.
    pub settings: Vec<FieldChange>,
}

impl WorkflowDiff {
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty() && self.settings.is_empty()
    }
}

/// How much of a draft a test run runs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct DraftRunOptions {
    /// Run the trigger and what lies on the paths to this node, and stop after it.
    pub up_to: Option<String>,
    /// Run just this node: every node before it takes its pinned output or the one recorded in the
    /// workflow's last run.
    pub only: Option<String>,
    /// Node outputs pinned for this run: those nodes are not run.
    #[specta(type = std::collections::BTreeMap<String, Value>)]
    pub pins: JsonMap,
}

/// A node kind as the palette and the config panel know it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NodeKindInfo {
    /// The document's `type`.
    pub kind: String,
    pub title: String,
    /// What it does and what it is for (searched by the palette).
    pub description: String,
    /// `Triggers`, `AI`, `Logic`, `Integrations`, `Flow` or `Notes`.
    pub group: String,
    /// The fields of its output, for expression completion.
    pub outputs: Vec<FieldSpec>,
}

/// Everything the palette lists: every node kind and every integration action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EditorCatalog {
    pub node_kinds: Vec<NodeKindInfo>,
    pub actions: Vec<ActionSpec>,
}

/// Where a template's error is, when the engine can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TextPosition {
    pub line: u32,
    pub column: u32,
}

/// The engine's parser on a template or expression being typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateCheck {
    pub error: Option<String>,
    pub at: Option<TextPosition>,
}

/// A template evaluated against a context (the last run's data), for the editor's preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePreview {
    pub value: Option<Value>,
    pub error: Option<String>,
}
