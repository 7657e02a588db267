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
