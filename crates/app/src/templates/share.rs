//! Sharing templates: publishing one of the organization's workflows as a private template (its
//! ids, secrets and personal data turned into requirements by `neuroflow_templates::publish`, a new
//! minor version on each publish of the same workflow), exporting any template as a file and
//! importing one (checked whole before anything is written), and rating a template — accepted only
//! once a workflow made from it has run successfully in this organization.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::templates::{self, NewTemplateRow};
use neuroflow_store::table::{template_links, workflow_drafts};
use neuroflow_templates::publish::{PublishInput, publish};
use neuroflow_types::{
    DifficultyLevel, ErrorCode, ExecutionFilter, ExecutionStatus, OrgId, PageRequest, TeamFilter, Template,
    TemplateCard, TemplateCategory, TemplateEstimate, TemplateId, TemplateSource, WorkflowId, now,
};
use serde::{Deserialize, Serialize};

/// How many recent successful runs the cost estimate of a published template averages.
const ESTIMATE_RUNS: u32 = 20;

/// What the person publishing says about the template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PublishRequest {
    /// Default: the workflow's name.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub category: TemplateCategory,
    pub difficulty: DifficultyLevel,
    /// Default: five minutes, plus five for each integration, agent and required variable.
    #[serde(default)]
    pub setup_minutes: Option<u32>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Default: the category's icon.
    #[serde(default)]
    pub icon: Option<String>,
    /// Text variables whose values are kept as examples (cleared of secrets and personal data).
    #[serde(default)]
    pub keep_values: Vec<String>,
}

/// A published template and what publishing stripped or left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PublishedTemplate {
    pub template: Template,
    pub notes: Vec<String>,
}

impl Hub {
    /// Publishes a workflow as a private template of the organization, or as the next version of
    /// the template it was published as before.
    pub async fn publish_template(
        &self,
        org: OrgId,
        workflow: WorkflowId,
        request: PublishRequest,
    ) -> AppResult<PublishedTemplate> {
        // A template is shared with everyone in a connected organization: who may make workflows.
        self.require(org, crate::sync::Permission::CreateWorkflows).await?;
        let wf = self.get_workflow(org, workflow).await?;
        let store = self.library(org).await?;
        let previous = store.read_async(move |c| templates::find_by_source_workflow(c, org, workflow)).await?;
        let previous = match previous {
            Some(id) => Some(self.get_template(org, id).await?),
            None => None,
        };
        let name = request.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(&wf.name).to_string();
        let (slug, version) = match &previous {
            Some(t) => (t.card.slug.clone(), neuroflow_templates::next_version(&t.card.version)),
            None => (self.free_slug(org, &name).await?, "1.0.0".to_string()),
        };
        let draft = store.read_async(move |c| workflow_drafts::get(c, org, workflow)).await?;
        let sample = draft.map(|d| d.sample_input).filter(|v| v.as_object().is_some_and(|o| !o.is_empty()));
        let all = PageRequest::new(neuroflow_types::MAX_PAGE_SIZE, 0);
        let filter = neuroflow_types::IntegrationFilter { page: all, ..Default::default() };
        let integrations = self.list_integrations(org, filter).await?.items;
        let agents = self.all_agents(org).await?;
        let teams: Vec<(String, String)> = self
            .list_teams(org, TeamFilter { page: all, ..Default::default() })
            .await?
            .items
            .into_iter()
            .map(|t| (t.id.to_string(), t.name))
            .collect();
        let document = wf.document();
        let tags = kebab_tags(&request.tags);
        let input = PublishInput {
            document: &document,
            slug,
            version,
            name,
            description: request
                .description
                .clone()
                .filter(|d| !d.trim().is_empty())
                .or_else(|| Some(wf.description.clone()).filter(|d| !d.trim().is_empty()))
                .unwrap_or_else(|| format!("Published from the workflow '{}'.", wf.name)),
            category: request.category,
            difficulty: request.difficulty,
            setup_minutes: 0,
            icon: request.icon.clone().unwrap_or_else(|| default_icon(request.category).to_string()),
            tags,
            estimate: self.estimate(org, workflow).await?,
            sample_input: sample.as_ref(),
            keep_values: &request.keep_values,
            integrations: &integrations,
            agents: &agents,
            teams: &teams,
        };
        let mut published = publish(&input).map_err(|problems| {
            AppError::invalid(format!("'{}' cannot be published as a template: {}", wf.name, problems.join("; ")))
        })?;
        let r = &published.file.requires;
        let pieces = r.integrations.len() + r.agents.len() + r.variables.iter().filter(|v| v.required).count();
        published.file.setup_minutes = request.setup_minutes.unwrap_or((5 + 5 * pieces as u32).min(240)).clamp(1, 240);
        let problems = neuroflow_templates::errors(&published.file, neuroflow_integrations::actions::catalog());
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return Err(AppError::invalid(format!(
                "the template made from '{}' has problems: {}",
                wf.name,
                list.join("; ")
            )));
        }
        // What is stored must import again elsewhere: within the file size, and not nested deeper
        // than a reader follows (the template wraps the document in one more level).
        if let Err(e) = neuroflow_templates::read_template(&neuroflow_templates::write_template(&published.file)) {
            return Err(AppError::invalid(format!(
                "the template made from '{}' could not be imported anywhere: {e}",
                wf.name
            )));
        }
        let file = published.file;
        let at = now();
        let id = match &previous {
            Some(t) => {
                let (id, stored) = (t.card.id, file.clone());
                store.write(move |c| templates::replace_file(c, org, id, &stored, &at)).await?;
                id
            }
            None => {
                let (id, owner, stored) = (TemplateId::new(), self.org(org).await?.owner, file.clone());
                store
                    .write(move |c| {
                        templates::insert(
                            c,
                            &NewTemplateRow {
                                id,
                                organization_id: org,
                                file: &stored,
                                source: TemplateSource::Private,
                                source_workflow_id: Some(workflow),
                                created_by: owner,
                                at,
                            },
                        )
                    })
                    .await?;
                id
            }
        };
        tracing::info!(org = %org, template = %id, version = %file.version, "published template");
        Ok(PublishedTemplate { template: self.get_template(org, id).await?, notes: published.notes })
    }

    /// A template as a file's text (the format the app ships its own in). A template holding what
    /// looks like a secret never leaves the app (one stored before that rule existed, say): the
    /// refusal names each field without the secret.
    pub async fn export_template(&self, org: OrgId, id: TemplateId) -> AppResult<String> {
        let template = self.get_template(org, id).await?;
        let leaks = neuroflow_templates::leaks_in(&template.file);
        if !leaks.is_empty() {
            let list: Vec<String> = leaks.iter().map(|l| l.to_string()).collect();
            return Err(AppError::invalid(format!("'{}' is not exported: {}", template.card.name, list.join("; ")))
                .with_details(serde_json::json!({ "problems": list })));
        }
        Ok(neuroflow_templates::write_template(&template.file))
    }

    /// Imports a template file. It is read and checked whole first; a file with the slug of one of
    /// the organization's own templates replaces it only when its version is newer.
    pub async fn import_template(&self, org: OrgId, text: &str) -> AppResult<Template> {
        self.require(org, crate::sync::Permission::CreateWorkflows).await?;
        let mut file = neuroflow_templates::read_template(text)
            .map_err(|e| AppError::invalid(format!("the template file cannot be read: {e}")))?;
        file.featured = false;
        let problems = neuroflow_templates::errors(&file, neuroflow_integrations::actions::catalog());
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return Err(AppError::invalid(format!(
                "the template '{}' has {} problem(s): {}",
                file.slug,
                list.len(),
                list.join("; ")
            ))
            .with_details(serde_json::json!({ "problems": list })));
        }
        let store = self.library(org).await?;
        let slug = file.slug.clone();
        let existing = match store.read_async(move |c| templates::find_by_slug(c, org, &slug)).await? {
            Some(id) => Some(self.get_template(org, id).await?),
            None => None,
        };
        let at = now();
        let id = match existing {
            Some(t) if t.card.source == TemplateSource::Builtin => {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!("the built-in library already has a template '{}'; give the file another slug", file.slug),
                ));
            }
            Some(t) if !neuroflow_templates::is_newer(&file.version, &t.card.version) => {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "the library already has version {} of '{}' (the file is version {})",
                        t.card.version, file.slug, file.version
                    ),
                ));
            }
            Some(t) => {
                let (id, stored) = (t.card.id, file.clone());
                store.write(move |c| templates::replace_file(c, org, id, &stored, &at)).await?;
                id
            }
            None => {
                let (id, owner, stored) = (TemplateId::new(), self.org(org).await?.owner, file.clone());
                store
                    .write(move |c| {
                        let row = NewTemplateRow {
                            id,
                            organization_id: org,
                            file: &stored,
                            source: TemplateSource::Imported,
                            source_workflow_id: None,
                            created_by: owner,
                            at,
                        };
                        templates::insert(c, &row)
                    })
                    .await?;
                id
            }
        };
        tracing::info!(org = %org, template = %id, slug = %file.slug, "imported template");
        self.get_template(org, id).await
    }

    /// Rates a template 1–5 (replacing the organization's earlier rating). Accepted only once a
    /// workflow deployed from it has completed a run here.
    pub async fn rate_template(&self, org: OrgId, id: TemplateId, stars: u8) -> AppResult<TemplateCard> {
        if !(1..=5).contains(&stars) {
            return Err(AppError::invalid(format!("a rating is 1 to 5 stars, not {stars}")));
        }
        let template = self.get_template(org, id).await?;
        let store = self.library(org).await?;
        if !store.read_async(move |c| template_links::has_completed_run(c, org, id)).await? {
            return Err(AppError::invalid(format!(
                "'{}' can be rated once a workflow deployed from it has run successfully here",
                template.card.name
            )));
        }
        store.write(move |c| template_links::rate(c, org, id, stars, &now())).await?;
        Ok(self.get_template(org, id).await?.card)
    }

    /// A slug made from `name` that no template of the organization has.
    async fn free_slug(&self, org: OrgId, name: &str) -> AppResult<String> {
        let mut stem: String = name
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        stem.truncate(56);
        let stem = stem.trim_end_matches('-').to_string();
        let stem = if stem.is_empty() { "my-template".to_string() } else { stem };
        let store = self.library(org).await?;
        for n in 1.. {
            let slug = if n == 1 { stem.clone() } else { format!("{stem}-{n}") };
            let probe = slug.clone();
            if store.read_async(move |c| templates::find_by_slug(c, org, &probe)).await?.is_none() {
                return Ok(slug);
            }
        }
        unreachable!("some slug is always free")
    }

    /// Tokens and cost per run, averaged over the workflow's recent successful runs.
    async fn estimate(&self, org: OrgId, workflow: WorkflowId) -> AppResult<TemplateEstimate> {
        let filter = ExecutionFilter {
            workflow_id: Some(workflow),
            status: Some(ExecutionStatus::Completed),
            page: PageRequest::new(ESTIMATE_RUNS, 0),
            ..Default::default()
        };
        let runs = self.list_executions(org, filter).await?.items;
        if runs.is_empty() {
            return Ok(TemplateEstimate {
                tokens_per_run: 0,
                usd_per_run: 0.0,
                note: "no completed run to measure yet".into(),
            });
        }
        let n = runs.len() as i64;
        let tokens = runs.iter().map(|r| r.tokens_used).sum::<i64>() / n;
        let micros = runs.iter().map(|r| r.cost_micros).sum::<i64>() / n;
        Ok(TemplateEstimate {
            tokens_per_run: u32::try_from(tokens).unwrap_or(u32::MAX),
            usd_per_run: micros as f64 / 1_000_000.0,
            note: format!("the average of the last {n} successful runs"),
        })
    }
}

/// Tags in kebab-case, each once.
fn kebab_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let t = tag
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn default_icon(category: TemplateCategory) -> &'static str {
    match category {
        TemplateCategory::Sales => "bolt",
        TemplateCategory::Support => "phone",
        TemplateCategory::Marketing => "megaphone",
        TemplateCategory::DataProcessing => "clipboard",
        TemplateCategory::Automation => "clock",
        TemplateCategory::Analytics => "chart",
        TemplateCategory::Content => "star",
        TemplateCategory::Communication => "mail",
    }
}
