//! Where NeuroFlow keeps its files. The desktop app and the CLI agree on one default — the
//! platform's app-data directory for the app's identifier — so that both see the same organizations;
//! `--data-dir` or `NEUROFLOW_DATA_DIR` points either at another directory.

use std::path::PathBuf;

/// The app's identifier, as in tauri.conf.json; names the default data directory.
pub const APP_IDENTIFIER: &str = "com.neuroflow.hub";

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "NEUROFLOW_DATA_DIR";

/// The data directory: the override if set, else the platform default
/// (`~/.local/share/com.neuroflow.hub` on Linux, `~/Library/Application Support/…` on macOS,
/// `%APPDATA%\…` on Windows).
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_data_dir)
}

/// The platform's app-data directory for NeuroFlow.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_IDENTIFIER)
}
