//! Running a team: checked before any call (members, roles, models), recorded in team_executions
//! from start to end, every member call recorded in agent_executions with the team run's id, every
//! contribution written as it arrives (a crash keeps what finished) and streamed to the caller.

use crate::agents::CallSpec;
use crate::context::RunContext;
use crate::error::{AppError, AppResult};
use crate::events::{EventSink, discard};
use crate::hub::Hub;
use crate::lifecycle::{ActivityId, Unfinished};
use neuroflow_agents::runtime::{Failure, Task};
use neuroflow_agents::team::{self, Member, MemberCaller};
use neuroflow_agents::tools::BoxFuture;
use neuroflow_agents::{AgentError, AnswerFormat, ErrorKind, Reply};
use neuroflow_store::table::{team_executions, teams};
use neuroflow_types::{
    AgentEvent, Budget, ExecutionStatus, OrgId, TeamEvent, TeamExecution, TeamExecutionId, TeamId, now,
};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// Options of a team run.
#[derive(Clone, Default)]
pub struct TeamRunOptions {
    pub on_event: Option<EventSink<TeamEvent>>,
    /// Cancels the run (Ctrl-C, a Stop button): it ends CANCELLED.
    pub cancel: Option<CancellationToken>,
    /// The node the team works for, when a workflow runs it.
    pub node_id: Option<String>,
    /// A cap on what this run may spend (on top of the team's own budget).
    pub budget: Option<Budget>,
}

impl Hub {
    /// Stops a running team run (its members' calls are cancelled).
    pub fn cancel_team_run(&self, id: TeamExecutionId) -> bool {
        self.inner.activities.cancel(ActivityId::TeamRun(id))
    }

    /// Runs a team on a task. A team that cannot run (no members, no leader where one is needed, a
    /// member turned off …) is an error before any call; a run that fails is a FAILED record.
    pub async fn run_team(
        &self,
        org: OrgId,
        id: TeamId,
        task: &str,
        options: TeamRunOptions,
    ) -> AppResult<TeamExecution> {
        self.require(org, crate::sync::Permission::AccessAiHub).await?;
        self.run_team_in(RunContext::root(org), id, task, options).await
    }

    /// Runs a team within a run context (a workflow run's: its budget, cancellation and record).
    pub(crate) async fn run_team_in(
        &self,
        ctx: RunContext,
        id: TeamId,
        task: &str,
        options: TeamRunOptions,
    ) -> AppResult<TeamExecution> {
        let org = ctx.org;
        if task.trim().is_empty() {
            return Err(AppError::invalid("the task is empty"));
        }
        let detail = self.get_team(org, id).await?;
        let mut members = Vec::new();
        for m in &detail.members {
            members.push(Member { agent: self.get_agent(org, m.agent_id).await?, role: m.role, priority: m.priority });
        }
        team::check(&detail.team, &members).map_err(|e| AppError::invalid(e.message))?;
        for provider in
            members.iter().map(|m| m.agent.model_config.provider.clone()).collect::<std::collections::BTreeSet<_>>()
        {
            self.endpoint(org, &provider).await?;
        }
        let record = TeamExecution {
            id: TeamExecutionId::new(),
            organization_id: org,
            team_id: id,
            workflow_execution_id: ctx.parent,
            pattern: detail.team.structure,
            task: task.to_string(),
            input: json!({ "task": task }),
            output: None,
            status: ExecutionStatus::Running,
            started_at: now(),
            completed_at: None,
            duration_ms: None,
            agent_results: Vec::new(),
            tokens_used: 0,
            cost_micros: 0,
            error: None,
        };
        let runner = self.runner_id(org).await?;
        let open = self.org(org).await?;
        let row = record.clone();
        open.store.write(move |c| team_executions::insert(c, &row, Some(&runner))).await?;
        let unfinished = close_if_dropped(&open.store, record.id);
        let sink = options.on_event.clone().unwrap_or_else(discard);
        sink(TeamEvent::Started { team_execution_id: record.id, pattern: record.pattern });

        let ctx = ctx
            .with_cancel(options.cancel.clone())
            .with_budget("this run", options.budget)
            .with_budget(format!("team '{}'", detail.team.name), Some(detail.team.budget));
        let cancel = ctx.cancel.clone();
        let registration = self.inner.activities.register(ActivityId::TeamRun(record.id), cancel.clone());
        let caller = Caller {
            hub: self.clone(),
            run: record.id,
            task_label: crate::agents::label(task),
            node_id: options.node_id.clone(),
            ctx,
            sink: Arc::clone(&sink),
        };
        let results: Arc<Mutex<Vec<Value>>> = Arc::default();
        let store = Arc::clone(&open.store);
        let (run_id, kept, events) = (record.id, Arc::clone(&results), Arc::clone(&sink));
        let on_contribution = move |entry: &Value| {
            let all = {
                let mut all = kept.lock().unwrap_or_else(|e| e.into_inner());
                all.push(entry.clone());
                all.clone()
            };
            // Written in order; nobody waits for it (the final record is written at the end).
            drop(store.enqueue(move |c| team_executions::set_agent_results(c, run_id, &all)));
            events(TeamEvent::Contribution { entry: entry.clone() });
        };
        let started = Instant::now();
        let outcome = team::run(&detail.team, &members, task, &caller, &on_contribution).await;
        drop(registration);
        let (status, output, error) = match outcome.result {
            Ok(v) => (ExecutionStatus::Completed, Some(v), None),
            Err(e) if e.kind == ErrorKind::Cancelled || cancel.is_cancelled() => {
                (ExecutionStatus::Cancelled, None, Some("cancelled".to_string()))
            }
            Err(e) => (ExecutionStatus::Failed, None, Some(e.message)),
        };
        let done = now();
        let duration = started.elapsed().as_millis() as i64;
        let (tokens, cost) = (outcome.usage.total(), outcome.cost_micros);
        let contributions = outcome.contributions;
        let (out, err, all) = (output.clone(), error.clone(), contributions.clone());
        open.store
            .write(move |c| {
                team_executions::set_agent_results(c, run_id, &all)?;
                team_executions::finish(
                    c,
                    run_id,
                    status,
                    out.as_ref(),
                    err.as_deref(),
                    &done,
                    duration,
                    tokens,
                    cost,
                )?;
                teams::record_run(c, org, id)
            })
            .await?;
        unfinished.finished();
        let finished = TeamExecution {
            output,
            status,
            error,
            completed_at: Some(done),
            duration_ms: Some(duration),
            agent_results: contributions,
            tokens_used: tokens,
            cost_micros: cost,
            ..record
        };
        sink(TeamEvent::Finished { execution: Box::new(finished.clone()) });
        Ok(finished)
    }
}

/// Makes the member calls of one team run.
struct Caller {
    hub: Hub,
    run: TeamExecutionId,
    /// The team's task in a line: each member call is recorded as "<phase>: <task>".
    task_label: String,
    node_id: Option<String>,
    /// The team run's context: its budgets and cancellation cover every member call.
    ctx: RunContext,
    sink: EventSink<TeamEvent>,
}

impl MemberCaller for Caller {
    fn call<'b>(
        &'b self,
        member: &'b Member,
        phase: &'b str,
        prompt: String,
        format: AnswerFormat,
    ) -> BoxFuture<'b, Result<Reply, Failure>> {
        Box::pin(async move {
            let (agent_id, agent_name) = (member.agent.id, member.agent.name.clone());
            (self.sink)(TeamEvent::MemberStarted { agent_id, agent_name, phase: phase.to_string() });
            let sink = Arc::clone(&self.sink);
            let phase_name = phase.to_string();
            let spec = CallSpec {
                agent: member.agent.clone(),
                label: format!("{phase}: {}", self.task_label),
                task: Task { prompt, system: None, format, history: Vec::new(), timeout: None },
                overrides: Default::default(),
                team_execution_id: Some(self.run),
                node_id: self.node_id.clone(),
                on_event: Arc::new(move |e| {
                    if let AgentEvent::Token { text } = e {
                        sink(TeamEvent::MemberToken { agent_id, phase: phase_name.clone(), text });
                    }
                }),
                ctx: self.ctx.clone(),
            };
            match self.hub.call_agent(spec).await {
                Ok(called) => called.outcome,
                Err(e) => Err(Failure {
                    error: AgentError::new(ErrorKind::Setup, e.message),
                    usage: Default::default(),
                    cost_micros: 0,
                    tool_calls: Vec::new(),
                }),
            }
        })
    }
}

/// Closes the team run's record as CANCELLED if the run is dropped before it finished it.
fn close_if_dropped(store: &Arc<neuroflow_store::OrgStore>, id: TeamExecutionId) -> Unfinished {
    let store = Arc::clone(store);
    Unfinished::new(move || {
        drop(store.enqueue(move |c| {
            team_executions::finish(c, id, ExecutionStatus::Cancelled, None, Some("cancelled"), &now(), 0, 0, 0)
        }))
    })
}
