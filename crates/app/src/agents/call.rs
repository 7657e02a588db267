//! One call of an agent, wherever it comes from: the model and parameters (with overrides), the
//! provider's endpoint and key, the price, the budgets that cover it (its run context's and its
//! own); an agent_executions row from start (RUNNING, naming this process's runner) to end, and the
//! agent's status (BUSY while any call runs, ERROR after a failed one, IDLE otherwise) and metrics.
//! A call is cancellable by id while it runs; if its future is dropped before it finished its record,
//! the record is closed as CANCELLED all the same.

use super::tools::AppTools;
use crate::context::RunContext;
use crate::error::{AppError, AppResult};
use crate::events::{EventSink, discard};
use crate::hub::Hub;
use crate::lifecycle::{ActivityId, Unfinished};
use crate::notices::Notice;
use neuroflow_agents::budget::Meter;
use neuroflow_agents::runtime::{self, Context, Failure, Task};
use neuroflow_agents::{AgentError, AnswerFormat, CallEvent, ErrorKind, Reply, prices};
use neuroflow_store::table::agent_executions::{self, CallOutcome};
use neuroflow_store::table::agents;
use neuroflow_types::{
    AgentEvent, AgentExecution, AgentExecutionId, AgentId, AgentStatus, AiAgent, Budget, ExecutionStatus, JsonMap,
    OrgId, TeamExecutionId, now,
};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// A call to make.
pub(crate) struct CallSpec {
    pub agent: AiAgent,
    pub task: Task,
    pub overrides: JsonMap,
    /// What the record's `task` column says (a prompt's beginning, a team phase …).
    pub label: String,
    pub team_execution_id: Option<TeamExecutionId>,
    pub node_id: Option<String>,
    pub on_event: EventSink<AgentEvent>,
    /// The organization, the workflow run it works for, the budgets and the cancellation.
    pub ctx: RunContext,
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
    pub on_event: Option<EventSink<AgentEvent>>,
    /// Cancels the call (Ctrl-C, a Stop button): it ends CANCELLED.
    pub cancel: Option<CancellationToken>,
}

/// The recorded call.
pub type AskOutcome = AgentExecution;

impl Hub {
    /// Asks an agent directly; streams its answer to `on_event`; answers with the call's record
    /// (COMPLETED, FAILED or CANCELLED — a failure is in the record, not an error).
    pub async fn ask_agent(&self, org: OrgId, id: AgentId, prompt: &str, options: AskOptions) -> AppResult<AskOutcome> {
        self.require(org, crate::sync::Permission::AccessAiHub).await?;
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
        let ctx = RunContext::root(org).with_cancel(options.cancel).with_budget("this question", options.budget);
        let on_event = options.on_event.clone().unwrap_or_else(discard);
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
            team_execution_id: None,
            node_id: None,
            on_event: Arc::clone(&on_event),
            ctx,
        };
        let called = self.call_agent(spec).await?;
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
        self.inner.activities.cancel(ActivityId::AgentCall(id))
    }

    /// Makes a call and records it.
    pub(crate) async fn call_agent(&self, spec: CallSpec) -> AppResult<Called> {
        let org = spec.ctx.org;
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
            workflow_execution_id: spec.ctx.parent,
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
        let runner = self.runner_id(org).await?;
        let open = self.org(org).await?;
        let (row, agent_id) = (record.clone(), agent.id);
        let first = self.inner.busy.start(agent_id);
        let write = open.store.write(move |c| {
            agent_executions::insert(c, &row, Some(&runner))?;
            if first {
                agents::set_status(c, org, agent_id, AgentStatus::Busy)?;
            }
            Ok(())
        });
        if let Err(e) = write.await {
            self.inner.busy.end(agent_id);
            return Err(e.into());
        }
        let _registration = self.inner.activities.register(ActivityId::AgentCall(record.id), spec.ctx.cancel.clone());
        let unfinished = self.close_if_dropped(&record);
        (spec.on_event)(AgentEvent::Started {
            agent_execution_id: record.id,
            agent_id,
            model: model.model.clone(),
            provider: model.provider.clone(),
        });

        let mut meters = spec.ctx.meters.clone();
        if agent.budget.max_tokens.is_some() || agent.budget.max_cost_micros.is_some() {
            meters = meters.with(Meter::new(format!("agent '{}'", agent.name), agent.budget));
        }
        let tools = AppTools::new(self.clone(), spec.ctx.clone());
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
            cancel: spec.ctx.cancel.clone(),
            on_event: &on_event,
        };
        let started = Instant::now();
        let outcome = runtime::run(&ctx, agent, &model, &spec.task).await;
        if let (Err(f), Some(execution_id)) = (&outcome, spec.ctx.parent)
            && f.error.kind == ErrorKind::Budget
        {
            self.tell(Notice::BudgetStopped { org, execution_id, message: f.error.message.clone() });
        }
        let finished = self.finish_call(org, &record, &outcome, started.elapsed()).await;
        unfinished.finished();
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
        let last = self.inner.busy.end(record.agent_id);
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

    /// A guard that, if the call is dropped before it finished its record (its task aborted), queues
    /// the record's closing as CANCELLED and lets the agent be IDLE again.
    fn close_if_dropped(&self, record: &AgentExecution) -> Unfinished {
        let (hub, id, agent, org, model, started) =
            (self.clone(), record.id, record.agent_id, record.organization_id, record.model.clone(), Instant::now());
        Unfinished::new(move || {
            let last = hub.inner.busy.end(agent);
            let Some(open) = hub.inner.orgs.get(org) else { return };
            let done = CallOutcome {
                status: ExecutionStatus::Cancelled,
                output: None,
                error: Some("cancelled".into()),
                completed_at: now(),
                duration_ms: started.elapsed().as_millis() as i64,
                tokens_in: 0,
                tokens_out: 0,
                cost_micros: 0,
                model,
            };
            drop(open.store.enqueue(move |c| {
                agent_executions::finish(c, id, &done)?;
                if last {
                    agents::set_status(c, org, agent, AgentStatus::Idle)?;
                }
                Ok(())
            }));
        })
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
