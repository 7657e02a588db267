//! The agentTeam node: renders the task, runs the team within the run's budget and cancellation
//! (every member call recorded with the run's id), and hands the engine the result with its tokens
//! and cost.

use super::{text, usd};
use crate::context::RunContext;
use crate::hub::Hub;
use crate::teams::TeamRunOptions;
use neuroflow_engine::run::{BoxFuture, Executor, NodeCall, NodeError, NodeOutput, field_error};
use neuroflow_types::{ExecutionStatus, NodeKind, TeamId};
use serde_json::{Value, json};
use std::sync::Arc;

pub(super) struct TeamNode {
    pub hub: Hub,
    pub ctx: RunContext,
}

impl Executor for TeamNode {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeKind::AgentTeam(data) = &call.node().kind else {
                return Err(NodeError::permanent("internal: not an agentTeam node"));
            };
            let task = call.scope.render_str(&data.task).map(text).map_err(|e| field_error("data.task", e))?;
            let id: TeamId = data
                .team_id
                .parse()
                .map_err(|_| NodeError::permanent(format!("data.teamId: '{}' is not a team id", data.team_id)))?;
            let options = TeamRunOptions { node_id: Some(call.node().id.clone()), ..TeamRunOptions::default() };
            let ctx = self.ctx.stopped_by(call.cancel.clone());
            let run =
                self.hub.run_team_in(ctx, id, &task, options).await.map_err(|e| NodeError::permanent(e.message))?;
            match run.status {
                ExecutionStatus::Completed => {}
                ExecutionStatus::Cancelled => {
                    return Err(NodeError::cancelled().spent(run.tokens_used, run.cost_micros));
                }
                status => {
                    let message =
                        run.error.unwrap_or_else(|| format!("the team run {}", status.as_str().to_lowercase()));
                    return Err(NodeError::permanent(message).spent(run.tokens_used, run.cost_micros));
                }
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
        })
    }
}
