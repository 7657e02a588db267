//! The app logs through tracing to a file in the app's log directory, rotated daily and kept for two
//! weeks, so that a user can send it with a bug report. Nothing is ever sent anywhere.

use std::path::{Path, PathBuf};
use tauri::Manager;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// Log files kept before the oldest is deleted.
const KEPT_FILES: usize = 14;

/// Where logs go: `NEUROFLOW_LOG_DIR`; else `logs/` under an overridden data directory (so tests and
/// portable setups keep everything in one place); else the platform's log directory for the app.
pub fn log_dir(app: &tauri::AppHandle, data_dir: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("NEUROFLOW_LOG_DIR").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    if data_dir != neuroflow_app::paths::default_data_dir() {
        return data_dir.join("logs");
    }
    app.path().app_log_dir().unwrap_or_else(|_| data_dir.join("logs"))
}

/// Starts logging to `dir`; the returned guard flushes the log when dropped.
pub fn init(dir: &Path) -> Result<WorkerGuard, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("neuroflow-hub")
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(dir)?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("NEUROFLOW_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(false).try_init().ok();
    // A panic goes to the log file, and still to stderr as usual.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(panic = %info, "the app panicked");
        previous(info);
    }));
    Ok(guard)
}
