//! `neuroflow workflow versions|diff|restore|publish`: the version history the editor keeps, from
//! the terminal. Saving is not publishing: triggers and `neuroflow run` use the published version.

use crate::output::{Out, table, when};
use neuroflow_app::{AppResult, Hub};
use neuroflow_types::{DiffChange, FieldChange, OrgId, WorkflowDiff};
use serde_json::Value;

pub async fn list(hub: &Hub, out: Out, org: OrgId, workflow: &str) -> AppResult<()> {
    let wf = hub.find_workflow(org, workflow).await?;
    let versions = hub.list_versions(org, wf.id).await?;
    out.show(&versions, |versions| {
        let rows = versions
            .iter()
            .map(|v| {
                vec![
                    v.version.to_string(),
                    if v.published { "published" } else { "" }.into(),
                    v.node_count.to_string(),
                    when(&v.created_at),
                    v.message.clone().unwrap_or_default(),
                ]
            })
            .collect();
        table(&["VERSION", "", "NODES", "SAVED", "MESSAGE"], rows)
    });
    Ok(())
}

pub async fn diff(hub: &Hub, out: Out, org: OrgId, workflow: &str, from: i64, to: i64) -> AppResult<()> {
    let wf = hub.find_workflow(org, workflow).await?;
    let diff = hub.diff_versions(org, wf.id, from, to).await?;
    out.show(&diff, |d| describe(d, from, to));
    Ok(())
}

pub async fn restore(hub: &Hub, out: Out, org: OrgId, workflow: &str, version: i64) -> AppResult<()> {
    let wf = hub.find_workflow(org, workflow).await?;
    let saved = hub.restore_version(org, wf.id, version).await?;
    out.show(&saved, |s| {
        format!(
            "Saved version {version} of '{}' again as version {}; run it everywhere with: \
             neuroflow workflow publish {} {}",
            wf.name, s.version, wf.id, s.version
        )
    });
    Ok(())
}

pub async fn publish(hub: &Hub, out: Out, org: OrgId, workflow: &str, version: i64) -> AppResult<()> {
    let wf = hub.find_workflow(org, workflow).await?;
    let published = hub.publish_version(org, wf.id, version).await?;
    out.show(&published, |w| format!("'{}' now runs version {}", w.name, w.version));
    Ok(())
}

fn describe(diff: &WorkflowDiff, from: i64, to: i64) -> String {
    if diff.is_empty() {
        return format!("Versions {from} and {to} are the same.");
    }
    let mut lines = vec![format!("From version {from} to version {to}:")];
    lines.extend(changes(diff));
    lines.join("\n")
}

/// One line per changed setting, node (and its fields) and edge.
pub(crate) fn changes(diff: &WorkflowDiff) -> Vec<String> {
    let mut lines = Vec::new();
    for f in &diff.settings {
        lines.push(field("  ~ ", f));
    }
    for n in &diff.nodes {
        lines.push(format!("  {} node {} ({})", sign(n.change), n.id, n.label));
        for f in &n.fields {
            lines.push(field("      ", f));
        }
    }
    for e in &diff.edges {
        lines.push(format!("  {} edge {} → {}", sign(e.change), e.source, e.target));
    }
    lines
}

fn sign(change: DiffChange) -> &'static str {
    match change {
        DiffChange::Added => "+",
        DiffChange::Removed => "-",
        DiffChange::Changed => "~",
    }
}

fn field(indent: &str, f: &FieldChange) -> String {
    let show = |v: &Option<Value>| v.as_ref().map_or("(none)".to_string(), |v| short(&v.to_string()));
    format!("{indent}{}: {} → {}", f.path, show(&f.before), show(&f.after))
}

/// A value cut to one terminal line.
fn short(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}
