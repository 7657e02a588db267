//! Integrations from the desktop. A secret crosses IPC only inward (create, replace); no command
//! answers with one — records say `hasSecret` and nothing more.

use neuroflow_app::Secret;
use neuroflow_app::{AppError, Hub, IntegrationTest};
use neuroflow_types::{Integration, IntegrationFilter, IntegrationId, IntegrationPatch, NewIntegration, OrgId, Page};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_integrations(
    hub: State<'_, Hub>,
    org: OrgId,
    filter: IntegrationFilter,
) -> Result<Page<Integration>, AppError> {
    hub.list_integrations(org, filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_integration(hub: State<'_, Hub>, org: OrgId, id: IntegrationId) -> Result<Integration, AppError> {
    hub.get_integration(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_integration(
    hub: State<'_, Hub>,
    org: OrgId,
    integration: NewIntegration,
    secret: Option<String>,
) -> Result<Integration, AppError> {
    hub.create_integration(org, integration, secret.map(Secret::new)).await
}

/// Changes an integration; `secret`, when given, replaces the saved one.
#[tauri::command]
#[specta::specta]
pub async fn update_integration(
    hub: State<'_, Hub>,
    org: OrgId,
    id: IntegrationId,
    patch: IntegrationPatch,
    secret: Option<String>,
) -> Result<Integration, AppError> {
    hub.update_integration(org, id, patch, secret.map(Secret::new)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_integration(hub: State<'_, Hub>, org: OrgId, id: IntegrationId) -> Result<(), AppError> {
    hub.delete_integration(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_integration(hub: State<'_, Hub>, org: OrgId, id: IntegrationId) -> Result<IntegrationTest, AppError> {
    hub.test_integration(org, id).await
}

/// Starts signing a Gmail integration in to Google; opens the consent page in the browser when
/// asked, and answers with its address either way (to copy, if no browser opened).
#[tauri::command]
#[specta::specta]
pub async fn begin_sign_in(
    hub: State<'_, Hub>,
    org: OrgId,
    id: IntegrationId,
    open_browser: bool,
) -> Result<String, AppError> {
    let url = hub.begin_sign_in(org, id).await?;
    if open_browser && let Err(e) = tauri_plugin_opener::open_url(&url, None::<&str>) {
        tracing::warn!(error = %e, "the browser could not be opened for the sign-in");
    }
    Ok(url)
}

/// Waits for the browser to come back from Google's consent page, then tests the connection.
#[tauri::command]
#[specta::specta]
pub async fn finish_sign_in(hub: State<'_, Hub>, org: OrgId, id: IntegrationId) -> Result<IntegrationTest, AppError> {
    hub.finish_sign_in(org, id).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_sign_in(hub: State<'_, Hub>, id: IntegrationId) -> Result<(), AppError> {
    hub.cancel_sign_in(id);
    Ok(())
}
