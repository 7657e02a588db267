use neuroflow_app::{AppError, Hub, SavedWorkflow};
use neuroflow_types::{
    OrgId, Page, ValidationReport, Workflow, WorkflowDocument, WorkflowFilter, WorkflowId, WorkflowPatch,
    WorkflowSummary,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_workflows(
    hub: State<'_, Hub>,
    org: OrgId,
    filter: WorkflowFilter,
) -> Result<Page<WorkflowSummary>, AppError> {
    hub.list_workflows(org, filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_workflow(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<Workflow, AppError> {
    hub.get_workflow(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_workflow(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    patch: WorkflowPatch,
) -> Result<SavedWorkflow, AppError> {
    hub.update_workflow(org, id, patch).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_workflow(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<(), AppError> {
    hub.delete_workflow(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn duplicate_workflow(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<SavedWorkflow, AppError> {
    hub.duplicate_workflow(org, id).await
}

/// Imports a document pasted or dropped into the app.
#[tauri::command]
#[specta::specta]
pub async fn import_workflow_text(hub: State<'_, Hub>, org: OrgId, text: String) -> Result<SavedWorkflow, AppError> {
    hub.import_workflow(org, &text).await
}

#[tauri::command]
#[specta::specta]
pub async fn export_workflow_text(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<String, AppError> {
    hub.export_workflow(org, id).await
}

#[tauri::command]
#[specta::specta]
pub fn validate_document(hub: State<'_, Hub>, document: WorkflowDocument) -> Result<ValidationReport, AppError> {
    Ok(hub.validate_document(&document))
}

/// A new workflow with one manual trigger (version 1, published).
#[tauri::command]
#[specta::specta]
pub async fn create_workflow(hub: State<'_, Hub>, org: OrgId, name: String) -> Result<Workflow, AppError> {
    hub.new_workflow(org, &name).await
}

/// A copy of a document as a new workflow ("keep both" after a conflict).
#[tauri::command]
#[specta::specta]
pub async fn create_workflow_from(
    hub: State<'_, Hub>,
    org: OrgId,
    document: WorkflowDocument,
    name: String,
) -> Result<Workflow, AppError> {
    hub.create_workflow_from(org, document, &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_workflow(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    name: String,
) -> Result<Workflow, AppError> {
    hub.rename_workflow(org, id, &name).await
}

/// Undoes a delete (possible for `DELETED_KEPT_DAYS` days).
#[tauri::command]
#[specta::specta]
pub async fn restore_deleted_workflow(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<Workflow, AppError> {
    hub.restore_deleted_workflow(org, id).await
}
