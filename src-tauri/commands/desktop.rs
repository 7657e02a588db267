//! Settings › Desktop: what closing the window does, notifications (per workflow), starting at login, and pausing
//! every trigger (also in the tray).

use neuroflow_app::AppError;
use neuroflow_app::desktop::{DesktopPrefs, DesktopSettings, RunNotice};
use neuroflow_app::triggers::TriggerHost;
use neuroflow_types::{ErrorCode, WorkflowId};
use std::sync::Arc;
use tauri::State;
use tauri_plugin_autostart::AutoLaunchManager;

/// The desktop settings kept in the data directory.
#[tauri::command]
#[specta::specta]
pub fn desktop_settings(prefs: State<'_, Arc<DesktopPrefs>>) -> Result<DesktopSettings, AppError> {
    Ok(prefs.get())
}

/// Whether closing the window keeps the app running in the tray.
#[tauri::command]
#[specta::specta]
pub fn set_close_to_tray(prefs: State<'_, Arc<DesktopPrefs>>, on: bool) -> Result<DesktopSettings, AppError> {
    prefs.update(|s| s.close_to_tray = on)
}

/// Whether the app shows system notifications at all.
#[tauri::command]
#[specta::specta]
pub fn set_notifications(prefs: State<'_, Arc<DesktopPrefs>>, on: bool) -> Result<DesktopSettings, AppError> {
    prefs.update(|s| s.notifications = on)
}

/// When the runs of `workflow` show a system notification: always, on failure, never.
#[tauri::command]
#[specta::specta]
pub fn set_run_notice(
    prefs: State<'_, Arc<DesktopPrefs>>,
    workflow: WorkflowId,
    when: RunNotice,
) -> Result<DesktopSettings, AppError> {
    prefs.update(|s| {
        // The default is not stored, so the file lists only the workflows the user changed.
        if when == RunNotice::default() {
            s.run_notices.remove(&workflow.to_string());
        } else {
            s.run_notices.insert(workflow.to_string(), when);
        }
    })
}

/// Pauses every webhook and schedule of this app, or resumes them.
#[tauri::command]
#[specta::specta]
pub fn set_triggers_paused(triggers: State<'_, Arc<TriggerHost>>, paused: bool) -> Result<(), AppError> {
    triggers.set_paused(paused)
}

/// Whether the OS starts the app (in the tray) when the user logs in.
#[tauri::command]
#[specta::specta]
pub fn start_at_login(login: State<'_, AutoLaunchManager>) -> Result<bool, AppError> {
    login.is_enabled().map_err(|e| login_error("could not read whether the app starts at login", e))
}

/// Starts the app at login (in the tray, its window closed), or stops doing so.
#[tauri::command]
#[specta::specta]
pub fn set_start_at_login(login: State<'_, AutoLaunchManager>, on: bool) -> Result<bool, AppError> {
    let changed = if on { login.enable() } else { login.disable() };
    changed.map_err(|e| {
        login_error(
            if on {
                "could not add the app to the login items"
            } else {
                "could not remove the app from the login items"
            },
            e,
        )
    })?;
    tracing::info!(on, "start at login changed");
    login.is_enabled().map_err(|e| login_error("could not read whether the app starts at login", e))
}

fn login_error(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Io, format!("{what}: {e}"))
}
