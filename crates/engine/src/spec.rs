//! Each node's `data`, read into a typed specification of what the node does and how it handles
//! failure. Reading collects every problem (field path and reason) rather than stopping at the
//! first, and checks that every template and expression parses.

use crate::expr;
use neuroflow_types::{JsonMap, Node, ValidationIssue};
use serde_json::Value;

/// The node types of format 1.
pub const NODE_TYPES: &[&str] =
    &["trigger", "aiAgent", "agentTeam", "integration", "condition", "transform", "delay", "subWorkflow"];

/// The integration actions the engine knows.
pub const INTEGRATION_ACTIONS: &[&str] =
    &["http.request", "slack.postMessage", "gmail.send", "email.send", "webhook.send"];

/// HTTP methods a webhook trigger or an http.request may use.
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The longest delay a node may ask for (a week), so that a typo does not park a run forever.
pub const MAX_DELAY_MS: u64 = 7 * 24 * 3_600_000;

/// Parses a cron expression: five fields (minute precision) or six (with seconds first), plus the
/// usual aliases (`@hourly`, `@daily` …). The one parser for validation and the scheduler.
pub fn parse_cron(expression: &str) -> Result<croner::Cron, croner::errors::CronError> {
    croner::parser::CronParser::builder().seconds(croner::parser::Seconds::Optional).build().parse(expression)
}

/// What a node does.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeSpec {
    Trigger(TriggerSpec),
    AiAgent {
        agent_id: String,
        prompt: String,
        system: Option<String>,
        response_format: ResponseFormat,
        overrides: JsonMap,
    },
    AgentTeam {
        team_id: String,
        task: String,
    },
    Integration {
        action: String,
        integration_id: Option<String>,
        params: Value,
    },
    Condition {
        expression: String,
    },
    Transform {
        output: Value,
    },
    Delay {
        ms: u64,
    },
    SubWorkflow {
        workflow_id: String,
        input: Value,
        for_each: Option<String>,
        concurrency: usize,
    },
}

/// How a run can start.
#[derive(Debug, Clone, PartialEq)]
pub enum TriggerSpec {
    Manual,
    Schedule {
        cron: String,
        timezone: Option<String>,
    },
    Webhook {
        path: String,
        method: String,
        respond: WebhookRespond,
        /// A webhook integration whose signing key every request must be signed with.
        signed_by: Option<String>,
    },
}

/// What a webhook call answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookRespond {
    /// Wait for the run and answer with its output.
    Output,
    /// Answer 202 at once with the execution id.
    Accepted,
}

/// The answer an aiAgent node asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseFormat {
    Text,
    Json { schema: Option<Value> },
}

/// What happens when a node fails after its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// The run fails.
    #[default]
    Fail,
    /// The node outputs `{error}` and its edges are taken as usual.
    Continue,
    /// The node outputs `{error}` and only its `error` edges are taken.
    Branch,
}

/// Retry, timeout and failure handling of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePolicy {
    pub max_attempts: u32,
    pub backoff_ms: u64,
    pub timeout_ms: Option<u64>,
    pub on_error: OnError,
}

impl Default for NodePolicy {
    fn default() -> Self {
        Self { max_attempts: 1, backoff_ms: 0, timeout_ms: None, on_error: OnError::Fail }
    }
}

/// Reads a node's specification and policy, adding every problem to `issues`.
/// Returns `None` when the node's type is unknown or its data too broken to use.
pub fn read_node(node: &Node, issues: &mut Vec<ValidationIssue>) -> Option<(NodeSpec, NodePolicy)> {
    let mut r = Reader { node, issues, failed: false };
    let spec = match node.node_type.as_str() {
        "trigger" => r.trigger().map(NodeSpec::Trigger),
        "aiAgent" => r.ai_agent(),
        "agentTeam" => {
            let team_id = r.id_field("teamId");
            let task = r.template_field("task", true);
            Some(NodeSpec::AgentTeam { team_id: team_id?, task: task? })
        }
        "integration" => r.integration(),
        "condition" => r.expression_field("expression").map(|expression| NodeSpec::Condition { expression }),
        "transform" => r.transform(),
        "delay" => r.delay(),
        "subWorkflow" => r.sub_workflow(),
        other => {
            r.error("type", format!("unknown node type '{other}' (expected one of {})", NODE_TYPES.join(", ")));
            None
        }
    };
    let policy = r.policy();
    if r.failed { None } else { spec.zip(policy) }
}

struct Reader<'a> {
    node: &'a Node,
    issues: &'a mut Vec<ValidationIssue>,
    failed: bool,
}

impl Reader<'_> {
    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.failed = true;
        self.issues.push(ValidationIssue::node(&self.node.id, field, message));
    }

    fn data(&self, key: &str) -> Option<&Value> {
        self.node.data.get(key).filter(|v| !v.is_null())
    }

    /// A node-level setting, read from `data` first and then from the node itself.
    fn setting(&self, key: &str) -> Option<(&Value, String)> {
        match self.data(key) {
            Some(v) => Some((v, format!("data.{key}"))),
            None => self.node.extra.get(key).filter(|v| !v.is_null()).map(|v| (v, key.to_string())),
        }
    }

    fn string(&mut self, key: &str, required: bool, hint: &str) -> Option<String> {
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

    fn id_field(&mut self, key: &str) -> Option<String> {
        self.string(key, true, "")
    }

    fn template_field(&mut self, key: &str, required: bool) -> Option<String> {
        let text = self.string(key, required, "")?;
        if let Err(e) = expr::check_template(&text) {
            self.error(&format!("data.{key}"), e);
            return None;
        }
        Some(text)
    }

    fn expression_field(&mut self, key: &str) -> Option<String> {
        let text = self.string(key, true, " (a bare expression, e.g. input.score >= 80)")?;
        let bare = expr::single_expression(&text).unwrap_or(&text).to_string();
        if let Err(e) = expr::check_expression(&bare) {
            self.error(&format!("data.{key}"), e);
            return None;
        }
        Some(bare)
    }

    /// Checks every string inside a JSON value as a template.
    fn templates_in(&mut self, value: &Value, field: &str) -> bool {
        let problems = expr::template_errors(value, field);
        let ok = problems.is_empty();
        for (path, e) in problems {
            self.error(&path, e);
        }
        ok
    }

    fn trigger(&mut self) -> Option<TriggerSpec> {
        let Some(trigger) = self.data("trigger") else {
            self.error("data.trigger", "is required: {\"kind\": \"manual\" | \"schedule\" | \"webhook\", …}");
            return None;
        };
        let Some(t) = trigger.as_object() else {
            self.error("data.trigger", format!("must be an object, not {}", kind(trigger)));
            return None;
        };
        let field = |k: &str| t.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        match field("kind") {
            Some("manual") => Some(TriggerSpec::Manual),
            Some("schedule") => {
                let Some(cron) = field("cron") else {
                    self.error("data.trigger.cron", "is required for a schedule (e.g. \"0 9 * * 1-5\")");
                    return None;
                };
                if let Err(e) = parse_cron(cron) {
                    self.error("data.trigger.cron", format!("'{cron}' is not a valid cron expression: {e}"));
                    return None;
                }
                let timezone = field("timezone").map(str::to_string);
                if let Some(tz) = &timezone
                    && tz.parse::<chrono_tz::Tz>().is_err()
                {
                    self.error(
                        "data.trigger.timezone",
                        format!("'{tz}' is not a known time zone (e.g. America/New_York)"),
                    );
                    return None;
                }
                Some(TriggerSpec::Schedule { cron: cron.to_string(), timezone })
            }
            Some("webhook") => {
                let Some(path) = field("path") else {
                    self.error("data.trigger.path", "is required for a webhook (e.g. \"new-lead\")");
                    return None;
                };
                let path = path.trim_matches('/').to_string();
                if path.is_empty() || !path.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
                    self.error("data.trigger.path", "may use only letters, digits, '-', '_', '.' and '/'");
                    return None;
                }
                let method = field("method").unwrap_or("POST").to_ascii_uppercase();
                if !HTTP_METHODS.contains(&method.as_str()) {
                    self.error("data.trigger.method", format!("'{method}' is not one of {}", HTTP_METHODS.join(", ")));
                    return None;
                }
                let respond = match field("respond") {
                    None | Some("output") => WebhookRespond::Output,
                    Some("accepted") => WebhookRespond::Accepted,
                    Some(other) => {
                        self.error("data.trigger.respond", format!("'{other}' is not 'output' or 'accepted'"));
                        return None;
                    }
                };
                let signed_by = match t.get("integrationId") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(id)) if !id.trim().is_empty() => Some(id.trim().to_string()),
                    Some(other) => {
                        self.error(
                            "data.trigger.integrationId",
                            format!("must be the id of a webhook integration, not {}", kind(other)),
                        );
                        return None;
                    }
                };
                Some(TriggerSpec::Webhook { path, method, respond, signed_by })
            }
            Some(other) => {
                self.error("data.trigger.kind", format!("'{other}' is not 'manual', 'schedule' or 'webhook'"));
                None
            }
            None => {
                self.error("data.trigger.kind", "is required: 'manual', 'schedule' or 'webhook'");
                None
            }
        }
    }

    fn ai_agent(&mut self) -> Option<NodeSpec> {
        let agent_id = self.id_field("agentId");
        let prompt = self.template_field("prompt", true);
        let system = self.template_field("system", false);
        let response_format = match self.data("responseFormat") {
            None => Some(ResponseFormat::Text),
            Some(Value::String(s)) if s == "text" => Some(ResponseFormat::Text),
            Some(Value::String(s)) if s == "json" => Some(ResponseFormat::Json { schema: None }),
            Some(Value::Object(o)) if o.get("type").and_then(Value::as_str) == Some("json") => {
                let schema = o.get("schema").cloned();
                match &schema {
                    Some(s) if !s.is_object() => {
                        self.error("data.responseFormat.schema", "must be a JSON Schema object");
                        None
                    }
                    _ => Some(ResponseFormat::Json { schema }),
                }
            }
            Some(Value::Object(o)) if o.get("type").and_then(Value::as_str) == Some("text") => {
                Some(ResponseFormat::Text)
            }
            Some(_) => {
                self.error(
                    "data.responseFormat",
                    "must be \"text\", \"json\" or {\"type\": \"json\", \"schema\": {…}}",
                );
                None
            }
        };
        let overrides = match self.data("overrides") {
            None => Some(JsonMap::new()),
            Some(Value::Object(o)) => Some(o.clone()),
            Some(other) => {
                self.error("data.overrides", format!("must be an object of model parameters, not {}", kind(other)));
                None
            }
        };
        Some(NodeSpec::AiAgent {
            agent_id: agent_id?,
            prompt: prompt?,
            system,
            response_format: response_format?,
            overrides: overrides?,
        })
    }

    fn integration(&mut self) -> Option<NodeSpec> {
        let action = self.string("action", true, &format!(" (one of {})", INTEGRATION_ACTIONS.join(", ")))?;
        if !INTEGRATION_ACTIONS.contains(&action.as_str()) {
            self.error(
                "data.action",
                format!("unknown action '{action}' (expected one of {})", INTEGRATION_ACTIONS.join(", ")),
            );
            return None;
        }
        let needs_integration = action != "http.request";
        let integration_id = self.string("integrationId", needs_integration, " for this action");
        if needs_integration && integration_id.is_none() {
            return None;
        }
        let params = self.data("params").cloned().unwrap_or(Value::Object(JsonMap::new()));
        if !params.is_object() {
            self.error("data.params", format!("must be an object, not {}", kind(&params)));
            return None;
        }
        if action == "http.request" {
            match params.get("url") {
                Some(Value::String(u)) if !u.trim().is_empty() => {}
                _ => self.error("data.params.url", "is required for http.request"),
            }
            if let Some(m) = params.get("method") {
                let ok = m
                    .as_str()
                    .is_some_and(|m| expr::is_template(m) || HTTP_METHODS.contains(&m.to_ascii_uppercase().as_str()));
                if !ok {
                    self.error("data.params.method", format!("must be one of {}", HTTP_METHODS.join(", ")));
                }
            }
        }
        if !self.templates_in(&params, "data.params") {
            return None;
        }
        Some(NodeSpec::Integration { action, integration_id, params })
    }

    fn transform(&mut self) -> Option<NodeSpec> {
        let Some(output) = self.data("output").cloned() else {
            self.error("data.output", "is required: the JSON this node outputs (its strings are templates)");
            return None;
        };
        self.templates_in(&output, "data.output").then_some(NodeSpec::Transform { output })
    }

    fn delay(&mut self) -> Option<NodeSpec> {
        match self.data("ms") {
            Some(v) => match v.as_u64() {
                Some(ms) if ms <= MAX_DELAY_MS => Some(NodeSpec::Delay { ms }),
                Some(ms) => {
                    self.error("data.ms", format!("{ms} ms is longer than the limit of {MAX_DELAY_MS} ms (a week)"));
                    None
                }
                None => {
                    self.error("data.ms", format!("must be a whole number of milliseconds ≥ 0, not {v}"));
                    None
                }
            },
            None => {
                self.error("data.ms", "is required: how long to wait, in milliseconds");
                None
            }
        }
    }

    fn sub_workflow(&mut self) -> Option<NodeSpec> {
        let workflow_id = self.id_field("workflowId");
        let input = self.data("input").cloned().unwrap_or(Value::Object(JsonMap::new()));
        let input_ok = self.templates_in(&input, "data.input");
        let for_each = self.template_field("forEach", false);
        let concurrency = match self.data("concurrency") {
            None => Some(1),
            Some(v) => match v.as_u64() {
                Some(n @ 1..=64) => Some(n as usize),
                _ => {
                    self.error("data.concurrency", format!("must be a whole number from 1 to 64, not {v}"));
                    None
                }
            },
        };
        if !input_ok {
            return None;
        }
        Some(NodeSpec::SubWorkflow { workflow_id: workflow_id?, input, for_each, concurrency: concurrency? })
    }

    fn policy(&mut self) -> Option<NodePolicy> {
        let mut policy = NodePolicy::default();
        let mut ok = true;
        if let Some((retry, field)) = self.setting("retry").map(|(v, f)| (v.clone(), f)) {
            match retry.as_object() {
                Some(r) => {
                    match r.get("maxAttempts").map(|v| v.as_u64()) {
                        None => {}
                        Some(Some(n @ 1..=100)) => policy.max_attempts = n as u32,
                        Some(_) => {
                            self.error(&format!("{field}.maxAttempts"), "must be a whole number from 1 to 100");
                            ok = false;
                        }
                    }
                    match r.get("backoffMs").map(|v| v.as_u64()) {
                        None => {}
                        Some(Some(ms)) if ms <= 3_600_000 => policy.backoff_ms = ms,
                        Some(_) => {
                            self.error(
                                &format!("{field}.backoffMs"),
                                "must be a whole number of milliseconds up to an hour",
                            );
                            ok = false;
                        }
                    }
                }
                None => {
                    self.error(&field, "must be an object {\"maxAttempts\": 3, \"backoffMs\": 1000}");
                    ok = false;
                }
            }
        }
        if let Some((timeout, field)) = self.setting("timeoutMs").map(|(v, f)| (v.clone(), f)) {
            match timeout.as_u64() {
                Some(ms) if ms > 0 => policy.timeout_ms = Some(ms),
                _ => {
                    self.error(&field, format!("must be a whole number of milliseconds > 0, not {timeout}"));
                    ok = false;
                }
            }
        }
        if let Some((on_error, field)) = self.setting("onError").map(|(v, f)| (v.clone(), f)) {
            policy.on_error = match on_error.as_str() {
                Some("fail") => OnError::Fail,
                Some("continue") => OnError::Continue,
                Some("branch") => OnError::Branch,
                _ => {
                    self.error(&field, format!("must be \"fail\", \"continue\" or \"branch\", not {on_error}"));
                    ok = false;
                    OnError::Fail
                }
            };
        }
        ok.then_some(policy)
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
