//! The people of a workspace organization as Settings › Workspace shows them: members with their
//! roles, and pending invitations. Who may change whom is the workspace's own rule
//! (`neuroflow_workspace_rules::access`, which the service decides with too), so the app offers only
//! the choices the workspace would accept and the UI needs no copy of them.

use crate::access::{rule_plan, rule_role};
use crate::{MemberRole, Plan, Timestamp};
use neuroflow_workspace_rules::access as rules;
use serde::{Deserialize, Serialize};

/// A member of a workspace organization, with what the signed-in person may do to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceMember {
    /// The membership's id (what a role change or removal names).
    pub id: String,
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: MemberRole,
    pub joined_at: Timestamp,
    /// Whether this is the signed-in account.
    pub is_you: bool,
    /// The roles the signed-in person may give this member (none: they cannot change it).
    pub assignable_roles: Vec<MemberRole>,
    /// Whether the signed-in person may remove this member (themselves too: leaving, which the
    /// workspace allows anyone, needs MANAGE_MEMBERS here like any removal, as the app checks it).
    pub removable: bool,
}

/// The organization's people as the signed-in person sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceMembers {
    pub members: Vec<WorkspaceMember>,
    /// The signed-in person's role, as the workspace has it now.
    pub your_role: MemberRole,
    /// Whether they may manage members (ADMIN or OWNER); invitations are listed only then.
    pub can_manage: bool,
    /// The roles they may invite someone as (never OWNER).
    pub invitable_roles: Vec<MemberRole>,
}

/// An invitation that has not been accepted or revoked yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInvitation {
    pub id: String,
    pub email: String,
    pub role: MemberRole,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A new invitation, with its token: shown once, for the person to send to the invitee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedWorkspaceInvitation {
    pub invitation: WorkspaceInvitation,
    pub token: String,
}

/// The roles `actor` may give a member whose role is `target` (empty: none), by the workspace's own
/// rule (`neuroflow_workspace_rules::access::may_change_member`). Whether the last OWNER steps down
/// is the workspace's to refuse: only it can count them for certain.
pub fn assignable_roles(actor: MemberRole, plan: Plan, target: MemberRole) -> Vec<MemberRole> {
    MemberRole::ALL
        .iter()
        .copied()
        .filter(|r| {
            rules::may_change_member(rule_role(actor), rule_plan(plan), rule_role(target), Some(rule_role(*r)), false)
                .is_ok()
        })
        .collect()
}

/// The roles `actor` may invite someone as: never OWNER, never stronger than their own.
pub fn invitable_roles(actor: MemberRole, plan: Plan) -> Vec<MemberRole> {
    MemberRole::ALL
        .iter()
        .copied()
        .filter(|r| rules::may_invite(rule_role(actor), rule_plan(plan), rule_role(*r)).is_ok())
        .collect()
}

/// Whether `actor` may remove a member whose role is `target` (`is_self`: leave; anyone may).
pub fn may_remove(actor: MemberRole, plan: Plan, target: MemberRole, is_self: bool) -> bool {
    rules::may_change_member(rule_role(actor), rule_plan(plan), rule_role(target), None, is_self).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use MemberRole::*;

    /// The service's rules (server/src/permissions.rs), case by case.
    #[test]
    fn only_an_owner_touches_owners_and_nobody_invites_one() {
        assert_eq!(assignable_roles(Owner, Plan::Free, Owner), vec![Owner, Admin, Member, Viewer]);
        assert_eq!(assignable_roles(Owner, Plan::Free, Member), vec![Owner, Admin, Member, Viewer]);
        assert_eq!(assignable_roles(Admin, Plan::Free, Member), vec![Admin, Member, Viewer]);
        assert_eq!(assignable_roles(Admin, Plan::Free, Owner), Vec::<MemberRole>::new());
        assert_eq!(assignable_roles(Member, Plan::Free, Viewer), Vec::<MemberRole>::new());
        assert_eq!(invitable_roles(Owner, Plan::Free), vec![Admin, Member, Viewer]);
        assert_eq!(invitable_roles(Admin, Plan::Free), vec![Admin, Member, Viewer]);
        assert_eq!(invitable_roles(Viewer, Plan::Free), Vec::<MemberRole>::new());
        assert!(!may_remove(Admin, Plan::Free, Owner, false));
        assert!(may_remove(Admin, Plan::Free, Viewer, false));
        assert!(!may_remove(Member, Plan::Free, Viewer, false));
        assert!(may_remove(Viewer, Plan::Free, Viewer, true), "anyone may leave");
    }
}
