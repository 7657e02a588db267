//! Workflows: create, list, show, update, delete, duplicate, import, export and validate. Every
//! document is validated before it is stored; an invalid one is refused whole, with every problem
//! named, and nothing is written.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_engine::document::write_document;
use neuroflow_engine::{parse_document, validate::compile};
use neuroflow_store::table::workflows;
use neuroflow_types::{
    MAX_PAGE_SIZE, OrgId, Page, PageRequest, ValidationIssue, ValidationReport, Workflow, WorkflowDocument,
    WorkflowFilter, WorkflowId, WorkflowPatch, WorkflowSummary, WorkflowVersion, now,
};
use serde::{Deserialize, Serialize};

/// A stored workflow and the warnings its document raised (nodes no trigger reaches …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedWorkflow {
    pub workflow: Workflow,
    pub warnings: Vec<ValidationIssue>,
}

impl Hub {
    /// Stores a new workflow from a document.
    pub async fn create_workflow(&self, org: OrgId, doc: WorkflowDocument) -> AppResult<SavedWorkflow> {
        let mut warnings = checked(&doc, "the workflow")?;
        warnings.extend(self.integration_warnings(org, &doc).await?);
        let open = self.org(org).await?;
        let t = now();
        let wf = Workflow {
            id: WorkflowId::new(),
            organization_id: org,
            name: doc.name.trim().to_string(),
            description: doc.description,
            tags: doc.tags,
            variables: doc.variables,
            nodes: doc.nodes,
            edges: doc.edges,
            is_active: false,
            version: 1,
            execution_count: 0,
            last_executed: None,
            template_id: None,
            created_by: open.owner,
            created_at: t,
            updated_at: t,
        };
        let stored = wf.clone();
        open.store.write(move |c| workflows::insert(c, &stored)).await?;
        tracing::info!(org = %org, workflow = %wf.id, nodes = wf.nodes.len(), "created workflow");
        Ok(SavedWorkflow { workflow: wf, warnings })
    }

    /// Lists workflow summaries.
    pub async fn list_workflows(&self, org: OrgId, filter: WorkflowFilter) -> AppResult<Page<WorkflowSummary>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| workflows::list(c, org, &filter)).await?)
    }

    pub async fn get_workflow(&self, org: OrgId, id: WorkflowId) -> AppResult<Workflow> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| workflows::get(c, org, id)).await?)
    }

    /// Changes a workflow; a new document is validated first and becomes a new version.
    pub async fn update_workflow(&self, org: OrgId, id: WorkflowId, patch: WorkflowPatch) -> AppResult<SavedWorkflow> {
        let warnings = match &patch.document {
            Some(doc) => {
                let mut warnings = checked(doc, "the workflow")?;
                warnings.extend(self.integration_warnings(org, doc).await?);
                warnings
            }
            None => Vec::new(),
        };
        let open = self.org(org).await?;
        let by = open.owner;
        let workflow = open.store.write(move |c| workflows::update(c, org, id, &patch, by)).await?;
        Ok(SavedWorkflow { workflow, warnings })
    }

    pub async fn delete_workflow(&self, org: OrgId, id: WorkflowId) -> AppResult<()> {
        let open = self.org(org).await?;
        open.store.write(move |c| workflows::delete(c, org, id)).await?;
        tracing::info!(org = %org, workflow = %id, "deleted workflow");
        Ok(())
    }

    /// Copies a workflow's document into a new, inactive workflow named "… (copy)".
    pub async fn duplicate_workflow(&self, org: OrgId, id: WorkflowId) -> AppResult<SavedWorkflow> {
        let original = self.get_workflow(org, id).await?;
        let mut doc = original.document();
        doc.name = format!("{} (copy)", original.name);
        self.create_workflow(org, doc).await
    }

    /// Imports a workflow from the text of a document. A malformed or invalid document writes nothing.
    pub async fn import_workflow(&self, org: OrgId, text: &str) -> AppResult<SavedWorkflow> {
        let doc = parse_document(text)?;
        checked(&doc, "the imported workflow")?;
        self.create_workflow(org, doc).await
    }

    /// The document of a workflow, as text to write to a file.
    pub async fn export_workflow(&self, org: OrgId, id: WorkflowId) -> AppResult<String> {
        Ok(write_document(&self.get_workflow(org, id).await?.document()))
    }

    /// Finds a workflow by id, or by its name when exactly one workflow has that name.
    pub async fn find_workflow(&self, org: OrgId, reference: &str) -> AppResult<Workflow> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<WorkflowId>() {
            return self.get_workflow(org, id).await;
        }
        let filter = WorkflowFilter {
            search: Some(reference.to_string()),
            page: PageRequest::new(MAX_PAGE_SIZE, 0),
            ..Default::default()
        };
        let matches: Vec<WorkflowSummary> = self
            .list_workflows(org, filter)
            .await?
            .items
            .into_iter()
            .filter(|w| w.name.eq_ignore_ascii_case(reference))
            .collect();
        match matches.as_slice() {
            [one] => self.get_workflow(org, one.id).await,
            [] => Err(AppError::not_found(format!("no workflow has the id or name '{reference}'"))),
            many => Err(AppError::invalid(format!(
                "{} workflows are named '{reference}'; use an id ({})",
                many.len(),
                many.iter().map(|w| w.id.to_string()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// Every saved version of a workflow, newest first.
    pub async fn workflow_versions(&self, org: OrgId, id: WorkflowId) -> AppResult<Vec<WorkflowVersion>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| workflows::versions(c, org, id)).await?)
    }

    /// Validates a stored workflow.
    pub async fn validate_workflow(&self, org: OrgId, id: WorkflowId) -> AppResult<ValidationReport> {
        Ok(validate(&self.get_workflow(org, id).await?.document()))
    }

    /// Validates the text of a document. A text that is not a document at all is an error;
    /// a document that breaks the rules gives a report listing every problem.
    pub fn validate_document_text(&self, text: &str) -> AppResult<ValidationReport> {
        Ok(validate(&parse_document(text)?))
    }

    /// Validates a document (as the canvas holds it).
    pub fn validate_document(&self, doc: &WorkflowDocument) -> ValidationReport {
        validate(doc)
    }
}

/// The engine's validation, against the integration actions that exist.
fn validate(doc: &WorkflowDocument) -> ValidationReport {
    neuroflow_engine::validate(doc, neuroflow_integrations::actions::catalog())
}

/// Validates a document; errors refuse it, warnings are returned.
fn checked(doc: &WorkflowDocument, what: &str) -> AppResult<Vec<ValidationIssue>> {
    match compile(doc, neuroflow_integrations::actions::catalog()) {
        Ok((_, warnings)) => Ok(warnings),
        Err(report) => Err(AppError::validation(what, &report)),
    }
}
