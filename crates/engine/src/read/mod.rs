//! Reading a node's loose `data` object into its typed [`NodeKind`] and its run policy, collecting
//! every problem with its field path and reason rather than stopping at the first — so the canvas can
//! mark every bad field at once. Templates and expressions are checked to parse here too, and an
//! integration node's params against the action's declaration (which the integrations crate owns:
//! the engine is handed the list, it keeps none).

mod kinds;
mod policy;
mod trigger;

pub use policy::NodePolicy;

use crate::expr;
use neuroflow_types::{ActionSpec, JsonMap, NODE_KINDS, Node, NodeKind, ValidationIssue};
use serde_json::Value;

/// The longest delay a node may ask for (a week), so that a typo does not park a run forever.
pub const MAX_DELAY_MS: u64 = 7 * 24 * 3_600_000;

/// Parses a cron expression: five fields (minute precision) or six (with seconds first), plus the
/// usual aliases (`@hourly`, `@daily` …). The one parser for validation and the scheduler.
pub fn parse_cron(expression: &str) -> Result<croner::Cron, croner::errors::CronError> {
    croner::parser::CronParser::builder().seconds(croner::parser::Seconds::Optional).build().parse(expression)
}

/// Reads a node's kind and policy, adding every problem to `issues`. Returns `None` when the node's
/// type is unknown or its data too broken to use.
pub fn read_node(
    node: &Node,
    actions: &[ActionSpec],
    issues: &mut Vec<ValidationIssue>,
) -> Option<(NodeKind, NodePolicy)> {
    let mut r = Reader { node, issues, failed: false };
    let (settings, policy) = policy::read(&mut r);
    let kind = match node.node_type.as_str() {
        "trigger" => r.trigger(settings.clone()),
        "aiAgent" => r.ai_agent(settings.clone()),
        "agentTeam" => r.agent_team(settings.clone()),
        "integration" => r.integration(settings.clone(), actions),
        "condition" => r.condition(settings.clone()),
        "transform" => r.transform(settings.clone()),
        "delay" => r.delay(settings.clone()),
        "subWorkflow" => r.sub_workflow(settings.clone()),
        "note" => r.note(settings.clone()),
        other => {
            let known = NODE_KINDS.join(", ");
            r.error("type", format!("unknown node type '{other}' (expected one of {known})"));
            None
        }
    };
    if r.failed { None } else { kind.zip(policy) }
}

/// Reads one node, recording problems against it.
pub(crate) struct Reader<'a> {
    node: &'a Node,
    issues: &'a mut Vec<ValidationIssue>,
    failed: bool,
}

impl Reader<'_> {
    pub(crate) fn error(&mut self, field: &str, message: impl Into<String>) {
        self.failed = true;
        self.issues.push(ValidationIssue::node(&self.node.id, field, message));
    }

    pub(crate) fn data(&self, key: &str) -> Option<&Value> {
        self.node.data.get(key).filter(|v| !v.is_null())
    }

    /// A node-level setting, read from `data` first and then from the node itself.
    pub(crate) fn setting(&self, key: &str) -> Option<(&Value, String)> {
        match self.data(key) {
            Some(v) => Some((v, format!("data.{key}"))),
            None => self.node.extra.get(key).filter(|v| !v.is_null()).map(|v| (v, key.to_string())),
        }
    }

    pub(crate) fn string(&mut self, key: &str, required: bool, hint: &str) -> Option<String> {
        match self.data(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::String(_)) | None if required => {
                self.error(&format!("data.{key}"), format!("is required{hint}"));
                None
            }
            None | Some(Value::String(_)) => None,
            Some(other) => {
                self.error(&format!("data.{key}"), format!("must be a string, not {}", kind(other)));
                None
            }
        }
    }

    pub(crate) fn template_field(&mut self, key: &str, required: bool) -> Option<String> {
        let text = self.string(key, required, "")?;
        if let Err(e) = expr::check_template(&text) {
            self.error(&format!("data.{key}"), e.to_string());
            return None;
        }
        Some(text)
    }

    pub(crate) fn expression_field(&mut self, key: &str) -> Option<String> {
        let text = self.string(key, true, " (a bare expression, e.g. input.score >= 80)")?;
        let bare = expr::single_expression(&text).unwrap_or(&text).to_string();
        if let Err(e) = expr::check_expression(&bare) {
            self.error(&format!("data.{key}"), e.to_string());
            return None;
        }
        Some(bare)
    }

    /// Checks every string inside a JSON value as a template.
    pub(crate) fn templates_in(&mut self, value: &Value, field: &str) -> bool {
        let problems = expr::template_errors(value, field);
        let ok = problems.is_empty();
        for (path, e) in problems {
            self.error(&path, e.to_string());
        }
        ok
    }

    /// An object field (`{}` when absent).
    pub(crate) fn object(&mut self, key: &str, what: &str) -> Option<JsonMap> {
        match self.data(key) {
            None => Some(JsonMap::new()),
            Some(Value::Object(o)) => Some(o.clone()),
            Some(other) => {
                self.error(&format!("data.{key}"), format!("must be an object{what}, not {}", kind(other)));
                None
            }
        }
    }
}

/// A JSON value's kind, in words.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
