//! `neuroflow org …`

use crate::args::OrgCommand;
use crate::output::{Out, table, when};
use crate::prompt::confirm;
use neuroflow_app::{AppError, AppResult, Hub};
use neuroflow_types::OrgLimits;
use std::io::IsTerminal;

pub async fn run(hub: &Hub, out: Out, command: OrgCommand) -> AppResult<()> {
    match command {
        OrgCommand::Create { name } => {
            let org = hub.create_org(&name).await?;
            out.show(&org, |o| format!("Created organization '{}' ({})", o.name, o.id));
        }
        OrgCommand::List => {
            let orgs = hub.list_orgs().await?;
            out.show(&orgs, |orgs| {
                if orgs.is_empty() {
                    return "No organizations yet. Create one with: neuroflow org create NAME".into();
                }
                table(
                    &["ID", "NAME", "CREATED"],
                    orgs.iter().map(|o| vec![o.id.to_string(), o.name.clone(), when(&o.created_at)]).collect(),
                )
            });
        }
        OrgCommand::Rename { org, name } => {
            let id = hub.resolve_org(Some(&org)).await?.id;
            let org = hub.rename_org(id, &name).await?;
            out.show(&org, |o| format!("Renamed organization {} to '{}'", o.id, o.name));
        }
        OrgCommand::Delete { org, yes } => {
            let org = hub.resolve_org(Some(&org)).await?;
            if !yes
                && std::io::stdin().is_terminal()
                && !confirm(&format!("Delete organization '{}' and all its data?", org.name))?
            {
                return Err(AppError::new(neuroflow_types::ErrorCode::Cancelled, "nothing was deleted"));
            }
            hub.delete_org(org.id).await?;
            out.show(&serde_json::json!({ "deleted": org.id }), |_| format!("Deleted organization '{}'", org.name));
        }
        OrgCommand::Limits { org, node_output_mb } => {
            let org = hub.resolve_org(org.as_deref()).await?;
            let limits = match node_output_mb {
                Some(mb) => {
                    let bytes =
                        mb.checked_mul(1024 * 1024).ok_or_else(|| AppError::invalid("--node-output-mb: too large"))?;
                    hub.set_org_limits(org.id, OrgLimits { node_output_bytes: bytes }).await?
                }
                None => hub.org_limits(org.id).await?,
            };
            out.show(&limits, |l| format!("node output  at most {} bytes", l.node_output_bytes));
        }
    }
    Ok(())
}
