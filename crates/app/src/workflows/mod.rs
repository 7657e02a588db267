//! Workflows: create, list, show, update, delete (and undo it), duplicate, rename, import, export and
//! validate. A document stored as a version that runs is validated first; an invalid one is refused
//! whole, with every problem named, and nothing is written. Editing — drafts, versions, publishing,
//! differences, test runs — is in the submodules.

mod catalog;
mod diff;
mod drafts;
mod test_runs;
mod versions;

pub use diff::diff_documents;

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_engine::document::write_document;
use neuroflow_engine::{parse_document, validate::compile};
use neuroflow_store::table::{workflow_drafts, workflows};
use neuroflow_types::{
    DraftInput, MAX_PAGE_SIZE, OrgId, Page, PageRequest, ValidationIssue, ValidationReport, WORKFLOW_FORMAT, Workflow,
    WorkflowDocument, WorkflowFilter, WorkflowId, WorkflowPatch, WorkflowSummary, now,
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
        self.require_room(org, crate::sync::Permission::CreateWorkflows, crate::sync::Limited::Workflow).await?;
        let mut warnings = checked(&doc, "the workflow")?;
        warnings.extend(self.integration_warnings(org, &doc).await?);
        let open = self.org(org).await?;
        let wf = workflow_record(org, doc, open.owner);
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
        self.require(org, crate::sync::Permission::EditWorkflows).await?;
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

    /// Deletes a workflow: it leaves every list and stops running at once, and can be brought back
    /// with [`Hub::restore_deleted_workflow`] until it is purged ([`DELETED_KEPT_DAYS`] days later).
    pub async fn delete_workflow(&self, org: OrgId, id: WorkflowId) -> AppResult<()> {
        self.require(org, crate::sync::Permission::DeleteWorkflows).await?;
        let open = self.org(org).await?;
        open.store.write(move |c| workflows::soft_delete(c, org, id)).await?;
        tracing::info!(org = %org, workflow = %id, "deleted workflow");
        Ok(())
    }

    /// Brings back a deleted workflow (inactive).
    pub async fn restore_deleted_workflow(&self, org: OrgId, id: WorkflowId) -> AppResult<Workflow> {
        self.require_room(org, crate::sync::Permission::CreateWorkflows, crate::sync::Limited::Workflow).await?;
        let open = self.org(org).await?;
        open.store.write(move |c| workflows::undelete(c, org, id)).await?;
        self.get_workflow(org, id).await
    }

    /// A new workflow named `name`, with one manual trigger to start from.
    pub async fn new_workflow(&self, org: OrgId, name: &str) -> AppResult<Workflow> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name: a workflow needs a name"));
        }
        let doc: WorkflowDocument = serde_json::from_value(serde_json::json!({
            "format": WORKFLOW_FORMAT, "name": name,
            "nodes": [{ "id": "start", "type": "trigger", "position": { "x": 0, "y": 0 },
                        "data": { "label": "Start", "trigger": { "kind": "manual" } } }],
            "edges": []
        }))
        .map_err(|e| AppError::internal(e.to_string()))?;
        Ok(self.create_workflow(org, doc).await?.workflow)
    }

    /// Keeps a document as a new workflow named `name` (the editor's "keep both" after a conflict).
    pub async fn create_workflow_from(&self, org: OrgId, mut doc: WorkflowDocument, name: &str) -> AppResult<Workflow> {
        doc.name = name.trim().to_string();
        Ok(self.create_workflow(org, doc).await?.workflow)
    }

    /// Renames a workflow (its draft too).
    pub async fn rename_workflow(&self, org: OrgId, id: WorkflowId, name: &str) -> AppResult<Workflow> {
        self.require(org, crate::sync::Permission::EditWorkflows).await?;
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(AppError::invalid("name: a workflow needs a name"));
        }
        let open = self.org(org).await?;
        open.store
            .write(move |c| {
                workflows::rename(c, org, id, &name)?;
                if let Some(mut draft) = workflow_drafts::get(c, org, id)? {
                    draft.document.name = name.clone();
                    let input = DraftInput {
                        document: draft.document,
                        base_version: draft.base_version,
                        history: draft.history,
                        sample_input: draft.sample_input,
                        pins: draft.pins,
                    };
                    workflow_drafts::save(c, org, id, &input, &now())?;
                }
                Ok(())
            })
            .await?;
        self.get_workflow(org, id).await
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

/// How long a deleted workflow can be brought back before it is purged.
pub const DELETED_KEPT_DAYS: i64 = 30;

/// Purges the workflows deleted more than [`DELETED_KEPT_DAYS`] ago (called by the runner heartbeat).
pub(crate) async fn purge_deleted(store: &std::sync::Arc<neuroflow_store::OrgStore>) {
    let before = now() - chrono::Duration::days(DELETED_KEPT_DAYS);
    if let Err(e) = store.write(move |c| workflows::purge_deleted(c, &before)).await {
        tracing::warn!(error = %e, "could not purge deleted workflows");
    }
}

/// The engine's validation, against the integration actions that exist.
pub(crate) fn validate(doc: &WorkflowDocument) -> ValidationReport {
    neuroflow_engine::validate(doc, neuroflow_integrations::actions::catalog())
}

/// A new, inactive workflow of version 1 holding `doc` (not yet stored).
pub(crate) fn workflow_record(
    org: OrgId,
    doc: WorkflowDocument,
    created_by: Option<neuroflow_types::UserId>,
) -> Workflow {
    let t = now();
    Workflow {
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
        published_version: Some(1),
        latest_version: 1,
        execution_count: 0,
        last_executed: None,
        template_id: None,
        created_by,
        created_at: t,
        updated_at: t,
    }
}

/// Validates a document; errors refuse it, warnings are returned.
pub(crate) fn checked(doc: &WorkflowDocument, what: &str) -> AppResult<Vec<ValidationIssue>> {
    match compile(doc, neuroflow_integrations::actions::catalog()) {
        Ok((_, warnings)) => Ok(warnings),
        Err(report) => Err(AppError::validation(what, &report)),
    }
}
