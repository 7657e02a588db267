//! The node kinds of the workflow document, typed: what each kind's `data` holds, as one tagged
//! type that Rust and the generated TypeScript share, so the editor, the validator and the executors
//! all know every field by name.
//!
//! The document on disk keeps React Flow's loose shape (`Node::data` is a JSON object, and unknown
//! fields are kept for a byte-for-byte round trip); this is the typed *reading* of that object. The
//! engine reads a node into a [`NodeKind`] collecting every problem with its field path, so one bad
//! field never hides another; the values here are normalised by that reading (trimmed paths,
//! upper-case methods). Settings that apply to every kind (`label`, `retry`, `timeoutMs`,
//! `onError`) live in [`NodeSettings`], which may also sit on the node itself in older documents.

use crate::JsonMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `type` of every node kind, as documents spell it.
pub const NODE_KINDS: &[&str] =
    &["trigger", "aiAgent", "agentTeam", "integration", "condition", "transform", "delay", "subWorkflow", "note"];

/// A node's data, typed by its kind: `{ "type": "aiAgent", "data": { … } }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", content = "data", rename_all = "camelCase")]
pub enum NodeKind {
    /// Where a run starts: by hand, on a schedule, or on a webhook call.
    Trigger(TriggerData),
    /// One call of one of the organization's agents.
    AiAgent(AiAgentData),
    /// A run of one of the organization's agent teams.
    AgentTeam(AgentTeamData),
    /// An action of an integration (Slack, Gmail, mail, webhooks, HTTP).
    Integration(IntegrationData),
    /// An if/else: routes to its `true` or `false` handle.
    Condition(ConditionData),
    /// Builds a value from templates.
    Transform(TransformData),
    /// Waits, then passes its input on.
    Delay(DelayData),
    /// Runs another workflow (once, or once per item of a list).
    SubWorkflow(SubWorkflowData),
    /// A comment on the canvas; the engine ignores it.
    Note(NoteData),
}

impl NodeKind {
    /// The document's `type` for this kind.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Trigger(_) => "trigger",
            Self::AiAgent(_) => "aiAgent",
            Self::AgentTeam(_) => "agentTeam",
            Self::Integration(_) => "integration",
            Self::Condition(_) => "condition",
            Self::Transform(_) => "transform",
            Self::Delay(_) => "delay",
            Self::SubWorkflow(_) => "subWorkflow",
            Self::Note(_) => "note",
        }
    }

    /// The settings every kind carries.
    pub fn settings(&self) -> &NodeSettings {
        match self {
            Self::Trigger(d) => &d.settings,
            Self::AiAgent(d) => &d.settings,
            Self::AgentTeam(d) => &d.settings,
            Self::Integration(d) => &d.settings,
            Self::Condition(d) => &d.settings,
            Self::Transform(d) => &d.settings,
            Self::Delay(d) => &d.settings,
            Self::SubWorkflow(d) => &d.settings,
            Self::Note(d) => &d.settings,
        }
    }
}

/// What every node may say about itself and how it handles failure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NodeSettings {
    /// The name shown on the canvas and in records (the node's id when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<RetrySettings>,
    /// Each attempt's time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_error: Option<OnError>,
}

/// How often a failing node is tried, and how long to wait between tries (doubled after each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RetrySettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_ms: Option<u64>,
}

/// What happens when a node fails after its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum OnError {
    /// The run fails.
    #[default]
    Fail,
    /// The node outputs `{error}` and its edges are taken as usual.
    Continue,
    /// The node outputs `{error}` and only its `error` edges are taken.
    Branch,
}

/// A trigger node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TriggerData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    pub trigger: TriggerConfig,
}

/// How a run starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TriggerConfig {
    /// From the editor, the CLI or a tool.
    Manual,
    /// On a cron schedule (five fields, or six with seconds first), in a time zone (UTC by default).
    Schedule {
        cron: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timezone: Option<String>,
    },
    /// On `METHOD /webhook/<path>`.
    Webhook {
        path: String,
        /// POST when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<String>,
        /// `output` (wait and answer with the run's output, the default) or `accepted` (202 at once).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        respond: Option<WebhookRespond>,
        /// A webhook integration whose signing key every request must be signed with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        integration_id: Option<String>,
    },
}

/// What a webhook call answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum WebhookRespond {
    /// Wait for the run and answer with its output.
    #[default]
    Output,
    /// Answer 202 at once with the execution id.
    Accepted,
}

/// An aiAgent node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AiAgentData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    pub agent_id: String,
    /// A template.
    pub prompt: String,
    /// A template added to the agent's own system prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<ResponseFormat>,
    /// Overrides of the agent's model parameters (`model`, `temperature`, `maxTokens`, `timeoutMs` …).
    #[serde(default, skip_serializing_if = "JsonMap::is_empty")]
    #[specta(type = std::collections::BTreeMap<String, Value>)]
    pub overrides: JsonMap,
}

/// The answer an aiAgent node asks for: `"text"`, `"json"`, or `{"type": "json", "schema": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum ResponseFormat {
    Named(ResponseFormatName),
    Typed(TypedResponseFormat),
}

impl ResponseFormat {
    /// Whether a JSON answer is asked for, and its schema if one is given.
    pub fn json_schema(&self) -> Option<Option<&Value>> {
        match self {
            Self::Named(ResponseFormatName::Json) => Some(None),
            Self::Typed(TypedResponseFormat { kind: ResponseFormatName::Json, schema }) => Some(schema.as_ref()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ResponseFormatName {
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct TypedResponseFormat {
    #[serde(rename = "type")]
    pub kind: ResponseFormatName,
    /// A JSON Schema the answer must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
}

/// An agentTeam node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentTeamData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    pub team_id: String,
    /// A template.
    pub task: String,
}

/// An integration node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    /// An action declared by the integrations (`slack.postMessage`, `http.request` …).
    pub action: String,
    /// Optional only for an unauthenticated `http.request`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<String>,
    /// The action's parameters; their strings are templates.
    #[serde(default)]
    #[specta(type = std::collections::BTreeMap<String, Value>)]
    pub params: JsonMap,
}

/// A condition node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConditionData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    /// A bare expression (`input.score >= vars.threshold`).
    pub expression: String,
}

/// A transform node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TransformData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    /// Any JSON; its strings are templates.
    pub output: Value,
}

/// A delay node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DelayData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    pub ms: u64,
}

/// A subWorkflow node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SubWorkflowData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    pub workflow_id: String,
    /// The child run's input: any JSON whose strings are templates (`item` and `index` inside `forEach`).
    #[serde(default = "empty_object")]
    pub input: Value,
    /// A template giving a list: the child runs once per item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_each: Option<String>,
    /// How many items run at once (1 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
}

/// A note: a comment on the canvas, never run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteData {
    #[serde(flatten)]
    pub settings: NodeSettings,
    #[serde(default)]
    pub text: String,
    /// A colour name the canvas understands (`yellow`, `blue` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

fn empty_object() -> Value {
    Value::Object(JsonMap::new())
}
