//! Who may do what in a workspace organization, and what its plan allows, as the app speaks it: the
//! decisions are the workspace's own rules (`neuroflow_workspace_rules::access`, which the service
//! uses too, with the table tests), so the app enforces the same answers offline with the
//! last-synced role and plan. Purely local organizations are not limited at all.

use crate::{MemberRole, Plan};
use neuroflow_workspace_rules::access as rules;
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
        role_of(self.rule().min_role())
    }

    /// The smallest plan that includes it.
    pub fn min_plan(self) -> Plan {
        plan_of(self.rule().min_plan())
    }

    fn rule(self) -> rules::Permission {
        match self {
            Self::AccessAiHub => rules::Permission::AccessAiHub,
            Self::ViewWorkflows => rules::Permission::ViewWorkflows,
            Self::CreateWorkflows => rules::Permission::CreateWorkflows,
            Self::EditWorkflows => rules::Permission::EditWorkflows,
            Self::DeleteWorkflows => rules::Permission::DeleteWorkflows,
            Self::ExecuteWorkflows => rules::Permission::ExecuteWorkflows,
            Self::ManageAgents => rules::Permission::ManageAgents,
            Self::ManageTeams => rules::Permission::ManageTeams,
            Self::ManageIntegrations => rules::Permission::ManageIntegrations,
            Self::ManageSettings => rules::Permission::ManageSettings,
            Self::ManageMembers => rules::Permission::ManageMembers,
            Self::ManagePlan => rules::Permission::ManagePlan,
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
    rule_role(role) as u8
}

pub(crate) fn rule_role(role: MemberRole) -> rules::Role {
    match role {
        MemberRole::Owner => rules::Role::Owner,
        MemberRole::Admin => rules::Role::Admin,
        MemberRole::Member => rules::Role::Member,
        MemberRole::Viewer => rules::Role::Viewer,
    }
}

fn role_of(role: rules::Role) -> MemberRole {
    match role {
        rules::Role::Owner => MemberRole::Owner,
        rules::Role::Admin => MemberRole::Admin,
        rules::Role::Member => MemberRole::Member,
        rules::Role::Viewer => MemberRole::Viewer,
    }
}

pub(crate) fn rule_plan(plan: Plan) -> rules::Plan {
    match plan {
        Plan::Free => rules::Plan::Free,
        Plan::Starter => rules::Plan::Starter,
        Plan::Growth => rules::Plan::Growth,
        Plan::Elite => rules::Plan::Elite,
        Plan::Enterprise => rules::Plan::Enterprise,
    }
}

fn plan_of(plan: rules::Plan) -> Plan {
    match plan {
        rules::Plan::Free => Plan::Free,
        rules::Plan::Starter => Plan::Starter,
        rules::Plan::Growth => Plan::Growth,
        rules::Plan::Elite => Plan::Elite,
        rules::Plan::Enterprise => Plan::Enterprise,
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
    rules::allowed(rule_role(role), rule_plan(plan), permission.rule()).map_err(|denied| match denied {
        rules::Denied::Role { needs } => Denied::Role { needs: role_of(needs) },
        rules::Denied::Plan { needs } => Denied::Plan { needs: plan_of(needs) },
    })
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
        let l = rule_plan(self).limits();
        PlanLimits {
            workflows: l.workflows,
            agents: l.agents,
            executions_per_month: l.executions_per_month,
            ai_hub: l.ai_hub,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decisions are tested once, with the rules; here, that the app's names map onto them one
    /// to one and in order (roles strongest first, plans smallest first).
    #[test]
    fn the_apps_names_map_onto_the_rules_one_to_one() {
        let roles: Vec<rules::Role> = MemberRole::ALL.iter().map(|r| rule_role(*r)).collect();
        assert_eq!(roles, rules::Role::ALL);
        assert!(rules::Role::ALL.iter().all(|r| rule_role(role_of(*r)) == *r));
        let plans: Vec<rules::Plan> = Plan::ALL.iter().map(|p| rule_plan(*p)).collect();
        assert_eq!(plans, rules::Plan::ALL);
        assert!(rules::Plan::ALL.iter().all(|p| rule_plan(plan_of(*p)) == *p));
        let permissions: Vec<rules::Permission> = Permission::ALL.iter().map(|p| p.rule()).collect();
        assert_eq!(permissions, rules::Permission::ALL[..Permission::ALL.len()], "the app's permissions, in order");
        assert_eq!(
            allowed(MemberRole::Owner, Plan::Starter, Permission::ManageAgents),
            Err(Denied::Plan { needs: Plan::Growth })
        );
        assert_eq!(
            allowed(MemberRole::Viewer, Plan::Free, Permission::AccessAiHub),
            Err(Denied::Role { needs: MemberRole::Member })
        );
        assert!(role_rank(MemberRole::Owner) < role_rank(MemberRole::Viewer), "a stronger role ranks smaller");
    }

    #[test]
    fn growth_is_10_workflows_5_agents_and_1000_executions() {
        let g = Plan::Growth.limits();
        assert_eq!((g.workflows, g.agents, g.executions_per_month, g.ai_hub), (Some(10), Some(5), Some(1_000), true));
        assert_eq!(Plan::Enterprise.limits().workflows, None);
        assert_eq!("growth".parse::<Plan>().unwrap(), Plan::Growth);
    }
}
