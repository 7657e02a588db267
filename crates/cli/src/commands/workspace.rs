//! `neuroflow workspace …`: sign in, connect or download organizations, sync, status.

use crate::output::{Out, table};
use crate::prompt;
use crate::workspace_args::WorkspaceCommand;
use neuroflow_app::{AppResult, Hub};
use neuroflow_types::{OrgId, SyncStatus, format_timestamp};
use serde_json::json;

pub async fn run(hub: &Hub, out: Out, org_ref: Option<&str>, command: WorkspaceCommand) -> AppResult<u8> {
    let org = || async { hub.resolve_org(org_ref).await.map(|o| o.id) };
    match command {
        WorkspaceCommand::Login { url, email } => {
            let password = prompt::secret("Workspace password")?;
            let account = hub.workspace_login(&url, &email, password).await?;
            out.show(&account, |a| format!("Signed in to {} as {} ({}).", a.url, a.name, a.email));
        }
        WorkspaceCommand::Logout => {
            hub.workspace_logout().await?;
            out.show(&json!({ "signedOut": true }), |_| "Signed out.".to_string());
        }
        WorkspaceCommand::Orgs => {
            let orgs = hub.workspace_orgs().await?;
            out.show(&orgs, |orgs| {
                let rows = orgs
                    .iter()
                    .map(|o| {
                        let here = if o.local { "yes" } else { "no" };
                        vec![o.id.to_string(), o.name.clone(), o.role.to_string(), o.plan.to_string(), here.into()]
                    })
                    .collect();
                table(&["ID", "NAME", "ROLE", "PLAN", "ON THIS MACHINE"], rows)
            });
        }
        WorkspaceCommand::Connect => {
            let status = hub.connect_org(org().await?).await?;
            out.show(&status, describe);
        }
        WorkspaceCommand::Download { id } => {
            let id: OrgId = id.parse().map_err(|e| neuroflow_app::AppError::invalid(format!("{e}")))?;
            let status = hub.download_org(id).await?;
            out.show(&status, describe);
        }
        WorkspaceCommand::Disconnect { remove } => {
            let id = org().await?;
            hub.disconnect_org(id, remove).await?;
            let what = if remove { "disconnected and removed from this machine" } else { "disconnected; kept here" };
            out.show(&json!({ "org": id, "removed": remove }), |_| format!("The organization is {what}."));
        }
        WorkspaceCommand::Status => {
            let status = hub.sync_status(org().await?).await?;
            out.show(&status, describe);
            return Ok(if status.last_error.is_some() { 1 } else { 0 });
        }
        WorkspaceCommand::Sync => {
            let id = org().await?;
            let report = hub.sync_now(id).await?;
            out.show(&report, |r| {
                let again = if r.resynced { " (synced again from the start)" } else { "" };
                format!(
                    "Synced{again}: {} sent, {} received, {} refused, {} conflicts.",
                    r.pushed, r.pulled, r.rejected, r.conflicts
                )
            });
        }
        WorkspaceCommand::Conflicts => {
            let id = org().await?;
            let conflicts = hub.sync_conflicts(id, None).await?;
            let refused = hub.sync_rejections(id).await?;
            out.show(&json!({ "conflicts": conflicts, "rejected": refused }), |_| {
                let mut text = String::new();
                let rows = conflicts
                    .iter()
                    .filter(|c| !c.resolved)
                    .map(|c| vec![c.workflow_name.clone(), c.author_name.clone(), c.nodes.join(", "), c.id.clone()])
                    .collect::<Vec<_>>();
                if rows.is_empty() {
                    text.push_str("No conflicts to resolve.\n");
                } else {
                    text.push_str(&table(&["WORKFLOW", "BY", "NODES BOTH CHANGED", "CONFLICT"], rows));
                    text.push('\n');
                }
                for r in &refused {
                    text.push_str(&format!("Refused: {} {} ({}): {}\n", r.entity, r.row_id, r.code, r.message));
                }
                text
            });
        }
    }
    Ok(0)
}

fn describe(s: &SyncStatus) -> String {
    if !s.connected {
        return "Not connected to a workspace (local only; no roles or plan limits). Connect it with \
                `neuroflow workspace connect`."
            .to_string();
    }
    let time =
        |t: &Option<neuroflow_types::Timestamp>| t.as_ref().map(format_timestamp).unwrap_or_else(|| "never".into());
    let mut lines = vec![
        format!(
            "Workspace: {} ({})",
            s.workspace_url.as_deref().unwrap_or("?"),
            s.account_email.as_deref().unwrap_or("?")
        ),
        format!(
            "Role: {}   Plan: {}",
            s.role.map(|r| r.to_string()).unwrap_or_else(|| "not known yet".into()),
            s.plan.map(|p| p.to_string()).unwrap_or_else(|| "not known yet".into())
        ),
        format!("Last sync: {}   Pending changes: {}", time(&s.last_sync_at), s.pending_changes),
    ];
    if let Some(err) = &s.last_error {
        lines.push(format!("Last error ({} in a row, next try {}): {err}", s.failures, time(&s.next_attempt_at)));
    }
    if s.open_conflicts > 0 || s.rejected_changes > 0 {
        lines.push(format!("Conflicts to resolve: {}   Refused changes: {}", s.open_conflicts, s.rejected_changes));
    }
    lines.join("\n")
}
