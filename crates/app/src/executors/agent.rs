//! The aiAgent node: renders the prompt (and system text, and model overrides), calls the agent
//! within the run's budget and cancellation, records the call with the run's id and the node's, and
//! hands the engine the answer with its tokens and cost.

use super::{text, usd};
use crate::agents::CallSpec;
use crate::context::RunContext;
use crate::events::discard;
use crate::hub::Hub;
use neuroflow_agents::AnswerFormat;
use neuroflow_agents::ErrorKind;
use neuroflow_agents::runtime::{Failure, Task};
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_types::{AgentId, NodeKind};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

pub(super) struct AgentNode {
    pub hub: Hub,
    pub ctx: RunContext,
}

impl Executor for AgentNode {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeKind::AiAgent(data) = &call.node().kind else {
                return Err(NodeError::permanent("internal: not an aiAgent node"));
            };
            let render = |field: &str, template: &str| {
                call.scope.render_str(template).map(text).map_err(|e| field_error(field, e))
            };
            let prompt = render("data.prompt", &data.prompt)?;
            let system = data.system.as_deref().map(|s| render("data.system", s)).transpose()?;
            let overrides = match call
                .scope
                .render(&Value::Object(data.overrides.clone()))
                .map_err(|e| field_error("data.overrides", e))?
            {
                Value::Object(o) => o,
                _ => Default::default(),
            };
            let timeout = overrides.get("timeoutMs").and_then(Value::as_u64).map(Duration::from_millis);
            let id: AgentId = data
                .agent_id
                .parse()
                .map_err(|_| NodeError::permanent(format!("data.agentId: '{}' is not an agent id", data.agent_id)))?;
            let agent = self
                .hub
                .get_agent(self.ctx.org, id)
                .await
                .map_err(|e| NodeError::permanent(format!("data.agentId: {}", e.message)))?;
            let format = match data.response_format.as_ref().and_then(|f| f.json_schema()) {
                Some(schema) => AnswerFormat::Json(schema.cloned()),
                None => AnswerFormat::Text,
            };
            let spec = CallSpec {
                agent,
                label: crate::agents::label(&prompt),
                task: Task { prompt, system, format, history: Vec::new(), timeout },
                overrides,
                team_execution_id: None,
                node_id: Some(call.node().id.clone()),
                on_event: discard(),
                ctx: self.ctx.stopped_by(call.cancel.clone()),
            };
            let called = self.hub.call_agent(spec).await.map_err(|e| NodeError::permanent(e.message))?;
            match called.outcome {
                Ok(reply) => {
                    let mut value = json!({
                        "text": reply.text,
                        "model": reply.model,
                        "provider": called.provider,
                        "usage": { "inputTokens": reply.usage.input_tokens, "outputTokens": reply.usage.output_tokens },
                        "costUsd": usd(reply.cost_micros),
                    });
                    if let Some(v) = reply.json {
                        value["json"] = v;
                    }
                    if let Some(record) = &called.record {
                        value["agentExecutionId"] = json!(record.id);
                    }
                    Ok(NodeOutput {
                        value,
                        route: None,
                        tokens_used: reply.usage.total(),
                        cost_micros: reply.cost_micros,
                    })
                }
                Err(f) => Err(failure(f)),
            }
        })
    }
}

/// A failed call as the engine sees it: cancelled, worth retrying, or not — with what it still cost.
fn failure(f: Failure) -> NodeError {
    let error = match f.error.kind {
        ErrorKind::Cancelled => NodeError::cancelled(),
        kind if kind.is_transient() => NodeError::transient(f.error.message),
        _ => NodeError::permanent(f.error.message),
    };
    error.spent(f.usage.total(), f.cost_micros)
}
