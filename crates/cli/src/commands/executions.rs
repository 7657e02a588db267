//! `neuroflow executions list|show|rerun`, and (in `retention`) prune|export|verify|import-archive|pin.

use crate::args::ExecutionsCommand;
use crate::commands::retention;
use crate::output::{Out, dollars, table, when};
use neuroflow_app::{AppError, AppResult, Hub};
use neuroflow_types::{ExecutionDetail, ExecutionFilter, ExecutionStatus, OrgId, PageRequest};

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: ExecutionsCommand) -> AppResult<u8> {
    match command {
        ExecutionsCommand::List { workflow, status, limit, offset } => {
            let workflow_id = match workflow {
                Some(w) => Some(hub.find_workflow(org, &w).await?.id),
                None => None,
            };
            let status = status
                .map(|s| s.parse::<ExecutionStatus>().map_err(|e| AppError::invalid(format!("--status: {e}"))))
                .transpose()?;
            let filter =
                ExecutionFilter { workflow_id, status, page: PageRequest::new(limit, offset), ..Default::default() };
            let page = hub.list_executions(org, filter).await?;
            out.show(&page, |page| {
                if page.items.is_empty() {
                    return "No runs match.".into();
                }
                let rows = page
                    .items
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.to_string(),
                            e.workflow_name.clone(),
                            e.status.as_str().to_string(),
                            e.trigger.as_str().to_lowercase(),
                            when(&e.started_at),
                            e.duration_ms.map(|d| format!("{d} ms")).unwrap_or_else(|| "…".into()),
                            e.nodes_executed.to_string(),
                        ]
                    })
                    .collect();
                table(&["ID", "WORKFLOW", "STATUS", "TRIGGER", "STARTED", "DURATION", "NODES"], rows)
            });
            Ok(0)
        }
        ExecutionsCommand::Show { id } => {
            let detail = hub.find_execution(org, &id).await?;
            out.show(&detail, describe);
            Ok(0)
        }
        ExecutionsCommand::Rerun { id, from } => crate::commands::run::rerun(hub, out, org, &id, &from).await,
        ExecutionsCommand::Prune(args) => retention::prune(hub, out, org, args).await,
        ExecutionsCommand::Export(args) => retention::export(hub, out, org, args).await,
        ExecutionsCommand::Verify { file, expect } => retention::verify(hub, out, file, expect).await,
        ExecutionsCommand::ImportArchive { file } => retention::import_archive(hub, out, org, file).await,
        ExecutionsCommand::Pin { id } => retention::pin(hub, out, org, &id, true).await,
        ExecutionsCommand::Unpin { id } => retention::pin(hub, out, org, &id, false).await,
    }
}

fn describe(d: &ExecutionDetail) -> String {
    let e = &d.execution;
    let mut lines = vec![
        format!("{} · {} · {}", e.id, e.workflow_name, e.status),
        format!(
            "  {} at '{}' · started {} · {} · {} nodes · {} tokens · ${}",
            e.trigger.as_str().to_lowercase(),
            e.trigger_node.as_deref().unwrap_or("?"),
            when(&e.started_at),
            e.duration_ms.map(|d| format!("{d} ms")).unwrap_or_else(|| "running".into()),
            e.nodes_executed,
            e.tokens_used,
            dollars(e.cost_micros)
        ),
    ];
    if e.pinned {
        lines.push("  pinned: kept past retention".into());
    }
    if let (Some(of), Some(from)) = (&e.rerun_of, &e.rerun_from) {
        lines.push(format!("  re-run of {of} from '{from}'"));
    }
    if let Some(error) = &e.error {
        lines.push(format!("  error: {error}"));
    }
    lines.push(format!("  steps ({}):", d.steps.len()));
    for s in &d.steps {
        let timing = s.duration_us.map(|us| format!("{:.1} ms", us as f64 / 1e3)).unwrap_or_default();
        let attempts = if s.attempts > 1 { format!(" · {} attempts", s.attempts) } else { String::new() };
        lines.push(format!("    {:<10} {:<16} {timing}{attempts}", s.status.as_str(), s.node_id));
        if let Some(error) = &s.error {
            lines.push(format!("               error: {error}"));
        }
    }
    lines.push(format!(
        "  log ({} kept{}):",
        d.logs.len(),
        if e.logs_dropped > 0 { format!(", {} dropped", e.logs_dropped) } else { String::new() }
    ));
    for l in &d.logs {
        let node = l.node_id.as_deref().map(|n| format!("{n}: ")).unwrap_or_default();
        lines.push(format!("    {} {:<9} {node}{}", l.timestamp.format("%H:%M:%S%.3f"), l.status, l.message));
    }
    if let Some(output) = &e.output {
        lines.push(format!("  output: {}", serde_json::to_string(output).unwrap_or_default()));
    }
    lines.join("\n")
}
