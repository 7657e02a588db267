//! Which organizations sync: a local organization stays local until the person connects it
//! (connecting uploads it: the workspace organization takes its id, and every record here is queued
//! as a change); a workspace organization not on this machine yet is downloaded into a new local
//! one with the same id. Disconnecting keeps or removes the local copy. Also the status the app
//! shows (last sync, pending changes, the last error in words, role and plan) and the conflicts.

use super::account::CallError;
use super::api::REQUEST_TIMEOUT;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::{sync, sync_conflicts};
use neuroflow_types::{
    MemberRole, OrgId, Organization, Plan, SyncConflict, SyncRejection, SyncStatus, WorkflowId, WorkspaceOrg,
};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
struct RemoteOrg {
    id: String,
    name: String,
    plan: String,
    role: Option<String>,
}

impl Hub {
    /// The organizations of the signed-in account in its workspace, marked when this machine has them.
    pub async fn workspace_orgs(&self) -> AppResult<Vec<WorkspaceOrg>> {
        let remote: Vec<RemoteOrg> =
            self.workspace_call(Method::GET, "/api/v1/organizations", None::<&()>, REQUEST_TIMEOUT).await?;
        let local = self.list_orgs().await?;
        let mut out = Vec::new();
        for r in remote {
            let id: OrgId = r.id.parse().map_err(|e| AppError::internal(format!("the workspace sent an id: {e}")))?;
            out.push(WorkspaceOrg {
                id,
                name: r.name,
                role: r.role.as_deref().and_then(|s| s.parse().ok()).unwrap_or(MemberRole::Viewer),
                plan: r.plan.parse().unwrap_or(Plan::Free),
                local: local.iter().any(|o| o.id == id),
            });
        }
        Ok(out)
    }

    /// Connects a local organization to the signed-in workspace and uploads it (creating the
    /// workspace organization, with this id, when it has none), then syncs once. Returns the status.
    pub async fn connect_org(&self, org: OrgId) -> AppResult<SyncStatus> {
        let account = self.require_account().await?;
        let local = self.registry_call(move |r| r.get(org)).await?;
        let existing: Result<Value, CallError> = self
            .workspace_call(Method::GET, &format!("/api/v1/organizations/{org}"), None::<&()>, REQUEST_TIMEOUT)
            .await;
        match existing {
            Ok(_) => {}
            Err(CallError::Api(e)) if e.status() == Some(404) => {
                let body = json!({ "id": org.to_string(), "name": local.name });
                let _: Value =
                    self.workspace_call(Method::POST, "/api/v1/organizations", Some(&body), REQUEST_TIMEOUT).await?;
                tracing::info!(%org, "created the organization in the workspace");
            }
            Err(e) => return Err(e.into()),
        }
        self.link_org(org, &account, true).await?;
        self.first_sync(org).await
    }

    /// Downloads a workspace organization into a new local one with the same id, and syncs it.
    pub async fn download_org(&self, org: OrgId) -> AppResult<SyncStatus> {
        let account = self.require_account().await?;
        if self.list_orgs().await?.iter().any(|o| o.id == org) {
            return Err(AppError::new(
                neuroflow_types::ErrorCode::Conflict,
                "this organization is on this machine already; connect it instead",
            ));
        }
        let remote: RemoteOrg = self
            .workspace_call(Method::GET, &format!("/api/v1/organizations/{org}"), None::<&()>, REQUEST_TIMEOUT)
            .await?;
        let created: Organization = self.create_org_with_id(org, &remote.name).await?;
        if let Err(e) = self.link_org(created.id, &account, false).await {
            let _ = self.delete_org(created.id).await;
            return Err(e);
        }
        self.first_sync(org).await
    }

    async fn link_org(
        &self,
        org: OrgId,
        account: &neuroflow_types::WorkspaceAccount,
        upload: bool,
    ) -> AppResult<usize> {
        let open = self.org(org).await?;
        let how = sync::Connect {
            client_id: OrgId::new().to_string(),
            workspace_url: account.url.clone(),
            workspace_org_id: org.to_string(),
            account_id: account.user_id.clone(),
            account_email: account.email.clone(),
        };
        let queued = open.store.write(move |c| sync::connect(c, org, &how, upload)).await?;
        tracing::info!(%org, queued, "connected to the workspace");
        self.sync_service_wake(org);
        Ok(queued)
    }

    /// The first sync after connecting: its failure (offline, say) is shown in the status, and the
    /// organization stays connected and syncs when it can.
    async fn first_sync(&self, org: OrgId) -> AppResult<SyncStatus> {
        if let Err(e) = self.sync_now(org).await {
            tracing::warn!(%org, error = %e, "the first sync did not go through; it is tried again");
        }
        self.sync_status(org).await
    }

    /// Stops syncing an organization; with `remove`, deletes this machine's copy too (the workspace
    /// keeps its own). Changes not pushed yet are lost when removing, and kept here otherwise.
    pub async fn disconnect_org(&self, org: OrgId, remove: bool) -> AppResult<()> {
        if remove {
            return self.delete_org(org).await;
        }
        let open = self.org(org).await?;
        open.store.write(sync::disconnect).await?;
        Ok(())
    }

    /// Where an organization stands with its workspace.
    pub async fn sync_status(&self, org: OrgId) -> AppResult<SyncStatus> {
        let open = self.org(org).await?;
        let (state, pending, rejected, conflicts) = open
            .store
            .read_async(|c| {
                Ok((
                    sync::state(c)?,
                    sync::pending(c)?,
                    sync_conflicts::rejection_count(c)?,
                    sync_conflicts::conflict_count(c)?,
                ))
            })
            .await?;
        let connected = state.as_ref().is_some_and(|s| s.connected);
        let state = state.filter(|s| s.connected);
        let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(SyncStatus {
            org,
            connected,
            workspace_url: state.as_ref().and_then(|s| s.workspace_url.clone()),
            account_email: state.as_ref().and_then(|s| s.account_email.clone()),
            role: state.as_ref().and_then(|s| s.role),
            plan: state.as_ref().and_then(|s| s.plan),
            limits: state.as_ref().and_then(|s| s.plan).map(Plan::limits),
            executions_this_month: state.as_ref().map(|s| n(s.executions_this_month)).unwrap_or(0),
            last_sync_at: state.as_ref().and_then(|s| s.last_sync_at),
            pending_changes: if connected { n(pending) } else { 0 },
            last_error: state.as_ref().and_then(|s| s.last_error.clone()),
            last_error_at: state.as_ref().and_then(|s| s.last_error_at),
            failures: state.as_ref().map(|s| n(s.failures)).unwrap_or(0),
            next_attempt_at: state.as_ref().and_then(|s| s.next_attempt_at),
            open_conflicts: n(conflicts),
            rejected_changes: n(rejected),
        })
    }

    /// Conflict copies the workspace's merge kept (of one workflow when given).
    pub async fn sync_conflicts(&self, org: OrgId, workflow: Option<WorkflowId>) -> AppResult<Vec<SyncConflict>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| sync_conflicts::conflicts(c, workflow, 200)).await?)
    }

    /// The other side's document of a conflict copy (for the editor's compare view).
    pub async fn sync_conflict_document(&self, org: OrgId, id: String) -> AppResult<Value> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| sync_conflicts::conflict_document(c, &id)).await?)
    }

    /// Marks a conflict copy resolved (the person kept what they wanted in the editor).
    pub async fn resolve_sync_conflict(&self, org: OrgId, id: String) -> AppResult<()> {
        self.require(org, crate::sync::Permission::EditWorkflows).await?;
        let open = self.org(org).await?;
        open.store.write(move |c| sync_conflicts::resolve_conflict(c, &id)).await?;
        self.sync_service_wake(org);
        Ok(())
    }

    /// The changes the workspace refused, newest first.
    pub async fn sync_rejections(&self, org: OrgId) -> AppResult<Vec<SyncRejection>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(|c| sync_conflicts::rejections(c, 200)).await?)
    }

    /// Sends the refused changes again, as they stand now (after the person changed what was
    /// refused, or was given a stronger role); a change of role or plan does this by itself. Returns
    /// how many records were queued.
    pub async fn resend_sync_rejections(&self, org: OrgId) -> AppResult<u32> {
        let open = self.org(org).await?;
        let queued = open.store.write(sync::resend_rejections).await?;
        self.sync_service_wake(org);
        Ok(u32::try_from(queued).unwrap_or(u32::MAX))
    }
}
