//! The organization's plan (Settings › Workspace › Plan): what it allows, what this month has used,
//! and changing it, which only the OWNER may. The workspace holds the plan and counts the usage
//! (server/src/api/plan.rs); the app refuses first what the last-synced role does not allow, and after
//! a change records the new plan at once, so that its limits hold here before the next sync.

use super::api::REQUEST_TIMEOUT;
use super::members::doing;
use crate::error::AppResult;
use crate::hub::Hub;
use neuroflow_store::table::sync;
use neuroflow_types::{OrgId, Permission, Plan, PlanChoice, PlanUsage, WorkspacePlan, allowed};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

/// The plan as the workspace sends it (its limits are the shared rules', taken from there).
#[derive(Debug, Deserialize)]
struct RemotePlan {
    plan: Plan,
    usage: RemoteUsage,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RemoteUsage {
    month: String,
    executions: i64,
    workflows: i64,
    agents: i64,
}

/// A count from the workspace, as the app shows it.
fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

impl Hub {
    /// The organization's plan, its limits, this month's usage, and whether the signed-in person may
    /// change it.
    pub async fn workspace_plan(&self, org: OrgId) -> AppResult<WorkspacePlan> {
        let (ws, _) = self.workspace_org(org).await?;
        self.require_account().await?;
        let remote: RemotePlan = self
            .workspace_call(Method::GET, &format!("/api/v1/organizations/{ws}/plan"), None::<&()>, REQUEST_TIMEOUT)
            .await
            .map_err(doing("reading the plan"))?;
        self.plan_as_seen(org, remote).await
    }

    /// Moves the organization to `plan` (OWNER only; refused here first, offline too). A smaller plan
    /// keeps what exists and refuses what would go past it. Returns the plan as it is now.
    pub async fn set_workspace_plan(&self, org: OrgId, plan: Plan) -> AppResult<WorkspacePlan> {
        self.require(org, Permission::ManagePlan).await?;
        let (ws, was) = self.workspace_org(org).await?;
        self.require_account().await?;
        let remote: RemotePlan = self
            .workspace_call(
                Method::PUT,
                &format!("/api/v1/organizations/{ws}/plan"),
                Some(&json!({ "plan": plan })),
                REQUEST_TIMEOUT,
            )
            .await
            .map_err(doing(&format!("changing the plan to {plan}")))?;
        // Enforced here from now on, not from the next sync.
        let open = self.org(org).await?;
        let state = open.store.read_async(sync::state).await?;
        if let Some(role) = state.and_then(|s| s.role) {
            let (now, used) = (remote.plan, count(remote.usage.executions));
            let month = neuroflow_types::now().format("%Y-%m").to_string();
            open.store.write(move |c| sync::record_session(c, role, now, i64::from(used), &month)).await?;
        }
        self.sync_service_wake(org);
        tracing::info!(%org, from = %was, to = %remote.plan, "changed the workspace plan");
        self.plan_as_seen(org, remote).await
    }

    async fn plan_as_seen(&self, org: OrgId, remote: RemotePlan) -> AppResult<WorkspacePlan> {
        let open = self.org(org).await?;
        let your_role = open.store.read_async(sync::state).await?.and_then(|s| s.role);
        let can_change = your_role.is_some_and(|r| allowed(r, remote.plan, Permission::ManagePlan).is_ok());
        let u = remote.usage;
        Ok(WorkspacePlan {
            plan: remote.plan,
            limits: remote.plan.limits(),
            usage: PlanUsage {
                month: u.month,
                workflows: count(u.workflows),
                agents: count(u.agents),
                executions: count(u.executions),
            },
            your_role,
            can_change,
            plans: PlanChoice::all(),
        })
    }
}
