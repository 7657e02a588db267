use neuroflow_app::{AppError, Hub};
use neuroflow_types::{OrgId, Organization};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_orgs(hub: State<'_, Hub>) -> Result<Vec<Organization>, AppError> {
    hub.list_orgs().await
}

#[tauri::command]
#[specta::specta]
pub async fn create_org(hub: State<'_, Hub>, name: String) -> Result<Organization, AppError> {
    hub.create_org(&name).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_org(hub: State<'_, Hub>, org: OrgId, name: String) -> Result<Organization, AppError> {
    hub.rename_org(org, &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_org(hub: State<'_, Hub>, org: OrgId) -> Result<(), AppError> {
    hub.delete_org(org).await
}
