//! The workflow editor's commands: its catalog, the draft saved as people edit, versions (save,
//! restore, publish, differences), test runs of the draft, and the engine's verdict on templates.

use crate::commands::runs::{follow, sink};
use neuroflow_app::{AppError, Hub};
use neuroflow_types::{
    DraftInput, DraftRunOptions, DraftSaved, EditorCatalog, ExecutionDetail, ExecutionId, OrgId, RunEvent,
    TemplateCheck, TemplatePreview, VersionSummary, Workflow, WorkflowDiff, WorkflowDocument, WorkflowDraft,
    WorkflowId, WorkflowVersion,
};
use serde_json::Value;
use tauri::State;
use tauri::ipc::Channel;

/// What the palette offers: every node kind and integration action, with their outputs.
#[tauri::command]
#[specta::specta]
pub fn editor_catalog() -> Result<EditorCatalog, AppError> {
    Ok(Hub::editor_catalog())
}

/// The draft being edited, or none (the editor then opens the latest version).
#[tauri::command]
#[specta::specta]
pub async fn get_draft(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<Option<WorkflowDraft>, AppError> {
    hub.get_draft(org, id).await
}

/// Saves the draft, valid or not; answers with the validator's report.
#[tauri::command]
#[specta::specta]
pub async fn save_draft(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    draft: DraftInput,
) -> Result<DraftSaved, AppError> {
    hub.save_draft(org, id, draft).await
}

#[tauri::command]
#[specta::specta]
pub async fn discard_draft(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<(), AppError> {
    hub.discard_draft(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_versions(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<Vec<VersionSummary>, AppError> {
    hub.list_versions(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_version(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    version: i64,
) -> Result<WorkflowVersion, AppError> {
    hub.get_version(org, id, version).await
}

/// Keeps a document as the next version; CONFLICT when a newer one than `base_version` exists.
#[tauri::command]
#[specta::specta]
pub async fn save_version(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    document: WorkflowDocument,
    message: Option<String>,
    base_version: i64,
) -> Result<VersionSummary, AppError> {
    hub.save_version(org, id, document, message, base_version).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_version(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    version: i64,
) -> Result<VersionSummary, AppError> {
    hub.restore_version(org, id, version).await
}

/// Makes a version the one triggers use; VALIDATION when it breaks the rules.
#[tauri::command]
#[specta::specta]
pub async fn publish_version(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    version: i64,
) -> Result<Workflow, AppError> {
    hub.publish_version(org, id, version).await
}

#[tauri::command]
#[specta::specta]
pub async fn diff_versions(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    from: i64,
    to: i64,
) -> Result<WorkflowDiff, AppError> {
    hub.diff_versions(org, id, from, to).await
}

/// What differs between two documents (the draft and a version, say).
#[tauri::command]
#[specta::specta]
pub fn diff_documents(before: WorkflowDocument, after: WorkflowDocument) -> Result<WorkflowDiff, AppError> {
    Ok(neuroflow_app::diff_documents(&before, &after))
}

/// Runs the draft as a test run (all of it, up to a node, or one node); events go to `on_event`.
#[tauri::command]
#[specta::specta]
pub async fn run_draft(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    document: WorkflowDocument,
    input: Value,
    options: DraftRunOptions,
    on_event: Channel<RunEvent>,
) -> Result<ExecutionId, AppError> {
    Ok(follow(hub.run_draft(org, id, document, input, options, Some(sink(on_event))).await?))
}

/// The workflow's most recent execution with its steps.
#[tauri::command]
#[specta::specta]
pub async fn last_run(hub: State<'_, Hub>, org: OrgId, id: WorkflowId) -> Result<Option<ExecutionDetail>, AppError> {
    hub.last_run(org, id).await
}

/// Evaluates a template in the engine's sandbox.
#[tauri::command]
#[specta::specta]
pub fn render_preview(template: String, context: Value) -> Result<TemplatePreview, AppError> {
    Ok(Hub::render_preview(&template, &context))
}

/// The engine's parser on a template or expression: the first error and where.
#[tauri::command]
#[specta::specta]
pub fn check_template(text: String, expression: bool) -> Result<TemplateCheck, AppError> {
    Ok(Hub::check_template(&text, expression))
}
