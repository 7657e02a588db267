use neuroflow_app::{AppError, Hub, SavedWorkflow};
use neuroflow_types::{
    OrgId, Page, ValidationReport, Workflow, WorkflowDocument, WorkflowFilter, WorkflowId, WorkflowPatch,
    WorkflowSummary, WorkflowVersion,
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

#[tauri::command]
#[specta::specta]
pub async fn workflow_versions(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
) -> Result<Vec<WorkflowVersion>, AppError> {
    hub.workflow_versions(org, id).await
}
