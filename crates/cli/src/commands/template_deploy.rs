//! `neuroflow template deploy` — every choice from options, no prompt — and `template update`: a
//! deployed workflow's checklist, the newer version's difference, and taking it.

use crate::output::Out;
use crate::template_args::TemplateCommand;
use neuroflow_app::{AppError, AppResult, Hub, RunOptions};
use neuroflow_types::{
    AgentChoice, ChecklistItem, DeployOutcome, DeployRequest, ExecutionStatus, JsonMap, OrgId, TemplateChoices,
    TemplateOrigin, TemplateUpdate,
};
use serde_json::Value;

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: TemplateCommand) -> AppResult<u8> {
    match command {
        TemplateCommand::Deploy { template, name, integrations, agents, teams, vars, vars_json, test_run } => {
            let t = hub.find_template(org, &template).await?;
            let mut choices = TemplateChoices::default();
            for (key, reference) in pairs("--integration", &integrations)? {
                choices.integrations.insert(key, hub.find_integration(org, &reference).await?.id);
            }
            for (key, reference) in pairs("--agent", &agents)? {
                let choice = match reference.split_once(':') {
                    Some(("new", name)) => AgentChoice::Create { name: Some(name.to_string()) },
                    _ if reference == "new" => AgentChoice::Create { name: None },
                    _ => AgentChoice::Existing { id: hub.find_agent(org, &reference).await?.id },
                };
                choices.agents.insert(key, choice);
            }
            for (key, reference) in pairs("--team", &teams)? {
                choices.teams.insert(key, hub.find_team(org, &reference).await?.team.id);
            }
            if let Some(json) = vars_json {
                match crate::args::json_value("--vars-json", &json)? {
                    Value::Object(map) => choices.variables.extend(map),
                    _ => return Err(AppError::invalid("--vars-json: a JSON object of variables is needed")),
                }
            }
            choices.variables.extend(variables(&vars)?);
            let deployed = hub.deploy_template(org, t.card.id, DeployRequest { name, choices }).await?;
            if !test_run {
                out.show(&deployed, deployed_text);
                return Ok(0);
            }
            let handle = hub.template_test_run(org, deployed.workflow.id, RunOptions::default()).await?;
            let execution = handle.finish().await?;
            let origin = hub.workflow_template(org, deployed.workflow.id).await?;
            let ok = execution.status == ExecutionStatus::Completed;
            let body = serde_json::json!({ "deployed": deployed, "testRun": execution, "origin": origin });
            out.show(&body, |_| {
                let mut text = deployed_text(&deployed);
                text.push_str(&format!("\n\nTest run {} {}", execution.id, execution.status));
                if let Some(error) = &execution.error {
                    text.push_str(&format!(": {error}"));
                }
                text
            });
            Ok(if ok { 0 } else { 1 })
        }
        TemplateCommand::Update { workflow, take, vars } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            let origin = hub
                .workflow_template(org, wf.id)
                .await?
                .ok_or_else(|| AppError::invalid(format!("'{}' was not deployed from a template", wf.name)))?;
            if take {
                let extra = TemplateChoices { variables: variables(&vars)?, ..Default::default() };
                let saved = hub.take_template_update(org, wf.id, extra).await?;
                out.show(&saved, |s| {
                    format!(
                        "'{}' took the template's new version; it is now the workflow's version {}",
                        wf.name, s.workflow.version
                    )
                });
                return Ok(0);
            }
            let update = hub.template_update(org, wf.id).await?;
            let body = serde_json::json!({ "origin": origin, "update": update });
            out.show(&body, |_| origin_text(&origin, update.as_ref()));
            Ok(0)
        }
        _ => unreachable!("only deploy and update are handled here"),
    }
}

/// `KEY=VALUE` options, each split once.
fn pairs(flag: &str, items: &[String]) -> AppResult<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(AppError::invalid(format!("{flag} {item}: expected KEY=VALUE"))),
        })
        .collect()
}

/// `--var NAME=VALUE`: the value read as JSON when it is JSON (70, true, ["a"]), otherwise as text.
fn variables(items: &[String]) -> AppResult<JsonMap> {
    let mut out = JsonMap::new();
    for item in items {
        let (name, value) = item
            .split_once('=')
            .filter(|(k, _)| !k.trim().is_empty())
            .ok_or_else(|| AppError::invalid(format!("--var {item}: expected NAME=VALUE")))?;
        let value = serde_json::from_str::<Value>(value).unwrap_or_else(|_| Value::String(value.to_string()));
        out.insert(name.trim().to_string(), value);
    }
    Ok(out)
}

fn checklist(items: &[ChecklistItem]) -> String {
    items
        .iter()
        .map(|i| {
            let mark = if i.done { "[x]" } else { "[ ]" };
            match &i.detail {
                Some(d) => format!("  {mark} {} — {d}", i.label),
                None => format!("  {mark} {}", i.label),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn deployed_text(d: &DeployOutcome) -> String {
    let mut text = format!(
        "Deployed '{}' {} as the workflow '{}' ({}), switched off.",
        d.origin.slug, d.origin.version, d.workflow.name, d.workflow.id
    );
    for note in &d.notes {
        text.push_str(&format!("\n  {note}"));
    }
    for w in &d.warnings {
        text.push_str(&format!("\nwarning: {w}"));
    }
    text.push_str(&format!("\nBefore switching it on:\n{}", checklist(&d.origin.checklist)));
    text
}

fn origin_text(o: &TemplateOrigin, update: Option<&TemplateUpdate>) -> String {
    let mut text =
        format!("From the template '{}' ({}) version {}\n{}", o.name, o.slug, o.version, checklist(&o.checklist));
    match update {
        None => text.push_str("\nNo newer version of the template."),
        Some(u) => {
            text.push_str(&format!("\nVersion {} is available. Taking it changes:", u.to_version));
            for line in super::versions::changes(&u.diff) {
                text.push_str(&format!("\n{line}"));
            }
            for p in &u.missing {
                text.push_str(&format!("\n  needs: {}", p.message));
            }
            text.push_str("\nTake it with --take (and --var NAME=VALUE for what it needs).");
        }
    }
    text
}
