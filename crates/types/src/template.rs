//! The template file (template format 1, see docs/templates.md): a manifest — what the template is,
//! what it needs, what a run costs, how it stays compliant — wrapped around a workflow document whose
//! integration, agent and team ids are placeholders (`$integration:<key>` …) until it is deployed.
//!
//! One shape serves the library shipped in the binary, exported files and published templates, so a
//! template travels between machines as the very file the app ships. Unknown fields are refused (a
//! typo would otherwise vanish silently); the workflow document inside keeps its own permissive reading.

use crate::{DifficultyLevel, IntegrationProvider, MemoryConfig, ModelConfig, Personality, TemplateCategory};
use crate::{JsonMap, WorkflowDocument};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The template format this build reads and writes.
pub const TEMPLATE_FORMAT: u32 = 1;

/// The prefixes of the placeholders a template's document holds instead of an organization's ids.
pub const INTEGRATION_PLACEHOLDER: &str = "$integration:";
pub const AGENT_PLACEHOLDER: &str = "$agent:";
pub const TEAM_PLACEHOLDER: &str = "$team:";

/// A template, as a file holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateFile {
    /// The template format's version ([`TEMPLATE_FORMAT`]).
    pub template: u32,
    /// The stable id of the template across versions (kebab-case).
    pub slug: String,
    /// The template's own version, `x.y.z`.
    pub version: String,
    pub name: String,
    pub description: String,
    pub category: TemplateCategory,
    pub difficulty: DifficultyLevel,
    /// Honest minutes to connect the integrations and fill the variables.
    pub setup_minutes: u32,
    pub icon: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Shown first in the gallery.
    #[serde(default)]
    pub featured: bool,
    pub requires: TemplateRequirements,
    /// The input of a test run, shaped like the trigger's real input.
    #[serde(default = "empty_object")]
    pub sample_input: Value,
    #[serde(default)]
    pub estimate: TemplateEstimate,
    #[serde(default)]
    pub compliance: TemplateCompliance,
    pub document: WorkflowDocument,
}

fn empty_object() -> Value {
    Value::Object(JsonMap::new())
}

/// What a template needs before it can run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateRequirements {
    /// The oldest app that can run the document, as `>=x.y.z`.
    pub app: String,
    /// The workflow document format the document is written in.
    pub format: u32,
    #[serde(default)]
    pub integrations: Vec<RequiredIntegration>,
    #[serde(default)]
    pub agents: Vec<RequiredAgent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<RequiredTeam>,
    #[serde(default)]
    pub variables: Vec<RequiredVariable>,
}

/// An integration the document uses, by the key its placeholders name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequiredIntegration {
    pub key: String,
    pub provider: IntegrationProvider,
    /// What it is used for, in the broker's words ("sends the first reply to the lead").
    pub purpose: String,
}

/// An agent the document uses, and what deploy creates when the organization maps none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequiredAgent {
    pub key: String,
    pub role: String,
    #[serde(default)]
    pub description: String,
    pub suggested: SuggestedAgent,
}

/// The agent a template suggests: the same fields as an agent's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SuggestedAgent {
    pub personality: Personality,
    pub model_config: ModelConfig,
    /// Absent: no memory between calls (one lead's details never reach another lead's call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryConfig>,
}

/// An agent team the document uses (mapped to one of the organization's teams at deploy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequiredTeam {
    pub key: String,
    #[serde(default)]
    pub purpose: String,
}

/// A variable the deploy step asks for, read by the document as `vars.<name>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequiredVariable {
    pub name: String,
    pub description: String,
    /// A working value, and the document's default.
    pub example: Value,
    /// Whether the person deploying must give a value (otherwise the example may be kept).
    #[serde(default)]
    pub required: bool,
}

/// Tokens and dollars of one typical run with the suggested models.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateEstimate {
    pub tokens_per_run: u32,
    /// Dollars, as the file states them; the app reads them as micro-dollars (see [`Self::cost_micros`]).
    pub usd_per_run: f64,
    #[serde(default)]
    pub note: String,
}

impl TemplateEstimate {
    /// The estimate in micro-dollars, rounded half up once.
    pub fn cost_micros(&self) -> i64 {
        (self.usd_per_run * 1_000_000.0).round() as i64
    }
}

/// How the template keeps the rules brokers work under.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateCompliance {
    /// Agents and AI steps avoid protected-class questions and steering.
    #[serde(default)]
    pub fair_housing: bool,
    /// A step texts a person (only with recorded consent).
    #[serde(default)]
    pub texts_people: bool,
    /// Where the recorded SMS consent is read (`input.body.smsConsent`).
    #[serde(default)]
    pub consent_field: Option<String>,
}

impl TemplateFile {
    /// The providers of the integrations it needs, each once, in a stable order.
    pub fn providers(&self) -> Vec<IntegrationProvider> {
        let mut out: Vec<IntegrationProvider> = Vec::new();
        for i in &self.requires.integrations {
            if !out.contains(&i.provider) {
                out.push(i.provider);
            }
        }
        out.sort_by_key(|p| p.as_str());
        out
    }

    /// The id of its one trigger node (where a test run starts).
    pub fn trigger_node(&self) -> Option<&str> {
        self.document.nodes.iter().find(|n| n.node_type == "trigger").map(|n| n.id.as_str())
    }
}
