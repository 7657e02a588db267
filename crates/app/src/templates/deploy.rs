//! Deploying a template in one step. The request's choices are checked whole first — every
//! integration chosen (or the only one of its provider), every agent existing or to be made from the
//! suggestion, every team, every required variable, the app and format it needs — and every missing
//! or wrong piece is named before anything is written. Then the suggested agents are created, the
//! placeholders filled, and the workflow, its link to the template (slug, version, the choices) and
//! the template's usage count are written in one transaction; if that fails, the agents made for it
//! are removed again. The workflow lands inactive; its checklist says what is left.

use super::missing_pieces;
use super::needs::Needs;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use crate::workflows::{checked, workflow_record};
use neuroflow_store::table::template_links::{self, TemplateLink};
use neuroflow_store::table::{templates, workflows};
use neuroflow_templates::Bindings;
use neuroflow_types::{
    AgentChoice, AgentFilter, AiAgent, DeployOutcome, DeployProblem, DeployRequest, JsonMap, MAX_PAGE_SIZE,
    MemoryConfig, NewAgent, OrgId, PageRequest, TemplateChoices, TemplateFile, TemplateId, WorkflowDocument,
    WorkflowFilter, now,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// The choices checked against a template: what to bind, what to create, what was filled in.
pub(crate) struct Resolved {
    pub choices: TemplateChoices,
    /// Agent key → the name of the agent to create from the suggestion.
    pub create: BTreeMap<String, String>,
    pub notes: Vec<String>,
}

impl Hub {
    /// Deploys a template as a new, inactive workflow (see the module's documentation).
    pub async fn deploy_template(
        &self,
        org: OrgId,
        id: TemplateId,
        request: DeployRequest,
    ) -> AppResult<DeployOutcome> {
        self.require_room(org, crate::sync::Permission::CreateWorkflows, crate::sync::Limited::Workflow).await?;
        let template = self.get_template(org, id).await?;
        let file = template.file;
        let title = format!("'{}' cannot be deployed", file.name);
        let needs = self.needs(org, &file).await?;
        let agents = self.all_agents(org).await?;
        let resolved = resolve(&file, &needs, &agents, &request.choices).map_err(|p| missing_pieces(&title, p))?;
        let name = self.free_workflow_name(org, request.name.as_deref().unwrap_or(&file.name)).await?;

        let (choices, created) = self.create_agents(org, &file, resolved.choices, &resolved.create).await?;
        let written = self.write_deployment(org, id, &file, &name, &choices).await;
        let (workflow, warnings) = match written {
            Ok(done) => done,
            Err(e) => {
                for agent in &created {
                    let _ = self.delete_agent(org, agent.id).await;
                }
                return Err(e);
            }
        };
        let mut notes = resolved.notes;
        notes.extend(created.iter().map(|a| format!("created the agent '{}' from the template's suggestion", a.name)));
        tracing::info!(org = %org, template = %file.slug, workflow = %workflow.id, "deployed template");
        let origin = self
            .workflow_template(org, workflow.id)
            .await?
            .ok_or_else(|| AppError::internal("the deployed workflow has no link to its template"))?;
        Ok(DeployOutcome { workflow, created_agents: created, notes, origin, warnings })
    }

    /// Every agent of the organization.
    pub(crate) async fn all_agents(&self, org: OrgId) -> AppResult<Vec<AiAgent>> {
        let filter = AgentFilter { page: PageRequest::new(MAX_PAGE_SIZE, 0), ..Default::default() };
        Ok(self.list_agents(org, filter).await?.items)
    }

    /// Creates the agents to be made from the template's suggestions; the choices then name them.
    /// If one cannot be created, those already made are removed and the reason returned.
    pub(crate) async fn create_agents(
        &self,
        org: OrgId,
        file: &TemplateFile,
        mut choices: TemplateChoices,
        create: &BTreeMap<String, String>,
    ) -> AppResult<(TemplateChoices, Vec<AiAgent>)> {
        let mut created: Vec<AiAgent> = Vec::new();
        for (key, name) in create {
            let Some(need) = file.requires.agents.iter().find(|a| &a.key == key) else { continue };
            let s = &need.suggested;
            let new = NewAgent {
                name: name.clone(),
                description: need.description.clone(),
                personality: s.personality.clone(),
                model_config: s.model_config.clone(),
                memory: s.memory.clone().unwrap_or(MemoryConfig { window_turns: 0, pinned_notes: Vec::new() }),
                is_active: Some(true),
                ..Default::default()
            };
            match self.create_agent(org, new).await {
                Ok(agent) => {
                    choices.agents.insert(key.clone(), AgentChoice::Existing { id: agent.id });
                    created.push(agent);
                }
                Err(e) => {
                    for agent in &created {
                        let _ = self.delete_agent(org, agent.id).await;
                    }
                    return Err(AppError::new(e.code, format!("the agent '{name}' could not be created: {e}")));
                }
            }
        }
        Ok((choices, created))
    }

    /// Fills the template with the choices and writes the workflow, its link and the usage count in
    /// one transaction.
    async fn write_deployment(
        &self,
        org: OrgId,
        template: TemplateId,
        file: &TemplateFile,
        name: &str,
        choices: &TemplateChoices,
    ) -> AppResult<(neuroflow_types::Workflow, Vec<neuroflow_types::ValidationIssue>)> {
        let doc = filled(file, choices, name)?;
        let warnings = checked(&doc, "the deployed workflow")?;
        let open = self.org(org).await?;
        let mut workflow = workflow_record(org, doc, open.owner);
        workflow.template_id = Some(template);
        let link = TemplateLink {
            workflow_id: workflow.id,
            organization_id: org,
            template_id: Some(template),
            slug: file.slug.clone(),
            name: file.name.clone(),
            version: file.version.clone(),
            choices: choices.clone(),
            deployed_at: now(),
        };
        let stored = workflow.clone();
        open.store
            .write(move |c| {
                workflows::insert(c, &stored)?;
                template_links::insert(c, &link)?;
                templates::record_use(c, org, template, &link.deployed_at)
            })
            .await?;
        Ok((workflow, warnings))
    }

    /// `wanted`, or `wanted (2)`, `wanted (3)` … whichever no workflow has.
    async fn free_workflow_name(&self, org: OrgId, wanted: &str) -> AppResult<String> {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return Err(AppError::invalid("name: a workflow needs a name"));
        }
        let filter = WorkflowFilter {
            search: Some(wanted.to_string()),
            page: PageRequest::new(MAX_PAGE_SIZE, 0),
            ..Default::default()
        };
        let taken: Vec<String> =
            self.list_workflows(org, filter).await?.items.into_iter().map(|w| w.name.to_lowercase()).collect();
        let free = |n: &String| !taken.contains(&n.to_lowercase());
        Ok(std::iter::once(wanted.to_string())
            .chain((2..).map(|i| format!("{wanted} ({i})")))
            .find(free)
            .unwrap_or_else(|| wanted.to_string()))
    }
}

/// The ids the choices bind each placeholder key to.
pub(crate) fn bindings(choices: &TemplateChoices) -> Bindings {
    let mut b = Bindings::default();
    for (key, id) in &choices.integrations {
        b.integrations.insert(key.clone(), id.to_string());
    }
    for (key, choice) in &choices.agents {
        if let AgentChoice::Existing { id } = choice {
            b.agents.insert(key.clone(), id.to_string());
        }
    }
    for (key, id) in &choices.teams {
        b.teams.insert(key.clone(), id.to_string());
    }
    b
}

/// The template's document with its placeholders and variables filled from the choices.
pub(crate) fn filled(file: &TemplateFile, choices: &TemplateChoices, name: &str) -> AppResult<WorkflowDocument> {
    fill_document(file, &bindings(choices), &choices.variables, name)
}

/// The template's document with `bindings` and `variables` filled in and `name` as its name.
pub(crate) fn fill_document(
    file: &TemplateFile,
    bindings: &Bindings,
    variables: &JsonMap,
    name: &str,
) -> AppResult<WorkflowDocument> {
    let mut doc = neuroflow_templates::fill(&file.document, bindings).map_err(|missing| {
        AppError::internal(format!("the template was filled incompletely: {}", missing.join("; ")))
    })?;
    for (k, v) in variables {
        doc.variables.insert(k.clone(), v.clone());
    }
    doc.name = name.to_string();
    Ok(doc)
}

/// Checks the choices against the template and the organization, filling what can be filled for
/// the person (the only integration of a provider, a new agent where none was chosen, a variable's
/// example where it is optional). Every problem is returned, not only the first.
pub(crate) fn resolve(
    file: &TemplateFile,
    needs: &Needs,
    agents: &[AiAgent],
    given: &TemplateChoices,
) -> Result<Resolved, Vec<DeployProblem>> {
    let mut problems = Vec::new();
    let mut problem = |kind: &str, key: &str, message: String| {
        problems.push(DeployProblem { kind: kind.into(), key: key.into(), message })
    };
    if let Some(why) = neuroflow_templates::compatibility(file) {
        problem("app", "", format!("this template {why}"));
    }
    let mut out = Resolved { choices: TemplateChoices::default(), create: BTreeMap::new(), notes: Vec::new() };

    for key in given.integrations.keys().filter(|k| !needs.integrations.iter().any(|n| &n.key == *k)) {
        problem("integration", key, format!("the template needs no integration called '{key}'"));
    }
    for need in &needs.integrations {
        let (key, provider) = (&need.key, need.provider);
        let what = format!("the {provider} integration '{key}' ({})", need.purpose);
        let chosen = match (given.integrations.get(key), need.preselected) {
            (Some(id), _) => *id,
            (None, Some(only)) => {
                let name = need.candidates.iter().find(|c| c.id == only).map(|c| c.name.as_str()).unwrap_or("");
                out.notes.push(format!("'{key}' uses '{name}', the only {provider} integration"));
                only
            }
            (None, None) if need.candidates.is_empty() => {
                problem(
                    "integration",
                    key,
                    format!("{what}: this organization has no {provider} integration; create one"),
                );
                continue;
            }
            (None, None) => {
                let names: Vec<&str> = need.candidates.iter().map(|c| c.name.as_str()).collect();
                problem("integration", key, format!("{what}: choose one of {}", names.join(", ")));
                continue;
            }
        };
        match need.candidates.iter().find(|c| c.id == chosen) {
            Some(c) if !c.is_active => problem("integration", key, format!("{what}: '{}' is switched off", c.name)),
            Some(_) => {
                out.choices.integrations.insert(key.clone(), chosen);
            }
            None => problem(
                "integration",
                key,
                format!("{what}: {chosen} is not a {provider} integration of this organization"),
            ),
        }
    }

    for key in given.agents.keys().filter(|k| !file.requires.agents.iter().any(|a| &a.key == *k)) {
        problem("agent", key, format!("the template needs no agent called '{key}'"));
    }
    let mut names: Vec<String> = agents.iter().map(|a| a.name.to_lowercase()).collect();
    for need in &file.requires.agents {
        let key = &need.key;
        match given.agents.get(key) {
            Some(AgentChoice::Existing { id }) => match agents.iter().find(|a| a.id == *id) {
                Some(a) if !a.is_active => {
                    problem("agent", key, format!("the agent '{key}' ({}): '{}' is switched off", need.role, a.name))
                }
                Some(_) => {
                    out.choices.agents.insert(key.clone(), AgentChoice::Existing { id: *id });
                }
                None => problem("agent", key, format!("the agent '{key}' ({}): no agent has the id {id}", need.role)),
            },
            Some(AgentChoice::Create { name }) => {
                let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(&need.role);
                let name = free_name(name, &mut names);
                out.create.insert(key.clone(), name);
            }
            None => {
                let name = free_name(&need.role, &mut names);
                out.create.insert(key.clone(), name);
            }
        }
    }

    for key in given.teams.keys().filter(|k| !needs.teams.iter().any(|n| &n.key == *k)) {
        problem("team", key, format!("the template needs no team called '{key}'"));
    }
    for need in &needs.teams {
        match given.teams.get(&need.key) {
            Some(id) if need.candidates.iter().any(|c| c.id == *id) => {
                out.choices.teams.insert(need.key.clone(), *id);
            }
            Some(id) => problem("team", &need.key, format!("the team '{}': no team has the id {id}", need.key)),
            None => problem(
                "team",
                &need.key,
                format!("the team '{}' ({}): choose one of the organization's teams", need.key, need.purpose),
            ),
        }
    }

    for name in given.variables.keys().filter(|k| !file.requires.variables.iter().any(|v| &v.name == *k)) {
        problem("variable", name, format!("the template has no variable '{name}'"));
    }
    for v in &file.requires.variables {
        match given.variables.get(&v.name).map(|value| typed(value, &v.example)) {
            Some(Ok(value)) if !is_blank(&value) => {
                out.choices.variables.insert(v.name.clone(), value);
            }
            Some(Err(kind)) => problem(
                "variable",
                &v.name,
                format!("the variable '{}' ({}) must be {kind}, like {}", v.name, v.description, v.example),
            ),
            _ if v.required => problem(
                "variable",
                &v.name,
                format!("the variable '{}' ({}) needs a value, e.g. {}", v.name, v.description, v.example),
            ),
            _ => {
                out.choices.variables.insert(v.name.clone(), v.example.clone());
            }
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// `wanted`, or `wanted 2` … whichever no agent has; the name is then taken.
fn free_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let name = std::iter::once(wanted.to_string())
        .chain((2..).map(|i| format!("{wanted} {i}")))
        .find(|n| !taken.contains(&n.to_lowercase()))
        .unwrap_or_else(|| wanted.to_string());
    taken.push(name.to_lowercase());
    name
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A given value in the type of the variable's example: text typed into a form for a number or a
/// switch is read as one; anything else of the wrong type is refused with the type's name.
fn typed(value: &Value, example: &Value) -> Result<Value, &'static str> {
    match (example, value) {
        (Value::Number(_), Value::Number(_)) | (Value::Bool(_), Value::Bool(_)) => Ok(value.clone()),
        (Value::Number(_), Value::String(s)) if s.trim().is_empty() => Ok(Value::Null),
        (Value::Number(_), Value::String(s)) => {
            serde_json::from_str::<serde_json::Number>(s.trim()).map(Value::Number).map_err(|_| "a number")
        }
        (Value::Number(_), _) => Err("a number"),
        (Value::Bool(_), Value::String(s)) => match s.trim() {
            "true" | "yes" => Ok(Value::Bool(true)),
            "false" | "no" => Ok(Value::Bool(false)),
            _ => Err("true or false"),
        },
        (Value::Bool(_), _) => Err("true or false"),
        (Value::String(_), Value::String(_)) => Ok(value.clone()),
        (Value::String(_), Value::Number(n)) => Ok(Value::String(n.to_string())),
        (Value::String(_), _) => Err("text"),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => Ok(value.clone()),
        (Value::Array(_) | Value::Object(_), Value::String(s)) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(|v| v.is_array() == example.is_array())
            .ok_or("JSON of the example's shape"),
        (Value::Array(_), _) => Err("a list"),
        (Value::Object(_), _) => Err("an object"),
        (Value::Null, _) => Ok(value.clone()),
    }
}
