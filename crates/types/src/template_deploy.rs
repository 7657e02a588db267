//! Deploying a template in one guided step, and what a deployed workflow remembers of it.
//!
//! The request names a choice for every requirement: an integration per integration key, an agent
//! (existing, or created from the template's suggestion) per agent key, a team per team key, and the
//! variables. Deploy refuses the whole request, naming every missing piece, before it writes
//! anything; what it lands is an inactive workflow with a checklist, linked to the template's slug
//! and version together with these choices, so a newer version can later be filled the same way.

use crate::{
    AgentId, AiAgent, IntegrationId, JsonMap, TeamId, TemplateId, Timestamp, ValidationIssue, Workflow, WorkflowDiff,
    WorkflowId,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What to deploy, and the organization's choice for each requirement.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct DeployRequest {
    /// The workflow's name (default: the template's; a suffix is added when it is taken).
    pub name: Option<String>,
    #[serde(flatten)]
    pub choices: TemplateChoices,
}

/// The organization's answer to a template's requirements, by key.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TemplateChoices {
    /// Integration key → one of the organization's integrations. A key left out is filled when
    /// exactly one integration of its provider exists.
    pub integrations: BTreeMap<String, IntegrationId>,
    /// Agent key → an existing agent or a new one from the template's suggestion. A key left out
    /// gets a new agent from the suggestion.
    pub agents: BTreeMap<String, AgentChoice>,
    pub teams: BTreeMap<String, TeamId>,
    /// Variable name → value. A required variable must be given; others keep their example.
    pub variables: JsonMap,
}

/// Which agent fills an agent requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum AgentChoice {
    /// One of the organization's agents (it keeps its own instructions and model).
    Existing { id: AgentId },
    /// A new agent made from the template's suggestion, named after the role unless named here.
    Create {
        #[serde(default)]
        name: Option<String>,
    },
}

/// One missing or wrong piece of a deploy request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeployProblem {
    /// `app`, `format`, `integration`, `agent`, `team` or `variable`.
    pub kind: String,
    /// The requirement's key or the variable's name (empty for `app` and `format`).
    pub key: String,
    pub message: String,
}

/// What deploy made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeployOutcome {
    /// The new workflow, inactive.
    pub workflow: Workflow,
    /// Agents created from the template's suggestions.
    pub created_agents: Vec<AiAgent>,
    /// What was filled in for the person (an integration preselected, an agent created …).
    pub notes: Vec<String>,
    pub origin: TemplateOrigin,
    /// The document's validation warnings, if any.
    pub warnings: Vec<ValidationIssue>,
}

/// A deployed workflow's template: which one and which version, what is left to do before it is
/// switched on, and whether a newer version is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateOrigin {
    pub workflow_id: WorkflowId,
    /// `None` when the template was deleted from the library since.
    pub template_id: Option<TemplateId>,
    pub slug: String,
    pub name: String,
    pub version: String,
    /// The library's version of the template, when it is newer than the deployed one.
    pub update_available: Option<String>,
    pub checklist: Vec<ChecklistItem>,
    pub deployed_at: Timestamp,
}

/// One step between a deployed workflow and a running one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistItem {
    /// A stable id (`integration:crm`, `provider:openai`, `testRun`, `activate`, `webhook` …).
    pub id: String,
    pub label: String,
    pub done: bool,
    /// What to do, or what was found.
    pub detail: Option<String>,
}

/// A newer version of a deployed workflow's template, and what taking it would change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateUpdate {
    pub workflow_id: WorkflowId,
    pub from_version: String,
    pub to_version: String,
    /// From the workflow's current document (with the organization's own edits) to the new version
    /// filled with the same choices.
    pub diff: WorkflowDiff,
    /// New requirements the earlier choices do not answer; taking the update needs them.
    pub missing: Vec<DeployProblem>,
}
