//! Retention from Settings and the execution page: the settings, what is stored and due, a prune on
//! demand (paced like the background one), and pinning a run.

use neuroflow_app::{AppError, Hub, PruneOptions};
use neuroflow_types::{ExecutionId, OrgId, PruneReport, RetentionSettings, RetentionStatus};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn retention_status(hub: State<'_, Hub>, org: OrgId) -> Result<RetentionStatus, AppError> {
    hub.retention_status(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_retention_settings(
    hub: State<'_, Hub>,
    org: OrgId,
    settings: RetentionSettings,
) -> Result<RetentionSettings, AppError> {
    hub.set_retention_settings(org, settings).await
}

/// Prunes now (or, with `dryRun`, counts what would go).
#[tauri::command]
#[specta::specta]
pub async fn prune_executions(hub: State<'_, Hub>, org: OrgId, dry_run: bool) -> Result<PruneReport, AppError> {
    hub.prune(org, PruneOptions { dry_run, pace: 4, ..PruneOptions::default() }).await
}

#[tauri::command]
#[specta::specta]
pub async fn pin_execution(hub: State<'_, Hub>, org: OrgId, id: ExecutionId, pinned: bool) -> Result<(), AppError> {
    hub.pin_execution(org, id, pinned).await
}
