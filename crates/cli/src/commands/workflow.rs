//! `neuroflow workflow …`

use crate::args::{ListArgs, SortArg, WorkflowCommand};
use crate::output::{Out, table, when};
use neuroflow_app::files::{read_document, read_document_text, write_atomically};
use neuroflow_app::{AppError, AppResult, Hub};
use neuroflow_types::{OrgId, PageRequest, Workflow, WorkflowFilter, WorkflowSort};
use std::path::Path;

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: WorkflowCommand) -> AppResult<()> {
    match command {
        WorkflowCommand::Import { file } => {
            let text = read_document_text(&file)?;
            let saved = hub.import_workflow(org, &text).await?;
            out.show(&saved, |s| {
                let mut text = format!(
                    "Imported workflow '{}' ({}) with {} nodes and {} edges",
                    s.workflow.name,
                    s.workflow.id,
                    s.workflow.nodes.len(),
                    s.workflow.edges.len()
                );
                for w in &s.warnings {
                    text.push_str(&format!("\nwarning: {w}"));
                }
                text
            });
        }
        WorkflowCommand::Update { workflow, file } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            let document = read_document(&file)?;
            let patch = neuroflow_types::WorkflowPatch { document: Some(document), ..Default::default() };
            let saved = hub.update_workflow(org, wf.id, patch).await?;
            out.show(&saved, |s| format!("Updated '{}' to version {}", s.workflow.name, s.workflow.version));
        }
        WorkflowCommand::Export { workflow, out: file } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            let text = hub.export_workflow(org, wf.id).await?;
            match file {
                Some(path) => {
                    write_atomically(&path, text.as_bytes())?;
                    out.show(&serde_json::json!({ "workflow": wf.id, "file": path }), |_| {
                        format!("Exported '{}' to {}", wf.name, path.display())
                    });
                }
                // The document itself is the output, in either mode.
                None => print!("{text}"),
            }
        }
        WorkflowCommand::List(args) => {
            let page = hub.list_workflows(org, filter(args)).await?;
            out.show(&page, |page| {
                if page.items.is_empty() {
                    return if page.total == 0 {
                        "No workflows yet. Import one with: neuroflow workflow import FILE".into()
                    } else {
                        format!("No workflows on this page ({} in all)", page.total)
                    };
                }
                let rows = page
                    .items
                    .iter()
                    .map(|w| {
                        vec![
                            w.id.to_string(),
                            w.name.clone(),
                            w.node_count.to_string(),
                            if w.is_active { "yes" } else { "no" }.into(),
                            w.execution_count.to_string(),
                            when(&w.updated_at),
                        ]
                    })
                    .collect();
                let mut text = table(&["ID", "NAME", "NODES", "ACTIVE", "RUNS", "UPDATED"], rows);
                let shown = page.offset as i64 + page.items.len() as i64;
                if shown < page.total || page.offset > 0 {
                    text.push_str(&format!("\n{}–{} of {}", page.offset + 1, shown, page.total));
                }
                text
            });
        }
        WorkflowCommand::Show { workflow } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            out.show(&wf, describe);
        }
        WorkflowCommand::Delete { workflow } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            hub.delete_workflow(org, wf.id).await?;
            out.show(&serde_json::json!({ "deleted": wf.id }), |_| {
                format!(
                    "Deleted workflow '{}'; bring it back within {} days with: neuroflow workflow undelete {}",
                    wf.name,
                    neuroflow_app::DELETED_KEPT_DAYS,
                    wf.id
                )
            });
        }
        WorkflowCommand::Undelete { id } => {
            let id = id.trim().parse().map_err(|_| AppError::invalid(format!("'{id}' is not a workflow id")))?;
            let wf = hub.restore_deleted_workflow(org, id).await?;
            out.show(&wf, |w| format!("Brought back '{}' ({}), switched off", w.name, w.id));
        }
        WorkflowCommand::Rename { workflow, name } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            let renamed = hub.rename_workflow(org, wf.id, &name).await?;
            out.show(&renamed, |w| format!("Renamed '{}' to '{}'", wf.name, w.name));
        }
        WorkflowCommand::Versions { workflow } => super::versions::list(hub, out, org, &workflow).await?,
        WorkflowCommand::Diff { workflow, from, to } => {
            super::versions::diff(hub, out, org, &workflow, from, to).await?
        }
        WorkflowCommand::Restore { workflow, number } => {
            super::versions::restore(hub, out, org, &workflow, number).await?
        }
        WorkflowCommand::Publish { workflow, number } => {
            super::versions::publish(hub, out, org, &workflow, number).await?
        }
        WorkflowCommand::Activate { workflow } => set_active(hub, out, org, &workflow, true).await?,
        WorkflowCommand::Deactivate { workflow } => set_active(hub, out, org, &workflow, false).await?,
        WorkflowCommand::Duplicate { workflow } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            let copy = hub.duplicate_workflow(org, wf.id).await?;
            out.show(&copy, |c| format!("Created '{}' ({})", c.workflow.name, c.workflow.id));
        }
        WorkflowCommand::Validate { target } => validate(hub, out, Some(&org.to_string()), &target).await?,
    }
    Ok(())
}

/// `workflow validate FILE|-|ID`: a file needs no organization, a stored workflow does.
pub async fn validate(hub: &Hub, out: Out, org_ref: Option<&str>, target: &str) -> AppResult<()> {
    let report = if target == "-" || Path::new(target).is_file() {
        hub.validate_document_text(&read_document_text(target)?)?
    } else {
        let org = hub.resolve_org(org_ref).await?.id;
        let wf = hub.find_workflow(org, target).await?;
        hub.validate_workflow(org, wf.id).await?
    };
    if !report.is_valid() {
        return Err(AppError::validation("the workflow", &report));
    }
    out.show(&report, |r| {
        let mut text = String::from("The workflow is valid.");
        for w in &r.warnings {
            text.push_str(&format!("\nwarning: {w}"));
        }
        text
    });
    Ok(())
}

async fn set_active(hub: &Hub, out: Out, org: OrgId, reference: &str, active: bool) -> AppResult<()> {
    let wf = hub.find_workflow(org, reference).await?;
    let patch = neuroflow_types::WorkflowPatch { is_active: Some(active), ..Default::default() };
    let saved = hub.update_workflow(org, wf.id, patch).await?;
    out.show(&saved.workflow, |w| {
        format!(
            "'{}' is now {}",
            w.name,
            if w.is_active { "active: its webhook and schedule triggers run" } else { "inactive" }
        )
    });
    Ok(())
}

fn filter(args: ListArgs) -> WorkflowFilter {
    WorkflowFilter {
        search: args.search,
        tag: args.tag,
        is_active: args.active,
        sort: match args.sort {
            SortArg::Updated => WorkflowSort::UpdatedDesc,
            SortArg::Name => WorkflowSort::NameAsc,
            SortArg::NameDesc => WorkflowSort::NameDesc,
            SortArg::Created => WorkflowSort::CreatedDesc,
            SortArg::LastRun => WorkflowSort::LastExecutedDesc,
            SortArg::Runs => WorkflowSort::ExecutionCountDesc,
        },
        page: PageRequest::new(args.limit, args.offset),
        ..Default::default()
    }
}

fn describe(wf: &Workflow) -> String {
    let mut lines = vec![
        format!("{} ({})", wf.name, wf.id),
        format!(
            "  version {} · {} · {} runs",
            wf.version,
            if wf.is_active { "active" } else { "inactive" },
            wf.execution_count
        ),
    ];
    if !wf.description.is_empty() {
        lines.push(format!("  {}", wf.description));
    }
    if !wf.tags.is_empty() {
        lines.push(format!("  tags: {}", wf.tags.join(", ")));
    }
    lines.push(format!("  nodes ({}):", wf.nodes.len()));
    for n in &wf.nodes {
        lines.push(format!("    {:<16} {:<12} {}", n.id, n.node_type, n.label()));
    }
    lines.push(format!("  edges ({}):", wf.edges.len()));
    for e in &wf.edges {
        let handle = e.source_handle.as_deref().map(|h| format!(" [{h}]")).unwrap_or_default();
        lines.push(format!("    {} → {}{handle}", e.source, e.target));
    }
    lines.join("\n")
}
