//! Members and roles of a connected organization (Settings › Workspace › Members): who is in it,
//! changing a role, removing someone, and invitations by email. The workspace holds the people and
//! decides (server/src/api/members.rs); the app asks it as the signed-in account, refusing first
//! what the last-synced role does not allow, so that a VIEWER offline hears why at once. The role
//! this machine enforces is the one each sync records; a change that concerns the signed-in person
//! wakes the sync, which records the new one (there is no second copy of it here).

use super::account::CallError;
use super::api::REQUEST_TIMEOUT;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::sync;
use neuroflow_types::{
    CreatedWorkspaceInvitation, ErrorCode, MemberRole, OrgId, Permission, Plan, Timestamp, WorkspaceInvitation,
    WorkspaceMember, WorkspaceMembers, assignable_roles, invitable_roles, may_remove,
};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

/// A member as the workspace sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RemoteMember {
    id: String,
    user_id: String,
    email: String,
    name: String,
    role: String,
    joined_at: Timestamp,
}

/// An invitation as the workspace sends it (all of them, accepted and revoked ones too).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RemoteInvitation {
    id: String,
    email: String,
    role: String,
    created_at: Timestamp,
    expires_at: Timestamp,
    accepted_at: Option<Timestamp>,
    revoked_at: Option<Timestamp>,
}

#[derive(Debug, Deserialize)]
struct RemoteCreated {
    invitation: RemoteInvitation,
    token: String,
}

fn role(text: &str) -> AppResult<MemberRole> {
    text.parse().map_err(|e| AppError::internal(format!("the workspace sent a role this app does not know: {e}")))
}

impl RemoteInvitation {
    fn into_pending(self) -> AppResult<WorkspaceInvitation> {
        Ok(WorkspaceInvitation {
            role: role(&self.role)?,
            id: self.id,
            email: self.email,
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

/// An id the app puts in a path: the workspace's ids are UUIDs, and nothing else goes into a URL.
fn path_id(id: &str, what: &str) -> AppResult<String> {
    let id = id.trim();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(AppError::invalid(format!("'{id}' is not {what} id")));
    }
    Ok(id.to_string())
}

/// A connected organization as the last sync left it.
pub(super) struct Connected {
    /// Its id in the workspace.
    pub ws: String,
    pub plan: Plan,
    pub role: Option<MemberRole>,
}

/// The workspace's refusal, saying what was being done ("changing Ann's role: …"); the code stays.
pub(super) fn doing(what: &str) -> impl FnOnce(CallError) -> AppError + '_ {
    move |e| {
        let e = AppError::from(e);
        AppError { message: format!("{what}: {}", e.message), ..e }
    }
}

impl Hub {
    /// The workspace organization a connected organization syncs with, and its last-synced role and plan.
    pub(super) async fn workspace_org(&self, org: OrgId) -> AppResult<Connected> {
        let open = self.org(org).await?;
        let state = open.store.read_async(sync::state).await?.filter(|s| s.connected).ok_or_else(|| {
            AppError::invalid(
                "this organization is not connected to a workspace, so it has no members or plan to manage; \
                 connect it in Settings › Workspace first",
            )
        })?;
        let ws = state.workspace_org_id.clone().unwrap_or_else(|| org.to_string());
        Ok(Connected { ws, plan: state.plan.unwrap_or(Plan::Free), role: state.role })
    }

    /// The organization's members, each with what the signed-in person may do to them.
    pub async fn workspace_members(&self, org: OrgId) -> AppResult<WorkspaceMembers> {
        let Connected { ws, plan, .. } = self.workspace_org(org).await?;
        let account = self.require_account().await?;
        let remote: Vec<RemoteMember> = self
            .workspace_call(Method::GET, &format!("/api/v1/organizations/{ws}/members"), None::<&()>, REQUEST_TIMEOUT)
            .await
            .map_err(doing("listing the members"))?;
        let your_role = match remote.iter().find(|m| m.user_id == account.user_id) {
            Some(me) => role(&me.role)?,
            None => {
                return Err(AppError::new(
                    ErrorCode::Unauthorized,
                    format!("{} is not a member of this organization in the workspace", account.email),
                ));
            }
        };
        let mut members = Vec::with_capacity(remote.len());
        for m in remote {
            let their = role(&m.role)?;
            let is_you = m.user_id == account.user_id;
            members.push(WorkspaceMember {
                assignable_roles: assignable_roles(your_role, plan, their),
                removable: may_remove(your_role, plan, their, is_you),
                is_you,
                role: their,
                id: m.id,
                user_id: m.user_id,
                email: m.email,
                name: m.name,
                joined_at: m.joined_at,
            });
        }
        Ok(WorkspaceMembers {
            members,
            your_role,
            can_manage: neuroflow_types::allowed(your_role, plan, Permission::ManageMembers).is_ok(),
            invitable_roles: invitable_roles(your_role, plan),
        })
    }

    /// Gives a member another role; returns the members as they are now. When it is the signed-in
    /// person's own role, the next sync (woken now) records it as the role this machine enforces.
    pub async fn set_member_role(&self, org: OrgId, member: &str, new: MemberRole) -> AppResult<WorkspaceMembers> {
        self.require(org, Permission::ManageMembers).await?;
        let member = path_id(member, "a member")?;
        let account = self.require_account().await?;
        let ws = self.workspace_org(org).await?.ws;
        let changed: RemoteMember = self
            .workspace_call(
                Method::PATCH,
                &format!("/api/v1/organizations/{ws}/members/{member}"),
                Some(&json!({ "role": new })),
                REQUEST_TIMEOUT,
            )
            .await
            .map_err(doing(&format!("changing the member's role to {new}")))?;
        if changed.user_id == account.user_id {
            self.sync_service_wake(org);
        }
        tracing::info!(%org, member = %changed.id, role = %new, "changed a member's role");
        self.workspace_members(org).await
    }

    /// Removes a member from the organization in the workspace. Anyone may leave (remove their
    /// own membership); removing someone else needs MANAGE_MEMBERS, refused here first, offline too.
    pub async fn remove_member(&self, org: OrgId, member: &str) -> AppResult<()> {
        let member = path_id(member, "a member")?;
        if let Err(refused) = self.require(org, Permission::ManageMembers).await {
            // Only when it could be leaving is the workspace asked whose membership this is.
            let yours = self
                .workspace_members(org)
                .await
                .ok()
                .and_then(|list| list.members.into_iter().find(|m| m.id == member).map(|m| m.is_you));
            if yours != Some(true) {
                return Err(refused);
            }
        }
        let ws = self.workspace_org(org).await?.ws;
        let _: serde_json::Value = self
            .workspace_call(
                Method::DELETE,
                &format!("/api/v1/organizations/{ws}/members/{member}"),
                None::<&()>,
                REQUEST_TIMEOUT,
            )
            .await
            .map_err(doing("removing the member"))?;
        // Removing oneself ends this machine's access: the next sync says so.
        self.sync_service_wake(org);
        Ok(())
    }

    /// The invitations still waiting (not accepted, revoked or expired), newest first.
    pub async fn workspace_invitations(&self, org: OrgId) -> AppResult<Vec<WorkspaceInvitation>> {
        self.require(org, Permission::ManageMembers).await?;
        let ws = self.workspace_org(org).await?.ws;
        let all: Vec<RemoteInvitation> = self
            .workspace_call(
                Method::GET,
                &format!("/api/v1/organizations/{ws}/invitations"),
                None::<&()>,
                REQUEST_TIMEOUT,
            )
            .await
            .map_err(doing("listing the invitations"))?;
        let now = neuroflow_types::now();
        all.into_iter()
            .filter(|i| i.accepted_at.is_none() && i.revoked_at.is_none() && i.expires_at > now)
            .map(RemoteInvitation::into_pending)
            .collect()
    }

    /// Invites someone by email as `as_role`. The token in the answer is shown once.
    pub async fn invite_member(
        &self,
        org: OrgId,
        email: &str,
        as_role: MemberRole,
    ) -> AppResult<CreatedWorkspaceInvitation> {
        self.require(org, Permission::ManageMembers).await?;
        let email = email.trim();
        if email.is_empty() {
            return Err(AppError::invalid("enter the email address of the person to invite"));
        }
        let ws = self.workspace_org(org).await?.ws;
        let created: RemoteCreated = self
            .workspace_call(
                Method::POST,
                &format!("/api/v1/organizations/{ws}/invitations"),
                Some(&json!({ "email": email, "role": as_role })),
                REQUEST_TIMEOUT,
            )
            .await
            .map_err(doing(&format!("inviting {email} as {as_role}")))?;
        Ok(CreatedWorkspaceInvitation { invitation: created.invitation.into_pending()?, token: created.token })
    }

    /// Revokes an invitation that has not been accepted.
    pub async fn revoke_invitation(&self, org: OrgId, invitation: &str) -> AppResult<()> {
        self.require(org, Permission::ManageMembers).await?;
        let invitation = path_id(invitation, "an invitation")?;
        let ws = self.workspace_org(org).await?.ws;
        let _: serde_json::Value = self
            .workspace_call(
                Method::DELETE,
                &format!("/api/v1/organizations/{ws}/invitations/{invitation}"),
                None::<&()>,
                REQUEST_TIMEOUT,
            )
            .await
            .map_err(doing("revoking the invitation"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ids_go_into_a_path() {
        assert_eq!(path_id(" 0190-ab ", "a member").unwrap(), "0190-ab");
        let e = path_id("../sync/push", "a member").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("not a member id"), "{}", e.message);
    }
}
