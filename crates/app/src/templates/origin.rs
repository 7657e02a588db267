//! What a deployed workflow knows of its template: which one and which version, the checklist
//! between deployed and running (integrations connected, the model provider's key, a test run with
//! the template's sample input, switched on), and — when the library holds a newer version — the
//! difference from the workflow as it is now to that version filled with the same choices, and
//! taking it (as a new version of the workflow, with the link moved to the new version at once).

use super::deploy::{Resolved, bindings, fill_document, filled, resolve};
use super::missing_pieces;
use crate::context::RunContext;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use crate::runs::{RunHandle, RunOptions, RunShape};
use crate::workflows::{SavedWorkflow, checked, diff_documents};
use neuroflow_store::table::template_links::{self, TemplateLink};
use neuroflow_store::table::{templates, workflows};
use neuroflow_types::{
    AgentChoice, ChecklistItem, IntegrationStatus, OrgId, Template, TemplateChoices, TemplateOrigin, TemplateUpdate,
    Workflow, WorkflowId, WorkflowPatch, now,
};
use std::collections::BTreeSet;
use std::time::Duration;

/// The longest a delay node waits in a template's test run.
pub const TEST_RUN_MAX_DELAY: Duration = Duration::from_secs(5);

impl Hub {
    /// The template a workflow was deployed from, with its checklist and any newer version; `None`
    /// for a workflow not made from a template.
    pub async fn workflow_template(&self, org: OrgId, workflow: WorkflowId) -> AppResult<Option<TemplateOrigin>> {
        let Some((link, template)) = self.link(org, workflow).await? else { return Ok(None) };
        let wf = self.get_workflow(org, workflow).await?;
        let checklist = self.checklist(org, &wf, &link).await?;
        let update_available = template
            .as_ref()
            .map(|t| t.file.version.clone())
            .filter(|v| neuroflow_templates::is_newer(v, &link.version));
        Ok(Some(TemplateOrigin {
            workflow_id: workflow,
            template_id: link.template_id,
            slug: link.slug,
            name: link.name,
            version: link.version,
            update_available,
            checklist,
            deployed_at: link.deployed_at,
        }))
    }

    /// Starts a test run of a deployed workflow with its template's sample input, from its trigger.
    /// `options` may carry an event sink, a budget and (for tests) a cap on delays; its input is the
    /// sample's.
    pub async fn template_test_run(
        &self,
        org: OrgId,
        workflow: WorkflowId,
        options: RunOptions,
    ) -> AppResult<RunHandle> {
        let (_, template) = self
            .link(org, workflow)
            .await?
            .ok_or_else(|| AppError::invalid("this workflow was not deployed from a template; run it with an input"))?;
        let template = template.ok_or_else(|| {
            AppError::not_found("the workflow's template is no longer in the library, so it has no sample input")
        })?;
        let wf = self.get_workflow(org, workflow).await?;
        let prepared = self.prepare(&wf)?;
        let trigger = wf.nodes.iter().find(|n| n.node_type == "trigger").map(|n| n.id.clone());
        let max_delay = Some(options.max_delay.map_or(TEST_RUN_MAX_DELAY, |m| m.min(TEST_RUN_MAX_DELAY)));
        let options =
            RunOptions { input: template.file.sample_input.clone(), trigger_node: trigger, max_delay, ..options };
        let shape = RunShape { test_run: true, ..RunShape::default() };
        self.start_prepared(RunContext::root(org), prepared, options, shape).await
    }

    /// The newer version of a workflow's template and what taking it changes, if there is one.
    pub async fn template_update(&self, org: OrgId, workflow: WorkflowId) -> AppResult<Option<TemplateUpdate>> {
        let Some((link, Some(template))) = self.link(org, workflow).await? else { return Ok(None) };
        if !neuroflow_templates::is_newer(&template.file.version, &link.version) {
            return Ok(None);
        }
        let wf = self.get_workflow(org, workflow).await?;
        let needs = self.needs(org, &template.file).await?;
        let agents = self.all_agents(org).await?;
        let given = carried_over(&link.choices, &template);
        let (after, missing) = match resolve(&template.file, &needs, &agents, &given) {
            Ok(resolved) => (preview(&template, &resolved, &wf.name)?, Vec::new()),
            Err(problems) => (template.file.document.clone(), problems),
        };
        Ok(Some(TemplateUpdate {
            workflow_id: workflow,
            from_version: link.version,
            to_version: template.file.version,
            diff: diff_documents(&wf.document(), &after),
            missing,
        }))
    }

    /// Takes the newer version of a workflow's template: the earlier choices (with `extra` for new
    /// requirements) fill it, and it becomes the workflow's next version. The workflow keeps its
    /// name and whether it is on; the version it replaces stays in its history.
    pub async fn take_template_update(
        &self,
        org: OrgId,
        workflow: WorkflowId,
        extra: TemplateChoices,
    ) -> AppResult<SavedWorkflow> {
        let (link, template) = self
            .link(org, workflow)
            .await?
            .ok_or_else(|| AppError::invalid("this workflow was not deployed from a template"))?;
        let template =
            template.ok_or_else(|| AppError::not_found("the workflow's template is no longer in the library"))?;
        if !neuroflow_templates::is_newer(&template.file.version, &link.version) {
            return Err(AppError::invalid(format!(
                "the workflow already has version {} of '{}'; there is no newer one",
                link.version, template.file.name
            )));
        }
        let wf = self.get_workflow(org, workflow).await?;
        let needs = self.needs(org, &template.file).await?;
        let agents = self.all_agents(org).await?;
        let mut given = carried_over(&link.choices, &template);
        given.integrations.extend(extra.integrations);
        given.agents.extend(extra.agents);
        given.teams.extend(extra.teams);
        given.variables.extend(extra.variables);
        let title = format!("version {} of '{}' cannot be taken", template.file.version, template.file.name);
        let resolved = resolve(&template.file, &needs, &agents, &given).map_err(|p| missing_pieces(&title, p))?;
        let (choices, created) = self.create_agents(org, &template.file, resolved.choices, &resolved.create).await?;
        let doc = filled(&template.file, &choices, &wf.name)?;
        let warnings = checked(&doc, "the updated workflow")?;
        let open = self.org(org).await?;
        let (by, version) = (open.owner, template.file.version.clone());
        let patch = WorkflowPatch { document: Some(doc), is_active: None, expected_version: Some(wf.version) };
        let written = open
            .store
            .write(move |c| {
                let updated = workflows::update(c, org, workflow, &patch, by)?;
                template_links::set_version(c, org, workflow, &version, &choices)?;
                Ok(updated)
            })
            .await;
        match written {
            Ok(updated) => Ok(SavedWorkflow { workflow: updated, warnings }),
            Err(e) => {
                for agent in created {
                    let _ = self.delete_agent(org, agent.id).await;
                }
                Err(e.into())
            }
        }
    }

    /// A workflow's link to its template and the template as the library has it now.
    async fn link(&self, org: OrgId, workflow: WorkflowId) -> AppResult<Option<(TemplateLink, Option<Template>)>> {
        let store = self.library(org).await?;
        let link = store.read_async(move |c| template_links::get(c, org, workflow)).await?;
        let Some(link) = link else { return Ok(None) };
        let template = match link.template_id {
            Some(id) => Some(store.read_async(move |c| templates::get(c, org, id, &now())).await?),
            None => None,
        };
        Ok(Some((link, template)))
    }

    async fn checklist(&self, org: OrgId, wf: &Workflow, link: &TemplateLink) -> AppResult<Vec<ChecklistItem>> {
        let mut items = Vec::new();
        for (key, id) in &link.choices.integrations {
            let item = match self.get_integration(org, *id).await {
                Ok(i) => {
                    let connected = i.status == IntegrationStatus::Connected;
                    let detail = match (connected, &i.last_error) {
                        (true, _) => "connected".to_string(),
                        (false, Some(error)) => format!("the last test failed: {error}"),
                        (false, None) => "test it (a Gmail integration signs in with Google first)".to_string(),
                    };
                    item(
                        &format!("integration:{key}"),
                        &format!("Connect '{}' ({})", i.name, i.provider),
                        connected,
                        detail,
                    )
                }
                Err(_) => item(
                    &format!("integration:{key}"),
                    &format!("Choose an integration for '{key}'"),
                    false,
                    "the integration chosen at deploy was deleted".into(),
                ),
            };
            items.push(item);
        }
        let mut providers = BTreeSet::new();
        for choice in link.choices.agents.values() {
            if let AgentChoice::Existing { id } = choice
                && let Ok(agent) = self.get_agent(org, *id).await
            {
                providers.insert(agent.model_config.provider);
            }
        }
        for provider in providers {
            let ready = self.get_provider(org, &provider).await.map(|p| p.has_key || !p.needs_key).unwrap_or(false);
            let detail =
                if ready { "ready".into() } else { format!("save the {provider} key in Settings › Providers") };
            items.push(item(
                &format!("provider:{provider}"),
                &format!("Give the model provider '{provider}' its key"),
                ready,
                detail,
            ));
        }
        for node in wf.nodes.iter().filter(|n| n.node_type == "trigger") {
            let Some(trigger) = node.data.get("trigger") else { continue };
            if trigger.get("kind").and_then(|k| k.as_str()) != Some("webhook") {
                continue;
            }
            let path = trigger.get("path").and_then(|p| p.as_str()).unwrap_or("").trim_start_matches('/');
            let method = trigger.get("method").and_then(|m| m.as_str()).unwrap_or("POST");
            items.push(item(
                "webhook",
                &format!("Send events to {method} /webhook/{path}"),
                wf.is_active,
                "the app (or neuroflow serve) answers there once the workflow is on".into(),
            ));
        }
        let (org_id, wid, since) = (org, wf.id, link.deployed_at);
        let store = self.library(org).await?;
        let tested = store.read_async(move |c| template_links::completed_since(c, org_id, wid, &since)).await?;
        items.push(item(
            "testRun",
            "Test-run it with the sample input",
            tested,
            if tested {
                "a run completed".into()
            } else {
                "run it once with the template's sample input and check the steps".into()
            },
        ));
        items.push(item(
            "activate",
            "Switch it on",
            wf.is_active,
            if wf.is_active { "on".into() } else { "off until you switch it on".into() },
        ));
        Ok(items)
    }
}

fn item(id: &str, label: &str, done: bool, detail: String) -> ChecklistItem {
    ChecklistItem { id: id.into(), label: label.into(), done, detail: Some(detail) }
}

/// The earlier choices, as far as the new version still has those requirements.
fn carried_over(choices: &TemplateChoices, template: &Template) -> TemplateChoices {
    let r = &template.file.requires;
    let mut out = choices.clone();
    out.integrations.retain(|k, _| r.integrations.iter().any(|i| &i.key == k));
    out.agents.retain(|k, _| r.agents.iter().any(|a| &a.key == k));
    out.teams.retain(|k, _| r.teams.iter().any(|t| &t.key == k));
    out.variables.retain(|k, _| r.variables.iter().any(|v| &v.name == k));
    out
}

/// The new version filled for a preview: agents still to be made show as such.
fn preview(template: &Template, resolved: &Resolved, name: &str) -> AppResult<neuroflow_types::WorkflowDocument> {
    let mut b = bindings(&resolved.choices);
    for (key, agent) in &resolved.create {
        b.agents.insert(key.clone(), format!("(new agent '{agent}')"));
    }
    fill_document(&template.file, &b, &resolved.choices.variables, name)
}
