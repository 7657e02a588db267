//! The aiAgent and agentTeam node executors: render the node's templates, call the agent (or run
//! the team) within the run's budget and cancellation, record the call with the run's id and the
//! node's, and hand the engine the output with its tokens and cost.

use super::CallSpec;
use crate::hub::Hub;
use crate::teams::TeamRunOptions;
use neuroflow_agents::AnswerFormat;
use neuroflow_agents::budget::Meters;
use neuroflow_agents::runtime::Task;
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_engine::spec::{NodeSpec, ResponseFormat};
use neuroflow_types::{AgentId, ExecutionId, ExecutionStatus, OrgId, TeamId};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// Agent and team nodes of one run.
#[derive(Clone)]
pub(crate) struct AgentNodes {
    pub hub: Hub,
    pub org: OrgId,
    pub execution: ExecutionId,
    pub depth: u32,
    /// The run's budget (if it has one).
    pub meters: Meters,
}

fn usd(micros: i64) -> f64 {
    micros as f64 / 1_000_000.0
}

impl Executor for AgentNodes {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            match &call.node().spec {
                NodeSpec::AiAgent { .. } => self.agent(&call).await,
                NodeSpec::AgentTeam { .. } => self.team(&call).await,
                _ => Err(NodeError::permanent("internal: not an agent or team node")),
            }
        })
    }
}

impl AgentNodes {
    async fn agent(&self, call: &NodeCall) -> Result<NodeOutput, NodeError> {
        let NodeSpec::AiAgent { agent_id, prompt, system, response_format, overrides } = &call.node().spec else {
            unreachable!()
        };
        let text = |field: &str, template: &str| -> Result<String, NodeError> {
            let v = call.scope.render_str(template).map_err(|e| field_error(call, field, e))?;
            Ok(match v {
                Value::String(s) => s,
                other => other.to_string(),
            })
        };
        let prompt = text("data.prompt", prompt)?;
        let system = system.as_deref().map(|s| text("data.system", s)).transpose()?;
        let overrides = match call
            .scope
            .render(&Value::Object(overrides.clone()))
            .map_err(|e| field_error(call, "data.overrides", e))?
        {
            Value::Object(o) => o,
            _ => Default::default(),
        };
        let timeout = overrides.get("timeoutMs").and_then(Value::as_u64).map(Duration::from_millis);
        let id: AgentId = agent_id
            .parse()
            .map_err(|_| NodeError::permanent(format!("data.agentId: '{agent_id}' is not an agent id")))?;
        let agent = self
            .hub
            .get_agent(self.org, id)
            .await
            .map_err(|e| NodeError::permanent(format!("data.agentId: {}", e.message)))?;
        let format = match response_format {
            ResponseFormat::Text => AnswerFormat::Text,
            ResponseFormat::Json { schema } => AnswerFormat::Json(schema.clone()),
        };
        let spec = CallSpec {
            agent,
            label: super::call::label(&prompt),
            task: Task { prompt, system, format, history: Vec::new(), timeout },
            overrides,
            workflow_execution_id: Some(self.execution),
            team_execution_id: None,
            node_id: Some(call.node().id.clone()),
            meters: self.meters.clone(),
            cancel: call.cancel.clone(),
            on_event: Arc::new(|_| {}),
            depth: self.depth,
        };
        let called = self.hub.call_agent(self.org, spec).await.map_err(|e| NodeError::permanent(e.message))?;
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
                Ok(NodeOutput { value, route: None, tokens_used: reply.usage.total(), cost_micros: reply.cost_micros })
            }
            Err(f) => Err(NodeError {
                message: f.error.message,
                permanent: !f.error.kind.is_transient(),
                tokens_used: f.usage.total(),
                cost_micros: f.cost_micros,
            }),
        }
    }

    async fn team(&self, call: &NodeCall) -> Result<NodeOutput, NodeError> {
        let NodeSpec::AgentTeam { team_id, task } = &call.node().spec else { unreachable!() };
        let task = match call.scope.render_str(task).map_err(|e| field_error(call, "data.task", e))? {
            Value::String(s) => s,
            other => other.to_string(),
        };
        let id: TeamId =
            team_id.parse().map_err(|_| NodeError::permanent(format!("data.teamId: '{team_id}' is not a team id")))?;
        let options = TeamRunOptions {
            on_event: None,
            cancel: Some(call.cancel.clone()),
            workflow_execution_id: Some(self.execution),
            node_id: Some(call.node().id.clone()),
            meters: self.meters.clone(),
            depth: self.depth,
        };
        let run = self.hub.run_team(self.org, id, &task, options).await.map_err(|e| NodeError::permanent(e.message))?;
        if run.status != ExecutionStatus::Completed {
            return Err(NodeError {
                message: run.error.unwrap_or_else(|| format!("the team run {}", run.status.as_str().to_lowercase())),
                permanent: true,
                tokens_used: run.tokens_used,
                cost_micros: run.cost_micros,
            });
        }
        let output = run.output.clone().unwrap_or(Value::Null);
        let value = json!({
            "result": output.get("result").cloned().unwrap_or(Value::Null),
            "agentResults": run.agent_results,
            "usage": { "tokens": run.tokens_used },
            "costUsd": usd(run.cost_micros),
            "teamExecutionId": run.id,
            "details": output,
        });
        Ok(NodeOutput { value, route: None, tokens_used: run.tokens_used, cost_micros: run.cost_micros })
    }
}
