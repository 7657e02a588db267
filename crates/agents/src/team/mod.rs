//! Teams of agents. Four structures, each a protocol between the members:
//! - PIPELINE: members in priority order, each building on the previous one's output;
//! - HIERARCHICAL: the leader splits the task into subtasks for named members (structured output,
//!   only to members of the team), they work at once, the leader combines their results;
//! - COLLABORATIVE: members answer at once, the coordinator (or leader) merges the answers;
//! - DEMOCRATIC: members propose at once, then every member votes for a proposal (structured
//!   output); the majority wins, ties go to the proposal of the member with the lowest priority.
//!
//! A team is checked before any call (members, roles, models). Every member call goes through a
//! [`MemberCaller`] — the app, which records it and applies budgets — and becomes a contribution in
//! the team's record as it finishes.

mod protocols;

use crate::error::AgentError;
use crate::provider::{AnswerFormat, Usage};
use crate::runtime::{Failure, Reply};
use crate::tools::BoxFuture;
use neuroflow_types::{AgentTeam, AiAgent, TeamRole, TeamStructure};
use serde_json::{Value, json};
use std::sync::Mutex;

/// A member of the team, with its agent.
#[derive(Debug, Clone)]
pub struct Member {
    pub agent: AiAgent,
    pub role: TeamRole,
    /// Lower runs first in a pipeline and wins ties in a vote.
    pub priority: i32,
}

/// Makes the calls of a team run.
pub trait MemberCaller: Send + Sync {
    /// Asks `member` for something; `phase` says what for (`plan`, `subtask`, `answer`, `merge`,
    /// `propose`, `vote`, `step 2` …).
    fn call<'a>(
        &'a self,
        member: &'a Member,
        phase: &'a str,
        prompt: String,
        format: AnswerFormat,
    ) -> BoxFuture<'a, Result<Reply, Failure>>;
}

/// How a team run ended.
#[derive(Debug)]
pub struct TeamOutcome {
    /// The team's output: `{result, …}` with what the structure adds (delegations, votes).
    pub result: Result<Value, AgentError>,
    /// Every member's contribution, in the order they finished.
    pub contributions: Vec<Value>,
    pub usage: Usage,
    pub cost_micros: i64,
}

/// Checks a team before any call is made.
pub fn check(team: &AgentTeam, members: &[Member]) -> Result<(), AgentError> {
    let name = &team.name;
    if !team.is_active {
        return Err(AgentError::setup(format!("team '{name}' is turned off")));
    }
    if members.is_empty() {
        return Err(AgentError::setup(format!("team '{name}' has no members; add at least one")));
    }
    let off: Vec<&str> = members.iter().filter(|m| !m.agent.is_active).map(|m| m.agent.name.as_str()).collect();
    if !off.is_empty() {
        return Err(AgentError::setup(format!(
            "in team '{name}', {} turned off; turn {} on or remove {} from the team",
            quote_list(&off, "is", "are"),
            if off.len() == 1 { "it" } else { "them" },
            if off.len() == 1 { "it" } else { "them" }
        )));
    }
    let unset: Vec<&str> = members
        .iter()
        .filter(|m| m.agent.model_config.provider.trim().is_empty() || m.agent.model_config.model.trim().is_empty())
        .map(|m| m.agent.name.as_str())
        .collect();
    if !unset.is_empty() {
        return Err(AgentError::setup(format!(
            "in team '{name}', {} no provider and model chosen",
            quote_list(&unset, "has", "have")
        )));
    }
    let with = |role: TeamRole| members.iter().filter(move |m| m.role == role).map(|m| m.agent.name.as_str());
    let leaders: Vec<&str> = with(TeamRole::Leader).collect();
    match team.structure {
        TeamStructure::Hierarchical => {
            if leaders.is_empty() {
                return Err(AgentError::setup(format!(
                    "hierarchical team '{name}' needs a leader: give one member the LEADER role"
                )));
            }
            if leaders.len() > 1 {
                return Err(AgentError::setup(format!(
                    "hierarchical team '{name}' has {} leaders ({}); it needs exactly one",
                    leaders.len(),
                    leaders.join(", ")
                )));
            }
            if members.len() < 2 {
                return Err(AgentError::setup(format!("hierarchical team '{name}' needs members besides its leader")));
            }
        }
        TeamStructure::Collaborative => {
            if with(TeamRole::Coordinator).next().is_none() && leaders.is_empty() {
                return Err(AgentError::setup(format!(
                    "collaborative team '{name}' needs a COORDINATOR (or a LEADER) to merge the answers"
                )));
            }
            if members.len() < 2 {
                return Err(AgentError::setup(format!(
                    "collaborative team '{name}' needs members besides its coordinator"
                )));
            }
        }
        TeamStructure::Democratic if members.len() < 2 => {
            return Err(AgentError::setup(format!("democratic team '{name}' needs at least two members to vote")));
        }
        _ => {}
    }
    Ok(())
}

fn quote_list(names: &[&str], one: &str, many: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("{} {}", quoted.join(", "), if names.len() == 1 { one } else { many })
}

/// Runs the task with the team's structure. Call [`check`] first.
pub async fn run(
    team: &AgentTeam,
    members: &[Member],
    task: &str,
    caller: &dyn MemberCaller,
    on_contribution: &(dyn Fn(&Value) + Send + Sync),
) -> TeamOutcome {
    let mut ordered = members.to_vec();
    ordered.sort_by(|a, b| a.priority.cmp(&b.priority).then_with(|| a.agent.name.cmp(&b.agent.name)));
    let tally = Tally { caller, on_contribution, state: Mutex::new(State::default()) };
    let result = match team.structure {
        TeamStructure::Pipeline => protocols::pipeline(&tally, &ordered, task).await,
        TeamStructure::Hierarchical => protocols::hierarchical(&tally, &ordered, task).await,
        TeamStructure::Collaborative => protocols::collaborative(&tally, &ordered, task).await,
        TeamStructure::Democratic => protocols::democratic(&tally, &ordered, task).await,
    };
    let state = tally.state.into_inner().unwrap_or_else(|e| e.into_inner());
    TeamOutcome { result, contributions: state.contributions, usage: state.usage, cost_micros: state.cost }
}

#[derive(Default)]
struct State {
    contributions: Vec<Value>,
    usage: Usage,
    cost: i64,
}

/// Makes member calls and keeps the record.
struct Tally<'a> {
    caller: &'a dyn MemberCaller,
    on_contribution: &'a (dyn Fn(&Value) + Send + Sync),
    state: Mutex<State>,
}

impl Tally<'_> {
    /// Asks a member, records the contribution; a failure fails the team, naming the member.
    async fn ask(
        &self,
        member: &Member,
        phase: &str,
        prompt: String,
        format: AnswerFormat,
    ) -> Result<Reply, AgentError> {
        let started = std::time::Instant::now();
        let outcome = self.caller.call(member, phase, prompt.clone(), format).await;
        let duration_ms = started.elapsed().as_millis() as u64;
        let (usage, cost) = match &outcome {
            Ok(r) => (r.usage, r.cost_micros),
            Err(f) => (f.usage, f.cost_micros),
        };
        let mut entry = json!({
            "agentId": member.agent.id,
            "agentName": member.agent.name,
            "role": member.role,
            "phase": phase,
            "prompt": prompt,
            "tokensUsed": usage.total(),
            "costMicros": cost,
            "durationMs": duration_ms,
        });
        match &outcome {
            Ok(reply) => {
                entry["status"] = json!("COMPLETED");
                entry["output"] = json!(reply.text);
                if let Some(v) = &reply.json {
                    entry["json"] = v.clone();
                }
            }
            Err(f) => {
                entry["status"] =
                    json!(if f.error.kind == crate::ErrorKind::Cancelled { "CANCELLED" } else { "FAILED" });
                entry["error"] = json!(f.error.message);
            }
        }
        self.note(entry, usage, cost);
        outcome.map_err(|f| match f.error.kind {
            crate::ErrorKind::Budget | crate::ErrorKind::Cancelled => f.error,
            _ => AgentError {
                message: format!("{} failed ({phase}): {}", member.agent.name, f.error.message),
                ..f.error
            },
        })
    }

    /// Adds an entry to the record (a contribution, a delegation, a vote).
    fn note(&self, entry: Value, usage: Usage, cost: i64) {
        {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.usage += usage;
            state.cost += cost;
            state.contributions.push(entry.clone());
        }
        (self.on_contribution)(&entry);
    }
}
