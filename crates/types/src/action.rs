//! How an integration action describes itself: its name, what it needs, its parameters and its
//! output. The integrations crate declares every action in these terms; the engine validates an
//! integration node's params against the declaration, and the editor builds the node's form and its
//! expression completions from it — one declaration, three readers, no list kept twice.

use crate::IntegrationProvider;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// HTTP methods a webhook trigger or an HTTP request may use.
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// An action an integration node can perform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionSpec {
    /// `slack.postMessage`, `http.request` …
    pub name: String,
    /// What people call it ("Post a Slack message").
    pub title: String,
    /// What it does and what it is for, one or two sentences (searched by the editor's palette).
    pub description: String,
    /// The kind of integration it runs with.
    pub provider: IntegrationProvider,
    /// Whether a node may leave `integrationId` out (only an unauthenticated HTTP request may).
    pub integration_optional: bool,
    pub params: Vec<ParamSpec>,
    /// The fields of the action's output, for expression completion (`nodes.<id>.output.<field>`).
    pub output: Vec<FieldSpec>,
}

impl ActionSpec {
    pub fn param(&self, name: &str) -> Option<&ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// One parameter of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ParamSpec {
    pub name: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    pub kind: ParamKind,
    pub required: bool,
    /// For a `choice`: the values allowed (a template may still choose one at run time).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// An example value, shown as a placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

/// What kind of value a parameter takes; every string in it may be a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ParamKind {
    /// A line of text.
    Text,
    /// Several lines of text (a message body).
    LongText,
    /// One or more email addresses, comma-separated, or a list.
    Email,
    /// An absolute URL, or a path under the integration's base URL.
    Url,
    /// One of `choices`.
    Choice,
    /// An object of string values (headers, query parameters).
    StringMap,
    /// Any JSON value.
    Json,
}

impl ParamKind {
    /// Whether a JSON value has this kind's shape (templates are checked separately).
    pub fn accepts(self, value: &Value) -> bool {
        match self {
            Self::Text | Self::LongText | Self::Url | Self::Choice => value.is_string(),
            Self::Email => value.is_string() || value.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            Self::StringMap => {
                value.is_string() || value.as_object().is_some_and(|m| m.values().all(|v| !v.is_object()))
            }
            Self::Json => true,
        }
    }

    /// The shape in words, for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Text | Self::LongText | Self::Url | Self::Choice => "a string",
            Self::Email => "an address or a list of addresses",
            Self::StringMap => "an object of strings",
            Self::Json => "any JSON value",
        }
    }
}

/// A field of a node's output, for completion and documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldSpec {
    /// A dotted path under the output (`status`, `body`, `usage.inputTokens`).
    pub path: String,
    pub description: String,
}

impl FieldSpec {
    pub fn new(path: &str, description: &str) -> Self {
        Self { path: path.into(), description: description.into() }
    }
}
