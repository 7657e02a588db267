use crate::settings::{AppInfo, ShellInfo};
use neuroflow_app::AppError;
use neuroflow_app::triggers::{TriggerHost, TriggerState};
use std::sync::Arc;
use tauri::State;

/// Version and paths of the running app. The version is the one the app was built as
/// (tauri.conf.json), the one updates compare against.
#[tauri::command]
#[specta::specta]
pub fn app_info(info: State<'_, ShellInfo>) -> Result<AppInfo, AppError> {
    Ok(AppInfo {
        version: info.version.clone(),
        data_dir: info.data_dir.display().to_string(),
        log_dir: info.log_dir.display().to_string(),
        platform: std::env::consts::OS.to_string(),
    })
}

/// Whether this app serves webhook and schedule triggers, and what.
#[tauri::command]
#[specta::specta]
pub fn trigger_state(triggers: State<'_, Arc<TriggerHost>>) -> Result<TriggerState, AppError> {
    Ok(triggers.state())
}

/// Moves the webhook listener to another port (kept for next time).
#[tauri::command]
#[specta::specta]
pub fn set_webhook_port(triggers: State<'_, Arc<TriggerHost>>, port: u16) -> Result<(), AppError> {
    triggers.set_port(port)
}
