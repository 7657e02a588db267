//! One task of one agent: the system prompt from its personality, the remembered turns, the model
//! and parameters (the node's overrides on top of the agent's), then the model call — and, while
//! the model asks for tools it is allowed, the tool calls and another model call, at most
//! [`MAX_TOOL_ROUNDS`] times. Every call counts against the budgets covering the task; a JSON answer
//! is read and checked against the schema, with one chance to repair it.

use crate::budget::Meters;
use crate::error::ToolError;
use crate::error::{AgentError, ErrorKind};
use crate::prices::Price;
use crate::provider::{self, AnswerFormat, ChatRequest, Endpoint, Finish, Message, Usage};
use crate::tools::{self, ToolHost};
use crate::{prompt, schema};
use neuroflow_types::{AiAgent, ModelConfig};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// How many times one task may go back to the model after calling tools.
pub const MAX_TOOL_ROUNDS: usize = 8;
/// A call's deadline unless the agent or node sets `timeoutMs`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);

/// What the agent is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Task {
    pub prompt: String,
    /// Added to the system prompt (a node's `system`).
    pub system: Option<String>,
    pub format: AnswerFormat,
    /// Past turns (user, assistant), oldest first.
    pub history: Vec<(String, String)>,
    /// The call's deadline (default [`DEFAULT_TIMEOUT`]).
    pub timeout: Option<Duration>,
}

/// Something that happened during a task, for live displays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum CallEvent {
    Token { text: String },
    ToolCalled { tool: String, arguments: Value },
    ToolFinished { tool: String, ok: bool, duration_ms: i64 },
}

/// A tool call as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ToolRecord {
    pub tool: String,
    pub arguments: Value,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// The agent's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub text: String,
    pub json: Option<Value>,
    pub model: String,
    pub usage: Usage,
    pub cost_micros: i64,
    pub tool_calls: Vec<ToolRecord>,
    /// The answer stopped at the max-tokens limit.
    pub truncated: bool,
}

/// A task that failed, with what it spent.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub error: AgentError,
    pub usage: Usage,
    pub cost_micros: i64,
    pub tool_calls: Vec<ToolRecord>,
}

/// What a task runs with.
pub struct Context<'a> {
    pub http: &'a reqwest::Client,
    pub endpoint: Endpoint,
    pub price: Option<Price>,
    pub tools: &'a dyn ToolHost,
    pub meters: Meters,
    pub cancel: CancellationToken,
    pub on_event: &'a (dyn Fn(CallEvent) + Send + Sync),
}

/// The agent's model settings with a node's overrides (`model`, `provider`, `temperature`,
/// `maxTokens`, `topP`, `frequencyPenalty`, `presencePenalty`, `stop`) on top.
pub fn effective_model(agent: &AiAgent, overrides: &Map<String, Value>) -> Result<ModelConfig, AgentError> {
    let mut merged = serde_json::to_value(&agent.model_config).unwrap_or_default();
    if let Some(obj) = merged.as_object_mut() {
        for (key, value) in overrides {
            if key != "timeoutMs" {
                obj.insert(key.clone(), value.clone());
            }
        }
    }
    let config: ModelConfig = serde_json::from_value(merged)
        .map_err(|e| AgentError::setup(format!("the model parameters of '{}' are not valid: {e}", agent.name)))?;
    if config.provider.trim().is_empty() || config.model.trim().is_empty() {
        return Err(AgentError::setup(format!("agent '{}' has no provider and model chosen", agent.name)));
    }
    Ok(config)
}

/// Runs the task.
pub async fn run(ctx: &Context<'_>, agent: &AiAgent, model: &ModelConfig, task: &Task) -> Result<Reply, Failure> {
    let mut spent = Usage::default();
    let mut cost = 0;
    let mut records = Vec::new();
    let fail = |error: AgentError, spent: Usage, cost: i64, records: &[ToolRecord]| Failure {
        error,
        usage: spent,
        cost_micros: cost,
        tool_calls: records.to_vec(),
    };
    let schema = match &task.format {
        AnswerFormat::Json(s) => Some(s.as_ref()),
        AnswerFormat::Text => None,
    };
    let allowed: Vec<&str> = agent.capabilities.iter().map(String::as_str).filter(|t| tools::ALL.contains(t)).collect();
    let mut request = ChatRequest {
        model: model.model.clone(),
        system: Some(prompt::system_prompt(agent, task.system.as_deref(), schema)),
        messages: Vec::new(),
        temperature: model.temperature,
        max_tokens: model.max_tokens,
        top_p: model.top_p,
        frequency_penalty: model.frequency_penalty,
        presence_penalty: model.presence_penalty,
        stop: model.stop.clone(),
        tools: allowed.iter().filter_map(|t| tools::spec(t)).collect(),
        format: task.format.clone(),
        timeout: task.timeout.unwrap_or(DEFAULT_TIMEOUT),
    };
    for (user, assistant) in &task.history {
        request.messages.push(Message::user(user.clone()));
        request.messages.push(Message::assistant(assistant.clone()));
    }
    request.messages.push(Message::user(task.prompt.clone()));
    let mut repaired = false;
    let mut rounds = 0;
    loop {
        if let Err(e) = ctx.meters.room() {
            return Err(fail(e, spent, cost, &records));
        }
        let mut on_token = |t: &str| (ctx.on_event)(CallEvent::Token { text: t.to_string() });
        let outcome = provider::complete(ctx.http, &ctx.endpoint, &request, &mut on_token, &ctx.cancel).await;
        let (response, usage) = match outcome {
            Ok(r) => {
                let usage = r.usage;
                (Ok(r), usage)
            }
            Err(f) => (Err(f.error), f.usage),
        };
        spent += usage;
        let call_cost = ctx.price.map_or(0, |p| p.cost(usage.input_tokens, usage.output_tokens));
        cost += call_cost;
        let over = ctx.meters.add(usage.total(), call_cost);
        let response = response.map_err(|e| fail(e, spent, cost, &records))?;
        // A call that crosses a budget stops the work, whatever it answered.
        over.map_err(|e| fail(e, spent, cost, &records))?;
        if !response.tool_calls.is_empty() {
            rounds += 1;
            if rounds > MAX_TOOL_ROUNDS {
                let e = AgentError::new(
                    ErrorKind::Refused,
                    format!("'{}' kept calling tools ({MAX_TOOL_ROUNDS} rounds) without answering", agent.name),
                );
                return Err(fail(e, spent, cost, &records));
            }
            request
                .messages
                .push(Message { tool_calls: response.tool_calls.clone(), ..Message::assistant(response.text.clone()) });
            for call in &response.tool_calls {
                let record = use_tool(ctx, &allowed, call).await;
                let content = match (&record.result, &record.error) {
                    (Some(v), _) => v.to_string(),
                    (None, Some(e)) => serde_json::json!({ "error": e }).to_string(),
                    (None, None) => "null".into(),
                };
                request.messages.push(Message::tool_result(call, content));
                records.push(record);
                if ctx.cancel.is_cancelled() {
                    return Err(fail(AgentError::cancelled(), spent, cost, &records));
                }
            }
            continue;
        }
        let truncated = response.finish == Finish::Length;
        let Some(schema) = schema else {
            return Ok(Reply {
                text: response.text,
                json: None,
                model: response.model,
                usage: spent,
                cost_micros: cost,
                tool_calls: records,
                truncated,
            });
        };
        if truncated {
            let max = model.max_tokens.map(|m| format!(" ({m} tokens)")).unwrap_or_default();
            let e =
                AgentError::new(ErrorKind::CutOff, format!("the JSON answer was cut off at the max-tokens limit{max}"));
            return Err(fail(e, spent, cost, &records));
        }
        let checked = schema::extract(&response.text).and_then(|v| match schema {
            Some(s) => schema::check(&v, s).map(|()| v),
            None => Ok(v),
        });
        match checked {
            Ok(json) => {
                return Ok(Reply {
                    text: response.text,
                    json: Some(json),
                    model: response.model,
                    usage: spent,
                    cost_micros: cost,
                    tool_calls: records,
                    truncated,
                });
            }
            Err(problem) if !repaired => {
                repaired = true;
                request.messages.push(Message::assistant(response.text));
                request.messages.push(Message::user(format!(
                    "That answer cannot be used: {problem}. Answer again with only the JSON value."
                )));
            }
            Err(problem) => {
                let e = AgentError::new(
                    ErrorKind::Schema,
                    format!("the answer did not match the requested format: {problem}"),
                );
                return Err(fail(e, spent, cost, &records));
            }
        }
    }
}

async fn use_tool(ctx: &Context<'_>, allowed: &[&str], call: &provider::ToolCall) -> ToolRecord {
    (ctx.on_event)(CallEvent::ToolCalled { tool: call.name.clone(), arguments: call.arguments.clone() });
    let started = Instant::now();
    let outcome = if allowed.contains(&call.name.as_str()) {
        tools::call(ctx.http, ctx.tools, &call.name, call.arguments.clone(), &ctx.cancel).await
    } else {
        Err(ToolError(format!("the tool '{}' is not available to this agent", call.name)))
    };
    let duration_ms = started.elapsed().as_millis() as i64;
    (ctx.on_event)(CallEvent::ToolFinished { tool: call.name.clone(), ok: outcome.is_ok(), duration_ms });
    tracing::info!(tool = %call.name, ok = outcome.is_ok(), duration_ms, "an agent called a tool");
    let (result, error) = match outcome {
        Ok(v) => (Some(v), None),
        Err(e) => (None, Some(e.0)),
    };
    ToolRecord { tool: call.name.clone(), arguments: call.arguments.clone(), result, error, duration_ms }
}
