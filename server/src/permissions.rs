//! Who may do what: roles, plans and permissions as the API speaks them, decided by the rules the
//! desktop app applies too (`neuroflow_workspace_rules::access`: the role matrix, the plan gates
//! and the plans' limits, with their table tests), so every handler asks the same question the same
//! way and the app never disagrees.
//! Row-level security (migrations/0003) keeps organizations apart; this module decides what a
//! member may do inside their own.

use crate::error::{Error, ErrorCode};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

/// A member's role, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    Owner,
    Admin,
    Member,
    Viewer,
}

/// The organization's plan, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Plan {
    Free,
    Starter,
    Growth,
    Elite,
    Enterprise,
}

/// Everything a member can be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Permission {
    /// Agents, teams and their runs (the AI Hub): GROWTH or higher, MEMBER or higher.
    AccessAiHub,
    ViewWorkflows,
    CreateWorkflows,
    EditWorkflows,
    DeleteWorkflows,
    ExecuteWorkflows,
    ManageAgents,
    ManageTeams,
    ManageIntegrations,
    /// The organization's shared settings.
    ManageSettings,
    ManageMembers,
    ManagePlan,
    ViewAuditLog,
    DeleteOrganization,
}

/// Why a permission was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The role is too weak; the weakest role that would do.
    Role { needs: Role },
    /// The plan does not include it; the smallest plan that does.
    Plan { needs: Plan },
}

macro_rules! text {
    ($ty:ident { $($v:ident => $s:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$v),+];
            pub fn as_str(self) -> &'static str { match self { $($ty::$v => $s),+ } }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                let want = s.trim().to_ascii_uppercase();
                $ty::ALL.iter().copied().find(|v| v.as_str() == want).ok_or_else(|| {
                    let all: Vec<&str> = $ty::ALL.iter().map(|v| v.as_str()).collect();
                    Error::bad_request(format!("'{s}' is not one of {}", all.join(", ")))
                })
            }
        }
    };
}
text!(Role { Owner => "OWNER", Admin => "ADMIN", Member => "MEMBER", Viewer => "VIEWER" });
text!(Plan { Free => "FREE", Starter => "STARTER", Growth => "GROWTH", Elite => "ELITE", Enterprise => "ENTERPRISE" });
text!(Permission {
    AccessAiHub => "ACCESS_AI_HUB", ViewWorkflows => "VIEW_WORKFLOWS", CreateWorkflows => "CREATE_WORKFLOWS",
    EditWorkflows => "EDIT_WORKFLOWS", DeleteWorkflows => "DELETE_WORKFLOWS",
    ExecuteWorkflows => "EXECUTE_WORKFLOWS", ManageAgents => "MANAGE_AGENTS", ManageTeams => "MANAGE_TEAMS",
    ManageIntegrations => "MANAGE_INTEGRATIONS", ManageSettings => "MANAGE_SETTINGS", ManageMembers => "MANAGE_MEMBERS", ManagePlan => "MANAGE_PLAN",
    ViewAuditLog => "VIEW_AUDIT_LOG", DeleteOrganization => "DELETE_ORGANIZATION",
});

use neuroflow_workspace_rules::access as rules;

impl From<Role> for rules::Role {
    fn from(role: Role) -> Self {
        match role {
            Role::Owner => Self::Owner,
            Role::Admin => Self::Admin,
            Role::Member => Self::Member,
            Role::Viewer => Self::Viewer,
        }
    }
}

impl From<rules::Role> for Role {
    fn from(role: rules::Role) -> Self {
        match role {
            rules::Role::Owner => Self::Owner,
            rules::Role::Admin => Self::Admin,
            rules::Role::Member => Self::Member,
            rules::Role::Viewer => Self::Viewer,
        }
    }
}

impl From<Plan> for rules::Plan {
    fn from(plan: Plan) -> Self {
        match plan {
            Plan::Free => Self::Free,
            Plan::Starter => Self::Starter,
            Plan::Growth => Self::Growth,
            Plan::Elite => Self::Elite,
            Plan::Enterprise => Self::Enterprise,
        }
    }
}

impl From<rules::Plan> for Plan {
    fn from(plan: rules::Plan) -> Self {
        match plan {
            rules::Plan::Free => Self::Free,
            rules::Plan::Starter => Self::Starter,
            rules::Plan::Growth => Self::Growth,
            rules::Plan::Elite => Self::Elite,
            rules::Plan::Enterprise => Self::Enterprise,
        }
    }
}

impl From<Permission> for rules::Permission {
    fn from(permission: Permission) -> Self {
        use Permission::*;
        match permission {
            AccessAiHub => Self::AccessAiHub,
            ViewWorkflows => Self::ViewWorkflows,
            CreateWorkflows => Self::CreateWorkflows,
            EditWorkflows => Self::EditWorkflows,
            DeleteWorkflows => Self::DeleteWorkflows,
            ExecuteWorkflows => Self::ExecuteWorkflows,
            ManageAgents => Self::ManageAgents,
            ManageTeams => Self::ManageTeams,
            ManageIntegrations => Self::ManageIntegrations,
            ManageSettings => Self::ManageSettings,
            ManageMembers => Self::ManageMembers,
            ManagePlan => Self::ManagePlan,
            ViewAuditLog => Self::ViewAuditLog,
            DeleteOrganization => Self::DeleteOrganization,
        }
    }
}

impl Permission {
    /// The weakest role that holds this permission.
    pub fn min_role(self) -> Role {
        rules::Permission::from(self).min_role().into()
    }

    /// The smallest plan that includes this permission.
    pub fn min_plan(self) -> Plan {
        rules::Permission::from(self).min_plan().into()
    }
}

/// Whether a member of this role, in an organization on this plan, may do this.
pub fn allowed(role: Role, plan: Plan, permission: Permission) -> Result<(), Denied> {
    rules::allowed(role.into(), plan.into(), permission.into()).map_err(|denied| match denied {
        rules::Denied::Role { needs } => Denied::Role { needs: needs.into() },
        rules::Denied::Plan { needs } => Denied::Plan { needs: needs.into() },
    })
}

/// [`allowed`], as the error a client sees.
pub fn require(role: Role, plan: Plan, permission: Permission) -> Result<(), Error> {
    allowed(role, plan, permission).map_err(|denied| match denied {
        Denied::Role { needs } => {
            Error::api(ErrorCode::Forbidden, format!("{permission} needs the {needs} role or higher; you are {role}"))
        }
        Denied::Plan { needs } => Error::api(
            ErrorCode::FeatureNotInPlan,
            format!("{permission} needs the {needs} plan or higher; this organization is on {plan}"),
        ),
    })
}

/// Whether `actor` may change a member whose role is `target` to `new` (`None`: remove them), as
/// the error a client sees (`neuroflow_workspace_rules::access::may_change_member` decides).
/// Whether the last OWNER is involved is decided by the caller, who can count them.
pub fn may_change_member(actor: Role, plan: Plan, target: Role, new: Option<Role>, is_self: bool) -> Result<(), Error> {
    rules::may_change_member(actor.into(), plan.into(), target.into(), new.map(Into::into), is_self)
        .map_err(|refusal| member_error(refusal, actor, plan, None))
}

/// Whether `actor` may invite someone as `role` (never OWNER: ownership is given, not invited).
pub fn may_invite(actor: Role, plan: Plan, role: Role) -> Result<(), Error> {
    rules::may_invite(actor.into(), plan.into(), role.into())
        .map_err(|refusal| member_error(refusal, actor, plan, Some(role)))
}

fn member_error(refusal: rules::MemberRefusal, actor: Role, plan: Plan, invited: Option<Role>) -> Error {
    match refusal {
        // The same rules refused it, so `require` says why in the API's words.
        rules::MemberRefusal::Denied(_) => require(actor, plan, Permission::ManageMembers)
            .err()
            .unwrap_or_else(|| Error::api(ErrorCode::Forbidden, "managing members needs the ADMIN role or higher")),
        rules::MemberRefusal::OwnersOnlyByOwners => {
            Error::api(ErrorCode::Forbidden, "only an OWNER can change, add or remove an OWNER")
        }
        rules::MemberRefusal::OwnerInvited => {
            Error::bad_request("invite as ADMIN, MEMBER or VIEWER; make someone OWNER once they have joined")
        }
        rules::MemberRefusal::StrongerThanActor => Error::api(
            ErrorCode::Forbidden,
            format!("a {actor} cannot invite a {}", invited.map_or("stronger role".into(), |r| r.to_string())),
        ),
    }
}

/// How much a plan allows; `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanLimits {
    pub workflows: Option<i64>,
    pub agents: Option<i64>,
    pub executions_per_month: Option<i64>,
    pub ai_hub: bool,
}

impl Plan {
    /// What the plan allows (`neuroflow_workspace_rules::access::Plan::limits`).
    pub fn limits(self) -> PlanLimits {
        let l = rules::Plan::from(self).limits();
        PlanLimits {
            workflows: l.workflows.map(i64::from),
            agents: l.agents.map(i64::from),
            executions_per_month: l.executions_per_month.map(i64::from),
            ai_hub: l.ai_hub,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The role matrix: every permission against every role (on a plan that includes everything),
    /// written out by hand so that a change to the rules has to change this table too.
    /// The decisions themselves are tested once, with the rules; here, that the API's names map
    /// onto them one to one and in order (roles strongest first, plans smallest first).
    #[test]
    fn the_api_names_map_onto_the_rules_one_to_one() {
        fn mapped<A: Copy, B: From<A>>(all: &[A]) -> Vec<B> {
            all.iter().map(|a| B::from(*a)).collect()
        }
        assert_eq!(mapped::<Role, rules::Role>(Role::ALL), rules::Role::ALL);
        assert_eq!(mapped::<rules::Role, Role>(&rules::Role::ALL), Role::ALL);
        assert_eq!(mapped::<Plan, rules::Plan>(Plan::ALL), rules::Plan::ALL);
        assert_eq!(mapped::<rules::Plan, Plan>(&rules::Plan::ALL), Plan::ALL);
        assert_eq!(mapped::<Permission, rules::Permission>(Permission::ALL), rules::Permission::ALL);
        assert_eq!(
            allowed(Role::Viewer, Plan::Free, Permission::AccessAiHub),
            Err(Denied::Role { needs: Role::Member })
        );
        assert_eq!(
            allowed(Role::Owner, Plan::Starter, Permission::ManageAgents),
            Err(Denied::Plan { needs: Plan::Growth })
        );
        let growth = Plan::Growth.limits();
        assert_eq!((growth.workflows, growth.agents, growth.executions_per_month), (Some(10), Some(5), Some(1_000)));
    }

    #[test]
    fn member_changes() {
        use Role::*;
        let p = Plan::Free;
        assert!(may_change_member(Owner, p, Owner, Some(Admin), false).is_ok());
        assert!(may_change_member(Admin, p, Member, Some(Admin), false).is_ok());
        assert!(may_change_member(Admin, p, Owner, Some(Admin), false).is_err());
        assert!(may_change_member(Admin, p, Member, Some(Owner), false).is_err());
        assert!(may_change_member(Admin, p, Owner, None, false).is_err());
        assert!(may_change_member(Member, p, Viewer, Some(Member), false).is_err());
        assert!(may_change_member(Viewer, p, Viewer, None, true).is_ok(), "anyone may leave");
        assert!(may_change_member(Viewer, p, Viewer, Some(Owner), true).is_err(), "nobody promotes themselves");
        assert!(may_invite(Admin, p, Admin).is_ok());
        assert!(may_invite(Admin, p, Owner).is_err());
        assert!(may_invite(Member, p, Viewer).is_err());
    }

    #[test]
    fn refusals_say_what_would_do() {
        let err = require(Role::Member, Plan::Growth, Permission::ManageMembers).unwrap_err().body();
        assert_eq!(err.code, ErrorCode::Forbidden);
        assert!(err.message.contains("ADMIN"), "{}", err.message);
        let err = require(Role::Owner, Plan::Starter, Permission::ManageAgents).unwrap_err().body();
        assert_eq!(err.code, ErrorCode::FeatureNotInPlan);
        assert!(err.message.contains("GROWTH") && err.message.contains("STARTER"), "{}", err.message);
        assert_eq!("viewer".parse::<Role>().unwrap(), Role::Viewer);
        assert!("ROOT".parse::<Role>().is_err());
    }
}
