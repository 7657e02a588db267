//! One call of an agent, wherever it comes from: the model and parameters (with overrides), the
//! provider's endpoint and key, the price, the budgets that cover it; an agent_executions row from
//! start (RUNNING) to end, and the agent's status (BUSY while any call runs, ERROR after a failed
//! one, IDLE otherwise) and metrics.

use super::tools::AppTools;
use crate::error::{AppError, AppResult};
use crate::hub::{Hub, poisoned};
use neuroflow_agents::budget::{Meter, Meters};
use neuroflow_agents::runtime::{self, Context, Failure, Task};
use neuroflow_agents::{AgentError, AnswerFormat, CallEvent, ErrorKind, Reply, prices};
use neuroflow_store::table::agent_executions::{self, CallOutcome};
use neuroflow_store::table::agents;
use neuroflow_types::{
    AgentExecution, AgentExecutionId, AgentId, AgentStatus, AiAgent, Budget, ExecutionId, ExecutionStatus, JsonMap,
    OrgId, TeamExecutionId, now,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// What happens during an agent call, for the playground and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum AgentEvent {
    Started { agent_execution_id: AgentExecutionId, agent_id: AgentId, model: String, provider: String },
    Token { text: String },
    ToolCalled { tool: String, arguments: Value },
    ToolFinished { tool: String, ok: bool, duration_ms: i64 },
    Finished { execution: Box<AgentExecution> },
}

pub(crate) type EventSink = Arc<dyn Fn(AgentEvent) + Send + Sync>;

/// A call to make.
pub(crate) struct CallSpec {
    pub agent: AiAgent,
    pub task: Task,
    pub overrides: JsonMap,
    /// What the record's `task` column says (a prompt's beginning, a team phase …).
    pub label: String,
    pub workflow_execution_id: Option<ExecutionId>,
    pub team_execution_id: Option<TeamExecutionId>,
    pub node_id: Option<String>,
    pub meters: Meters,
    pub cancel: CancellationToken,
    pub on_event: EventSink,
    /// How deep in workflows-run-by-workflows this call is (for the run_workflow tool).
    pub depth: u32,
}

/// A finished call: its record (when it got far enough to have one) and its outcome.
pub(crate) struct Called {
    pub record: Option<AgentExecution>,
    pub outcome: Result<Reply, Failure>,
    pub provider: String,
}

/// Options of a direct question to an agent (playground, CLI).
#[derive(Clone, Default)]
pub struct AskOptions {
    /// Added to the system prompt.
    pub system: Option<String>,
    pub format: AnswerFormat,
    pub overrides: JsonMap,
    /// Send the agent's memory window of past conversations (default on, as set on the agent).
    pub forget: bool,
    pub budget: Option<Budget>,
    pub on_event: Option<EventSink>,
    pub cancel: Option<CancellationToken>,
}

/// The recorded call.
pub type AskOutcome = AgentExecution;

impl Hub {
    /// Asks an agent directly; streams its answer to `on_event`; answers with the call's record
    /// (COMPLETED, FAILED or CANCELLED — a failure is in the record, not an error).
    pub async fn ask_agent(&self, org: OrgId, id: AgentId, prompt: &str, options: AskOptions) -> AppResult<AskOutcome> {
        let agent = self.get_agent(org, id).await?;
        if prompt.trim().is_empty() {
            return Err(AppError::invalid("the prompt is empty"));
        }
        let history = if options.forget || agent.memory.window_turns == 0 {
            Vec::new()
        } else {
            let (open, window) = (self.org(org).await?, agent.memory.window_turns);
            open.store.read_async(move |c| agent_executions::recent_turns(c, org, id, window)).await?
        };
        let mut meters = Meters::default();
        if let Some(budget) = options.budget {
            meters = meters.with(Meter::new("this question", budget));
        }
        let on_event = options.on_event.clone().unwrap_or_else(|| Arc::new(|_| {}));
        let spec = CallSpec {
            label: label(prompt),
            task: Task {
                prompt: prompt.to_string(),
                system: options.system,
                format: options.format,
                history,
                timeout: None,
            },
            agent,
            overrides: options.overrides,
            workflow_execution_id: None,
            team_execution_id: None,
            node_id: None,
            meters,
            cancel: options.cancel.unwrap_or_default(),
            on_event: Arc::clone(&on_event),
            depth: 0,
        };
        let called = self.call_agent(org, spec).await?;
        match called.record {
            Some(record) => {
                on_event(AgentEvent::Finished { execution: Box::new(record.clone()) });
                Ok(record)
            }
            None => Err(match called.outcome {
                Err(f) => AppError::invalid(f.error.message),
                Ok(_) => AppError::internal("a call without a record"),
            }),
        }
    }

    /// Stops a running agent call.
    pub fn cancel_agent_call(&self, id: AgentExecutionId) -> bool {
        self.inner.calls.lock().ok().and_then(|c| c.get(&id).cloned()).map(|t| t.cancel()).is_some()
    }

    /// Makes a call and records it.
    pub(crate) async fn call_agent(&self, org: OrgId, spec: CallSpec) -> AppResult<Called> {
        let agent = &spec.agent;
        let setup = |error: AgentError, provider: String| Called {
            record: None,
            outcome: Err(Failure { error, usage: Default::default(), cost_micros: 0, tool_calls: Vec::new() }),
            provider,
        };
        if !agent.is_active {
            let e = AgentError::setup(format!("agent '{}' is turned off", agent.name));
            return Ok(setup(e, agent.model_config.provider.clone()));
        }
        let model = match runtime::effective_model(agent, &spec.overrides) {
            Ok(m) => m,
            Err(e) => return Ok(setup(e, agent.model_config.provider.clone())),
        };
        let endpoint = match self.endpoint(org, &model.provider).await {
            Ok(e) => e,
            Err(e) => return Ok(setup(AgentError::setup(e.message), model.provider.clone())),
        };
        let price = prices::lookup(&self.custom_prices(org).await?, &model.provider, &model.model);
        if price.is_none() {
            tracing::warn!(provider = %model.provider, model = %model.model, "no price is known for this model; its cost is recorded as 0");
        }
        let mut input = json!({ "prompt": spec.task.prompt, "model": model.model, "provider": model.provider });
        if let Some(system) = &spec.task.system {
            input["system"] = json!(system);
        }
        if !spec.overrides.is_empty() {
            input["overrides"] = Value::Object(spec.overrides.clone());
        }
        if !spec.task.history.is_empty() {
            input["rememberedTurns"] = json!(spec.task.history.len());
        }
        let record = AgentExecution {
            id: AgentExecutionId::new(),
            organization_id: org,
            agent_id: agent.id,
            workflow_execution_id: spec.workflow_execution_id,
            team_execution_id: spec.team_execution_id,
            node_id: spec.node_id.clone(),
            task: spec.label.clone(),
            input,
            output: None,
            status: ExecutionStatus::Running,
            started_at: now(),
            completed_at: None,
            duration_ms: None,
            tokens_in: 0,
            tokens_out: 0,
            tokens_used: 0,
            cost_micros: 0,
            model: model.model.clone(),
            provider: model.provider.clone(),
            error: None,
        };
        let open = self.org(org).await?;
        let (row, agent_id) = (record.clone(), agent.id);
        let first = self.busy(agent_id, 1)?;
        let write = open.store.write(move |c| {
            agent_executions::insert(c, &row)?;
            if first {
                agents::set_status(c, org, agent_id, AgentStatus::Busy)?;
            }
            Ok(())
        });
        if let Err(e) = write.await {
            self.busy(agent_id, -1)?;
            return Err(e.into());
        }
        self.inner.calls.lock().map_err(|_| poisoned())?.insert(record.id, spec.cancel.clone());
        (spec.on_event)(AgentEvent::Started {
            agent_execution_id: record.id,
            agent_id,
            model: model.model.clone(),
            provider: model.provider.clone(),
        });

        let mut meters = spec.meters.clone();
        if agent.budget.max_tokens.is_some() || agent.budget.max_cost_micros.is_some() {
            meters = meters.with(Meter::new(format!("agent '{}'", agent.name), agent.budget));
        }
        let tools = AppTools::new(self.clone(), org, spec.depth, spec.workflow_execution_id);
        let sink = Arc::clone(&spec.on_event);
        let on_event = move |e: CallEvent| {
            sink(match e {
                CallEvent::Token { text } => AgentEvent::Token { text },
                CallEvent::ToolCalled { tool, arguments } => AgentEvent::ToolCalled { tool, arguments },
                CallEvent::ToolFinished { tool, ok, duration_ms } => AgentEvent::ToolFinished { tool, ok, duration_ms },
            })
        };
        let http = self.inner.llm_http.clone();
        let ctx = Context {
            http: &http,
            endpoint,
            price,
            tools: &tools,
            meters,
            cancel: spec.cancel.clone(),
            on_event: &on_event,
        };
        let started = Instant::now();
        let outcome = runtime::run(&ctx, agent, &model, &spec.task).await;
        let finished = self.finish_call(org, &record, &outcome, started.elapsed()).await;
        self.inner.calls.lock().map_err(|_| poisoned())?.remove(&record.id);
        let record = finished?;
        Ok(Called { record: Some(record), outcome, provider: model.provider })
    }

    async fn finish_call(
        &self,
        org: OrgId,
        record: &AgentExecution,
        outcome: &Result<Reply, Failure>,
        elapsed: Duration,
    ) -> AppResult<AgentExecution> {
        let (usage, cost, tools) = match outcome {
            Ok(r) => (r.usage, r.cost_micros, &r.tool_calls),
            Err(f) => (f.usage, f.cost_micros, &f.tool_calls),
        };
        let (status, output, error, model) = match outcome {
            Ok(r) => {
                let mut out = json!({ "text": r.text });
                if let Some(v) = &r.json {
                    out["json"] = v.clone();
                }
                if r.truncated {
                    out["truncated"] = json!(true);
                }
                if !tools.is_empty() {
                    out["toolCalls"] = json!(tools);
                }
                (ExecutionStatus::Completed, Some(out), None, r.model.clone())
            }
            Err(f) => {
                let status = if f.error.kind == ErrorKind::Cancelled {
                    ExecutionStatus::Cancelled
                } else {
                    ExecutionStatus::Failed
                };
                let out = (!tools.is_empty()).then(|| json!({ "toolCalls": tools }));
                (status, out, Some(f.error.message.clone()), record.model.clone())
            }
        };
        let done = CallOutcome {
            status,
            output,
            error,
            completed_at: now(),
            duration_ms: elapsed.as_millis() as i64,
            tokens_in: usage.input_tokens,
            tokens_out: usage.output_tokens,
            cost_micros: cost,
            model,
        };
        let last = self.busy(record.agent_id, -1)?;
        let failed = status == ExecutionStatus::Failed;
        let (id, agent, row) = (record.id, record.agent_id, done.clone());
        let open = self.org(org).await?;
        open.store
            .write(move |c| {
                agent_executions::finish(c, id, &row)?;
                agents::record_call(
                    c,
                    org,
                    agent,
                    status == ExecutionStatus::Completed,
                    row.duration_ms,
                    row.tokens_in + row.tokens_out,
                    row.cost_micros,
                )?;
                if last || failed {
                    agents::set_status(c, org, agent, if failed { AgentStatus::Error } else { AgentStatus::Idle })?;
                }
                Ok(())
            })
            .await?;
        Ok(AgentExecution {
            status,
            output: done.output,
            error: done.error,
            completed_at: Some(done.completed_at),
            duration_ms: Some(done.duration_ms),
            tokens_in: done.tokens_in,
            tokens_out: done.tokens_out,
            tokens_used: done.tokens_in + done.tokens_out,
            cost_micros: done.cost_micros,
            model: done.model,
            ..record.clone()
        })
    }

    /// Counts calls in flight per agent; answers whether this was the first to start (delta 1) or
    /// the last to end (delta -1).
    fn busy(&self, agent: AgentId, delta: i32) -> AppResult<bool> {
        let mut busy = self.inner.busy.lock().map_err(|_| poisoned())?;
        let n = busy.entry(agent).or_insert(0);
        if delta > 0 {
            *n += 1;
            Ok(*n == 1)
        } else {
            *n = n.saturating_sub(1);
            let last = *n == 0;
            if last {
                busy.remove(&agent);
            }
            Ok(last)
        }
    }
}

/// A prompt's beginning, for the record's `task` column.
pub(crate) fn label(prompt: &str) -> String {
    let line = prompt.trim().lines().next().unwrap_or("");
    if line.chars().count() > 200 {
        format!("{}…", line.chars().take(200).collect::<String>())
    } else {
        line.to_string()
    }
}
