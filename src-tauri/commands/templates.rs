//! The template library's commands: search, a template's page, the guided deploy, a deployed
//! workflow's checklist and updates, its test run with the sample input, publishing, export and
//! import of a file's text, rating and deleting.

use super::runs::{follow, sink};
use neuroflow_app::{AppError, Hub, PublishRequest, PublishedTemplate, RunOptions, SavedWorkflow};
use neuroflow_types::{
    DeployOutcome, DeployRequest, ExecutionId, OrgId, RunEvent, Template, TemplateCard, TemplateChoices,
    TemplateDetail, TemplateId, TemplateOrigin, TemplateQuery, TemplateResults, TemplateUpdate, WorkflowId,
};
use tauri::State;
use tauri::ipc::Channel;

#[tauri::command]
#[specta::specta]
pub async fn search_templates(
    hub: State<'_, Hub>,
    org: OrgId,
    query: TemplateQuery,
) -> Result<TemplateResults, AppError> {
    hub.search_templates(org, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn template_detail(hub: State<'_, Hub>, org: OrgId, id: TemplateId) -> Result<TemplateDetail, AppError> {
    hub.template_detail(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn deploy_template(
    hub: State<'_, Hub>,
    org: OrgId,
    id: TemplateId,
    request: DeployRequest,
) -> Result<DeployOutcome, AppError> {
    hub.deploy_template(org, id, request).await
}

#[tauri::command]
#[specta::specta]
pub async fn workflow_template(
    hub: State<'_, Hub>,
    org: OrgId,
    workflow: WorkflowId,
) -> Result<Option<TemplateOrigin>, AppError> {
    hub.workflow_template(org, workflow).await
}

#[tauri::command]
#[specta::specta]
pub async fn template_update(
    hub: State<'_, Hub>,
    org: OrgId,
    workflow: WorkflowId,
) -> Result<Option<TemplateUpdate>, AppError> {
    hub.template_update(org, workflow).await
}

#[tauri::command]
#[specta::specta]
pub async fn take_template_update(
    hub: State<'_, Hub>,
    org: OrgId,
    workflow: WorkflowId,
    extra: TemplateChoices,
) -> Result<SavedWorkflow, AppError> {
    hub.take_template_update(org, workflow, extra).await
}

/// Starts a test run of a deployed workflow with its template's sample input; returns its id at
/// once, and its events stream to `on_event`.
#[tauri::command]
#[specta::specta]
pub async fn template_test_run(
    hub: State<'_, Hub>,
    org: OrgId,
    workflow: WorkflowId,
    on_event: Channel<RunEvent>,
) -> Result<ExecutionId, AppError> {
    let options = RunOptions { on_event: Some(sink(on_event)), ..RunOptions::default() };
    Ok(follow(hub.template_test_run(org, workflow, options).await?))
}

#[tauri::command]
#[specta::specta]
pub async fn publish_template(
    hub: State<'_, Hub>,
    org: OrgId,
    workflow: WorkflowId,
    request: PublishRequest,
) -> Result<PublishedTemplate, AppError> {
    hub.publish_template(org, workflow, request).await
}

#[tauri::command]
#[specta::specta]
pub async fn export_template_text(hub: State<'_, Hub>, org: OrgId, id: TemplateId) -> Result<String, AppError> {
    hub.export_template(org, id).await
}

/// Imports a template file's text (dropped or pasted into the app).
#[tauri::command]
#[specta::specta]
pub async fn import_template_text(hub: State<'_, Hub>, org: OrgId, text: String) -> Result<Template, AppError> {
    hub.import_template(org, &text).await
}

#[tauri::command]
#[specta::specta]
pub async fn rate_template(
    hub: State<'_, Hub>,
    org: OrgId,
    id: TemplateId,
    stars: u8,
) -> Result<TemplateCard, AppError> {
    hub.rate_template(org, id, stars).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_template(hub: State<'_, Hub>, org: OrgId, id: TemplateId) -> Result<(), AppError> {
    hub.delete_template(org, id).await
}
