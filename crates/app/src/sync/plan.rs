//! The organization's plan (Settings › Workspace › Plan): what it allows, what this month has used,
//! and changing it, which only the OWNER may. The workspace holds the plan and counts the usage
//! (server/src/api/plan.rs); the app refuses first what the last-synced role does not allow, and after
//! a change records the new plan at once, so that its limits hold here before the next sync.

use super::access::this_month;
use super::api::REQUEST_TIMEOUT;
use super::members::{Connected, doing};
use crate::error::AppResult;
use crate::hub::Hub;
use neuroflow_store::table::sync;
use neuroflow_types::{MemberRole, OrgId, Permission, Plan, PlanChoice, PlanUsage, WorkspacePlan, allowed};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

/// The plan as the workspace sends it (its limits are the shared rules', taken from there).
#[derive(Debug, Deserialize)]
struct RemotePlan {
    plan: Plan,
    usage: PlanUsage,
}

impl Hub {
    /// The organization's plan, its limits, this month's usage, and whether the signed-in person may
    /// change it.
    pub async fn workspace_plan(&self, org: OrgId) -> AppResult<WorkspacePlan> {
        let Connected { ws, role, .. } = self.workspace_org(org).await?;
        self.require_account().await?;
        let remote: RemotePlan = self
            .workspace_call(Method::GET, &format!("/api/v1/organizations/{ws}/plan"), None::<&()>, REQUEST_TIMEOUT)
            .await
            .map_err(doing("reading the plan"))?;
        Ok(as_seen(remote, role))
    }

    /// Moves the organization to `plan` (OWNER only; refused here first, offline too). A smaller plan
    /// keeps what exists and refuses what would go past it. Returns the plan as it is now.
    pub async fn set_workspace_plan(&self, org: OrgId, plan: Plan) -> AppResult<WorkspacePlan> {
        self.require(org, Permission::ManagePlan).await?;
        let Connected { ws, plan: was, role } = self.workspace_org(org).await?;
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
        if let Some(role) = role {
            let (now, used, month) = (remote.plan, i64::from(remote.usage.executions), this_month());
            let open = self.org(org).await?;
            open.store.write(move |c| sync::record_session(c, role, now, used, &month)).await?;
        }
        self.sync_service_wake(org);
        tracing::info!(%org, from = %was, to = %remote.plan, "changed the workspace plan");
        Ok(as_seen(remote, role))
    }
}

/// The plan as the signed-in person, of the last-synced `role`, sees it.
fn as_seen(remote: RemotePlan, role: Option<MemberRole>) -> WorkspacePlan {
    WorkspacePlan {
        plan: remote.plan,
        limits: remote.plan.limits(),
        usage: remote.usage,
        your_role: role,
        can_change: role.is_some_and(|r| allowed(r, remote.plan, Permission::ManagePlan).is_ok()),
        plans: PlanChoice::all(),
    }
}
