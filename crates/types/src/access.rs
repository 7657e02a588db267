//! Who may do what in a workspace organization, and what its plan allows — the workspace's own
//! rules (server/src/permissions.rs), repeated here so that the app enforces them offline with the
//! last-synced role and plan. Purely local organizations are not limited at all.
//! `tests` below pin the same role matrix and plan figures as the service's tests.

use crate::{MemberRole, Plan};
use serde::{Deserialize, Serialize};

/// Everything a member can be allowed to do (the service's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Permission {
    /// Agents, teams and their runs: GROWTH or higher, MEMBER or higher.
    AccessAiHub,
    ViewWorkflows,
    CreateWorkflows,
    EditWorkflows,
    DeleteWorkflows,
    ExecuteWorkflows,
    ManageAgents,
    ManageTeams,
    ManageIntegrations,
    ManageSettings,
    ManageMembers,
    ManagePlan,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Self::AccessAiHub,
        Self::ViewWorkflows,
        Self::CreateWorkflows,
        Self::EditWorkflows,
        Self::DeleteWorkflows,
        Self::ExecuteWorkflows,
        Self::ManageAgents,
        Self::ManageTeams,
        Self::ManageIntegrations,
        Self::ManageSettings,
        Self::ManageMembers,
        Self::ManagePlan,
    ];

    /// The weakest role that holds it.
    pub fn min_role(self) -> MemberRole {
        match self {
            Self::ViewWorkflows => MemberRole::Viewer,
            Self::AccessAiHub
            | Self::CreateWorkflows
            | Self::EditWorkflows
            | Self::ExecuteWorkflows
            | Self::ManageAgents
            | Self::ManageTeams => MemberRole::Member,
            Self::DeleteWorkflows | Self::ManageIntegrations | Self::ManageSettings | Self::ManageMembers => {
                MemberRole::Admin
            }
            Self::ManagePlan => MemberRole::Owner,
        }
    }

    /// The smallest plan that includes it.
    pub fn min_plan(self) -> Plan {
        match self {
            Self::AccessAiHub | Self::ManageAgents | Self::ManageTeams => Plan::Growth,
            _ => Plan::Free,
        }
    }

    /// What it lets someone do, for messages ("edit workflows").
    pub fn describe(self) -> &'static str {
        match self {
            Self::AccessAiHub => "use agents and teams",
            Self::ViewWorkflows => "view workflows",
            Self::CreateWorkflows => "create workflows",
            Self::EditWorkflows => "edit workflows",
            Self::DeleteWorkflows => "delete workflows",
            Self::ExecuteWorkflows => "run workflows",
            Self::ManageAgents => "manage agents",
            Self::ManageTeams => "manage teams",
            Self::ManageIntegrations => "manage integrations",
            Self::ManageSettings => "change the organization's settings",
            Self::ManageMembers => "manage members",
            Self::ManagePlan => "change the plan",
        }
    }
}

/// Roles strongest first: a smaller rank is a stronger role.
pub fn role_rank(role: MemberRole) -> u8 {
    match role {
        MemberRole::Owner => 0,
        MemberRole::Admin => 1,
        MemberRole::Member => 2,
        MemberRole::Viewer => 3,
    }
}

fn plan_rank(plan: Plan) -> u8 {
    match plan {
        Plan::Free => 0,
        Plan::Starter => 1,
        Plan::Growth => 2,
        Plan::Elite => 3,
        Plan::Enterprise => 4,
    }
}

/// Why a permission is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    Role { needs: MemberRole },
    Plan { needs: Plan },
}

/// Whether a member of `role` in an organization on `plan` may do it (the role is checked first).
pub fn allowed(role: MemberRole, plan: Plan, permission: Permission) -> Result<(), Denied> {
    if role_rank(role) > role_rank(permission.min_role()) {
        return Err(Denied::Role { needs: permission.min_role() });
    }
    if plan_rank(plan) < plan_rank(permission.min_plan()) {
        return Err(Denied::Plan { needs: permission.min_plan() });
    }
    Ok(())
}

/// How much a plan allows; `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanLimits {
    pub workflows: Option<u32>,
    pub agents: Option<u32>,
    pub executions_per_month: Option<u32>,
    pub ai_hub: bool,
}

impl Plan {
    /// The workspace's figures (GROWTH: 10 workflows, 5 agents, 1,000 executions a month).
    pub fn limits(self) -> PlanLimits {
        match self {
            Self::Free => {
                PlanLimits { workflows: Some(3), agents: Some(0), executions_per_month: Some(100), ai_hub: false }
            }
            Self::Starter => {
                PlanLimits { workflows: Some(5), agents: Some(0), executions_per_month: Some(500), ai_hub: false }
            }
            Self::Growth => {
                PlanLimits { workflows: Some(10), agents: Some(5), executions_per_month: Some(1_000), ai_hub: true }
            }
            Self::Elite | Self::Enterprise => {
                PlanLimits { workflows: None, agents: None, executions_per_month: None, ai_hub: true }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The service's role matrix, row for row (server/src/permissions.rs).
    #[test]
    fn the_role_matrix_is_the_workspaces() {
        use Permission::*;
        //                        OWNER  ADMIN  MEMBER VIEWER
        let table: &[(Permission, [bool; 4])] = &[
            (AccessAiHub, [true, true, true, false]),
            (ViewWorkflows, [true, true, true, true]),
            (CreateWorkflows, [true, true, true, false]),
            (EditWorkflows, [true, true, true, false]),
            (DeleteWorkflows, [true, true, false, false]),
            (ExecuteWorkflows, [true, true, true, false]),
            (ManageAgents, [true, true, true, false]),
            (ManageTeams, [true, true, true, false]),
            (ManageIntegrations, [true, true, false, false]),
            (ManageSettings, [true, true, false, false]),
            (ManageMembers, [true, true, false, false]),
            (ManagePlan, [true, false, false, false]),
        ];
        assert_eq!(table.len(), Permission::ALL.len());
        for (permission, row) in table {
            for (role, want) in MemberRole::ALL.iter().zip(row) {
                assert_eq!(allowed(*role, Plan::Enterprise, *permission).is_ok(), *want, "{role} {permission:?}");
            }
        }
        assert_eq!(allowed(MemberRole::Owner, Plan::Starter, ManageAgents), Err(Denied::Plan { needs: Plan::Growth }));
        assert_eq!(
            allowed(MemberRole::Viewer, Plan::Free, AccessAiHub),
            Err(Denied::Role { needs: MemberRole::Member })
        );
    }

    #[test]
    fn growth_is_10_workflows_5_agents_and_1000_executions() {
        let g = Plan::Growth.limits();
        assert_eq!((g.workflows, g.agents, g.executions_per_month, g.ai_hub), (Some(10), Some(5), Some(1_000), true));
        assert_eq!(Plan::Enterprise.limits().workflows, None);
        assert_eq!("growth".parse::<Plan>().unwrap(), Plan::Growth);
    }
}
