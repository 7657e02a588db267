//! The kinds other than triggers: each reads its fields, checks its templates, and builds its typed
//! data. An integration node is checked against its action's declaration.

use super::{MAX_DELAY_MS, Reader, kind};
use crate::expr;
use neuroflow_types::{
    ActionSpec, AgentTeamData, AiAgentData, ConditionData, DelayData, IntegrationData, NodeKind, NodeSettings,
    NoteData, ParamKind, ResponseFormat, ResponseFormatName, SubWorkflowData, TransformData, TypedResponseFormat,
};
use serde_json::Value;

impl Reader<'_> {
    pub(super) fn ai_agent(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let agent_id = self.string("agentId", true, "");
        let prompt = self.template_field("prompt", true);
        let system = self.template_field("system", false);
        let response_format = match self.data("responseFormat") {
            None => Some(None),
            Some(Value::String(s)) if s == "text" => Some(Some(ResponseFormat::Named(ResponseFormatName::Text))),
            Some(Value::String(s)) if s == "json" => Some(Some(ResponseFormat::Named(ResponseFormatName::Json))),
            Some(Value::Object(o)) if o.get("type").and_then(Value::as_str) == Some("json") => {
                let schema = o.get("schema").cloned();
                match &schema {
                    Some(s) if !s.is_object() => {
                        self.error("data.responseFormat.schema", "must be a JSON Schema object");
                        None
                    }
                    _ => Some(Some(ResponseFormat::Typed(TypedResponseFormat {
                        kind: ResponseFormatName::Json,
                        schema,
                    }))),
                }
            }
            Some(Value::Object(o)) if o.get("type").and_then(Value::as_str) == Some("text") => {
                Some(Some(ResponseFormat::Typed(TypedResponseFormat { kind: ResponseFormatName::Text, schema: None })))
            }
            Some(_) => {
                self.error(
                    "data.responseFormat",
                    "must be \"text\", \"json\" or {\"type\": \"json\", \"schema\": {…}}",
                );
                None
            }
        };
        let overrides = self.object("overrides", " of model parameters");
        Some(NodeKind::AiAgent(AiAgentData {
            settings,
            agent_id: agent_id?,
            prompt: prompt?,
            system,
            response_format: response_format?,
            overrides: overrides?,
        }))
    }

    pub(super) fn agent_team(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let team_id = self.string("teamId", true, "");
        let task = self.template_field("task", true);
        Some(NodeKind::AgentTeam(AgentTeamData { settings, team_id: team_id?, task: task? }))
    }

    pub(super) fn integration(&mut self, settings: NodeSettings, actions: &[ActionSpec]) -> Option<NodeKind> {
        let names = || actions.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ");
        let action = self.string("action", true, &format!(" (one of {})", names()))?;
        let Some(spec) = actions.iter().find(|a| a.name == action) else {
            self.error("data.action", format!("unknown action '{action}' (expected one of {})", names()));
            return None;
        };
        let integration_id = self.string("integrationId", !spec.integration_optional, " for this action");
        if !spec.integration_optional && integration_id.is_none() {
            return None;
        }
        let params = match self.data("params").cloned().unwrap_or(Value::Object(Default::default())) {
            Value::Object(map) => map,
            other => {
                self.error("data.params", format!("must be an object, not {}", kind(&other)));
                return None;
            }
        };
        self.check_params(spec, &params);
        if !self.templates_in(&Value::Object(params.clone()), "data.params") {
            return None;
        }
        Some(NodeKind::Integration(IntegrationData { settings, action, integration_id, params }))
    }

    /// Checks params against the action's declaration: required ones present, shapes right, choices
    /// among those allowed (unless a template picks one at run time).
    fn check_params(&mut self, spec: &ActionSpec, params: &serde_json::Map<String, Value>) {
        for p in &spec.params {
            let field = format!("data.params.{}", p.name);
            let value = params.get(&p.name).filter(|v| !v.is_null());
            let blank = value.is_none_or(|v| v.as_str().is_some_and(|s| s.trim().is_empty()));
            if blank {
                if p.required {
                    self.error(&field, format!("is required for {}", spec.name));
                }
                continue;
            }
            let Some(value) = value else { continue };
            if !p.kind.accepts(value) {
                self.error(&field, format!("must be {}, not {}", p.kind.describe(), kind(value)));
                continue;
            }
            if p.kind == ParamKind::Choice
                && let Some(s) = value.as_str()
                && !expr::is_template(s)
                && !p.choices.iter().any(|c| c.eq_ignore_ascii_case(s.trim()))
            {
                self.error(&field, format!("must be one of {}", p.choices.join(", ")));
            }
        }
    }

    pub(super) fn condition(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let expression = self.expression_field("expression")?;
        Some(NodeKind::Condition(ConditionData { settings, expression }))
    }

    pub(super) fn transform(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let Some(output) = self.data("output").cloned() else {
            self.error("data.output", "is required: the JSON this node outputs (its strings are templates)");
            return None;
        };
        self.templates_in(&output, "data.output").then_some(NodeKind::Transform(TransformData { settings, output }))
    }

    pub(super) fn delay(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let ms = match self.data("ms") {
            Some(v) => match v.as_u64() {
                Some(ms) if ms <= MAX_DELAY_MS => ms,
                Some(ms) => {
                    self.error("data.ms", format!("{ms} ms is longer than the limit of {MAX_DELAY_MS} ms (a week)"));
                    return None;
                }
                None => {
                    self.error("data.ms", format!("must be a whole number of milliseconds ≥ 0, not {v}"));
                    return None;
                }
            },
            None => {
                self.error("data.ms", "is required: how long to wait, in milliseconds");
                return None;
            }
        };
        Some(NodeKind::Delay(DelayData { settings, ms }))
    }

    pub(super) fn sub_workflow(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let workflow_id = self.string("workflowId", true, "");
        let input = self.data("input").cloned().unwrap_or(Value::Object(Default::default()));
        let input_ok = self.templates_in(&input, "data.input");
        let for_each = self.template_field("forEach", false);
        let concurrency = match self.data("concurrency") {
            None => Some(None),
            Some(v) => match v.as_u64() {
                Some(n @ 1..=64) => Some(Some(n as u32)),
                _ => {
                    self.error("data.concurrency", format!("must be a whole number from 1 to 64, not {v}"));
                    None
                }
            },
        };
        if !input_ok {
            return None;
        }
        Some(NodeKind::SubWorkflow(SubWorkflowData {
            settings,
            workflow_id: workflow_id?,
            input,
            for_each,
            concurrency: concurrency?,
        }))
    }

    pub(super) fn note(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let text = match self.data("text") {
            None => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.error("data.text", format!("must be a string, not {}", kind(other)));
                return None;
            }
        };
        let color = self.data("color").and_then(Value::as_str).map(str::to_string);
        Some(NodeKind::Note(NoteData { settings, text, color }))
    }
}
