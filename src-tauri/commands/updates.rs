//! Settings › Desktop › Updates: automatic checks (off until turned on), the feed's address,
//! "Check now" and "Install and restart". See [`crate::updates`] for what is verified.

use crate::updates::{UpdateCheck, Updates};
use neuroflow_app::AppError;
use neuroflow_app::desktop::{DesktopPrefs, DesktopSettings};
use neuroflow_types::ErrorCode;
use std::sync::Arc;
use tauri::State;

/// Turns automatic update checks on or off.
#[tauri::command]
#[specta::specta]
pub fn set_update_checks(prefs: State<'_, Arc<DesktopPrefs>>, on: bool) -> Result<DesktopSettings, AppError> {
    prefs.update(|s| s.updates.check_automatically = on)
}

/// Sets the update feed's address; empty goes back to the one this build was made with.
#[tauri::command]
#[specta::specta]
pub fn set_update_endpoint(
    prefs: State<'_, Arc<DesktopPrefs>>,
    endpoint: Option<String>,
) -> Result<DesktopSettings, AppError> {
    let endpoint = endpoint.map(|e| e.trim().to_string()).filter(|e| !e.is_empty());
    if let Some(address) = &endpoint {
        let url = tauri::Url::parse(address)
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, format!("{address:?} is not an address: {e}")))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("the update address must start with https://, not {address:?}"),
            ));
        }
    }
    prefs.update(|s| s.updates.endpoint = endpoint)
}

/// Asks the update feed now ("Check now").
#[tauri::command]
#[specta::specta]
pub async fn check_for_update(
    updates: State<'_, Arc<Updates>>,
    prefs: State<'_, Arc<DesktopPrefs>>,
) -> Result<UpdateCheck, AppError> {
    updates.check(&prefs.get().updates).await
}

/// What the last check (asked for or automatic) found since the app started.
#[tauri::command]
#[specta::specta]
pub fn last_update_check(updates: State<'_, Arc<Updates>>) -> Result<Option<UpdateCheck>, AppError> {
    Ok(updates.last_check())
}

/// Downloads, verifies and installs the update the last check found, then restarts the app.
/// Returns the installed version just before the restart; on any error nothing was installed.
#[tauri::command]
#[specta::specta]
pub async fn install_update(updates: State<'_, Arc<Updates>>) -> Result<String, AppError> {
    let version = updates.install().await?;
    // Restart once the answer is on its way, so the window can say so.
    let updates = Arc::clone(&updates);
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        updates.restart();
    });
    Ok(version)
}
