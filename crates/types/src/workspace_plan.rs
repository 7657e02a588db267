//! An organization's plan as Settings › Workspace › Plan shows it: the plan, what it allows, what the
//! organization uses of it this month, and the plans the OWNER may move it to. The workspace holds the
//! plan and counts the usage (server/src/api/plan.rs); the figures of each plan are the shared rules'.

use crate::{MemberRole, Plan, PlanLimits};
use serde::{Deserialize, Serialize};

/// What the organization holds now and has run this month, as the workspace counts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanUsage {
    /// The first day of the month counted (UTC), `YYYY-MM-DD`.
    pub month: String,
    pub workflows: u32,
    pub agents: u32,
    pub executions: u32,
}

/// A plan the organization can be on, with its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanChoice {
    pub plan: Plan,
    pub limits: PlanLimits,
}

/// The organization's plan as the signed-in person sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspacePlan {
    pub plan: Plan,
    pub limits: PlanLimits,
    pub usage: PlanUsage,
    /// The signed-in person's last-synced role (what this machine enforces).
    pub your_role: Option<MemberRole>,
    /// Whether they may change the plan (the OWNER).
    pub can_change: bool,
    /// Every plan, smallest first.
    pub plans: Vec<PlanChoice>,
}

impl PlanChoice {
    /// Every plan, smallest first.
    pub fn all() -> Vec<PlanChoice> {
        Plan::ALL.iter().map(|&plan| PlanChoice { plan, limits: plan.limits() }).collect()
    }
}
