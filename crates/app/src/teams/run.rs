//! Running a team: checked before any call (members, roles, models), recorded in team_executions
//! from start to end, every member call recorded in agent_executions with the team run's id, every
//! contribution written as it arrives (a crash keeps what finished) and streamed to the caller.

use crate::agents::CallSpec;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_agents::budget::{Meter, Meters};
use neuroflow_agents::runtime::{Failure, Task};
use neuroflow_agents::team::{self, Member, MemberCaller};
use neuroflow_agents::tools::BoxFuture;
use neuroflow_agents::{AgentError, AnswerFormat, ErrorKind, Reply};
use neuroflow_store::table::{team_executions, teams};
use neuroflow_types::{
    AgentId, ExecutionId, ExecutionStatus, OrgId, TeamExecution, TeamExecutionId, TeamId, TeamStructure, now,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// What happens during a team run, for the Teams page and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TeamEvent {
    Started {
        team_execution_id: TeamExecutionId,
        pattern: TeamStructure,
    },
    MemberStarted {
        agent_id: AgentId,
        agent_name: String,
        phase: String,
    },
    MemberToken {
        agent_id: AgentId,
        phase: String,
        text: String,
    },
    /// A member's contribution (or a delegation plan, or the vote tally), as recorded.
    Contribution {
        entry: Value,
    },
    Finished {
        execution: Box<TeamExecution>,
    },
}

/// Options of a team run.
#[derive(Clone, Default)]
pub struct TeamRunOptions {
    pub on_event: Option<Arc<dyn Fn(TeamEvent) + Send + Sync>>,
    pub cancel: Option<CancellationToken>,
    /// The workflow run (and node) the team works for, and the budgets covering it.
    pub workflow_execution_id: Option<ExecutionId>,
    pub node_id: Option<String>,
    pub meters: Meters,
    pub depth: u32,
}

impl Hub {
    /// Stops a running team run (its members' calls are cancelled).
    pub fn cancel_team_run(&self, id: TeamExecutionId) -> bool {
        self.inner.team_runs.lock().ok().and_then(|r| r.get(&id).cloned()).map(|t| t.cancel()).is_some()
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
            workflow_execution_id: options.workflow_execution_id,
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
        let open = self.org(org).await?;
        let row = record.clone();
        open.store.write(move |c| team_executions::insert(c, &row)).await?;
        let sink = options.on_event.clone().unwrap_or_else(|| Arc::new(|_| {}));
        sink(TeamEvent::Started { team_execution_id: record.id, pattern: record.pattern });

        let mut meters = options.meters.clone();
        let budget = detail.team.budget;
        if budget.max_tokens.is_some() || budget.max_cost_micros.is_some() {
            meters = meters.with(Meter::new(format!("team '{}'", detail.team.name), budget));
        }
        let cancel = options.cancel.clone().unwrap_or_default();
        if let Ok(mut runs) = self.inner.team_runs.lock() {
            runs.insert(record.id, cancel.clone());
        }
        let caller = Caller {
            hub: self.clone(),
            org,
            run: record.id,
            task_label: crate::agents::label(task),
            options: &options,
            meters,
            cancel: cancel.clone(),
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
        if let Ok(mut runs) = self.inner.team_runs.lock() {
            runs.remove(&record.id);
        }
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
struct Caller<'a> {
    hub: Hub,
    org: OrgId,
    run: TeamExecutionId,
    /// The team's task in a line: each member call is recorded as "<phase>: <task>".
    task_label: String,
    options: &'a TeamRunOptions,
    meters: Meters,
    cancel: CancellationToken,
    sink: Arc<dyn Fn(TeamEvent) + Send + Sync>,
}

impl MemberCaller for Caller<'_> {
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
                workflow_execution_id: self.options.workflow_execution_id,
                team_execution_id: Some(self.run),
                node_id: self.options.node_id.clone(),
                meters: self.meters.clone(),
                cancel: self.cancel.clone(),
                on_event: Arc::new(move |e| {
                    if let crate::agents::AgentEvent::Token { text } = e {
                        sink(TeamEvent::MemberToken { agent_id, phase: phase_name.clone(), text });
                    }
                }),
                depth: self.options.depth,
            };
            match self.hub.call_agent(self.org, spec).await {
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
