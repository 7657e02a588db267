//! What the shell knows about itself: where its data and logs are.

use serde::Serialize;
use std::path::PathBuf;
use tracing_appender::non_blocking::WorkerGuard;

/// Managed state: the shell's paths, and the guard that keeps the log writer alive.
pub struct ShellInfo {
    /// The version the app was built as (tauri.conf.json), the one updates compare against.
    pub version: String,
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    pub _log_guard: WorkerGuard,
}

/// Facts about the running app, for the Settings page.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub platform: String,
}
