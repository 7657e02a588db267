//! Roles and plan limits, enforced here before a change is made — offline too, with the role and
//! plan of the last sync — so that a VIEWER's edit is refused at once instead of being refused by the
//! workspace later, and a plan's limit stops the action with a message that names it. The rules are
//! the workspace's (`neuroflow_types::access`, pinned to the service's by tests). A purely local
//! organization (never connected) has no roles to check and no limits. Every run started here —
//! by hand, a webhook, a schedule, a re-run, the editor's test run — counts against the month's
//! executions (`require_run_room`).

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::sync;
use neuroflow_types::{Denied, ErrorCode, MemberRole, OrgId, Permission, Plan, allowed};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long "this organization has no roles or limits" is trusted before the store is asked again:
/// a webhook answers in a few hundred microseconds, which a store read for each would grow by a tenth.
/// (An organization connected meanwhile counts its runs from a second later.)
const UNLIMITED_FOR: Duration = Duration::from_secs(1);

/// When each organization's runs were last found unlimited: purely local, or a role that may run on a
/// plan without a monthly limit.
#[derive(Default)]
pub(crate) struct UnlimitedOrgs(Mutex<HashMap<OrgId, Instant>>);

impl UnlimitedOrgs {
    fn recently(&self, org: OrgId) -> bool {
        let seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(&org).is_some_and(|at| at.elapsed() < UNLIMITED_FOR)
    }

    fn remember(&self, org: OrgId) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(org, Instant::now());
    }
}

/// What a plan counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    Workflow,
    Agent,
    Execution,
}

/// The role and plan to enforce for a connected organization, as last synced.
async fn synced_access(hub: &Hub, org: OrgId) -> AppResult<Option<(MemberRole, Plan, sync::SyncState)>> {
    let open = hub.org(org).await?;
    let state = open.store.read_async(sync::state).await?;
    Ok(state.filter(|s| s.connected).and_then(|s| Some((s.role?, s.plan?, s))))
}

/// The month a sync's usage is counted by (UTC), as the store keeps it: `2026-12`.
pub(super) fn this_month() -> String {
    neuroflow_types::now().format("%Y-%m").to_string()
}

/// Whether this synced role and plan let runs start without counting them.
fn runs_unlimited((role, plan, _): &(MemberRole, Plan, sync::SyncState)) -> bool {
    refusal(*role, *plan, Permission::ExecuteWorkflows).is_none() && plan.limits().executions_per_month.is_none()
}

/// The refusal for a role or plan that does not allow `permission`.
pub(crate) fn refusal(role: MemberRole, plan: Plan, permission: Permission) -> Option<AppError> {
    match allowed(role, plan, permission) {
        Ok(()) => None,
        // UNAUTHORIZED until the error codes gain FORBIDDEN (with the desktop's bindings).
        Err(Denied::Role { needs }) => Some(AppError::new(
            ErrorCode::Unauthorized,
            format!(
                "your role in this organization is {role}, which cannot {}; that needs {needs} or higher \
                 (an ADMIN or the OWNER can change roles in the workspace)",
                permission.describe()
            ),
        )),
        Err(Denied::Plan { needs }) => Some(AppError::new(
            ErrorCode::PlanLimit,
            format!(
                "the {plan} plan does not let this organization {}; that needs the {needs} plan or higher \
                 (the OWNER can change the plan)",
                permission.describe()
            ),
        )),
    }
}

impl Hub {
    /// Refuses what the person's synced role (or the plan) does not allow in `org`.
    pub(crate) async fn require(&self, org: OrgId, permission: Permission) -> AppResult<()> {
        match synced_access(self, org).await? {
            Some((role, plan, _)) => refusal(role, plan, permission).map_or(Ok(()), Err),
            None => Ok(()),
        }
    }

    /// Refuses a new run of `org` that the role or the month's executions do not allow.
    pub(crate) async fn require_run_room(&self, org: OrgId) -> AppResult<()> {
        let unlimited = &self.inner.sync.unlimited;
        if unlimited.recently(org) {
            return Ok(());
        }
        match synced_access(self, org).await? {
            Some(access) if !runs_unlimited(&access) => {
                self.room_for(org, access, Permission::ExecuteWorkflows, Limited::Execution).await
            }
            _ => {
                unlimited.remember(org);
                Ok(())
            }
        }
    }

    /// Refuses one more of `what` when the plan's limit is reached (after checking `permission`).
    pub(crate) async fn require_room(&self, org: OrgId, permission: Permission, what: Limited) -> AppResult<()> {
        match synced_access(self, org).await? {
            Some(access) => self.room_for(org, access, permission, what).await,
            None => Ok(()),
        }
    }

    async fn room_for(
        &self,
        org: OrgId,
        (role, plan, state): (MemberRole, Plan, sync::SyncState),
        permission: Permission,
        what: Limited,
    ) -> AppResult<()> {
        if let Some(refused) = refusal(role, plan, permission) {
            return Err(refused);
        }
        let limits = plan.limits();
        let (limit, noun) = match what {
            Limited::Workflow => (limits.workflows, "workflows"),
            Limited::Agent => (limits.agents, "agents"),
            Limited::Execution => (limits.executions_per_month, "executions a month"),
        };
        let Some(limit) = limit else { return Ok(()) };
        let open = self.org(org).await?;
        let month = this_month();
        let synced_this_month =
            if state.usage_month.as_deref() == Some(month.as_str()) { state.executions_this_month } else { 0 };
        let used: i64 = open
            .store
            .read_async(move |c| {
                let sql = match what {
                    Limited::Workflow => "SELECT count(*) FROM automation_workflows WHERE deleted_at IS NULL",
                    Limited::Agent => "SELECT count(*) FROM ai_agents",
                    // Counted by the workspace as of the last sync, plus those finished here since.
                    Limited::Execution => {
                        "SELECT count(DISTINCT row_id) FROM sync_outbox WHERE entity = 'workflow_execution'"
                    }
                };
                Ok(c.query_row(sql, [], |r| r.get(0))?)
            })
            .await?;
        let used = if what == Limited::Execution { used + synced_this_month } else { used };
        if used >= i64::from(limit) {
            let has = if what == Limited::Execution { "this month it has run" } else { "it has" };
            return Err(AppError::new(
                ErrorCode::PlanLimit,
                format!(
                    "the {plan} plan allows {limit} {noun} and {has} {used}; remove some or ask the OWNER to \
                     change the plan"
                ),
            )
            .with_details(serde_json::json!({ "plan": plan, "limit": limit, "used": used, "what": noun })));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_role_or_plan_needed() {
        let e = refusal(MemberRole::Viewer, Plan::Growth, Permission::EditWorkflows).unwrap();
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert!(e.message.contains("VIEWER") && e.message.contains("MEMBER"), "{}", e.message);
        let e = refusal(MemberRole::Owner, Plan::Starter, Permission::ManageAgents).unwrap();
        assert_eq!(e.code, ErrorCode::PlanLimit);
        assert!(e.message.contains("STARTER") && e.message.contains("GROWTH"), "{}", e.message);
        assert!(refusal(MemberRole::Member, Plan::Growth, Permission::ExecuteWorkflows).is_none());
    }
}
