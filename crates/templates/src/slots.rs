//! The fields of a document that hold an organization's ids — an integration node's
//! `integrationId`, a signed webhook trigger's `trigger.integrationId`, an AI step's `agentId`, a
//! team step's `teamId` — and filling their placeholders (`$integration:<key>` …) with the ids an
//! organization chose. Checking, deploying and publishing all read these fields through here, so the
//! three agree on where ids live.

use neuroflow_types::{AGENT_PLACEHOLDER, INTEGRATION_PLACEHOLDER, TEAM_PLACEHOLDER, WorkflowDocument};
use serde_json::Value;
use std::collections::BTreeMap;

/// What an id field refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlotKind {
    Integration,
    Agent,
    Team,
}

impl SlotKind {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Integration => INTEGRATION_PLACEHOLDER,
            Self::Agent => AGENT_PLACEHOLDER,
            Self::Team => TEAM_PLACEHOLDER,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Self::Integration => "integration",
            Self::Agent => "agent",
            Self::Team => "team",
        }
    }
}

/// One id field of a node.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub node: String,
    pub node_label: String,
    /// The field's path under the node (`data.integrationId`).
    pub field: &'static str,
    pub kind: SlotKind,
    /// What it holds, if a string.
    pub value: Option<String>,
    /// The node's action, for an integration node.
    pub action: Option<String>,
}

impl Slot {
    /// The key of the placeholder it holds, if it holds one of its kind.
    pub fn key(&self) -> Option<&str> {
        self.value.as_deref().and_then(|v| v.strip_prefix(self.kind.prefix()))
    }
}

/// Every id field present in the document, in node order.
pub fn slots(doc: &WorkflowDocument) -> Vec<Slot> {
    let mut out = Vec::new();
    for node in &doc.nodes {
        let mut push = |field: &'static str, kind: SlotKind, value: Option<&Value>| {
            if let Some(value) = value.filter(|v| !v.is_null()) {
                out.push(Slot {
                    node: node.id.clone(),
                    node_label: node.label().to_string(),
                    field,
                    kind,
                    value: value.as_str().map(str::to_string),
                    action: node.data.get("action").and_then(Value::as_str).map(str::to_string),
                });
            }
        };
        match node.node_type.as_str() {
            "integration" => push("data.integrationId", SlotKind::Integration, node.data.get("integrationId")),
            "trigger" => push(
                "data.trigger.integrationId",
                SlotKind::Integration,
                node.data.get("trigger").and_then(|t| t.get("integrationId")),
            ),
            "aiAgent" => push("data.agentId", SlotKind::Agent, node.data.get("agentId")),
            "agentTeam" => push("data.teamId", SlotKind::Team, node.data.get("teamId")),
            _ => {}
        }
    }
    out
}

/// The ids chosen for each placeholder key, by kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bindings {
    pub integrations: BTreeMap<String, String>,
    pub agents: BTreeMap<String, String>,
    pub teams: BTreeMap<String, String>,
}

impl Bindings {
    fn get(&self, kind: SlotKind, key: &str) -> Option<&String> {
        match kind {
            SlotKind::Integration => self.integrations.get(key),
            SlotKind::Agent => self.agents.get(key),
            SlotKind::Team => self.teams.get(key),
        }
    }
}

/// Calls `f` with each id field's kind and value; where it answers a new value, the field takes it.
pub fn map_slots(doc: &mut WorkflowDocument, mut f: impl FnMut(&str, SlotKind, &str) -> Option<String>) {
    for node in &mut doc.nodes {
        let (holder, field, kind) = match node.node_type.as_str() {
            "integration" => (Some(&mut node.data), "integrationId", SlotKind::Integration),
            "trigger" => {
                (node.data.get_mut("trigger").and_then(Value::as_object_mut), "integrationId", SlotKind::Integration)
            }
            "aiAgent" => (Some(&mut node.data), "agentId", SlotKind::Agent),
            "agentTeam" => (Some(&mut node.data), "teamId", SlotKind::Team),
            _ => (None, "", SlotKind::Integration),
        };
        let Some(holder) = holder else { continue };
        let Some(Value::String(value)) = holder.get(field) else { continue };
        if let Some(new) = f(&node.id, kind, value) {
            holder.insert(field.to_string(), Value::String(new));
        }
    }
}

/// The document with every placeholder replaced by its bound id, or every placeholder with no id
/// bound, named by node and field.
pub fn fill(doc: &WorkflowDocument, bindings: &Bindings) -> Result<WorkflowDocument, Vec<String>> {
    let mut out = doc.clone();
    let mut missing = Vec::new();
    map_slots(&mut out, |node, kind, value| {
        let key = value.strip_prefix(kind.prefix())?;
        match bindings.get(kind, key) {
            Some(id) => Some(id.clone()),
            None => {
                missing.push(format!("node '{node}': no {} chosen for '{key}'", kind.noun()));
                None
            }
        }
    });
    if missing.is_empty() { Ok(out) } else { Err(missing) }
}
