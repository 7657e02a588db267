//! What the editor's palette, config panels and expression editor ask of the core: every node kind
//! (with what its output holds, for completion) and every integration action; the engine's own
//! parser on a template as it is typed, with where the error is; and a template's value against a
//! context (the last run's data), for the preview. No list is kept here twice: actions come from
//! the integrations, parsing and evaluation from the engine.

use crate::hub::Hub;
use neuroflow_types::{EditorCatalog, FieldSpec, NodeKindInfo, TemplateCheck, TemplatePreview, TextPosition};
use serde_json::Value;

fn kind(kind: &str, title: &str, group: &str, description: &str, outputs: &[(&str, &str)]) -> NodeKindInfo {
    NodeKindInfo {
        kind: kind.into(),
        title: title.into(),
        description: description.into(),
        group: group.into(),
        outputs: outputs.iter().map(|(p, d)| FieldSpec::new(p, d)).collect(),
    }
}

impl Hub {
    /// Every node kind and every integration action, for the palette.
    pub fn editor_catalog() -> EditorCatalog {
        let node_kinds = vec![
            kind(
                "trigger",
                "Trigger",
                "Triggers",
                "Where a run starts: by hand, on a schedule (cron), or when a webhook is called.",
                &[
                    ("body", "a webhook call's body"),
                    ("headers", "its headers (credentials hidden)"),
                    ("query", "its query parameters"),
                    ("scheduledAt", "when a schedule was due"),
                ],
            ),
            kind(
                "aiAgent",
                "AI agent",
                "AI",
                "Ask one of your agents: draft a reply, score a lead, summarise a listing. Tokens and cost are recorded.",
                &[
                    ("text", "the answer"),
                    ("json", "the answer as JSON, when a JSON format is asked for"),
                    ("model", "the model that answered"),
                    ("provider", "its provider"),
                    ("usage.inputTokens", "tokens read"),
                    ("usage.outputTokens", "tokens written"),
                    ("costUsd", "what the call cost, in dollars"),
                    ("agentExecutionId", "the recorded call"),
                ],
            ),
            kind(
                "agentTeam",
                "Agent team",
                "AI",
                "Give a task to a team of agents working as a pipeline, hierarchically, together or by vote.",
                &[
                    ("result", "the team's result"),
                    ("agentResults", "each member's contribution"),
                    ("usage.tokens", "tokens used"),
                    ("costUsd", "what the run cost, in dollars"),
                    ("teamExecutionId", "the recorded team run"),
                ],
            ),
            kind(
                "integration",
                "Integration",
                "Integrations",
                "Use Slack, Gmail, a mail server, a signed webhook or any HTTP API.",
                &[],
            ),
            kind(
                "condition",
                "Condition",
                "Logic",
                "If / else: continue on the true or the false branch, by an expression such as input.score >= 80.",
                &[("result", "true or false"), ("…", "its input, passed on")],
            ),
            kind(
                "transform",
                "Transform",
                "Logic",
                "Build a value from templates: pick fields, rename, combine text.",
                &[],
            ),
            kind(
                "delay",
                "Delay",
                "Flow",
                "Wait, then pass the input on (up to a week).",
                &[("…", "its input, passed on")],
            ),
            kind(
                "subWorkflow",
                "Sub-workflow",
                "Flow",
                "Run another workflow once, or once for each item of a list, and use its output.",
                &[],
            ),
            kind("note", "Note", "Notes", "A comment on the canvas; never runs.", &[]),
        ];
        EditorCatalog { node_kinds, actions: neuroflow_integrations::actions::catalog().to_vec() }
    }

    /// The engine's parser on a template (or a bare expression) as it is typed.
    pub fn check_template(text: &str, expression: bool) -> TemplateCheck {
        match neuroflow_engine::expr::check_located(text, expression) {
            Ok(()) => TemplateCheck { error: None, at: None },
            Err((e, at)) => {
                TemplateCheck { error: Some(e.to_string()), at: at.map(|(line, column)| TextPosition { line, column }) }
            }
        }
    }

    /// A template's value against `context` (`{input, vars, execution, nodes}`), for the preview.
    pub fn render_preview(template: &str, context: &Value) -> TemplatePreview {
        match neuroflow_engine::expr::render_string(template, context) {
            Ok(value) => TemplatePreview { value: Some(value), error: None },
            Err(e) => TemplatePreview { value: None, error: Some(e.to_string()) },
        }
    }
}
