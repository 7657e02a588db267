//! The executors the app adds to the engine's own (trigger, condition, transform, delay): AI agents,
//! agent teams, integrations and sub-workflows — one file per kind, all here. Each run gets its set,
//! bound to the run's context (its organization, budget, depth and the totals of its children).

mod agent;
mod integration;
mod subworkflow;
mod team;

use crate::context::RunContext;
use crate::hub::Hub;
use neuroflow_engine::run::{Delay, Executors};
use std::sync::Arc;

/// The executors of one run.
pub(crate) fn for_run(hub: &Hub, ctx: &RunContext) -> Executors {
    let builtin = match ctx.max_delay {
        Some(max) => Executors::builtin().with("delay", Arc::new(Delay { max: Some(max) })),
        None => Executors::builtin(),
    };
    builtin
        .with("aiAgent", Arc::new(agent::AgentNode { hub: hub.clone(), ctx: ctx.clone() }))
        .with("agentTeam", Arc::new(team::TeamNode { hub: hub.clone(), ctx: ctx.clone() }))
        .with("integration", Arc::new(integration::IntegrationNode::new(hub, ctx.org)))
        .with("subWorkflow", Arc::new(subworkflow::SubWorkflowNode { hub: hub.clone(), ctx: ctx.clone() }))
}

/// Micro-dollars as dollars, for node outputs people read.
fn usd(micros: i64) -> f64 {
    micros as f64 / 1_000_000.0
}

/// A rendered template as text (a non-string value as its JSON).
fn text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}
