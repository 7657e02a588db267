//! The template library of an organization: search with facets, a template's page (what it needs
//! beside what the organization has, its deployments, whether it may be rated), deleting a private
//! template; deploying, taking updates and sharing are in the submodules.
//!
//! The built-in templates ship inside the binary (`neuroflow-templates`); on an organization's first
//! template use in a process they are copied into its file — new ones added, changed versions
//! replaced, its usage and ratings kept — so search, facets and counts are one SQL query over one
//! table whatever a template's source.

mod deploy;
mod needs;
mod origin;
mod share;

pub use origin::TEST_RUN_MAX_DELAY;
pub use share::{PublishRequest, PublishedTemplate};

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::OrgStore;
use neuroflow_store::table::templates::{self, NewTemplateRow};
use neuroflow_store::table::{template_links, template_search};
use neuroflow_types::{
    ErrorCode, OrgId, Template, TemplateDetail, TemplateId, TemplateQuery, TemplateResults, TemplateSource, now,
};
use std::collections::HashMap;
use std::sync::Arc;

impl Hub {
    /// Searches the library: text, filters, sort and page, with the count each filter value gives.
    pub async fn search_templates(&self, org: OrgId, query: TemplateQuery) -> AppResult<TemplateResults> {
        let open = self.library(org).await?;
        Ok(open.read_async(move |c| template_search::search(c, org, &query, &now())).await?)
    }

    /// A template with its whole file.
    pub async fn get_template(&self, org: OrgId, id: TemplateId) -> AppResult<Template> {
        let open = self.library(org).await?;
        Ok(open.read_async(move |c| templates::get(c, org, id, &now())).await?)
    }

    /// Finds a template by id or slug.
    pub async fn find_template(&self, org: OrgId, reference: &str) -> AppResult<Template> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<TemplateId>() {
            return self.get_template(org, id).await;
        }
        let open = self.library(org).await?;
        let slug = reference.to_string();
        let found = open.read_async(move |c| templates::find_by_slug(c, org, &slug)).await?;
        match found {
            Some(id) => self.get_template(org, id).await,
            None => Err(AppError::not_found(format!(
                "no template has the id or slug '{reference}' (neuroflow template search lists them)"
            ))),
        }
    }

    /// A template's page: what it needs and which of those the organization has, its deployments
    /// here, and whether the organization may rate it.
    pub async fn template_detail(&self, org: OrgId, id: TemplateId) -> AppResult<TemplateDetail> {
        let template = self.get_template(org, id).await?;
        let needs = self.needs(org, &template.file).await?;
        let open = self.library(org).await?;
        let (deployments, can_rate, my_rating) = open
            .read_async(move |c| {
                Ok((
                    template_links::deployments(c, org, id)?,
                    template_links::has_completed_run(c, org, id)?,
                    template_links::rating(c, org, id)?,
                ))
            })
            .await?;
        let blocked = neuroflow_templates::compatibility(&template.file);
        Ok(TemplateDetail {
            integrations: needs.integrations,
            agents: needs.agents,
            teams: needs.teams,
            template,
            deployments,
            can_rate,
            my_rating,
            blocked,
        })
    }

    /// Deletes a private or imported template (never without the person asking: nothing else calls
    /// this). Workflows deployed from it keep working; they only lose their update notices.
    pub async fn delete_template(&self, org: OrgId, id: TemplateId) -> AppResult<()> {
        self.require(org, crate::sync::Permission::DeleteWorkflows).await?;
        let template = self.get_template(org, id).await?;
        if template.card.source == TemplateSource::Builtin {
            return Err(AppError::invalid(format!(
                "'{}' ships with the app and cannot be deleted; it is only a starting point",
                template.card.name
            )));
        }
        let open = self.library(org).await?;
        open.write(move |c| templates::delete(c, org, id)).await?;
        tracing::info!(org = %org, template = %id, "deleted template");
        Ok(())
    }

    /// The organization's store, its built-in templates brought up to date first (once per process).
    pub(crate) async fn library(&self, org: OrgId) -> AppResult<Arc<OrgStore>> {
        let open = self.org(org).await?;
        let store = Arc::clone(&open.store);
        open.library
            .get_or_try_init(|| async {
                let store = Arc::clone(&store);
                store.write(move |c| sync_builtins(c, org)).await.map_err(AppError::from)
            })
            .await?;
        Ok(store)
    }
}

/// Adds the built-in templates this file lacks and replaces those whose version changed, in one
/// write; usage counts and ratings stay with their rows.
fn sync_builtins(c: &neuroflow_store::Connection, org: OrgId) -> neuroflow_store::Result<()> {
    let library = neuroflow_templates::library();
    for problem in &library.unreadable {
        tracing::error!(problem = %problem, "a built-in template could not be read");
    }
    let stored: HashMap<String, (String, TemplateId)> = templates::versions(c, org, TemplateSource::Builtin)?
        .into_iter()
        .map(|(slug, version, id)| (slug, (version, id)))
        .collect();
    let at = now();
    for file in &library.templates {
        match stored.get(&file.slug) {
            Some((version, _)) if *version == file.version => {}
            Some((_, id)) => templates::replace_file(c, org, *id, file, &at)?,
            None => {
                if templates::find_by_slug(c, org, &file.slug)?.is_some() {
                    // An imported or private template took this slug first; the built-in yields.
                    tracing::warn!(slug = %file.slug, "a template of the organization has a built-in's slug");
                    continue;
                }
                templates::insert(
                    c,
                    &NewTemplateRow {
                        id: TemplateId::new(),
                        organization_id: org,
                        file,
                        source: TemplateSource::Builtin,
                        source_workflow_id: None,
                        created_by: None,
                        at,
                    },
                )?;
            }
        }
    }
    Ok(())
}

/// The error of a deploy or update that lacks pieces: every piece named in the message, and each as
/// a `DeployProblem` in `details.problems`.
pub(crate) fn missing_pieces(what: &str, problems: Vec<neuroflow_types::DeployProblem>) -> AppError {
    let list: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    let noun = if problems.len() == 1 { "piece is" } else { "pieces are" };
    AppError::new(ErrorCode::InvalidInput, format!("{what}: {} {noun} missing: {}", problems.len(), list.join("; ")))
        .with_details(serde_json::json!({ "problems": problems }))
}
