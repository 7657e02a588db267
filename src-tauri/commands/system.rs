use crate::settings::{AppInfo, ShellInfo};
use tauri::State;

/// Version and paths of the running app.
#[tauri::command]
#[specta::specta]
pub fn app_info(info: State<'_, ShellInfo>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: info.data_dir.display().to_string(),
        log_dir: info.log_dir.display().to_string(),
        platform: std::env::consts::OS.to_string(),
    }
}

/// Whether this app serves webhook and schedule triggers, and what.
#[tauri::command]
#[specta::specta]
pub fn trigger_state(triggers: State<'_, crate::triggers::Triggers>) -> crate::triggers::TriggerState {
    triggers.state()
}

/// Moves the webhook listener to another port (kept for next time).
#[tauri::command]
#[specta::specta]
pub fn set_webhook_port(
    triggers: State<'_, crate::triggers::Triggers>,
    port: u16,
) -> Result<(), neuroflow_app::AppError> {
    if port < 1024 {
        return Err(neuroflow_app::AppError::invalid(format!(
            "port {port} is reserved; choose one from 1024 to 65535"
        )));
    }
    triggers.set_port(port).map_err(neuroflow_app::AppError::internal)
}
