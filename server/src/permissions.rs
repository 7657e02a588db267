//! Who may do what: roles, plans and permissions, decided in this one place by a pure function so
//! that every handler asks the same question the same way and one table test covers it all.
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

impl Permission {
    /// The weakest role that holds this permission.
    pub fn min_role(self) -> Role {
        match self {
            Self::ViewWorkflows => Role::Viewer,
            Self::AccessAiHub
            | Self::CreateWorkflows
            | Self::EditWorkflows
            | Self::ExecuteWorkflows
            | Self::ManageAgents
            | Self::ManageTeams => Role::Member,
            Self::DeleteWorkflows
            | Self::ManageIntegrations
            | Self::ManageSettings
            | Self::ManageMembers
            | Self::ViewAuditLog => Role::Admin,
            Self::ManagePlan | Self::DeleteOrganization => Role::Owner,
        }
    }

    /// The smallest plan that includes this permission.
    pub fn min_plan(self) -> Plan {
        match self {
            Self::AccessAiHub | Self::ManageAgents | Self::ManageTeams => Plan::Growth,
            _ => Plan::Free,
        }
    }
}

/// Whether a member of this role, in an organization on this plan, may do this.
pub fn allowed(role: Role, plan: Plan, permission: Permission) -> Result<(), Denied> {
    // Roles are declared strongest first, so a stronger role compares as smaller.
    if role > permission.min_role() {
        return Err(Denied::Role { needs: permission.min_role() });
    }
    if plan < permission.min_plan() {
        return Err(Denied::Plan { needs: permission.min_plan() });
    }
    Ok(())
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

/// Whether `actor` may change a member whose role is `target` to `new` (`None`: remove them).
/// MANAGE_MEMBERS is checked first; on top of it, only an OWNER touches OWNERs or makes one, and
/// nobody hands out a role stronger than their own. Anyone may leave (remove themselves).
/// Whether the last OWNER is involved is decided by the caller, who can count them.
pub fn may_change_member(actor: Role, plan: Plan, target: Role, new: Option<Role>, is_self: bool) -> Result<(), Error> {
    if is_self && new.is_none() {
        return Ok(());
    }
    require(actor, plan, Permission::ManageMembers)?;
    let touches_owner = target == Role::Owner || new == Some(Role::Owner);
    if touches_owner && actor != Role::Owner {
        return Err(Error::api(ErrorCode::Forbidden, "only an OWNER can change, add or remove an OWNER"));
    }
    Ok(())
}

/// Whether `actor` may invite someone as `role` (never OWNER: ownership is given, not invited).
pub fn may_invite(actor: Role, plan: Plan, role: Role) -> Result<(), Error> {
    require(actor, plan, Permission::ManageMembers)?;
    if role == Role::Owner {
        return Err(Error::bad_request("invite as ADMIN, MEMBER or VIEWER; make someone OWNER once they have joined"));
    }
    if role < actor {
        return Err(Error::api(ErrorCode::Forbidden, format!("a {actor} cannot invite a {role}")));
    }
    Ok(())
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
    /// GROWTH, ELITE and ENTERPRISE are the data model's figures. The data model names no limits
    /// for FREE and STARTER beyond "no AI Hub"; the workflow and execution figures here are ours,
    /// chosen below GROWTH's, and this is the one place to change them.
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

    /// The role matrix: every permission against every role (on a plan that includes everything),
    /// written out by hand so that a change to the rules has to change this table too.
    #[test]
    fn every_permission_against_every_role() {
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
            (ViewAuditLog, [true, true, false, false]),
            (DeleteOrganization, [true, false, false, false]),
        ];
        assert_eq!(table.len(), Permission::ALL.len(), "every permission is in the table");
        for (permission, expected) in table {
            for (role, want) in Role::ALL.iter().zip(expected) {
                let got = allowed(*role, Plan::Enterprise, *permission);
                assert_eq!(got.is_ok(), *want, "{role} / {permission}: {got:?}");
                if let Err(denied) = got {
                    assert_eq!(denied, Denied::Role { needs: permission.min_role() });
                }
            }
        }
    }

    /// The plan gates: AI Hub and what hangs on it need GROWTH or higher; the rest every plan has.
    #[test]
    fn plan_gates_for_every_plan_and_permission() {
        for plan in Plan::ALL {
            for permission in Permission::ALL {
                let ai =
                    matches!(permission, Permission::AccessAiHub | Permission::ManageAgents | Permission::ManageTeams);
                let want = !ai || *plan >= Plan::Growth;
                let got = allowed(Role::Owner, *plan, *permission);
                assert_eq!(got.is_ok(), want, "{plan} / {permission}");
                if !want {
                    assert_eq!(got, Err(Denied::Plan { needs: Plan::Growth }));
                }
            }
            assert_eq!(plan.limits().ai_hub, *plan >= Plan::Growth, "{plan}");
        }
        // A viewer on a small plan is refused for the role first: the stronger reason.
        assert_eq!(
            allowed(Role::Viewer, Plan::Free, Permission::AccessAiHub),
            Err(Denied::Role { needs: Role::Member })
        );
    }

    #[test]
    fn the_data_models_figures() {
        let growth = Plan::Growth.limits();
        assert_eq!((growth.workflows, growth.agents, growth.executions_per_month), (Some(10), Some(5), Some(1_000)));
        for plan in [Plan::Elite, Plan::Enterprise] {
            assert_eq!(
                plan.limits(),
                PlanLimits { workflows: None, agents: None, executions_per_month: None, ai_hub: true }
            );
        }
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
