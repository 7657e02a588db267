//! The organization's workspace, from Settings › Workspace: sign in and out, which organizations
//! sync, their status (last sync, pending changes, the last error in words), sync now, and the
//! conflicts to resolve and changes the workspace refused; the organization's members, their roles
//! and invitations (the workspace decides; the app refuses first what the synced role does not allow);
//! the plan, this month's usage, and changing the plan (OWNER).

use neuroflow_app::{AppError, Hub, Secret};
use neuroflow_types::{
    CreatedWorkspaceInvitation, MemberRole, OrgId, Plan, SyncConflict, SyncRejection, SyncReport, SyncStatus,
    WorkflowId, WorkspaceAccount, WorkspaceInvitation, WorkspaceMembers, WorkspaceOrg, WorkspacePlan,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn workspace_account(hub: State<'_, Hub>) -> Result<Option<WorkspaceAccount>, AppError> {
    hub.workspace_account().await
}

/// Signs in with an email and password; the tokens go to the vault.
#[tauri::command]
#[specta::specta]
pub async fn workspace_login(
    hub: State<'_, Hub>,
    url: String,
    email: String,
    password: String,
) -> Result<WorkspaceAccount, AppError> {
    hub.workspace_login(&url, &email, Secret::new(password)).await
}

/// Starts signing in through the system browser (the password is typed on the workspace's own
/// page, never in the app); returns the page's address, opened in the browser when asked.
#[tauri::command]
#[specta::specta]
pub async fn workspace_begin_browser_login(
    hub: State<'_, Hub>,
    url: String,
    open_browser: bool,
) -> Result<String, AppError> {
    let page = hub.workspace_begin_browser_login(&url).await?;
    if open_browser && let Err(e) = tauri_plugin_opener::open_url(&page, None::<&str>) {
        tracing::warn!(error = %e, "the browser could not be opened for the workspace sign-in");
    }
    Ok(page)
}

/// Waits for the browser to come back from the workspace's sign-in page.
#[tauri::command]
#[specta::specta]
pub async fn workspace_finish_browser_login(hub: State<'_, Hub>) -> Result<WorkspaceAccount, AppError> {
    hub.workspace_finish_browser_login(neuroflow_app::BROWSER_SIGN_IN_WAIT).await
}

#[tauri::command]
#[specta::specta]
pub async fn workspace_logout(hub: State<'_, Hub>) -> Result<(), AppError> {
    hub.workspace_logout().await
}

#[tauri::command]
#[specta::specta]
pub async fn workspace_orgs(hub: State<'_, Hub>) -> Result<Vec<WorkspaceOrg>, AppError> {
    hub.workspace_orgs().await
}

#[tauri::command]
#[specta::specta]
pub async fn connect_org(hub: State<'_, Hub>, org: OrgId) -> Result<SyncStatus, AppError> {
    hub.connect_org(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn download_org(hub: State<'_, Hub>, org: OrgId) -> Result<SyncStatus, AppError> {
    hub.download_org(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn disconnect_org(hub: State<'_, Hub>, org: OrgId, remove: bool) -> Result<(), AppError> {
    hub.disconnect_org(org, remove).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(hub: State<'_, Hub>, org: OrgId) -> Result<SyncStatus, AppError> {
    hub.sync_status(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(hub: State<'_, Hub>, org: OrgId) -> Result<SyncReport, AppError> {
    hub.sync_now(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(
    hub: State<'_, Hub>,
    org: OrgId,
    workflow: Option<WorkflowId>,
) -> Result<Vec<SyncConflict>, AppError> {
    hub.sync_conflicts(org, workflow).await
}

/// The other side's document of a conflict copy, for the editor's compare view.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflict_document(
    hub: State<'_, Hub>,
    org: OrgId,
    id: String,
) -> Result<serde_json::Value, AppError> {
    hub.sync_conflict_document(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn resolve_sync_conflict(hub: State<'_, Hub>, org: OrgId, id: String) -> Result<(), AppError> {
    hub.resolve_sync_conflict(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_rejections(hub: State<'_, Hub>, org: OrgId) -> Result<Vec<SyncRejection>, AppError> {
    hub.sync_rejections(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn resend_sync_rejections(hub: State<'_, Hub>, org: OrgId) -> Result<u32, AppError> {
    hub.resend_sync_rejections(org).await
}

/// The organization's members, each with the roles the signed-in person may give them.
#[tauri::command]
#[specta::specta]
pub async fn workspace_members(hub: State<'_, Hub>, org: OrgId) -> Result<WorkspaceMembers, AppError> {
    hub.workspace_members(org).await
}

/// Gives a member another role; answers with the members as they are now.
#[tauri::command]
#[specta::specta]
pub async fn set_member_role(
    hub: State<'_, Hub>,
    org: OrgId,
    member: String,
    role: MemberRole,
) -> Result<WorkspaceMembers, AppError> {
    hub.set_member_role(org, &member, role).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_member(hub: State<'_, Hub>, org: OrgId, member: String) -> Result<(), AppError> {
    hub.remove_member(org, &member).await
}

/// The invitations still waiting to be accepted.
#[tauri::command]
#[specta::specta]
pub async fn workspace_invitations(hub: State<'_, Hub>, org: OrgId) -> Result<Vec<WorkspaceInvitation>, AppError> {
    hub.workspace_invitations(org).await
}

/// Invites someone by email; the answer's token is shown once, for the person to send on.
#[tauri::command]
#[specta::specta]
pub async fn invite_member(
    hub: State<'_, Hub>,
    org: OrgId,
    email: String,
    role: MemberRole,
) -> Result<CreatedWorkspaceInvitation, AppError> {
    hub.invite_member(org, &email, role).await
}

#[tauri::command]
#[specta::specta]
pub async fn revoke_invitation(hub: State<'_, Hub>, org: OrgId, invitation: String) -> Result<(), AppError> {
    hub.revoke_invitation(org, &invitation).await
}

/// The organization's plan, its limits and this month's usage.
#[tauri::command]
#[specta::specta]
pub async fn workspace_plan(hub: State<'_, Hub>, org: OrgId) -> Result<WorkspacePlan, AppError> {
    hub.workspace_plan(org).await
}

/// Moves the organization to another plan (OWNER); answers with the plan as it is now.
#[tauri::command]
#[specta::specta]
pub async fn set_workspace_plan(hub: State<'_, Hub>, org: OrgId, plan: Plan) -> Result<WorkspacePlan, AppError> {
    hub.set_workspace_plan(org, plan).await
}
